import { App, Button, Card, Input, Modal, Space, Spin, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { CartLines, TotalsBox } from './CartLines';
import { CartPromotions } from '../marketing/CartPromotions';
import { errorText, useCart, useSetCart } from './useCart';
import { client } from '../lib/client';
import { Slot } from '../lib/slots';

/** Shared cart screen: the lines, totals and the actions under them (portal and 代客下单). */
export function CartPanel({ customerId, onCheckout }: { customerId?: number; onCheckout: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const cart = useCart(customerId);
  const setCart = useSetCart(customerId);
  const [saving, setSaving] = useState<'draft' | 'template' | null>(null);
  const [name, setName] = useState('');
  const clear = useMutation({ mutationFn: () => client.del('/api/cart', { query: { customerId } }), onSuccess: setCart, onError: (e) => message.error(errorText(e)) });
  const save = useMutation({
    mutationFn: () => saving === 'draft' ? client.post('/api/cart/drafts', { query: { customerId }, body: { name } }) : client.post('/api/cart/templates', { query: { customerId }, body: { name } }),
    onSuccess: () => {
      message.success(t('cart.saved_ok'));
      setSaving(null);
      setName('');
      void qc.invalidateQueries({ queryKey: ['cart'] });
      void qc.invalidateQueries({ queryKey: ['cart-count'] });
      void qc.invalidateQueries({ queryKey: ['cart-saved'] });
    },
    onError: (e) => message.error(errorText(e)),
  });
  if (cart.isLoading || !cart.data) return <div style={{ padding: 48, textAlign: 'center' }}><Spin /></div>;
  const c = cart.data;
  return (
    <div>
      <CartPromotions marketing={c.marketing} />
      <CartLines cart={c} customerId={customerId} />
      {c.lines.length > 0 && (
        <Card size="small" style={{ marginTop: 12 }}>
          <TotalsBox totals={c.totals} />
          {!c.ok && <Typography.Text type="danger" style={{ display: 'block', marginTop: 4 }}>{t('cart.fixFirst')}</Typography.Text>}
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 12, justifyContent: 'flex-end' }}>
            <Button onClick={() => clear.mutate()} loading={clear.isPending}>{t('cart.clear')}</Button>
            <Button onClick={() => setSaving('draft')}>{t('cart.saveDraft')}</Button>
            <Button onClick={() => setSaving('template')}>{t('cart.saveTemplate')}</Button>
            <Button type="primary" size="large" data-testid="go-checkout" disabled={!c.ok} onClick={onCheckout} style={{ minWidth: 140 }}>{t('cart.checkout')}</Button>
          </div>
        </Card>
      )}
      <Modal open={saving !== null} title={saving === 'draft' ? t('cart.saveDraft') : t('cart.saveTemplate')} onCancel={() => setSaving(null)} onOk={() => save.mutate()} confirmLoading={save.isPending} okButtonProps={{ disabled: !name.trim() }}>
        <Input autoFocus maxLength={40} placeholder={saving === 'draft' ? t('cart.draftName') : t('cart.templateName')} value={name} onChange={(e) => setName(e.target.value)} onPressEnter={() => name.trim() && save.mutate()} />
      </Modal>
    </div>
  );
}

export function CartPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <div data-testid="cart-page">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 8 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('cart.title')}</Typography.Title>
        <Space size={4} wrap>
          <Link to="/cart/quick"><Button size="small">{t('cart.quick')}</Button></Link>
          <Link to="/cart/frequent"><Button size="small">{t('cart.frequent')}</Button></Link>
          <Link to="/cart/saved"><Button size="small">{t('cart.saved')}</Button></Link>
        </Space>
      </div>
      <CartRecommendations onCheckout={() => navigate('/cart/checkout')} />
    </div>
  );
}

/**
 * The buyer's cart between 该补货了 (due items not in the cart yet) and 经常一起买 / 同类客户也在订
 * for what is in it (refetched when the lines change).
 */
function CartRecommendations({ onCheckout }: { onCheckout: () => void }) {
  const cart = useCart();
  const skuIds = [...new Set((cart.data?.lines ?? []).map((l) => l.skuId))].sort((a, b) => a - b);
  return (
    <>
      <Slot name="cart.before" skuIds={skuIds} />
      <CartPanel onCheckout={onCheckout} />
      <Slot name="cart.after" skuIds={skuIds} />
    </>
  );
}
