import { Card, Col, Row, Segmented, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { client } from '../lib/client';
import { fen } from '../lib/format';
import { Chart } from './Chart';
import { WeeklyEmailSwitch } from './WeeklyEmailSwitch';

/** Sales dashboard: today, this month, the period's trend and who/what sells most. */
export function DashboardPage() {
  const { t } = useTranslation();
  const [days, setDays] = useState(30);
  const { data, isLoading } = useQuery({ queryKey: ['dashboard', days], queryFn: () => client.get('/api/reports/dashboard', { query: { days } }) });
  const k = data?.kpis ?? {};
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('reports.amount'), t('reports.orders')] },
      grid: { left: 60, right: 50, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: (data?.salesByDay ?? []).map((d) => d.day.slice(5)) },
      yAxis: [{ type: 'value', name: '¥' }, { type: 'value', name: t('reports.orders'), splitLine: { show: false } }],
      series: [
        { name: t('reports.amount'), type: 'bar', data: (data?.salesByDay ?? []).map((d) => d.amount / 100), itemStyle: { color: '#1677ff' } },
        { name: t('reports.orders'), type: 'line', yAxisIndex: 1, smooth: true, data: (data?.salesByDay ?? []).map((d) => d.orders), itemStyle: { color: '#fa8c16' } },
      ],
    }),
    [data, t],
  );
  const kpi = (label: string, value: number | string, testid?: string) => (
    <Col xs={12} md={6}>
      <Card size="small" loading={isLoading}><Statistic title={label} value={value} data-testid={testid} /></Card>
    </Col>
  );
  return (
    <div data-testid="dashboard">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 12, flexWrap: 'wrap', gap: 8 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('reports.dashboard')}</Typography.Title>
        <Space wrap size={12}>
          <WeeklyEmailSwitch />
          <Segmented value={days} onChange={(v) => setDays(Number(v))} options={[{ label: t('reports.last7'), value: 7 }, { label: t('reports.last30'), value: 30 }, { label: t('reports.last90'), value: 90 }]} />
        </Space>
      </div>
      <Row gutter={[12, 12]}>
        {kpi(t('reports.salesToday'), fen(k.salesToday ?? 0), 'kpi-sales-today')}
        {kpi(t('reports.ordersToday'), k.ordersToday ?? 0)}
        {kpi(t('reports.salesMonth'), fen(k.salesMonth ?? 0))}
        {kpi(t('reports.salesPeriod', { days }), fen(k.salesPeriod ?? 0), 'kpi-sales-period')}
        {kpi(t('reports.toReview'), k.toReview ?? 0)}
        {kpi(t('reports.awaitingPayment'), k.awaitingPayment ?? 0)}
        {kpi(t('reports.toShip'), `${k.toShip ?? 0}${k.urgentToShip ? ` (${t('reports.urgent')} ${k.urgentToShip})` : ''}`)}
        {kpi(t('reports.activeCustomers'), k.activeCustomers ?? 0)}
        {kpi(t('reports.receivable'), `${fen(k.receivable ?? 0)}${k.overdue ? ` (${t('reports.overdue')} ${fen(k.overdue)})` : ''}`, 'kpi-receivable')}
        {kpi(t('reports.collectedPeriod', { days }), fen(k.collectedPeriod ?? 0))}
        {kpi(t('reports.returnedPeriod', { days }), fen(k.returnedPeriod ?? 0), 'kpi-returned')}
        {kpi(t('reports.profitPeriod', { days }), fen(k.profitPeriod ?? 0))}
      </Row>
      <Card size="small" title={t('reports.trend')} style={{ marginTop: 12 }}>
        <Chart option={option} />
      </Card>
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('reports.topSkus')}>
            <Table size="small" rowKey="skuId" pagination={false} dataSource={data?.topSkus ?? []} scroll={{ x: true }}
              columns={[
                { title: t('reports.sku'), render: (_, r) => <span><Tag>{r.code}</Tag>{r.name}</span> },
                { title: t('reports.qty'), dataIndex: 'qty', align: 'right' },
                { title: t('reports.amount'), dataIndex: 'amount', align: 'right', render: fen },
              ]} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('reports.topCustomers')}>
            <Table size="small" rowKey="companyId" pagination={false} dataSource={data?.topCustomers ?? []} scroll={{ x: true }}
              columns={[
                { title: t('reports.customer'), dataIndex: 'name', render: (v: string, r) => <Link to={`/admin/reports/customer?companyId=${r.companyId}`}>{v}</Link> },
                { title: t('reports.orders'), dataIndex: 'orders', align: 'right' },
                { title: t('reports.amount'), dataIndex: 'amount', align: 'right', render: fen },
              ]} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
