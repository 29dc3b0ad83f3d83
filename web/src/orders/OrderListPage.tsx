import { Button, DatePicker, Input, Select, Space, Table, Tabs, Tag } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { App } from 'antd';
import { client, type Query } from '../lib/client';
import { dateTime, fen } from '../lib/format';
import { TABS, useFail, type OrderSummary } from './api';
import { StatusTag } from './parts';

/** Staff order list: status tabs, filters, urgent first on request, bulk approval of orders awaiting review. */
export function OrderListPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fail = useFail();
  const qc = useQueryClient();
  // ?tab= opens a tab directly (grouped notices link the review queue: /admin/orders?tab=review)
  const [params] = useSearchParams();
  const tabParam = params.get('tab');
  const [tab, setTab] = useState(() => (TABS.some((x) => x.key === tabParam) ? tabParam! : 'all'));
  useEffect(() => { if (tabParam && TABS.some((x) => x.key === tabParam)) setTab(tabParam); }, [tabParam]);
  const [f, setF] = useState<Query<'/api/orders'> & { page: number }>({ page: 1 });
  const [selected, setSelected] = useState<number[]>([]);
  const statuses = TABS.find((x) => x.key === tab)!.statuses;
  const list = useQuery({ queryKey: ['orders', tab, f], queryFn: () => client.get('/api/orders', { query: { ...f, status: statuses.join(',') || undefined, pageSize: 20 } }) });
  const bulk = useMutation({
    mutationFn: async (rows: OrderSummary[]) => {
      let n = 0;
      for (const o of rows) {
        await client.post('/api/orders/{id}/events', { path: { id: o.id }, body: { event: 'approve', version: o.version } });
        n++;
      }
      return n;
    },
    onSuccess: (n) => { message.success(t('orders.approved', { n })); setSelected([]); },
    onError: fail,
    onSettled: () => void qc.invalidateQueries({ queryKey: ['orders'] }),
  });
  const rows = list.data?.items ?? [];
  return (
    <div>
      <Tabs activeKey={tab} onChange={(k) => { setTab(k); setF({ ...f, page: 1 }); setSelected([]); }} items={TABS.map((x) => ({ key: x.key, label: t(`orders.tabs.${x.key}`) }))} />
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('orders.searchHint')} style={{ width: 260 }} onSearch={(q) => setF({ ...f, q, page: 1 })} aria-label={t('common.search')} />
        <DatePicker.RangePicker onChange={(v) => setF({ ...f, from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD'), page: 1 })} />
        <Select allowClear placeholder={t('orders.urgent')} style={{ width: 110 }} onChange={(u) => setF({ ...f, urgent: u, page: 1 })} options={[{ value: 'true', label: t('orders.urgent') }]} />
        <Select value={f.sort ?? 'newest'} style={{ width: 150 }} onChange={(sort) => setF({ ...f, sort })} options={[{ value: 'newest', label: t('orders.sort.newest') }, { value: 'priority', label: t('orders.sort.priority') }]} />
        {tab === 'review' && (
          <Button type="primary" disabled={!selected.length} loading={bulk.isPending} onClick={() => bulk.mutate(rows.filter((r) => selected.includes(r.id) && r.status === 'pending_review'))}>
            {t('orders.bulkApprove', { n: selected.length })}
          </Button>
        )}
      </Space>
      <Table<OrderSummary> rowKey="id" size="middle" loading={list.isLoading} dataSource={rows} scroll={{ x: true }}
        rowSelection={tab === 'review' ? { selectedRowKeys: selected, onChange: (k) => setSelected(k as number[]), getCheckboxProps: (r) => ({ disabled: r.status !== 'pending_review' }) } : undefined}
        pagination={{ current: f.page, pageSize: 20, total: list.data?.total, onChange: (page) => setF({ ...f, page }) }}
        columns={[
          { title: t('orders.number'), dataIndex: 'number', render: (n, o) => <Space><Link to={`/admin/orders/${o.id}`}>{n}</Link>{o.urgent && <Tag color="red">{t('orders.urgent')}</Tag>}</Space> },
          { title: t('orders.customer'), dataIndex: 'companyName' },
          { title: t('orders.buyer'), dataIndex: 'buyerName', render: (v) => v ?? '—' },
          { title: t('orders.rep'), dataIndex: 'salesRepName', render: (v) => v ?? '—' },
          { title: t('orders.total'), dataIndex: 'total', align: 'right', render: fen },
          { title: t('common.status'), dataIndex: 'status', render: (s) => <StatusTag status={s} /> },
          { title: t('orders.submittedAt'), dataIndex: 'submittedAt', render: dateTime },
        ]} />
    </div>
  );
}
