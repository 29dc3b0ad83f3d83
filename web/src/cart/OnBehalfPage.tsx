import { Alert, Button, Card, Result, Select, Space, Steps, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { client, type Response } from '../lib/client';
import { fen } from '../lib/format';
import { CartPanel } from './CartPage';
import { CheckoutForm } from './CheckoutForm';
import { QuickEntry } from './QuickEntry';
import type { Submitted } from './useCart';


/** 代客下单: a sales rep (own customers) or the order desk picks a customer, builds the cart and submits. */
type Customer = Response<'/api/customers'>['items'][number];

export function OnBehalfPage() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [step, setStep] = useState(0);
  const [done, setDone] = useState<Submitted | null>(null);
  const list = useQuery({ queryKey: ['customers-pick', q], queryFn: () => client.get('/api/customers', { query: { q, pageSize: 20 } }) });
  const reset = () => {
    setDone(null);
    setStep(customer ? 1 : 0);
  };
  if (done) {
    return (
      <Result status="success" data-testid="order-done" title={t('cart.onBehalfDone')}
        subTitle={<span>{customer?.name} · {t('cart.orderNo')}：<b data-testid="order-number">{done.order.number}</b> · {fen(done.order.total)} · {t(`cart.st.${done.order.status}`, { defaultValue: done.order.status })}</span>}
        extra={[<Link key="o" to={`/admin/orders/${done.order.id}`}><Button type="primary">{t('cart.viewOrder')}</Button></Link>, <Button key="n" onClick={reset}>{t('cart.continue')}</Button>]} />
    );
  }
  return (
    <div data-testid="on-behalf-page">
      <Steps size="small" current={step} style={{ marginBottom: 16 }} items={[{ title: t('cart.stepCustomer') }, { title: t('cart.stepCart') }, { title: t('cart.stepCheckout') }]} />
      {step === 0 && (
        <Card size="small" title={t('cart.pickCustomer')}>
          <Select showSearch data-testid="customer-pick" style={{ width: '100%', maxWidth: 480 }} placeholder={t('cart.customerHint')} filterOption={false}
            onSearch={setQ} loading={list.isLoading} value={customer?.id}
            onChange={(id: number) => {
              setCustomer(list.data?.items.find((c) => c.id === id) ?? null);
              setStep(1);
            }}
            options={(list.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.code} ${c.name}`, disabled: c.status !== 'active' }))} />
        </Card>
      )}
      {step > 0 && customer && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('cart.forCustomer', { name: `${customer.code} ${customer.name}` })}
          action={<Button size="small" onClick={() => setStep(0)}>{t('cart.changeCustomer')}</Button>} />
      )}
      {step === 1 && customer && (
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(340px, 1fr))', gap: 16, alignItems: 'start' }}>
          <QuickEntry customerId={customer.id} />
          <div>
            <Typography.Title level={5} style={{ marginTop: 0 }}>{t('cart.title')}</Typography.Title>
            <CartPanel customerId={customer.id} onCheckout={() => setStep(2)} />
          </div>
        </div>
      )}
      {step === 2 && customer && (
        <div style={{ maxWidth: 720 }}>
          <Space style={{ marginBottom: 8 }}><Button onClick={() => setStep(1)}>{t('cart.back')}</Button></Space>
          <CheckoutForm customerId={customer.id} onDone={setDone} />
        </div>
      )}
    </div>
  );
}
