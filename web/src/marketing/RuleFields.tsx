import { Button, Checkbox, Form, InputNumber, Radio, Select, Space, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../lib/client';
import { YuanInput } from '../customers/common';

/** The six promotion types the engine knows (server/modules/marketing/engine.ts). */
export const KINDS = ['threshold_off', 'threshold_discount', 'gift', 'special_price', 'nth_item', 'bundle'] as const;
export type Kind = (typeof KINDS)[number];

/** The editor's values for a rule, by type (money in fen, discounts as 折 for people: 9 = 90%). */
export interface RuleValues {
  kind: Kind;
  basis?: 'amount' | 'qty';
  levels?: { threshold?: number; thresholdQty?: number; off?: number; zhe?: number; giftQty?: number }[];
  repeat?: boolean;
  giftSkuId?: number;
  items?: { skuId?: number; price?: number; qty?: number }[];
  nth?: number;
  nthZhe?: number;
  bundlePrice?: number;
}

const bpOfZhe = (zhe: number) => Math.round(10_000 - zhe * 1000);

/** The API's rule for the editor's values. */
export function ruleOf(v: RuleValues): Record<string, unknown> {
  const lv = v.levels ?? [];
  const th = (l: NonNullable<RuleValues['levels']>[number]) => (v.basis === 'qty' ? l.thresholdQty : l.threshold);
  switch (v.kind) {
    case 'threshold_off':
      return { kind: v.kind, basis: v.basis ?? 'amount', levels: lv.map((l) => ({ threshold: th(l), off: l.off })), ...(v.repeat ? { repeat: true } : {}) };
    case 'threshold_discount':
      return { kind: v.kind, basis: v.basis ?? 'amount', levels: lv.map((l) => ({ threshold: th(l), discountBp: bpOfZhe(l.zhe ?? 10) })) };
    case 'gift':
      return { kind: v.kind, basis: v.basis ?? 'qty', giftSkuId: v.giftSkuId, levels: lv.map((l) => ({ threshold: th(l), giftQty: l.giftQty })), ...(v.repeat ? { repeat: true } : {}) };
    case 'special_price':
      return { kind: v.kind, items: (v.items ?? []).map((i) => ({ skuId: i.skuId, price: i.price })) };
    case 'nth_item':
      return { kind: v.kind, nth: v.nth, discountBp: bpOfZhe(v.nthZhe ?? 10) };
    case 'bundle':
      return { kind: v.kind, items: (v.items ?? []).map((i) => ({ skuId: i.skuId, qty: i.qty })), price: v.bundlePrice };
  }
}

/** A SKU chosen by code or product name (staff lookup). */
export function SkuPicker({ value, onChange, testId }: { value?: number; onChange?: (v: number) => void; testId?: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const hits = useQuery({ queryKey: ['pricing-skus', q], queryFn: () => client.get('/api/pricing/skus', { query: { q: q || undefined, pageSize: 20 } }) });
  return (
    <Select showSearch filterOption={false} onSearch={setQ} value={value} onChange={onChange} placeholder={t('mk.pickSku')} style={{ width: 240 }} data-testid={testId}
      options={(hits.data?.items ?? []).map((h) => ({ value: h.skuId, label: `${h.skuCode} ${h.productName}` }))} />
  );
}

/** The fields of one promotion type: levels (by amount or quantity), the gift SKU, special prices, the Nth item, the bundle. */
export function RuleFields() {
  const { t } = useTranslation();
  const kind = Form.useWatch<Kind>('kind');
  const basis = Form.useWatch<'amount' | 'qty'>('basis') ?? (kind === 'gift' ? 'qty' : 'amount');
  const threshold = kind === 'threshold_off' || kind === 'threshold_discount' || kind === 'gift';
  return (
    <>
      <Form.Item name="kind" label={t('mk.kindLabel')}>
        <Radio.Group data-testid="promotion-kind" optionType="button" size="small" options={KINDS.map((k) => ({ value: k, label: t(`mk.kinds.${k}`) }))} />
      </Form.Item>
      {threshold && (
        <>
          <Form.Item name="basis" label={t('mk.basis')}>
            <Radio.Group options={[{ value: 'amount', label: t('mk.basisAmount') }, { value: 'qty', label: t('mk.basisQty') }]} />
          </Form.Item>
          {kind === 'gift' && <Form.Item name="giftSkuId" label={t('mk.giftSku')} rules={[{ required: true }]}><SkuPicker testId="gift-sku" /></Form.Item>}
          <Typography.Text>{t('mk.levels')}</Typography.Text>
          <Form.List name="levels">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Space key={f.key} align="baseline" wrap style={{ display: 'flex' }}>
                    {basis === 'qty'
                      ? <Form.Item name={[f.name, 'thresholdQty']} label={t('mk.thresholdQty')} rules={[{ required: true }]}><InputNumber min={1} precision={0} data-testid={`level-qty-${i}`} /></Form.Item>
                      : <Form.Item name={[f.name, 'threshold']} label={t('mk.threshold')} rules={[{ required: true }]}><YuanInput testId={`level-threshold-${i}`} /></Form.Item>}
                    {kind === 'threshold_off' && <Form.Item name={[f.name, 'off']} label={t('mk.off')} rules={[{ required: true }]}><YuanInput testId={`level-off-${i}`} /></Form.Item>}
                    {kind === 'threshold_discount' && <Form.Item name={[f.name, 'zhe']} label={t('mk.zhe')} rules={[{ required: true }]}><InputNumber min={0.1} max={9.9} step={0.5} precision={1} data-testid={`level-zhe-${i}`} /></Form.Item>}
                    {kind === 'gift' && <Form.Item name={[f.name, 'giftQty']} label={t('mk.giftQty')} rules={[{ required: true }]}><InputNumber min={1} precision={0} data-testid={`level-gift-${i}`} /></Form.Item>}
                    {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(f.name)} />}
                  </Space>
                ))}
                {fields.length < 10 && <Button size="small" icon={<PlusOutlined />} onClick={() => add({})}>{t('mk.addLevel')}</Button>}
              </>
            )}
          </Form.List>
          {kind !== 'threshold_discount' && <Form.Item name="repeat" valuePropName="checked" style={{ marginTop: 8, marginBottom: 8 }}><Checkbox>{t('mk.repeat')}</Checkbox></Form.Item>}
        </>
      )}
      {(kind === 'special_price' || kind === 'bundle') && (
        <>
          <Typography.Text>{kind === 'special_price' ? t('mk.specialItems') : t('mk.bundleItems')}</Typography.Text>
          <Form.List name="items">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Space key={f.key} align="baseline" wrap style={{ display: 'flex' }}>
                    <Form.Item name={[f.name, 'skuId']} rules={[{ required: true }]}><SkuPicker testId={`item-sku-${i}`} /></Form.Item>
                    {kind === 'special_price'
                      ? <Form.Item name={[f.name, 'price']} label={t('mk.specialPrice')} rules={[{ required: true }]}><YuanInput testId={`item-price-${i}`} /></Form.Item>
                      : <Form.Item name={[f.name, 'qty']} label={t('mk.qty')} rules={[{ required: true }]}><InputNumber min={1} precision={0} data-testid={`item-qty-${i}`} /></Form.Item>}
                    {fields.length > (kind === 'bundle' ? 2 : 1) && <MinusCircleOutlined onClick={() => remove(f.name)} />}
                  </Space>
                ))}
                <Button size="small" icon={<PlusOutlined />} onClick={() => add(kind === 'bundle' ? { qty: 1 } : {})}>{t('mk.addItem')}</Button>
              </>
            )}
          </Form.List>
          {kind === 'bundle' && <Form.Item name="bundlePrice" label={t('mk.bundlePrice')} rules={[{ required: true }]} style={{ marginTop: 8 }}><YuanInput testId="bundle-price" /></Form.Item>}
        </>
      )}
      {kind === 'nth_item' && (
        <Space wrap>
          <Form.Item name="nth" label={t('mk.nth')} rules={[{ required: true }]}><InputNumber min={2} max={100} precision={0} data-testid="nth" /></Form.Item>
          <Form.Item name="nthZhe" label={t('mk.nthZhe')} rules={[{ required: true }]}><InputNumber min={0} max={9.9} step={0.5} precision={1} data-testid="nth-zhe" /></Form.Item>
        </Space>
      )}
    </>
  );
}
