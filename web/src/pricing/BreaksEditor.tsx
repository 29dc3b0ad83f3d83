import { Alert, Button, InputNumber, Modal, Radio, Space, Table, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fen } from '../lib/format';
import { PercentInput, YuanInput } from '../customers/common';

export interface BreakRowInput {
  minQty: number | null;
  value: number | null;
}
export interface BreaksTarget {
  skuId: number;
  skuCode: string;
  productName: string;
  basePrice: number;
  mode: 'fixed' | 'percent';
  rows: BreakRowInput[];
}

/** Shown price of one break row: fixed fen, or base price less the discount (rounded like the server). */
const preview = (mode: BreaksTarget['mode'], base: number, v: number | null) => (v == null ? null : mode === 'fixed' ? v : Math.round((base * (10_000 - v)) / 10_000));

/**
 * Edits every quantity break of one SKU in a list: all fixed prices (yuan, sent as fen) or all
 * discounts (%, sent as basis points). The server rejects duplicates and rising prices; the
 * same rules are checked here first so the user sees them before saving.
 */
export function BreaksEditor({ target, saving, onCancel, onSave }: { target: BreaksTarget | null; saving: boolean; onCancel: () => void; onSave: (items: { skuId: number; minQty: number; fixedPrice?: number; discountBp?: number }[]) => void }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<BreaksTarget['mode']>('fixed');
  const [rows, setRows] = useState<BreakRowInput[]>([]);
  useEffect(() => {
    if (target) {
      setMode(target.mode);
      setRows(target.rows.length ? target.rows : [{ minQty: 1, value: null }]);
    }
  }, [target]);
  if (!target) return null;
  const set = (i: number, patch: Partial<BreakRowInput>) => setRows(rows.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  const problems: string[] = [];
  const qtys = rows.map((r) => r.minQty);
  if (rows.some((r) => r.minQty == null || r.minQty < 1 || r.value == null)) problems.push(t('pricing.fillAll'));
  if (new Set(qtys).size !== qtys.length) problems.push(t('pricing.duplicateBreak'));
  const sorted = [...rows].filter((r) => r.minQty != null && r.value != null).sort((a, b) => a.minQty! - b.minQty!);
  for (let k = 1; k < sorted.length; k++) {
    const a = preview(mode, target.basePrice, sorted[k - 1].value)!;
    const b = preview(mode, target.basePrice, sorted[k].value)!;
    if (b > a) problems.push(t('pricing.risingBreak', { qty: sorted[k].minQty }));
  }
  const save = () =>
    onSave(rows.map((r) => ({ skuId: target.skuId, minQty: r.minQty!, ...(mode === 'fixed' ? { fixedPrice: r.value! } : { discountBp: r.value! }) })));
  return (
    <Modal open width={560} title={`${target.skuCode} ${target.productName}`} onCancel={onCancel} onOk={save} okButtonProps={{ disabled: problems.length > 0 }} confirmLoading={saving} destroyOnHidden>
      <Space style={{ marginBottom: 12 }} wrap>
        <Radio.Group optionType="button" value={mode} onChange={(e) => { setMode(e.target.value); setRows(rows.map((r) => ({ ...r, value: null }))); }}
          options={[{ value: 'fixed', label: t('pricing.fixedPrice') }, { value: 'percent', label: t('pricing.discount') }]} />
        <Typography.Text type="secondary">{t('pricing.base')} {fen(target.basePrice)}</Typography.Text>
      </Space>
      <Table<BreakRowInput & { i: number }> size="small" pagination={false} rowKey="i" dataSource={rows.map((r, i) => ({ ...r, i }))} data-testid="breaks-table"
        columns={[
          { title: t('pricing.minQty'), render: (_, r) => <InputNumber aria-label={`minQty-${r.i}`} min={1} max={10_000_000} precision={0} value={r.minQty} onChange={(v) => set(r.i, { minQty: v })} prefix="≥" /> },
          {
            title: mode === 'fixed' ? t('pricing.fixedPrice') : t('pricing.discount'),
            render: (_, r) => (mode === 'fixed'
              ? <YuanInput ariaLabel={`value-${r.i}`} value={r.value} onChange={(v) => set(r.i, { value: v })} />
              : <PercentInput ariaLabel={`value-${r.i}`} value={r.value} onChange={(v) => set(r.i, { value: v })} />),
          },
          { title: t('pricing.unitPrice'), render: (_, r) => fen(preview(mode, target.basePrice, r.value)) },
          { title: '', width: 40, render: (_, r) => rows.length > 1 && <Button type="text" icon={<DeleteOutlined />} aria-label="remove" onClick={() => setRows(rows.filter((_x, k) => k !== r.i))} /> },
        ]} />
      <Button icon={<PlusOutlined />} type="dashed" block style={{ marginTop: 8 }} onClick={() => setRows([...rows, { minQty: null, value: null }])}>{t('pricing.addBreak')}</Button>
      {problems.length > 0 && <Alert style={{ marginTop: 12 }} type="warning" showIcon message={problems.join('；')} data-testid="breaks-problems" />}
    </Modal>
  );
}
