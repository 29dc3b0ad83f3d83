import { App, Button, InputNumber, Select, Space } from 'antd';
import { ShoppingCartOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { client } from '../lib/client';
import { defaultOrderUnit } from '../lib/quantity';
import { errorText, useSetCart, type Unit } from './useCart';

/**
 * "加入购物车" for product pages: a quantity in one of the SKU's selling units. Other domains'
 * pages use it as <AddToCart skuId units baseUnit />.
 */
export function AddToCart({ skuId, units, baseUnit, initialQty = 1, initialUnit, disabled }: { skuId: number; units: Unit[]; baseUnit: string; initialQty?: number; initialUnit?: string; disabled?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const setCart = useSetCart();
  const [qty, setQty] = useState<number | null>(initialQty);
  const [unit, setUnit] = useState(initialUnit ?? baseUnit);
  const add = useMutation({
    mutationFn: () => client.post('/api/cart/lines', { body: { skuId, unit, qty: qty ?? 1 } }),
    onSuccess: (c) => {
      setCart(c);
      const line = c.lines.find((l) => l.skuId === skuId && l.problems.length);
      if (line) message.warning(`${t('cart.added')}：${line.problems[0]!.message}`);
      else message.success(t('cart.added'));
    },
    onError: (e) => message.error(errorText(e)),
  });
  return (
    <Space.Compact data-testid="add-to-cart">
      <InputNumber aria-label={t('cart.qty')} min={1} max={10_000_000} precision={0} value={qty} onChange={setQty} style={{ width: 80 }} />
      {units.length > 1 && <Select aria-label={t('cart.unit')} value={unit} onChange={setUnit} style={{ width: 72 }} options={units.map((u) => ({ value: u.unit, label: u.unit }))} />}
      <Button type="primary" icon={<ShoppingCartOutlined />} loading={add.isPending} disabled={disabled || !qty} onClick={() => add.mutate()}>{t('cart.addToCart')}</Button>
    </Space.Compact>
  );
}

/**
 * "加入购物车" on a catalog card (products with one SKU): adds the product's default selling unit —
 * a whole-case product 1 箱, a loose one its MOQ in the base unit (server/lib/quantity.ts).
 */
export function CardAddButton({ productId, disabled }: { productId: number; disabled?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const setCart = useSetCart();
  const add = useMutation({
    mutationFn: async () => {
      const p = await qc.fetchQuery({ queryKey: ['catalog', 'product', productId], queryFn: () => client.get('/api/catalog/products/{id}', { path: { id: productId } }) });
      const sku = p.skus[0]!;
      const start = defaultOrderUnit(sku.units, p.baseUnit, sku.moq, sku.orderMultiple);
      return { cart: await client.post('/api/cart/lines', { body: { skuId: sku.id, unit: start.unit, qty: start.qty } }), start, skuId: sku.id };
    },
    onSuccess: ({ cart, start, skuId }) => {
      setCart(cart);
      const line = cart.lines.find((l) => l.skuId === skuId && l.problems.length);
      if (line) message.warning(`${t('cart.added')}：${line.problems[0]!.message}`);
      else message.success(`${t('cart.added')}：${start.qty} ${start.unit}`);
    },
    onError: (e) => message.error(errorText(e)),
  });
  return (
    <Button size="small" type="primary" ghost icon={<ShoppingCartOutlined />} data-testid="card-add" aria-label={t('cart.addToCart')} loading={add.isPending} disabled={disabled}
      onClick={(e) => { e.preventDefault(); e.stopPropagation(); add.mutate(); }} />
  );
}

/** "再来一单" for order pages: puts the order's lines into the cart at today's prices and names what was skipped. */
export function ReorderButton({ orderId, customerId, size }: { orderId: number; customerId?: number; size?: 'small' | 'middle' }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const setCart = useSetCart(customerId);
  const go = useMutation({
    mutationFn: () => client.post('/api/cart/reorder/{orderId}', { path: { orderId }, query: { customerId } }),
    onSuccess: (r) => {
      setCart(r.cart);
      const skipped = r.rows.filter((x) => x.status === 'rejected');
      const text = t('cart.reordered', { added: r.added, rejected: r.rejected }) + (skipped.length ? '：' + skipped.map((x) => `${x.code} ${x.message ?? ''}`).join('；') : '');
      if (skipped.length) message.warning(text, 6);
      else message.success(text);
      if (!customerId) navigate('/cart');
    },
    onError: (e) => message.error(errorText(e)),
  });
  return <Button size={size} data-testid="reorder" loading={go.isPending} onClick={() => go.mutate()}>{t('cart.reorder')}</Button>;
}
