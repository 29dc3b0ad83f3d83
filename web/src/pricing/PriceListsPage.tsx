import { Button, DatePicker, Form, Input, Modal, Radio, Select, Space, Switch, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { client, type Body } from '../lib/client';
import { useMe } from '../lib/auth';
import { date, dateTime } from '../lib/format';
import { useFail, useTiers } from '../customers/common';
import { CustomerSelect } from '../customers/CustomerSelect';
import type { PriceList } from './types';

/** What the new-list form sends (its validity comes from the date range). */
type ListForm = Omit<Body<'/api/price-lists', 'post'>, 'validFrom' | 'validTo'>;

/** "valid from – to" of a list, with whether it applies now. */
export function Validity({ l }: { l: Pick<PriceList, 'validFrom' | 'validTo' | 'active'> }) {
  const { t } = useTranslation();
  const now = Date.now();
  const live = l.active && (!l.validFrom || new Date(l.validFrom).getTime() <= now) && (!l.validTo || new Date(l.validTo).getTime() > now);
  const span = !l.validFrom && !l.validTo
    ? t('pricing.always')
    : l.validFrom && l.validTo ? `${date(l.validFrom)} – ${date(l.validTo)}` : l.validFrom ? t('pricing.since', { d: date(l.validFrom) }) : t('pricing.until', { d: date(l.validTo) });
  return <Space size={4}>{span}<Tag color={live ? 'green' : 'default'}>{live ? t('pricing.live') : l.active ? t('pricing.notNow') : t('common.disabled')}</Tag></Space>;
}

/** Form values → API body: dates are sent as ISO instants (the UI is in the supplier's time zone). */
export function listDates(v: { range?: [Dayjs | null, Dayjs | null] | null }) {
  return { validFrom: v.range?.[0]?.toISOString() ?? null, validTo: v.range?.[1]?.toISOString() ?? null };
}
export const rangeOf = (l: Pick<PriceList, 'validFrom' | 'validTo'>): [Dayjs | null, Dayjs | null] => [l.validFrom ? dayjs(l.validFrom) : null, l.validTo ? dayjs(l.validTo) : null];

/** Price lists for tiers and single customers; opens the editor. */
export function PriceListsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const fail = useFail();
  const { data: me } = useMe();
  const canManage = !!me?.permissions.includes('pricing.manage');
  const tiers = useTiers();
  const [filter, setFilter] = useState<{ kind?: 'tier' | 'customer'; tierId?: number; q?: string; page: number }>({ page: 1 });
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const kind = Form.useWatch('kind', form) as 'tier' | 'customer' | undefined;
  const lists = useQuery({ queryKey: ['price-lists', filter], queryFn: () => client.get('/api/price-lists', { query: { ...filter, pageSize: 20 } }) });
  const create = useMutation({
    mutationFn: ({ range, ...v }: ListForm & { range?: [Dayjs | null, Dayjs | null] }) => client.post('/api/price-lists', { body: { ...v, ...listDates({ range }) } }),
    onSuccess: (l) => {
      void qc.invalidateQueries({ queryKey: ['price-lists'] });
      setCreating(false);
      navigate(`/admin/pricing/lists/${l.id}`);
    },
    onError: fail,
  });
  return (
    <div data-testid="price-lists-page">
      <Space style={{ marginBottom: 12, flexWrap: 'wrap' }}>
        <Input.Search placeholder={t('pricing.listSearch')} allowClear onSearch={(q) => setFilter({ ...filter, q, page: 1 })} style={{ width: 220 }} />
        <Radio.Group optionType="button" value={filter.kind ?? 'all'} onChange={(e) => setFilter({ ...filter, kind: e.target.value === 'all' ? undefined : e.target.value, page: 1 })}
          options={[{ value: 'all', label: t('common.all') }, { value: 'tier', label: t('pricing.kind.tier') }, { value: 'customer', label: t('pricing.kind.customer') }]} />
        <Select allowClear placeholder={t('customers.tier')} style={{ width: 140 }} onChange={(v: number | undefined) => setFilter({ ...filter, tierId: v, page: 1 })} options={(tiers.data ?? []).map((x) => ({ value: x.id, label: x.name }))} />
        {canManage && <Button type="primary" icon={<PlusOutlined />} onClick={() => { form.resetFields(); setCreating(true); }}>{t('pricing.newList')}</Button>}
      </Space>
      <Table<PriceList> rowKey="id" loading={lists.isLoading} dataSource={lists.data?.items ?? []} scroll={{ x: 900 }}
        pagination={{ current: filter.page, pageSize: 20, total: lists.data?.total, onChange: (page) => setFilter({ ...filter, page }) }}
        columns={[
          { title: t('common.name'), dataIndex: 'name', render: (n: string, l) => <Link to={`/admin/pricing/lists/${l.id}`}>{n}</Link> },
          { title: t('pricing.appliesTo'), render: (_, l) => <Space size={4}><Tag color={l.kind === 'customer' ? 'purple' : 'blue'}>{t(`pricing.kind.${l.kind}`)}</Tag>{l.kind === 'tier' ? l.tierName : l.companyName}</Space> },
          { title: t('pricing.validity'), render: (_, l) => <Validity l={l} /> },
          { title: t('pricing.skuCount'), dataIndex: 'skus', align: 'right' },
          { title: t('pricing.rowCount'), dataIndex: 'items', align: 'right' },
          { title: t('pricing.updatedAt'), dataIndex: 'updatedAt', render: dateTime },
        ]} />
      <Modal open={creating} title={t('pricing.newList')} onCancel={() => setCreating(false)} onOk={() => form.submit()} confirmLoading={create.isPending} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ kind: 'tier', active: true }} onFinish={(v) => create.mutate(v)} data-testid="list-form">
          <Form.Item name="name" label={t('common.name')} rules={[{ required: true }]}><Input maxLength={100} /></Form.Item>
          <Form.Item name="kind" label={t('pricing.appliesTo')}>
            <Radio.Group options={[{ value: 'tier', label: t('pricing.kind.tier') }, { value: 'customer', label: t('pricing.kind.customer') }]} />
          </Form.Item>
          {kind === 'customer'
            ? <Form.Item name="companyId" label={t('customers.title')} rules={[{ required: true }]}><CustomerSelect /></Form.Item>
            : <Form.Item name="tierId" label={t('customers.tier')} rules={[{ required: true }]}><Select options={(tiers.data ?? []).map((x) => ({ value: x.id, label: x.name }))} /></Form.Item>}
          <Form.Item name="range" label={t('pricing.validity')} extra={t('pricing.validityHint')}><DatePicker.RangePicker showTime allowEmpty={[true, true]} style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="active" label={t('common.active')} valuePropName="checked"><Switch /></Form.Item>
          <Form.Item name="notes" label={t('common.remark')}><Input.TextArea rows={2} maxLength={1000} /></Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
