import { Button, Card, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../lib/auth';
import { dateTime, fen } from '../lib/format';
import { useFail, useTiers } from '../customers/common';
import { CartPromotions } from './CartPromotions';
import { freshRule, RuleFields, SkuPicker, type PromotionRule } from './RuleFields';
import { client, type Response } from '../lib/client';

type Promotion = Response<'/api/promotions'>['items'][number];
/** The editor's values once its rules pass (onFinish): the rule is the API's own. */
interface Values { name: string; rule: PromotionRule; window: [Dayjs, Dayjs]; tierIds?: number[]; brandIds?: number[]; categoryIds?: number[]; exclusive?: boolean; withCoupons?: boolean; limitQty?: number | null; perCustomer?: number | null; perOrderQty?: number | null; priority?: number }
const STATE_COLOR: Record<Promotion['state'], string> = { draft: 'default', scheduled: 'blue', running: 'green', ended: 'default', stopped: 'red' };

/** Staff: promotions with their state, a 满减 editor (levels, tiers, window in the supplier's time) and the preview. */
export function PromotionsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const fail = useFail();
  const { data: me } = useMe();
  const canManage = !!me?.permissions.includes('marketing.manage');
  const tiers = useTiers();
  const brands = useQuery({ queryKey: ['brands'], queryFn: () => client.get('/api/brands') });
  const categories = useQuery({ queryKey: ['categories'], queryFn: () => client.get('/api/categories') });
  const list = useQuery({ queryKey: ['promotions'], queryFn: () => client.get('/api/promotions', { query: { pageSize: 100 } }) });
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const done = () => void qc.invalidateQueries({ queryKey: ['promotions'] });
  const create = useMutation({
    mutationFn: async (v: Values) => {
      const p = await client.post('/api/promotions', { body: {
        name: v.name, startsAt: v.window[0].format('YYYY-MM-DD HH:mm'), endsAt: v.window[1].format('YYYY-MM-DD HH:mm'),
        rule: v.rule,
        scope: { ...(v.brandIds?.length ? { brandIds: v.brandIds } : {}), ...(v.categoryIds?.length ? { categoryIds: v.categoryIds } : {}) },
        audience: v.tierIds?.length ? { tierIds: v.tierIds } : {}, exclusive: !!v.exclusive, withCoupons: v.withCoupons !== false,
        limitQty: v.limitQty ?? null, perCustomer: v.perCustomer ?? null, perOrderQty: v.perOrderQty ?? null, priority: v.priority ?? 0,
      } });
      return p;
    },
    onSuccess: () => {
      setOpen(false);
      done();
    },
    onError: fail,
  });
  const act = useMutation({ mutationFn: ({ id, action }: { id: number; action: 'publish' | 'stop' }) => (action === 'publish' ? client.post('/api/promotions/{id}/publish', { path: { id } }) : client.post('/api/promotions/{id}/stop', { path: { id } })), onSuccess: done, onError: fail });
  const remove = useMutation({ mutationFn: (id: number) => client.del('/api/promotions/{id}', { path: { id } }), onSuccess: done, onError: fail });
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="promotions-page">
      <Card size="small" title={t('mk.promotions')} extra={canManage && (
        <Button type="primary" icon={<PlusOutlined />} data-testid="new-promotion" onClick={() => {
          form.resetFields();
          form.setFieldsValue({ rule: freshRule('threshold_off'), window: [dayjs().startOf('minute'), dayjs().add(30, 'day').startOf('day')], withCoupons: true });
          setOpen(true);
        }}>{t('mk.newPromotion')}</Button>
      )}>
        <Table<Promotion> rowKey="id" size="small" loading={list.isLoading} dataSource={list.data?.items ?? []} pagination={false} scroll={{ x: 'max-content' }} columns={[
          { title: t('mk.name'), dataIndex: 'name' },
          { title: t('mk.summary'), dataIndex: 'summary' },
          { title: t('mk.window'), render: (_, p) => `${dateTime(p.startsAt)} – ${dateTime(p.endsAt)}` },
          { title: t('mk.state'), render: (_, p) => <Tag color={STATE_COLOR[p.state]} data-testid="promotion-state">{t(`mk.st.${p.state}`)}</Tag> },
          { title: t('mk.used'), render: (_, p) => (p.limitQty ? `${p.usedQty} / ${p.limitQty}` : p.usedQty) },
          {
            title: t('mk.actions'), render: (_, p) => canManage && (
              <Space size={4}>
                {p.state === 'draft' && <Button size="small" type="primary" data-testid="publish" onClick={() => act.mutate({ id: p.id, action: 'publish' })}>{t('mk.publish')}</Button>}
                {['draft', 'scheduled', 'running'].includes(p.state) && <Popconfirm title={t('mk.stop')} onConfirm={() => act.mutate({ id: p.id, action: 'stop' })}><Button size="small" danger>{t('mk.stop')}</Button></Popconfirm>}
                {p.state === 'draft' && <Button size="small" onClick={() => remove.mutate(p.id)}>{t('mk.del')}</Button>}
              </Space>
            ),
          },
        ]} />
      </Card>
      <PreviewCard />
      <Modal open={open} title={t('mk.newPromotion')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={create.isPending} okText={t('mk.save')} width={640}>
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)} data-testid="promotion-form">
          <Form.Item name="name" label={t('mk.name')} rules={[{ required: true, max: 60 }]}><Input maxLength={60} data-testid="promotion-name" /></Form.Item>
          <Form.Item name="window" label={t('mk.window')} rules={[{ required: true }]}><DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} /></Form.Item>
          <RuleFields />
          <Space wrap style={{ marginTop: 12 }}>
            <Form.Item name="categoryIds" label={t('mk.scopeCategories')}>
              <Select mode="multiple" style={{ minWidth: 200 }} optionFilterProp="label" options={(categories.data ?? []).map((c) => ({ value: c.id, label: c.name }))} />
            </Form.Item>
            <Form.Item name="brandIds" label={t('mk.scopeBrands')}>
              <Select mode="multiple" style={{ minWidth: 200 }} optionFilterProp="label" options={(brands.data ?? []).map((b) => ({ value: b.id, label: b.name }))} />
            </Form.Item>
          </Space>
          <Form.Item name="tierIds" label={t('mk.tiers')} style={{ marginTop: 12 }}>
            <Select mode="multiple" data-testid="promotion-tiers" options={(tiers.data ?? []).map((x) => ({ value: x.id, label: x.name }))} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="limitQty" label={t('mk.limitQty')}><InputNumber min={1} precision={0} /></Form.Item>
            <Form.Item name="perCustomer" label={t('mk.perCustomer')}><InputNumber min={1} precision={0} /></Form.Item>
            <Form.Item name="perOrderQty" label={t('mk.perOrderQty')}><InputNumber min={1} precision={0} /></Form.Item>
            <Form.Item name="priority" label={t('mk.priority')}><InputNumber min={-1000} max={1000} precision={0} /></Form.Item>
          </Space>
          <Space>
            <Form.Item name="exclusive" valuePropName="checked"><Checkbox>{t('mk.exclusive')}</Checkbox></Form.Item>
            <Form.Item name="withCoupons" valuePropName="checked"><Checkbox>{t('mk.withCoupons')}</Checkbox></Form.Item>
          </Space>
        </Form>
      </Modal>
    </Space>
  );
}

