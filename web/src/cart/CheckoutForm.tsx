import { Alert, App, Button, Card, DatePicker, Empty, Form, Input, Radio, Spin, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { client } from '../lib/client';
import { ApiError } from '../lib/api';
import { fen } from '../lib/format';
import { CartLines, TotalsBox } from './CartLines';
import { CartPromotions } from '../marketing/CartPromotions';
import { CheckoutDeductions, deductionQuery, NO_DEDUCTIONS, type Deductions } from '../marketing/CheckoutDeductions';
import { errorText, newKey, type PayMethod, type Submitted } from './useCart';

interface Values { addressId: number; wishedDeliveryDate?: Dayjs | null; invoiceType: 'none' | 'normal' | 'special'; customerPo?: string; note?: string; paymentMethod: PayMethod }

/**
 * Checkout: address, wished date, invoice, PO number, payment method (those the customer's terms
 * allow), note and the price breakdown. One idempotency key per attempt, so a double tap or a
 * retried request never makes a second order.
 */
export function CheckoutForm({ customerId, onDone }: { customerId?: number; onDone: (s: Submitted) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [key, setKey] = useState(newKey);
  const [deduct, setDeduct] = useState<Deductions>(NO_DEDUCTIONS);
  const preview = useQuery({
    queryKey: ['cart-checkout', customerId ?? 'mine', deduct], queryFn: () => client.get('/api/cart/checkout', { query: { customerId, ...deductionQuery(deduct) } }),
    placeholderData: (prev) => prev,
  });
  const p = preview.data;
  const initial = useMemo(() => (p ? {
    addressId: (p.addresses.find((a) => a.isDefault) ?? p.addresses[0])?.id, invoiceType: 'none' as const, paymentMethod: p.defaultPaymentMethod ?? undefined,
  } : undefined), [p]);
  const submit = useMutation({
    mutationFn: (v: Values) => client.post('/api/cart/submit', { query: { customerId }, idempotencyKey: key, body: {
      addressId: v.addressId, paymentMethod: v.paymentMethod, invoiceType: v.invoiceType, customerPo: v.customerPo || null, note: v.note || null,
      wishedDeliveryDate: v.wishedDeliveryDate ? v.wishedDeliveryDate.format('YYYY-MM-DD') : null, expectedTotal: p?.cart.totals.total, couponId: p?.cart.marketing?.coupon?.id ?? null,
      rebate: p?.cart.marketing?.funds.rebate.used || undefined, points: p?.cart.marketing?.funds.points.used || undefined,
    } }),
    onSuccess: (s) => {
      void qc.invalidateQueries({ queryKey: ['cart'] });
      void qc.invalidateQueries({ queryKey: ['cart-count'] });
      onDone(s);
    },
    onError: (e) => {
      // The refused attempt wrote nothing; the next one is a new submission with a new key.
      setKey(newKey());
      if (e instanceof ApiError && e.code === 'PRICE_CHANGED') message.warning(t('cart.priceChanged'));
      else message.error(errorText(e));
      void preview.refetch();
    },
  });
  if (preview.isLoading) return <div style={{ padding: 48, textAlign: 'center' }}><Spin /></div>;
  if (!p) return <Alert type="error" title={errorText(preview.error)} />;
  if (p.cart.lines.length === 0) return <Empty description={t('cart.empty')} />;

  return (
    <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => submit.mutate(v)} data-testid="checkout-form">
      {!p.customerActive && <Alert type="error" showIcon title={t('cart.suspended')} style={{ marginBottom: 12 }} />}
      {p.willNeedApproval && p.buyerLimit != null && <Alert type="info" showIcon title={t('cart.needApproval', { limit: fen(p.buyerLimit) })} style={{ marginBottom: 12 }} />}
      <Card size="small" title={t('cart.address')} style={{ marginBottom: 12 }}>
        {p.addresses.length === 0 ? <Typography.Text type="danger">{t('cart.addAddress')}</Typography.Text> : (
          <Form.Item name="addressId" rules={[{ required: true }]} style={{ marginBottom: 0 }}>
            <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
              {p.addresses.map((a) => (
                <Radio key={a.id} value={a.id} data-testid="address-option">
                  <span style={{ fontWeight: 500 }}>{a.recipient} {a.phone}</span><br />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{a.province}{a.city}{a.district ?? ''}{a.address}</Typography.Text>
                </Radio>
              ))}
            </Radio.Group>
          </Form.Item>
        )}
      </Card>
      <Card size="small" title={`${p.customer.name} · ${t('cart.lines', { n: p.cart.totals.lines })}`} style={{ marginBottom: 12 }}>
        <CartLines cart={p.cart} customerId={customerId} readOnly />
      </Card>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Form.Item name="paymentMethod" label={t('cart.payment')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" buttonStyle="solid" options={p.paymentMethods.map((m) => ({ value: m, label: t(`cart.pay.${m}`) }))} />
        </Form.Item>
        <Form.Item name="invoiceType" label={t('cart.invoice')}>
          <Radio.Group options={p.invoiceTypes.map((v) => ({ value: v, label: t(`cart.invoice${v[0]!.toUpperCase()}${v.slice(1)}`) }))} />
        </Form.Item>
        {p.invoiceProfile && <Typography.Text type="secondary" style={{ display: 'block', marginTop: -16, marginBottom: 12, fontSize: 12 }}>{p.invoiceProfile.title} · {p.invoiceProfile.taxNo}</Typography.Text>}
        <Form.Item name="wishedDeliveryDate" label={t('cart.wishedDate')}>
          <DatePicker style={{ width: '100%' }} inputReadOnly disabledDate={(d) => d.isBefore(dayjs().startOf('day'))} />
        </Form.Item>
        <Form.Item name="customerPo" label={t('cart.po')}><Input maxLength={64} /></Form.Item>
        <Form.Item name="note" label={t('cart.note')}><Input.TextArea maxLength={500} rows={2} /></Form.Item>
      </Card>
      <Card size="small">
        <CheckoutDeductions marketing={p.cart.marketing} value={deduct} onChange={setDeduct} />
        <CartPromotions marketing={p.cart.marketing} compact />
        <TotalsBox totals={p.cart.totals} />
        <Button type="primary" htmlType="submit" size="large" block data-testid="submit-order" style={{ marginTop: 12 }}
          loading={submit.isPending} disabled={preview.isFetching || !p.cart.ok || !p.addresses.length || !p.customerActive || !p.paymentMethods.length}>
          {submit.isPending ? t('cart.submitting') : `${t('cart.submit')} ${fen(p.cart.totals.total)}`}
        </Button>
      </Card>
    </Form>
  );
}
