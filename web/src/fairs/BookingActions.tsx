import { App, Button, InputNumber, List, Modal, Popconfirm, Space, Tag, Typography, type ButtonProps } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../lib/client';
import { dateTime, fen } from '../lib/format';
import { useFail } from '../customers/common';
import { useOnlinePay } from '../payments/OnlinePayQr';
import { DEPOSIT_COLOR, priceAt, type Booking, type FairItem } from './types';

/** The deposit of a booking: its state, the deadline while unpaid, overdue marked. */
export function DepositTag({ b }: { b: Booking }) {
  const { t } = useTranslation();
  // a cancelled booking owes nothing: an unpaid deposit is no longer asked for
  if (b.deposit <= 0 || (b.status === 'cancelled' && b.depositStatus === 'unpaid')) return null;
  return (
    <Space size={4} wrap data-testid="booking-deposit">
      <Tag color={b.depositOverdue ? 'red' : DEPOSIT_COLOR[b.depositStatus]}>
        {t(`fair.dst.${b.depositStatus}`, { amount: fen(b.deposit) })}{b.depositStatus === 'held' && b.depositApplied > 0 ? ` ${t('fair.depositApplied', { amount: fen(b.depositApplied) })}` : ''}
      </Tag>
      {b.depositOverdue ? <Tag color="red">{t('fair.depositOverdue')}</Tag>
        : b.depositStatus === 'unpaid' && b.depositDueAt && <Typography.Text type="secondary">{t('fair.payBy', { at: dateTime(b.depositDueAt) })}</Typography.Text>}
    </Space>
  );
}

type Who = 'buyer' | 'staff';
/**
 * What can be done with a booking: pay its deposit (the buyer, before the deadline), change its
 * quantities or cancel it (while the fair is open), release it (staff, deposit overdue). Each
 * answer refreshes the fair's queries; a refusal shows the server's message (what to fix).
 */
export function BookingActions({ b, who, open, items, refundRule, refresh }: { b: Booking; who: Who; open: boolean; items: FairItem[]; refundRule: 'refund' | 'forfeit'; refresh: () => void }) {
  const { t } = useTranslation();
  const fail = useFail();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const done = (text: string) => {
    void message.success(text);
    refresh();
    void qc.invalidateQueries({ queryKey: ['my-account'] });
  };
  const pay = useMutation({ mutationFn: () => client.post('/api/my/fair-bookings/{id}/deposit', { path: { id: b.id } }), onSuccess: () => done(t('fair.depositPaid')), onError: fail });
  const cancel = useMutation({
    mutationFn: () => (who === 'buyer' ? client.post('/api/my/fair-bookings/{id}/cancel', { path: { id: b.id } }) : client.post('/api/fairs/{id}/bookings/{bookingId}/cancel', { path: { id: b.fairId, bookingId: b.id } })),
    onSuccess: () => done(t('fair.cancelled')), onError: fail,
  });
  // the deposit paid online: a top-up of exactly the deposit, held once the provider confirms it
  const online = useOnlinePay(() => done(t('fair.depositPaidOnline')));
  const payOnline = useMutation({
    mutationFn: () => online.start((channel) => client.post('/api/my/fair-bookings/{id}/deposit/online', { path: { id: b.id }, body: { channel } })),
    onError: fail,
  });
  const release = useMutation({ mutationFn: () => client.post('/api/fairs/{id}/bookings/{bookingId}/release', { path: { id: b.fairId, bookingId: b.id } }), onSuccess: () => done(t('fair.released')), onError: fail });
  if (b.status !== 'booked') return null;
  const kept = who === 'buyer' && refundRule === 'forfeit' && b.depositStatus === 'held';
  return (
    <Space wrap size={4}>
      {who === 'buyer' && b.depositStatus === 'unpaid' && !b.depositOverdue && (
        <Button size="small" type="primary" loading={pay.isPending} onClick={() => pay.mutate()} data-testid="booking-pay-deposit">{t('fair.payDeposit', { amount: fen(b.deposit) })}</Button>
      )}
      {who === 'buyer' && b.depositStatus === 'unpaid' && !b.depositOverdue && (
        <Button size="small" loading={payOnline.isPending} onClick={() => payOnline.mutate()} data-testid="booking-pay-online">{t('fair.payOnline')}</Button>
      )}
      {online.modal}
      {open && <Button size="small" onClick={() => setEditing(true)} data-testid="booking-edit">{t('fair.editBooking')}</Button>}
      {open && (
        <Popconfirm title={t('fair.cancelBooking')} description={b.depositStatus === 'held' ? t(kept ? 'fair.cancelKeeps' : 'fair.cancelRefunds', { amount: fen(b.deposit) }) : undefined}
          okText={t('fair.cancelBooking')} cancelText={t('fair.keep')} onConfirm={() => cancel.mutate()}>
          <Button size="small" danger loading={cancel.isPending} data-testid="booking-cancel">{t('fair.cancelBooking')}</Button>
        </Popconfirm>
      )}
      {who === 'staff' && b.depositOverdue && (
        <Popconfirm title={t('fair.release')} description={t('fair.releaseHint')} onConfirm={() => release.mutate()}>
          <Button size="small" danger loading={release.isPending} data-testid="booking-release">{t('fair.release')}</Button>
        </Popconfirm>
      )}
      {editing && <EditBooking b={b} who={who} items={items} onClose={() => setEditing(false)} onSaved={() => { setEditing(false); done(t('fair.changed')); }} />}
    </Space>
  );
}

