import { Button, Checkbox, Form, InputNumber, Radio, Select, Space, Spin, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, type Body } from '../lib/client';
import { YuanInput } from '../customers/common';
import { useDebounced } from '../lib/useDebounced';

/** The six promotion types the engine knows (server/modules/marketing/engine.ts). */
export const KINDS = ['threshold_off', 'threshold_discount', 'gift', 'special_price', 'nth_item', 'bundle'] as const;
export type Kind = (typeof KINDS)[number];

/**
 * The rule the editor holds is the API's rule itself (the create body's `rule`): money in fen,
 * discounts in basis points off (shown as 折 by ZheInput). The form's required-field rules make it
 * whole before it is sent; the server checks it again.
 */
export type PromotionRule = Body<'/api/promotions', 'post'>['rule'];

/** What the form holds while a rule is being written: any part may still be missing. */
export type Draft<T> = T extends (infer U)[] ? Draft<U>[] : T extends object ? { [K in keyof T]?: Draft<T[K]> } : T;

/** A new rule of a type: what the editor starts from when the type is chosen. */
export function freshRule(kind: Kind): Draft<PromotionRule> {
  switch (kind) {
    case 'threshold_off': return { kind, basis: 'amount', levels: [{ threshold: 100_000, off: 5000 }] };
    case 'threshold_discount': return { kind, basis: 'amount', levels: [{ threshold: 100_000, discountBp: 1000 }] };
    case 'gift': return { kind, basis: 'qty', levels: [{ threshold: 10, giftQty: 1 }] };
    case 'special_price': return { kind, items: [{}] };
    case 'nth_item': return { kind, nth: 2, discountBp: 5000 };
    case 'bundle': return { kind, items: [{ qty: 1 }, { qty: 1 }] };
  }
}

/** A discount off entered as 折 (9 = pay 90%) and kept as basis points off (1000). */
function ZheInput({ value, onChange, min, testId }: { value?: number | null; onChange?: (bp: number | null) => void; min: number; testId: string }) {
  return (
    <InputNumber<number> min={min} max={9.9} step={0.5} precision={1} data-testid={testId}
      value={value == null ? null : (10_000 - value) / 1000}
      onChange={(zhe) => onChange?.(zhe == null ? null : Math.round(10_000 - zhe * 1000))} />
  );
}

/** A SKU chosen by code or product name (staff lookup). */
export function SkuPicker({ value, onChange, testId }: { value?: number; onChange?: (v: number) => void; testId?: string }) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  // one request per pause in typing (each keystroke fetched before, and a slow early answer could land last);
  // the list shown is always the answer for the settled text: react-query keeps each text's answer under its own key,
  // so an older request finishing late fills its own entry, never the list of the newer text
  const q = useDebounced(typed.trim(), 200);
  const hits = useQuery({ queryKey: ['pricing-skus', q], queryFn: ({ signal }) => client.get('/api/pricing/skus', { query: { q: q || undefined, pageSize: 20 }, signal }) });
  // while the text is still settling, the last list is not the answer to what is typed: none is offered (Enter cannot pick it)
  const stale = typed.trim() !== q;
  const settling = stale || hits.isFetching;
  return (
    <Select showSearch filterOption={false} onSearch={setTyped} value={value} onChange={onChange} placeholder={t('mk.pickSku')} style={{ width: 240 }} data-testid={testId}
      loading={settling} notFoundContent={settling ? <Spin size="small" /> : undefined}
      options={(stale ? [] : hits.data?.items ?? []).map((h) => ({ value: h.skuId, label: `${h.skuCode} ${h.productName}` }))} />
  );
}

