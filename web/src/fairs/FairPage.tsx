import { Alert, Button, Card, Empty, InputNumber, List, Progress, Space, Tabs, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { client } from '../lib/client';
import { usePaymentReturn } from '../payments/OnlinePayQr';
import { dateTime, fen } from '../lib/format';
import { useFail } from '../customers/common';
import { StatusTag } from '../orders/parts';
import type { OrderStatus } from '../orders/api';
import { BookingActions, DepositTag } from './BookingActions';
import { Countdown } from './Countdown';
import { priceAt, STATE_COLOR, type Booking, type MyFair } from './types';

const newKey = () => `fair-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;

/** Portal (phone first): a fair's landing page — countdown, my quota, its products at fair prices to book, and my bookings with their delivery orders. */
export function FairPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const qc = useQueryClient();
  const fail = useFail();
  const fair = useQuery({ queryKey: ['my-fair', id], queryFn: () => client.get('/api/my/fairs/{id}', { path: { id } }) });
  const bookings = useQuery({ queryKey: ['my-fair-bookings', id], queryFn: () => client.get('/api/my/fair-bookings', { query: { fairId: id } }) });
  const [qty, setQty] = useState<Record<number, number>>({});
  // back from the provider's page after paying a deposit online: the buyer's bookings, refreshed
  const [search] = useSearchParams();
  const [tab, setTab] = useState(search.has('payment') ? 'mine' : 'book');
  usePaymentReturn(() => {
    void qc.invalidateQueries({ queryKey: ['my-fair', id] });
    void qc.invalidateQueries({ queryKey: ['my-fair-bookings', id] });
  });
  const [done, setDone] = useState<string | null>(null);
  const key = useRef(newKey());
  const f = fair.data;
  const lines = f ? f.items.filter((i) => (qty[i.skuId] ?? 0) > 0).map((i) => ({ skuId: i.skuId, qty: qty[i.skuId]!, unitPrice: priceAt(i.prices, qty[i.skuId]!) })) : [];
  const total = lines.reduce((a, l) => a + l.unitPrice * l.qty, 0);
  const deposit = !f || f.depositKind === 'none' ? 0 : f.depositKind === 'percent' ? Math.round((total * f.depositValue) / 10_000) : Math.min(f.depositValue, total);
  const submit = useMutation({
    mutationFn: () => client.post('/api/my/fairs/{id}/bookings', { path: { id }, body: { lines: lines.map(({ skuId, qty: q }) => ({ skuId, qty: q })) }, idempotencyKey: key.current }),
    onSuccess: (b) => {
      key.current = newKey();
      setQty({});
      setDone(b.number);
      setTab('mine');
      void qc.invalidateQueries({ queryKey: ['my-fair', id] });
      void qc.invalidateQueries({ queryKey: ['my-fair-bookings', id] });
    },
    onError: (e) => {
      key.current = newKey();
      fail(e);
    },
  });
  if (!f) return <Card loading={fair.isLoading} />;
  const q = f.quota;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="fair-page">
      <Card size="small">
        <Space direction="vertical" size={4} style={{ width: '100%' }}>
          <Space wrap><Typography.Title level={5} style={{ margin: 0 }}>{f.name}</Typography.Title><Tag color={STATE_COLOR[f.state]}>{t(`fair.st.${f.state}`)}</Tag></Space>
          <Countdown opensAt={f.opensAt} closesAt={f.closesAt} serverNow={f.serverNow} onEdge={() => void fair.refetch()} />
          <Typography.Text type="secondary">{dateTime(f.opensAt)} – {dateTime(f.closesAt)}</Typography.Text>
          {f.note && <Typography.Paragraph style={{ margin: 0 }}>{f.note}</Typography.Paragraph>}
          <div data-testid="fair-quota">
            <Typography.Text strong>{t('fair.quota')}：</Typography.Text>
            {q.maxAmount != null ? <>{t('fair.quotaUsed', { booked: fen(q.booked), max: fen(q.maxAmount) })}<Progress percent={Math.min(100, Math.round((q.booked * 100) / q.maxAmount))} size="small" /></> : <>{fen(q.booked)} · {t('fair.noQuota')}</>}
            {q.minAmount != null && <div><Typography.Text type="secondary">{t('fair.quotaMin', { min: fen(q.minAmount) })}</Typography.Text></div>}
          </div>
        </Space>
      </Card>
      {done && <Alert type="success" showIcon closable onClose={() => setDone(null)} message={t('fair.submitted', { number: done })} data-testid="fair-booked" />}
      <Tabs activeKey={tab} onChange={setTab} items={[
        {
          key: 'book', label: t('fair.tabBook'), children: (
            <Space direction="vertical" style={{ width: '100%', paddingBottom: 96 }}>
              <List dataSource={f.items} renderItem={(i) => {
                const n = qty[i.skuId] ?? 0;
                const booked = q.bookedQty[String(i.skuId)] ?? 0;
                return (
                  <List.Item data-testid="fair-item" style={{ display: 'block' }}>
                    <div><b>{i.name}</b> <Typography.Text type="secondary" translate="no">{i.code}</Typography.Text>{i.specText && <Typography.Text type="secondary"> {i.specText}</Typography.Text>}</div>
                    <Space wrap size={4}>
                      <Typography.Text type="danger" strong>{fen(priceAt(i.prices, n))}/{i.unit}</Typography.Text>
                      <Typography.Text delete type="secondary">{fen(i.basePrice)}</Typography.Text>
                      {i.prices.filter((p) => p.minQty > 1).map((p) => <Tag key={p.minQty} color="orange">{t('fair.breaks', { qty: p.minQty, unit: i.unit, price: fen(p.unitPrice) })}</Tag>)}
                      {i.minQty != null && <Tag>{t('fair.perMin', { min: `${i.minQty} ${i.unit}` })}</Tag>}
                      {i.maxQty != null && <Tag>{t('fair.perLimit', { max: `${i.maxQty} ${i.unit}` })}</Tag>}
                      {booked > 0 && <Tag color="green">{t('fair.bookedQty', { qty: `${booked} ${i.unit}` })}</Tag>}
                    </Space>
                    <div style={{ marginTop: 6 }}>
                      <InputNumber min={0} max={10_000_000} precision={0} value={n || null} placeholder="0" addonAfter={i.unit} disabled={f.state !== 'open'}
                        aria-label={`${t('fair.qty')} ${i.code}`} data-testid={`fair-qty-${i.code}`} style={{ width: 160 }}
                        onChange={(v) => setQty((o) => ({ ...o, [i.skuId]: Number(v ?? 0) }))} />
                    </div>
                  </List.Item>
                );
              }} />
              <Card size="small" style={{ position: 'sticky', bottom: 64, zIndex: 2 }} data-testid="fair-cart">
                <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
                  <Space direction="vertical" size={0}>
                    <span>{t('fair.total')} <Typography.Text strong type="danger">{fen(total)}</Typography.Text></span>
                    {deposit > 0 && <Typography.Text type="secondary" data-testid="fair-deposit-rule">{t('fair.depositDue', { amount: fen(deposit) })}，{f.depositDueAt ? t('fair.depositBy', { at: dateTime(f.depositDueAt) }) : t('fair.depositAtBooking')}</Typography.Text>}
                  </Space>
                  <Button type="primary" size="large" disabled={f.state !== 'open' || !lines.length} loading={submit.isPending} onClick={() => submit.mutate()} data-testid="fair-submit">{t('fair.submit')}</Button>
                </Space>
              </Card>
            </Space>
          ),
        },
        { key: 'mine', label: t('fair.tabMine'), children: <MyBookings bookings={bookings.data} loading={bookings.isLoading} fair={f} refresh={() => { void fair.refetch(); void bookings.refetch(); }} /> },
      ]} />
    </Space>
  );
}

/** My bookings of a fair: lines with how much has become orders, and the delivery orders themselves. */
export function MyBookings({ bookings, loading, fair, refresh }: { bookings?: Booking[]; loading?: boolean; fair: MyFair; refresh: () => void }) {
  const { t } = useTranslation();
  if (bookings && !bookings.length) return <Empty description={t('fair.noBookings')} />;
  return (
    <List loading={loading} dataSource={bookings ?? []} renderItem={(b) => {
      const all = b.lines.reduce((a, l) => a + l.qty, 0);
      const done = b.lines.reduce((a, l) => a + l.convertedQty, 0);
      return (
        <List.Item style={{ display: 'block' }} data-testid="my-booking">
          <Space wrap><b translate="no">{b.number}</b><Tag color={b.status === 'converted' ? 'green' : b.status === 'cancelled' ? 'red' : 'blue'}>{t(`fair.bst.${b.status}`)}</Tag>
            <Typography.Text strong>{fen(b.total)}</Typography.Text><DepositTag b={b} /></Space>
          <div><Typography.Text type="secondary">{dateTime(b.createdAt)}</Typography.Text></div>
          {b.lines.map((l) => <div key={l.id}>{l.name} × {l.qty} {l.unit} · {fen(l.unitPrice)} {l.convertedQty > 0 && <Tag color="green">{`${l.convertedQty}/${l.qty} ${l.unit}`}</Tag>}</div>)}
          {b.status !== 'cancelled' && <Progress percent={all ? Math.round((done * 100) / all) : 0} size="small" format={() => t('fair.deliveryProgress', { done, all })} />}
          {b.cancelReason && <div><Typography.Text type="secondary">{b.cancelReason}</Typography.Text></div>}
          <BookingActions b={b} who="buyer" open={fair.state === 'open'} items={fair.items} refundRule={fair.depositRefund} refresh={refresh} />
          {b.orders.map((o) => (
            <div key={o.orderId} data-testid="booking-order">
              <Space wrap><Link to={`/orders/${o.orderId}`} translate="no">{o.number}</Link><StatusTag status={o.status as OrderStatus} />
                {o.deliveryDate && <Typography.Text type="secondary">{t('fair.delivery', { date: o.deliveryDate })}</Typography.Text>}<span>{fen(o.total)}</span></Space>
            </div>
          ))}
        </List.Item>
      );
    }} />
  );
}