/** "For customer C this cart would get…": a customer and a few SKU lines through the whole pricing pipeline. */
function PreviewCard() {
  const { t } = useTranslation();
  const fail = useFail();
  const [q, setQ] = useState('');
  const customers = useQuery({ queryKey: ['customers-pick', q], queryFn: () => client.get('/api/customers', { query: { q, pageSize: 20 } }) });
  const [customerId, setCustomerId] = useState<number | null>(null);
  const [rows, setRows] = useState<{ skuId: number | null; qty: number | null }[]>([{ skuId: null, qty: 1 }]);
  const run = useMutation({
    mutationFn: () => client.post('/api/promotions/preview', { body: { customerId: customerId!, lines: rows.flatMap((r) => (r.skuId && r.qty ? [{ skuId: r.skuId, qty: r.qty }] : [])) } }),
    onError: fail,
  });
  return (
    <Card size="small" title={t('mk.previewTitle')} data-testid="promotion-preview">
      <Space wrap align="start">
        <Select showSearch filterOption={false} onSearch={setQ} style={{ width: 220 }} placeholder={t('mk.customer')} data-testid="preview-customer" value={customerId ?? undefined} onChange={setCustomerId}
          options={(customers.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.code} ${c.name}` }))} />
        {rows.map((r, i) => (
          <Space.Compact key={i}>
            <SkuPicker testId={`preview-sku-${i}`} value={r.skuId ?? undefined} onChange={(v) => setRows(rows.map((x, j) => (j === i ? { ...x, skuId: v } : x)))} />
            <InputNumber placeholder={t('mk.qty')} min={1} precision={0} value={r.qty} data-testid={`preview-qty-${i}`} onChange={(v) => setRows(rows.map((x, j) => (j === i ? { ...x, qty: v } : x)))} />
          </Space.Compact>
        ))}
        <Button icon={<PlusOutlined />} onClick={() => setRows([...rows, { skuId: null, qty: 1 }])} />
        <Button type="primary" disabled={!customerId} loading={run.isPending} onClick={() => run.mutate()} data-testid="preview-run">{t('mk.run')}</Button>
      </Space>
      {run.data && (
        <div style={{ marginTop: 8 }}>
          <Typography.Text strong>{t('mk.previewResult', { subtotal: fen(run.data.subtotal), discount: fen(run.data.discount), total: fen(run.data.total) })}</Typography.Text>
          <CartPromotions marketing={run.data.marketing} compact />
          {run.data.marketing.notApplied.map((n) => <div key={`${n.promotionId}-${n.couponId}`}><Typography.Text type="secondary">{n.message}</Typography.Text></div>)}
        </div>
      )}
    </Card>
  );
}