/** The fields of one promotion type: levels (by amount or quantity), the gift SKU, special prices, the Nth item, the bundle. */
export function RuleFields() {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const kind = Form.useWatch<Kind | undefined>(['rule', 'kind']);
  const basis = Form.useWatch<'amount' | 'qty' | undefined>(['rule', 'basis']) ?? (kind === 'gift' ? 'qty' : 'amount');
  const threshold = kind === 'threshold_off' || kind === 'threshold_discount' || kind === 'gift';
  return (
    <>
      <Form.Item name={['rule', 'kind']} label={t('mk.kindLabel')}>
        {/* another type starts from its own fresh rule: nothing of the last type's fields is sent */}
        <Radio.Group data-testid="promotion-kind" optionType="button" size="small" options={KINDS.map((k) => ({ value: k, label: t(`mk.kinds.${k}`) }))}
          onChange={(e) => form.setFieldValue('rule', freshRule(e.target.value as Kind))} />
      </Form.Item>
      {threshold && (
        <>
          <Form.Item name={['rule', 'basis']} label={t('mk.basis')}>
            <Radio.Group options={[{ value: 'amount', label: t('mk.basisAmount') }, { value: 'qty', label: t('mk.basisQty') }]}
              onChange={() => form.setFieldValue(['rule', 'levels'], (form.getFieldValue(['rule', 'levels']) as Draft<{ threshold: number }>[] | undefined)?.map((l) => ({ ...l, threshold: undefined })))} />
          </Form.Item>
          {kind === 'gift' && <Form.Item name={['rule', 'giftSkuId']} label={t('mk.giftSku')} rules={[{ required: true }]}><SkuPicker testId="gift-sku" /></Form.Item>}
          <Typography.Text>{t('mk.levels')}</Typography.Text>
          <Form.List name={['rule', 'levels']}>
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Space key={f.key} align="baseline" wrap style={{ display: 'flex' }}>
                    {basis === 'qty'
                      ? <Form.Item name={[f.name, 'threshold']} label={t('mk.thresholdQty')} rules={[{ required: true }]}><InputNumber min={1} precision={0} data-testid={`level-qty-${i}`} /></Form.Item>
                      : <Form.Item name={[f.name, 'threshold']} label={t('mk.threshold')} rules={[{ required: true }]}><YuanInput testId={`level-threshold-${i}`} /></Form.Item>}
                    {kind === 'threshold_off' && <Form.Item name={[f.name, 'off']} label={t('mk.off')} rules={[{ required: true }]}><YuanInput testId={`level-off-${i}`} /></Form.Item>}
                    {kind === 'threshold_discount' && <Form.Item name={[f.name, 'discountBp']} label={t('mk.zhe')} rules={[{ required: true }]}><ZheInput min={0.1} testId={`level-zhe-${i}`} /></Form.Item>}
                    {kind === 'gift' && <Form.Item name={[f.name, 'giftQty']} label={t('mk.giftQty')} rules={[{ required: true }]}><InputNumber min={1} precision={0} data-testid={`level-gift-${i}`} /></Form.Item>}
                    {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(f.name)} />}
                  </Space>
                ))}
                {fields.length < 10 && <Button size="small" icon={<PlusOutlined />} onClick={() => add({})}>{t('mk.addLevel')}</Button>}
              </>
            )}
          </Form.List>
          {kind !== 'threshold_discount' && <Form.Item name={['rule', 'repeat']} valuePropName="checked" style={{ marginTop: 8, marginBottom: 8 }}><Checkbox>{t('mk.repeat')}</Checkbox></Form.Item>}
        </>
      )}
      {(kind === 'special_price' || kind === 'bundle') && (
        <>
          <Typography.Text>{kind === 'special_price' ? t('mk.specialItems') : t('mk.bundleItems')}</Typography.Text>
          <Form.List name={['rule', 'items']}>
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
          {kind === 'bundle' && <Form.Item name={['rule', 'price']} label={t('mk.bundlePrice')} rules={[{ required: true }]} style={{ marginTop: 8 }}><YuanInput testId="bundle-price" /></Form.Item>}
        </>
      )}
      {kind === 'nth_item' && (
        <Space wrap>
          <Form.Item name={['rule', 'nth']} label={t('mk.nth')} rules={[{ required: true }]}><InputNumber min={2} max={100} precision={0} data-testid="nth" /></Form.Item>
          <Form.Item name={['rule', 'discountBp']} label={t('mk.nthZhe')} rules={[{ required: true }]}><ZheInput min={0} testId="nth-zhe" /></Form.Item>
        </Space>
      )}
    </>
  );
}
