import { Button, Card, Checkbox, Descriptions, Input, Select, Space, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { client, type Query } from '../lib/client';
import { dateTime, fen } from '../lib/format';
import { FINAL_STATUSES, KINDS, STATUSES } from './api';
import { Actions } from './Actions';
import { Photos } from './Photos';
import { History, KindTag, Lines, Money, Shipments, OverdueTag, Progress, StatusTag } from './parts';

/** Staff: the after-sales queue with status, type and search filters. */
export function AftersalesQueuePage() {
  const { t } = useTranslation();
  const [sp] = useSearchParams();
  const [status, setStatus] = useState<string | undefined>(sp.get('status') ?? undefined);
  const [kind, setKind] = useState<string>();
  const [search, setSearch] = useState<string>();
  const [page, setPage] = useState(1);
  const orderId = sp.get('orderId') ?? undefined;
  const [overdue, setOverdue] = useState(sp.get('overdue') === '1');
  const list = useQuery({ queryKey: ['aftersales', status, kind, search, page, orderId, overdue], queryFn: () => client.get('/api/aftersales', { query: { status, kind, search, page, orderId: orderId ? Number(orderId) : undefined, overdue: overdue ? '1' : undefined, pageSize: 20 } as Query<'/api/aftersales'> }) });
  return (
    <Card title={t('aftersales.menu')}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select allowClear placeholder={t('aftersales.status.submitted')} style={{ width: 160 }} value={status} onChange={(v) => { setStatus(v); setPage(1); }} aria-label="status"
          options={STATUSES.map((s) => ({ value: s, label: t(`aftersales.status.${s}`) }))} />
        <Select allowClear placeholder={t('aftersales.kindLabel')} style={{ width: 140 }} value={kind} onChange={(v) => { setKind(v); setPage(1); }} aria-label="kind"
          options={KINDS.map((k) => ({ value: k, label: t(`aftersales.kind.${k}`) }))} />
        <Input.Search allowClear placeholder={t('aftersales.searchHint')} onSearch={(v) => { setSearch(v || undefined); setPage(1); }} style={{ width: 260 }} />
        <Checkbox checked={overdue} onChange={(e) => { setOverdue(e.target.checked); setPage(1); }} data-testid="aftersales-overdue-filter">{t('aftersales.onlyOverdue')}</Checkbox>
      </Space>
      <Table rowKey="id" size="small" loading={list.isLoading} dataSource={list.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: t('aftersales.number'), dataIndex: 'number', render: (v, r) => <Link to={`/admin/aftersales/${r.id}`}>{v}</Link> },
          { title: t('aftersales.customer'), dataIndex: 'companyName' },
          { title: t('aftersales.order'), dataIndex: 'orderNumber', render: (v, r) => <Link to={`/admin/orders/${r.orderId}`}>{v}</Link> },
          { title: t('aftersales.kindLabel'), dataIndex: 'kind', render: (v) => <KindTag kind={v} /> },
          { title: t('aftersales.lines'), dataIndex: 'summary' },
          { title: t('aftersales.reason'), dataIndex: 'reasonZh' },
          { title: t('aftersales.refunded'), dataIndex: 'refundAmount', render: (v) => (v == null ? '—' : fen(v)) },
          { title: t('aftersales.statusLabel'), dataIndex: 'status', render: (v, r) => <Space size={4}><StatusTag status={v} />{r.overdue && <OverdueTag />}</Space> },
          { title: t('aftersales.created'), dataIndex: 'createdAt', render: (v) => dateTime(v) },
        ]} />
    </Card>
  );
}

/** Staff: review, receive and inspect, refund, ship a replacement. */
export function AftersalesDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const key = ['aftersales', id];
  const q = useQuery({ queryKey: key, queryFn: () => client.get('/api/aftersales/{id}', { path: { id: id! } }) });
  const r = q.data;
  if (!r) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={<Space wrap>{r.number}<StatusTag status={r.status} /><KindTag kind={r.kind} />{r.overdue && <OverdueTag />}</Space>} extra={<Link to="/admin/aftersales"><Button>{t('aftersales.list')}</Button></Link>}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('aftersales.customer')}>{r.companyName}</Descriptions.Item>
          <Descriptions.Item label={t('aftersales.order')}><Link to={`/admin/orders/${r.orderId}`}>{r.orderNumber}</Link></Descriptions.Item>
          <Descriptions.Item label={t('aftersales.reason')}>{r.reasonZh}</Descriptions.Item>
          <Descriptions.Item label={t('aftersales.created')}>{dateTime(r.createdAt)} · {t(`aftersales.source.${r.source}`)}</Descriptions.Item>
          {r.description && <Descriptions.Item label={t('aftersales.description')} span={2}>{r.description}</Descriptions.Item>}
          {(r.rejectReason || r.cancelReason) && <Descriptions.Item label={t('aftersales.rejectReason')}>{r.rejectReason ?? r.cancelReason}</Descriptions.Item>}
        </Descriptions>
        <Actions r={r} staff queryKey={key} />
        {r.events.length === 0 && <Typography.Text type="secondary">{t(`aftersales.status.${r.status}`)}</Typography.Text>}
      </Card>
      <Card size="small" title={t('aftersales.progress')}><Progress r={r} /></Card>
      <Lines r={r} />
      <Photos photos={r.photos} staff={true} uploadUrl={FINAL_STATUSES.includes(r.status) ? null : `/api/aftersales/${r.id}/photos`} onUploaded={() => void q.refetch()} />
      <Shipments r={r} staff />
      <Money r={r} />
      <History r={r} />
    </Space>
  );
}
