import { Button, Input, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { client } from '../lib/client';
import { useMe } from '../lib/auth';
import { fen } from '../lib/format';
import { useSalesReps, useTiers } from './common';
import { CustomerForm } from './CustomerForm';
import type { Company } from './types';

interface Filter {
  q?: string;
  tierId?: number;
  salesRepId?: number;
  province?: string;
  status?: 'active' | 'suspended';
  page: number;
}

/** Customer list with search and filters; sales reps only ever get their own customers. */
export function CustomersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const [filter, setFilter] = useState<Filter>({ page: 1 });
  const [creating, setCreating] = useState(false);
  const tiers = useTiers();
  const reps = useSalesReps();
  const list = useQuery({ queryKey: ['customers', filter], queryFn: () => client.get('/api/customers', { query: { ...filter, pageSize: 20 } }) });
  const set = (patch: Partial<Filter>) => setFilter({ ...filter, ...patch, page: 1 });
  const canManage = me?.permissions.includes('customers.manage');

  return (
    <div data-testid="customers-page">
      <Space style={{ marginBottom: 12, flexWrap: 'wrap' }}>
        <Input.Search placeholder={t('customers.searchHint')} allowClear onSearch={(q) => set({ q })} style={{ width: 240 }} data-testid="customer-search" />
        <Select allowClear placeholder={t('customers.tier')} style={{ width: 140 }} onChange={(v: number | undefined) => set({ tierId: v })} options={(tiers.data ?? []).map((x) => ({ value: x.id, label: x.name }))} data-testid="filter-tier" />
        {me?.role === 'admin' && (
          <Select allowClear placeholder={t('customers.rep')} style={{ width: 140 }} onChange={(v: number | undefined) => set({ salesRepId: v })} options={(reps.data ?? []).map((x) => ({ value: x.id, label: x.name }))} />
        )}
        <Input placeholder={t('customers.province')} allowClear style={{ width: 120 }} onBlur={(e) => set({ province: e.target.value.trim() || undefined })} onPressEnter={(e) => set({ province: e.currentTarget.value.trim() || undefined })} data-testid="filter-province" />
        <Select allowClear placeholder={t('common.status')} style={{ width: 110 }} onChange={(v: Filter['status']) => set({ status: v })} options={(['active', 'suspended'] as const).map((x) => ({ value: x, label: t(`customers.statusOf.${x}`) }))} />
        {canManage && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('customers.create')}</Button>}
      </Space>
      <Table<Company>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 900 }}
        onRow={(c) => ({ onDoubleClick: () => navigate(`/admin/customers/${c.id}`) })}
        pagination={{ current: filter.page, pageSize: 20, total: list.data?.total, showTotal: (n) => t('common.total', { count: n }), onChange: (page) => setFilter({ ...filter, page }) }}
        columns={[
          { title: t('customers.code'), dataIndex: 'code', width: 90 },
          { title: t('customers.name'), dataIndex: 'name', render: (n: string, c) => <Link to={`/admin/customers/${c.id}`}>{n}</Link> },
          { title: t('customers.tier'), dataIndex: 'tierName', render: (v: string | null) => (v ? <Tag color="blue">{v}</Tag> : '—') },
          { title: t('customers.region'), render: (_, c) => [c.province, c.city].filter(Boolean).join(' ') || '—' },
          { title: t('customers.contact'), render: (_, c) => [c.contactName, c.contactPhone].filter(Boolean).join(' ') || '—' },
          { title: t('customers.rep'), dataIndex: 'salesRepName', render: (v: string | null) => v ?? '—' },
          { title: t('customers.terms'), render: (_, c) => `${t(`customers.termsOf.${c.paymentTerms}`)}${c.paymentTerms === 'credit' ? ` ${c.creditDays}${t('customers.days')}` : ''}` },
          { title: t('customers.creditLimit'), dataIndex: 'creditLimit', align: 'right', render: (v: number) => fen(v) },
          { title: t('common.status'), dataIndex: 'status', render: (s: Company['status']) => <Tag color={s === 'active' ? 'green' : 'red'}>{t(`customers.statusOf.${s}`)}</Tag> },
        ]}
      />
      <CustomerForm open={creating} onClose={() => setCreating(false)} onSaved={(c) => navigate(`/admin/customers/${c.id}`)} />
    </div>
  );
}
