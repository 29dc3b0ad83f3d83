import { App, Button, InputNumber, Select, Space } from 'antd';
import { ShoppingCartOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../lib/api';
import { cartUrl, errorText, useSetCart, type AddResult, type CartView, type Unit } from './useCart';

/**
 * "加入购物车" for product pages: a quantity in one of the SKU's selling units. Other domains'
 * pages use it as <AddToCart skuId units baseUnit />.
 */
export function AddToCart({ skuId, units, baseUnit, initialQty = 1, disabled }: { skuId: number; units: Unit[]; baseUnit: string; initialQty?: number; disabled?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const setCart = useSetCart();
  const [qty, setQty] = useState<number | null>(initialQty);
  const [unit, setUnit] = useState(baseUnit);
  const add = useMutation({
    mutationFn: () => api.post<CartView>(cartUrl('/lines'), { skuId, unit, qty: qty ?? 1 }),
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

/** "再来一单" for order pages: puts the order's lines into the cart at today's prices and names what was skipped. */
export function ReorderButton({ orderId, customerId, size }: { orderId: number; customerId?: number; size?: 'small' | 'middle' }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const setCart = useSetCart(customerId);
  const go = useMutation({
    mutationFn: () => api.post<AddResult>(cartUrl(`/reorder/${orderId}`, customerId)),
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