/** Changes a booking's quantities (0 takes a product out); the server re-checks the quotas and the deposit follows. */
function EditBooking({ b, who, items, onClose, onSaved }: { b: Booking; who: Who; items: FairItem[]; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const fail = useFail();
  const [qty, setQty] = useState<Record<number, number>>(() => Object.fromEntries(b.lines.map((l) => [l.skuId, l.qty])));
  const lines = items.filter((i) => (qty[i.skuId] ?? 0) > 0).map((i) => ({ skuId: i.skuId, qty: qty[i.skuId]! }));
  const total = items.reduce((a, i) => a + priceAt(i.prices, qty[i.skuId] ?? 0) * (qty[i.skuId] ?? 0), 0);
  const save = useMutation({
    mutationFn: () => (who === 'buyer'
      ? client.put('/api/my/fair-bookings/{id}', { path: { id: b.id }, body: { lines, note: b.note } })
      : client.put('/api/fairs/{id}/bookings/{bookingId}', { path: { id: b.fairId, bookingId: b.id }, body: { lines, note: b.note } })),
    onSuccess: onSaved, onError: fail,
  });
  return (
    <Modal open title={t('fair.editTitle', { number: b.number })} onCancel={onClose} onOk={() => save.mutate()} okText={t('fair.saveChange')} cancelText={t('fair.keep')}
      confirmLoading={save.isPending} okButtonProps={{ disabled: !lines.length, 'data-testid': 'booking-save' } as ButtonProps} width={440}>
      <List size="small" dataSource={items} renderItem={(i) => (
        <List.Item extra={<InputNumber min={0} max={10_000_000} precision={0} value={qty[i.skuId] ?? 0} addonAfter={i.unit} style={{ width: 130 }}
          aria-label={`${t('fair.qty')} ${i.code}`} data-testid={`edit-qty-${i.code}`} onChange={(v) => setQty((o) => ({ ...o, [i.skuId]: Number(v ?? 0) }))} />}>
          <Space direction="vertical" size={0}><span>{i.name}</span><Typography.Text type="secondary">{fen(priceAt(i.prices, qty[i.skuId] ?? 0))}/{i.unit}</Typography.Text></Space>
        </List.Item>
      )} />
      <Typography.Text strong>{t('fair.total')} {fen(total)}</Typography.Text>
    </Modal>
  );
}
