import { Segmented, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { client } from '../lib/client';
import { date } from '../lib/format';
import type { CallItem } from './api';

type Filter = 'all' | 'overdue' | 'lapsed';
const nowrap = () => ({ style: { whiteSpace: 'nowrap' as const } });

/**
 * 补货回访: the rep's customers whose regular items are past their expected reorder day — overdue
 * (remind them) or lapsed (more than a cycle late: they may have gone elsewhere). A sales rep
 * sees their own customers; admins see everyone's.
 */
export function CallListPage() {
  const { t } = useTranslation();
  const [state, setState] = useState<Filter>('all');
  const list = useQuery({ queryKey: ['reco-calls', state], queryFn: () => client.get('/api/recommendations/calls', { query: { state: state === 'all' ? undefined : state } }) });
  return (
    <div data-testid="reco-calls">
      <Typography.Title level={4} style={{ marginTop: 0 }}>{t('reco.callsTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('reco.callsHint')}</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        <Segmented<Filter> value={state} onChange={setState} options={[
          { value: 'all', label: t('reco.all') }, { value: 'overdue', label: t('reco.st.overdue') }, { value: 'lapsed', label: t('reco.st.lapsed') },
        ]} />
      </Space>
      <Table<CallItem> rowKey={(r) => `${r.companyId}-${r.skuId}`} size="small" loading={list.isLoading} dataSource={list.data ?? []} scroll={{ x: 1000 }}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        columns={[
          { title: t('reco.customer'), key: 'c', render: (_, r) => <Link to={`/admin/customers/${r.companyId}`}>{r.companyName} <Typography.Text type="secondary" translate="no">{r.companyCode}</Typography.Text></Link> },
          { title: t('reco.contact'), key: 'p', render: (_, r) => <>{r.contactName ?? ''} {r.contactPhone ? <a href={`tel:${r.contactPhone}`}>{r.contactPhone}</a> : null}</> },
          { title: t('reco.product'), key: 's', render: (_, r) => <>{r.name} {r.specText} <Typography.Text type="secondary" translate="no">{r.code}</Typography.Text></> },
          { title: t('reco.usualQty'), dataIndex: 'qtyText', onCell: nowrap },
          { title: t('reco.rhythm'), key: 'i', render: (_, r) => t('reco.every', { n: Math.round(r.intervalDays) }), onCell: nowrap },
          { title: t('reco.lastOrder'), key: 'l', render: (_, r) => date(r.lastOrderOn), onCell: nowrap },
          { title: t('reco.expected'), key: 'e', render: (_, r) => date(r.nextOrderOn), onCell: nowrap },
          { title: t('reco.late'), key: 'd', render: (_, r) => <Tag color={r.state === 'lapsed' ? 'volcano' : 'red'} data-testid="call-state">{t(`reco.st.${r.state}`)} · {t('reco.days', { n: r.daysLate })}</Tag> },
        ]} />
    </div>
  );
}
