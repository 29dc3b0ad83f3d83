import { Button, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Typography } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { client } from '../lib/client';
import { fen } from '../lib/format';
import { PercentInput, useFail, useTiers, YuanInput } from '../customers/common';
import { SkuPicker } from '../pricing/SkuPicker';

interface ItemRow { skuId: number; label: string; basePrice: number; price: number | null; breakQty: number | null; breakPrice: number | null; minQty: number | null; maxQty: number | null; targetQty: number | null }
interface Values { name: string; window: [Dayjs, Dayjs]; tierIds?: number[]; minAmount?: number | null; maxAmount?: number | null; targetAmount?: number | null; deposit?: number | null; depositDueAt?: Dayjs | null; depositRefund?: 'refund' | 'forfeit'; note?: string; publish?: boolean }

/** Staff: a new fair — window to the second (supplier's time), products at fair prices with one quantity break, quotas, tiers, deposit. */
export function FairEditor({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const fail = useFail();
  const navigate = useNavigate();
  const tiers = useTiers();
  const [form] = Form.useForm<Values>();
  const [items, setItems] = useState<ItemRow[]>([]);
  const set = (skuId: number, patch: Partial<ItemRow>) => setItems((xs) => xs.map((x) => (x.skuId === skuId ? { ...x, ...patch } : x)));
  const save = useMutation({
    mutationFn: async (v: Values) => {
      const f = await client.post('/api/fairs', { body: {
        name: v.name, opensAt: v.window[0].format('YYYY-MM-DD HH:mm:ss'), closesAt: v.window[1].format('YYYY-MM-DD HH:mm:ss'),
        items: items.map((i) => ({
          skuId: i.skuId, minQty: i.minQty, maxQty: i.maxQty, targetQty: i.targetQty,
          prices: [{ minQty: 1, unitPrice: i.price ?? i.basePrice }, ...(i.breakQty && i.breakQty > 1 && i.breakPrice != null ? [{ minQty: i.breakQty, unitPrice: i.breakPrice }] : [])],
        })),
        tierIds: v.tierIds ?? [], minAmount: v.minAmount ?? null, maxAmount: v.maxAmount ?? null, targetAmount: v.targetAmount ?? null,
        depositKind: v.deposit ? 'percent' : 'none', depositValue: v.deposit ?? 0, note: v.note ?? null,
        depositDueAt: v.depositDueAt ? v.depositDueAt.format('YYYY-MM-DD HH:mm:ss') : null, depositRefund: v.depositRefund ?? 'refund',
      } });
      return v.publish ? client.post('/api/fairs/{id}/publish', { path: { id: f.id } }) : f;
    },
    onSuccess: (f) => {
      void qc.invalidateQueries({ queryKey: ['fairs'] });
      onClose();
      navigate(`/admin/fairs/${f.id}`);
    },
    onError: fail,
  });
  const num = (v: number | null) => (v == null ? null : Math.round(v));
  return (
    <Modal open width={980} title={t('fair.newFair')} onCancel={onClose} onOk={() => form.submit()} okText={t('fair.save')} confirmLoading={save.isPending} okButtonProps={{ disabled: !items.length }}>
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="name" label={t('fair.name')} rules={[{ required: true, max: 60 }]}><Input data-testid="fair-name" /></Form.Item>
        <Form.Item name="window" label={t('fair.window')} rules={[{ required: true }]}><DatePicker.RangePicker showTime={{ format: 'HH:mm:ss' }} format="YYYY-MM-DD HH:mm:ss" data-testid="fair-window" /></Form.Item>
        <Space wrap>
          <Form.Item name="maxAmount" label={t('fair.maxAmount')}><YuanInput testId="fair-max-amount" /></Form.Item>
          <Form.Item name="minAmount" label={t('fair.minAmount')}><YuanInput /></Form.Item>
          <Form.Item name="targetAmount" label={t('fair.targetAmount')}><YuanInput /></Form.Item>
          <Form.Item name="deposit" label={t('fair.deposit')}><PercentInput /></Form.Item>
          <Form.Item name="depositDueAt" label={t('fair.depositDueAt')} tooltip={t('fair.depositDueHint')}><DatePicker showTime={{ format: 'HH:mm:ss' }} format="YYYY-MM-DD HH:mm:ss" /></Form.Item>
          <Form.Item name="depositRefund" label={t('fair.depositRefund')} initialValue="refund">
            <Select style={{ width: 180 }} options={[{ value: 'refund', label: t('fair.refundRule.refund') }, { value: 'forfeit', label: t('fair.refundRule.forfeit') }]} />
          </Form.Item>
        </Space>
        <Form.Item name="tierIds" label={t('fair.tiers')}><Select mode="multiple" allowClear options={(tiers.data ?? []).map((x: { id: number; name: string }) => ({ value: x.id, label: x.name }))} /></Form.Item>
        <Form.Item label={t('fair.items')} required>
          <SkuPicker testId="fair-sku" placeholder={t('fair.addSku')} onPick={(s) => !items.some((i) => i.skuId === s.skuId) && setItems((xs) => [...xs, {
            skuId: s.skuId, label: `${s.skuCode} ${s.productName}`, basePrice: s.basePrice, price: Math.round(s.basePrice * 0.9), breakQty: null, breakPrice: null, minQty: null, maxQty: null, targetQty: null,
          }])} />
          <Table<ItemRow> rowKey="skuId" size="small" dataSource={items} pagination={false} style={{ marginTop: 8 }} scroll={{ x: 'max-content' }} columns={[
            { title: t('fair.product'), dataIndex: 'label', render: (v: string, r) => <Space direction="vertical" size={0}>{v}<Typography.Text type="secondary" delete>{fen(r.basePrice)}</Typography.Text></Space> },
            { title: t('fair.price'), render: (_, r) => <YuanInput value={r.price} onChange={(v) => set(r.skuId, { price: v })} style={{ width: 110 }} ariaLabel={t('fair.price')} /> },
            { title: t('fair.breakQty'), render: (_, r) => <InputNumber min={2} precision={0} value={r.breakQty} onChange={(v) => set(r.skuId, { breakQty: num(v) })} style={{ width: 80 }} /> },
            { title: t('fair.breakPrice'), render: (_, r) => <YuanInput value={r.breakPrice} onChange={(v) => set(r.skuId, { breakPrice: v })} style={{ width: 110 }} /> },
            { title: t('fair.minQty'), render: (_, r) => <InputNumber min={1} precision={0} value={r.minQty} onChange={(v) => set(r.skuId, { minQty: num(v) })} style={{ width: 80 }} /> },
            { title: t('fair.maxQty'), render: (_, r) => <InputNumber min={1} precision={0} value={r.maxQty} onChange={(v) => set(r.skuId, { maxQty: num(v) })} style={{ width: 80 }} /> },
            { title: t('fair.targetQty'), render: (_, r) => <InputNumber min={1} precision={0} value={r.targetQty} onChange={(v) => set(r.skuId, { targetQty: num(v) })} style={{ width: 80 }} /> },
            { title: '', render: (_, r) => <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t('fair.remove')} onClick={() => setItems((xs) => xs.filter((x) => x.skuId !== r.skuId))} /> },
          ]} />
        </Form.Item>
        <Form.Item name="note" label={t('fair.note')}><Input.TextArea maxLength={500} rows={2} /></Form.Item>
        <Form.Item name="publish" valuePropName="checked"><Checkbox data-testid="fair-publish">{t('fair.publish')}</Checkbox></Form.Item>
      </Form>
    </Modal>
  );
}
