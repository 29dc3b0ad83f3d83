import { App, Button, Card, Empty, InputNumber, List, Result, Space, Spin, Tabs, Typography } from 'antd';
import { ShoppingCartOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { client, type Response } from '../lib/client';
import { date, fen } from '../lib/format';
import { CheckoutForm } from './CheckoutForm';
import { QuickEntry } from './QuickEntry';
import { errorText, useCart, useSetCart, type Submitted } from './useCart';

/** A bar under portal sub-pages: what is in the cart and the way to it. */
function CartBar() {
  const { t } = useTranslation();
  const cart = useCart();
  const c = cart.data;
  if (!c || c.lines.length === 0) return null;
  return (
    <Card size="small" style={{ marginTop: 12 }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8 }}>
        <Typography.Text>{t('cart.lines', { n: c.totals.lines })} · <Typography.Text strong style={{ color: '#cf1322' }}>{fen(c.totals.total)}</Typography.Text></Typography.Text>
        <Link to="/cart"><Button type="primary" icon={<ShoppingCartOutlined />} data-testid="to-cart">{t('cart.title')}</Button></Link>
      </div>
    </Card>
  );
}

export function QuickOrderPage() {
  const { t } = useTranslation();
  return (
    <div data-testid="quick-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>{t('cart.quick')}</Typography.Title>
      <QuickEntry />
      <CartBar />
    </div>
  );
}

export function CheckoutPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <div data-testid="checkout-page" style={{ maxWidth: 720, margin: '0 auto' }}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>{t('cart.checkout')}</Typography.Title>
      <CheckoutForm onDone={(s) => navigate(`/cart/done/${s.order.id}`, { state: s, replace: true })} />
    </div>
  );
}

/** Order confirmation: number, status, total, and the way to the order's page. */
export function DonePage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const s = useLocation().state as Submitted | null;
  const o = s?.order;
  return (
    <Result status="success" data-testid="order-done" title={t('cart.done')}
      subTitle={o ? <Space direction="vertical" size={2}>
        <span>{t('cart.orderNo')}：<b data-testid="order-number">{o.number}</b></span>
        <span>{t('cart.status')}：{t(`cart.st.${o.status}`, { defaultValue: o.status })}</span>
        <span>{t('cart.total')}：<b>{fen(o.total)}</b> · {t(`cart.pay.${o.paymentMethod}`)}</span>
      </Space> : null}
      extra={[
        <Link key="o" to={`/orders/${id}`}><Button type="primary">{t('cart.viewOrder')}</Button></Link>,
        <Link key="c" to="/cart/quick"><Button>{t('cart.continue')}</Button></Link>,
      ]} />
  );
}

type Frequent = Response<'/api/cart/frequent'>[number];

/** 常买清单: what this customer orders most, one tap to put it back in the cart. */
export function FrequentPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const setCart = useSetCart();
  const list = useQuery({ queryKey: ['cart-frequent'], queryFn: () => client.get('/api/cart/frequent') });
  const [qty, setQty] = useState<Record<number, number>>({});
  const add = useMutation({
    mutationFn: (f: Frequent) => client.post('/api/cart/lines', { body: { skuId: f.skuId, unit: f.lastUnit, qty: qty[f.skuId] ?? f.lastUnitQty } }),
    onSuccess: (c) => {
      setCart(c);
      message.success(t('cart.added'));
    },
    onError: (e) => message.error(errorText(e)),
  });
  return (
    <div data-testid="frequent-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>{t('cart.frequent')}</Typography.Title>
      {list.isLoading ? <Spin /> : (
        <List dataSource={list.data ?? []} locale={{ emptyText: <Empty /> }} style={{ background: '#fff', borderRadius: 8 }}
          renderItem={(f) => (
            <List.Item style={{ padding: 12 }} actions={[
              <Space.Compact key="q">
                <InputNumber min={1} precision={0} value={qty[f.skuId] ?? f.lastUnitQty} style={{ width: 72 }} onChange={(v) => setQty({ ...qty, [f.skuId]: v ?? 1 })} />
                <Button type="primary" icon={<ShoppingCartOutlined />} aria-label={t('cart.addToCart')} onClick={() => add.mutate(f)} />
              </Space.Compact>,
            ]}>
              <List.Item.Meta title={f.name} description={<>
                {f.code}{f.specText ? ` · ${f.specText}` : ''} · {fen(f.unitPrice)}/{f.baseUnit}<br />
                {t('cart.times', { n: f.times })} · {t('cart.last', { qty: f.lastUnitQty, unit: f.lastUnit })} · {date(f.lastOrderedAt)}
              </>} />
            </List.Item>
          )} />
      )}
      <CartBar />
    </div>
  );
}

type Saved = Response<'/api/cart/drafts'>[number];

/** Drafts (暂存) to resume and templates to order from. */
export function SavedPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const setCart = useSetCart();
  const drafts = useQuery({ queryKey: ['cart-saved', 'draft'], queryFn: () => client.get('/api/cart/drafts') });
  const templates = useQuery({ queryKey: ['cart-saved', 'template'], queryFn: () => client.get('/api/cart/templates') });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['cart-saved'] });
  const act = useMutation({
    mutationFn: async ({ kind, id, op }: { kind: 'drafts' | 'templates'; id: number; op: 'resume' | 'to-cart' | 'delete' }) => {
      const path = { id };
      if (op === 'delete') return kind === 'drafts' ? client.del('/api/cart/drafts/{id}', { path }) : client.del('/api/cart/templates/{id}', { path });
      const r = kind === 'drafts' ? await client.post('/api/cart/drafts/{id}/resume', { path }) : await client.post('/api/cart/templates/{id}/to-cart', { path });
      const cart = 'cart' in r ? r.cart : r;
      setCart(cart);
      if ('rows' in r && r.rejected) message.warning(t('cart.reordered', { added: r.added, rejected: r.rejected }) + '：' + r.rows.filter((x) => x.status === 'rejected').map((x) => `${x.code} ${x.message ?? ''}`).join('；'));
      navigate('/cart');
      return r;
    },
    onSuccess: refresh,
    onError: (e) => message.error(errorText(e)),
  });
  const list = (kind: 'drafts' | 'templates', data: Saved[] | undefined) => (
    <List dataSource={data ?? []} locale={{ emptyText: <Empty /> }} style={{ background: '#fff', borderRadius: 8 }}
      renderItem={(s) => (
        <List.Item data-testid={`saved-${kind}`} style={{ padding: 12 }} actions={[
          <Button key="go" type="primary" size="small" onClick={() => act.mutate({ kind, id: s.id, op: kind === 'drafts' ? 'resume' : 'to-cart' })}>{kind === 'drafts' ? t('cart.resume') : t('cart.toCart')}</Button>,
          <Button key="del" size="small" danger onClick={() => act.mutate({ kind, id: s.id, op: 'delete' })}>{t('cart.delete')}</Button>,
        ]}>
          <List.Item.Meta title={s.name} description={`${t('cart.lines', { n: s.lines })} · ${date(s.updatedAt)}`} />
        </List.Item>
      )} />
  );
  return (
    <div data-testid="saved-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>{t('cart.saved')}</Typography.Title>
      <Tabs items={[
        { key: 'd', label: t('cart.drafts'), children: list('drafts', drafts.data) },
        { key: 't', label: t('cart.templates'), children: list('templates', templates.data) },
      ]} />
    </div>
  );
}
