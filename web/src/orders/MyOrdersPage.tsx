import { Card, Empty, Input, List, Segmented, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { client } from '../lib/client';
import { dateTime, fen } from '../lib/format';
import { TABS } from './api';
import { StatusTag } from './parts';

/** Portal: my orders with status tabs and search, as phone-friendly cards. */
export function MyOrdersPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState('all');
  const [q, setQ] = useState<string>();
  const [page, setPage] = useState(1);
  const statuses = TABS.find((x) => x.key === tab)!.statuses;
  const list = useQuery({ queryKey: ['my-orders', tab, q, page], queryFn: () => client.get('/api/my/orders', { query: { status: statuses.join(',') || undefined, q, page, pageSize: 10 } }) });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <div style={{ overflowX: 'auto' }}>
        <Segmented value={tab} onChange={(v) => { setTab(String(v)); setPage(1); }} options={TABS.map((x) => ({ value: x.key, label: t(`orders.tabs.${x.key}`) }))} />
      </div>
      <Input.Search allowClear placeholder={t('orders.searchHint')} onSearch={(v) => { setQ(v || undefined); setPage(1); }} aria-label={t('common.search')} />
      {!list.isLoading && !list.data?.items.length && <Empty description={t('orders.mine.empty')} />}
      <List
        dataSource={list.data?.items ?? []}
        pagination={list.data && list.data.total > 10 ? { current: page, pageSize: 10, total: list.data.total, onChange: setPage, size: 'small' } : false}
        renderItem={(o) => (
          <Link to={`/orders/${o.id}`} style={{ display: 'block', marginBottom: 10 }} data-testid="my-order">
            <Card size="small" hoverable>
              <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                <Typography.Text strong>{o.number}</Typography.Text>
                <StatusTag status={o.status} />
              </Space>
              <div style={{ display: 'flex', justifyContent: 'space-between', marginTop: 6 }}>
                <Typography.Text type="secondary">{dateTime(o.submittedAt)} · {o.lineCount} {t('orders.lines')}{o.urgent ? ' · ' : ''}{o.urgent && <Tag color="red">{t('orders.urgent')}</Tag>}</Typography.Text>
                <Typography.Text strong>{fen(o.total)}</Typography.Text>
              </div>
            </Card>
          </Link>
        )}
      />
    </Space>
  );
}
