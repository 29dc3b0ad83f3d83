import { App, Button, Empty, InputNumber, Select, Space, Typography } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../lib/client';
import { fen } from '../lib/format';
import { useQty } from '../lib/useQty';
import { errorText, stockText, useSetCart, type CartLine, type CartView, type Totals } from './useCart';
import { PresaleTag } from '../inventory/PresaleTag';

/** The cart's lines as cards (one column on a phone): quantity in any selling unit, live price, stock and problems. */
export function CartLines({ cart, customerId, readOnly }: { cart: CartView; customerId?: number; readOnly?: boolean }) {
  const { t } = useTranslation();
  if (cart.lines.length === 0) return <Empty description={t('cart.empty')} />;
  return (
    <div data-testid="cart-lines" style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
      {cart.lines.map((l) => <LineCard key={l.id} line={l} customerId={customerId} readOnly={readOnly} />)}
    </div>
  );
}

function LineCard({ line: l, customerId, readOnly }: { line: CartLine; customerId?: number; readOnly?: boolean }) {
  const { t } = useTranslation();
  const fmtQty = useQty();
  const { message } = App.useApp();
  const setCart = useSetCart(customerId);
  const [qty, setQty] = useState<number | null>(l.unitQty);
  useEffect(() => setQty(l.unitQty), [l.unitQty]);
  const update = useMutation({
    mutationFn: (v: { qty: number; unit?: string }) => client.patch('/api/cart/lines/{lineId}', { path: { lineId: l.id }, query: { customerId }, body: v }),
    onSuccess: setCart,
    onError: (e) => {
      setQty(l.unitQty);
      message.error(errorText(e));
    },
  });
  const remove = useMutation({ mutationFn: () => client.del('/api/cart/lines/{lineId}', { path: { lineId: l.id }, query: { customerId } }), onSuccess: setCart, onError: (e) => message.error(errorText(e)) });
  const commit = (v: number | null) => {
    if (v && Number.isInteger(v) && v > 0 && v !== l.unitQty) update.mutate({ qty: v });
  };
  const bad = l.problems.length > 0;
  return (
    <div data-testid="cart-line" data-code={l.code} style={{ background: '#fff', borderRadius: 8, padding: 12, border: bad ? '1px solid #ffccc7' : '1px solid #f0f0f0', display: 'flex', gap: 12 }}>
      {l.image && <img src={l.image} alt="" style={{ width: 56, height: 56, objectFit: 'cover', borderRadius: 6, flex: 'none' }} />}
      <div style={{ flex: 1, minWidth: 0 }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
          <Typography.Text strong ellipsis style={{ maxWidth: '100%' }}>{l.name}</Typography.Text>
          {!readOnly && <Button size="small" type="text" aria-label={t('cart.delete')} icon={<DeleteOutlined />} onClick={() => remove.mutate()} loading={remove.isPending} />}
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{l.code}{l.specText ? ` · ${l.specText}` : ''}</Typography.Text>
        <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between', gap: 8, marginTop: 6 }}>
          <Typography.Text>
            {fen(l.unitPricePerUnit)}<Typography.Text type="secondary">{t('cart.perUnit', { unit: l.unit })}</Typography.Text>
            {l.unitFactor > 1 && <Typography.Text type="secondary" style={{ fontSize: 12 }}> ({l.unitFactor}{l.baseUnit})</Typography.Text>}
          </Typography.Text>
          {readOnly ? <Typography.Text>× {fmtQty(l.qty, l)}</Typography.Text> : (
            <Space.Compact>
              <InputNumber aria-label={t('cart.qty')} data-testid="line-qty" min={1} max={10_000_000} precision={0} value={qty} style={{ width: 96 }}
                onChange={(v) => setQty(v)} onBlur={() => commit(qty)} onPressEnter={() => commit(qty)} onStep={(v) => commit(v)} />
              {l.units.length > 1
                ? <Select aria-label={t('cart.unit')} value={l.unit} style={{ width: 72 }} onChange={(unit) => update.mutate({ qty: qty ?? 1, unit })} options={l.units.map((u) => ({ value: u.unit, label: u.unit }))} />
                : <Button disabled style={{ width: 48 }}>{l.unit}</Button>}
            </Space.Compact>
          )}
        </div>
        <div style={{ display: 'flex', justifyContent: 'space-between', marginTop: 4, fontSize: 12 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{[stockText(t, l), l.moq > 1 ? t('cart.moq', { n: l.moq, unit: l.baseUnit }) : ''].filter(Boolean).join(' · ')}</Typography.Text>
          <Typography.Text strong>
            {l.discount ? <Typography.Text type="secondary" delete style={{ fontSize: 12, marginRight: 4 }}>{fen(l.lineTotal)}</Typography.Text> : null}
            {fen(l.lineTotal - (l.discount ?? 0))}
          </Typography.Text>
        </div>
        {l.presale && <div style={{ marginTop: 4 }}><PresaleTag presale={l.presale} /></div>}
        {l.problems.map((p) => <div key={p.code} data-testid="line-problem" style={{ color: '#cf1322', fontSize: 12, marginTop: 2 }}>{p.message}</div>)}
      </div>
    </div>
  );
}

/** Price breakdown: list price, savings, shipping, total. */
export function TotalsBox({ totals }: { totals: Totals }) {
  const { t } = useTranslation();
  const row = (label: string, value: string, strong = false) => (
    <div style={{ display: 'flex', justifyContent: 'space-between', padding: '2px 0' }}>
      <Typography.Text type={strong ? undefined : 'secondary'}>{label}</Typography.Text>
      <Typography.Text strong={strong} style={strong ? { fontSize: 18, color: '#cf1322' } : undefined}>{value}</Typography.Text>
    </div>
  );
  return (
    <div data-testid="totals">
      {totals.savings > 0 && row(t('cart.baseTotal'), fen(totals.baseTotal))}
      {totals.savings > 0 && row(t('cart.savings'), `-${fen(totals.savings)}`)}
      {row(t('cart.subtotal'), fen(totals.subtotal))}
      {totals.discount ? <div data-testid="discount-total">{row(t('mk.discount'), `-${fen(totals.discount)}`)}</div> : null}
      {row(t('cart.shipping'), totals.shippingFee ? fen(totals.shippingFee) : t('cart.free'))}
      {row(t('cart.total'), fen(totals.total), true)}
    </div>
  );
}
