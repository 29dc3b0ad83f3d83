import { Button, Card, DatePicker, Select, Space, Table } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../lib/client';
import { qs } from '../lib/api';
import { fen } from '../lib/format';
import { formatBaseTotals } from '../lib/quantity';

type Group = 'day' | 'month' | 'customer' | 'sku' | 'rep';
interface Row { key: string; label: string; orders: number; qty: number; amount: number; units: { unit: string; qty: number }[] }

/** Sales between two dates, grouped by day, month, customer, SKU or sales rep; Excel export. */
export function SalesReportPage() {
  const { t } = useTranslation();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(29, 'day'), dayjs()]);
  const [groupBy, setGroupBy] = useState<Group>('customer');
  const params = { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD'), groupBy };
  const { data, isLoading } = useQuery({ queryKey: ['sales-report', params], queryFn: () => client.get('/api/reports/sales', { query: params }) });
  const total = (data ?? []).reduce((s, r) => s + r.amount, 0);
  return (
    <Card title={t('reports.sales')} extra={<Button icon={<DownloadOutlined />} href={`/api/reports/sales.xlsx${qs(params)}`}>{t('common.export')}</Button>}>
      <Space wrap style={{ marginBottom: 12 }}>
        <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])} />
        <Select<Group> value={groupBy} onChange={setGroupBy} style={{ width: 160 }}
          options={(['day', 'month', 'customer', 'sku', 'rep'] as Group[]).map((g) => ({ value: g, label: t(`reports.by.${g}`) }))} />
      </Space>
      <Table<Row> rowKey="key" size="small" loading={isLoading} dataSource={data ?? []} pagination={{ pageSize: 50 }} scroll={{ x: true }}
        summary={() => <Table.Summary.Row><Table.Summary.Cell index={0} colSpan={4}>{t('reports.total')}</Table.Summary.Cell><Table.Summary.Cell index={1} align="right">{fen(total)}</Table.Summary.Cell></Table.Summary.Row>}
        columns={[
          { title: t(`reports.by.${groupBy}`), dataIndex: 'key' },
          { title: t('common.name'), dataIndex: 'label' },
          { title: t('reports.orders'), dataIndex: 'orders', align: 'right' },
          // base units, one total per unit: "29 瓶 + 10 罐" (products of a day or a customer differ in units)
          { title: t('reports.qtyBase'), key: 'qty', align: 'right', render: (_, r) => <span data-testid="sales-qty">{formatBaseTotals(r.units.map((u) => ({ qty: u.qty, baseUnit: u.unit })))}</span> },
          { title: t('reports.amount'), dataIndex: 'amount', align: 'right', render: fen },
        ]} />
    </Card>
  );
}
