import { Alert, Card, Descriptions, Empty, List, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { client } from '../lib/client';
import { dateTime } from '../lib/format';
import { FINAL_STATUSES } from './api';
import { Actions } from './Actions';
import { Photos } from './Photos';
import { History, KindTag, Lines, Money, Shipments, Progress, StatusTag } from './parts';

/** Portal: my after-sales requests as phone cards. */
export function MyAftersalesListPage() {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ['my-aftersales'], queryFn: () => client.get('/api/my/aftersales', { query: { pageSize: 50 } }) });
  if (!list.isLoading && !list.data?.items.length) return <Empty description={t('aftersales.none')} />;
  return (
    <List dataSource={list.data?.items ?? []} renderItem={(r) => (
      <Link to={`/aftersales/${r.id}`} style={{ display: 'block', marginBottom: 10 }} data-testid="my-aftersales">
        <Card size="small" hoverable>
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <Typography.Text strong>{r.number}</Typography.Text>
            <StatusTag status={r.status} />
          </Space>
          <div><KindTag kind={r.kind} /> {r.summary}</div>
          <Typography.Text type="secondary">{t('aftersales.order')} {r.orderNumber} · {dateTime(r.createdAt)}</Typography.Text>
        </Card>
      </Link>
    )} />
  );
}

/** Portal: one request with its progress, items, money and history; the buyer's next step. */
export function MyAftersalesDetailPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const key = ['my-aftersales', id];
  const q = useQuery({ queryKey: key, queryFn: () => client.get('/api/my/aftersales/{id}', { path: { id: id! } }) });
  const r = q.data;
  if (!r) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card size="small" title={<Space wrap>{r.number}<StatusTag status={r.status} /></Space>}>
        {r.status === 'draft' && <Alert type="info" showIcon message={t('aftersales.draftHint')} style={{ marginBottom: 8 }} />}
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('aftersales.kindLabel')}><KindTag kind={r.kind} /></Descriptions.Item>
          <Descriptions.Item label={t('aftersales.order')}><Link to={`/orders/${r.orderId}`}>{r.orderNumber}</Link></Descriptions.Item>
          <Descriptions.Item label={t('aftersales.reason')}>{i18n.language === 'en' ? r.reasonEn : r.reasonZh}</Descriptions.Item>
          {r.description && <Descriptions.Item label={t('aftersales.description')}>{r.description}</Descriptions.Item>}
          {(r.rejectReason || r.cancelReason) && <Descriptions.Item label={t('aftersales.rejectReason')}>{r.rejectReason ?? r.cancelReason}</Descriptions.Item>}
        </Descriptions>
        <Actions r={r} staff={false} queryKey={key} />
      </Card>
      <Card size="small" title={t('aftersales.progress')}><Progress r={r} /></Card>
      <Lines r={r} />
      <Photos photos={r.photos} staff={false} uploadUrl={FINAL_STATUSES.includes(r.status) ? null : `/api/my/aftersales/${r.id}/photos`} onUploaded={() => void q.refetch()} />
      <Shipments r={r} />
      <Money r={r} />
      <History r={r} />
    </Space>
  );
}
