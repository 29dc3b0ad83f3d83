import { Alert, App, Card, Descriptions, List, Space, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { client } from '../lib/client';
import { dateTime, fen } from '../lib/format';
import { useQty } from '../lib/useQty';
import { useFail, type MyOrderEvent } from './api';
import { EventButtons, OrderTimeline, StatusTag } from './parts';
import { ShipmentsPanel } from './ShipmentsPanel';
import { ReorderButton } from '../cart/AddToCart';
import { Slot } from '../lib/slots';
import { OrderDiscountList } from '../marketing/OrderDiscounts';
import { PresaleTag } from '../inventory/PresaleTag';

/** Portal order detail: status, lines, shipments with tracking and receipt, timeline, cancel / approve. */
export function MyOrderDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fail = useFail();
  const qc = useQueryClient();
  const qty = useQty();
  const q = useQuery({ queryKey: ['my-order', id], queryFn: () => client.get('/api/my/orders/{id}', { path: { id: id! } }) });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['my-order', id] });
  const act = useMutation({
    mutationFn: ({ event, note }: { event: MyOrderEvent; note?: string }) => client.post('/api/my/orders/{id}/events', { path: { id: id! }, body: { event, note, version: q.data?.version } }),
    onSuccess: () => message.success(t('orders.done')), onError: fail, onSettled: refresh,
  });
  const o = q.data;
  // paid from the prepaid balance and waiting for approval: the buyer sees what is held for it
  const waiting = !!o && o.paymentMethod === 'balance' && ['awaiting_approval', 'pending_review', 'pending_finance'].includes(o.status);
  const pay = useQuery({ queryKey: ['my-order-payment', id], enabled: waiting, queryFn: () => client.get('/api/my/orders/{id}/payment', { path: { id: id! } }) });
  if (!o) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card size="small" title={<Space wrap>{o.number}<StatusTag status={o.status} /></Space>} extra={<ReorderButton orderId={o.id} size="small" />}>
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('orders.submittedAt')}>{dateTime(o.submittedAt)}</Descriptions.Item>
          {o.discountTotal > 0 && <Descriptions.Item label={t('mk.subtotal')}>{fen(o.subtotal)}</Descriptions.Item>}
          {o.discounts && o.discounts.items.length > 0 && <Descriptions.Item label={t('mk.orderDiscounts')}><OrderDiscountList discounts={o.discounts} /></Descriptions.Item>}
          <Descriptions.Item label={t('orders.total')}><b>{fen(o.total)}</b></Descriptions.Item>
          {(o.rejectReason || o.cancelReason) && <Descriptions.Item label={t('orders.reason')}>{o.rejectReason ?? o.cancelReason}</Descriptions.Item>}
        </Descriptions>
        {waiting && (pay.data?.heldForOrder ?? 0) > 0 && <Alert type="info" showIcon style={{ margin: '8px 0' }} message={t('pay.heldForOrder', { amount: fen(pay.data!.heldForOrder) })} data-testid="held-for-order" />}
        <Space wrap>
          <EventButtons events={o.allowedEvents} busy={act.isPending} onEvent={(event, note) => act.mutate({ event, note })} />
          <Slot name="order.actions" order={o} staff={false} />
        </Space>
      </Card>
      <Card size="small" title={t('orders.lines')}>
        <List dataSource={o.lines} renderItem={(l) => (
          <List.Item>
            <div style={{ width: '100%' }}>
              <div>{l.name} {l.specText}</div>
              <div style={{ display: 'flex', justifyContent: 'space-between' }}>
                <Typography.Text type="secondary" data-testid="line-qty">{fen(l.unitPrice * l.unitFactor)}/{l.unit} × {qty(l.qty, l)}{l.shippedQty ? ` · ${t('orders.shipped')} ${qty(l.shippedQty, l)}` : ''}{l.receivedQty ? ` · ${t('orders.received')} ${qty(l.receivedQty, l)}` : ''}</Typography.Text>
                <span>{fen(l.lineTotal)}</span>
              </div>
              {(l.priceRule as { kind?: string } | null)?.kind === 'quote' && <Tag color="blue">{t('orders.quotedPrice', { number: (l.priceRule as { number?: string }).number ?? '' })}</Tag>}
              {l.waiting && <PresaleTag presale={l.waiting} waiting={qty(l.waiting.qty, l)} />}
            </div>
          </List.Item>
        )} />
      </Card>
      <ShipmentsPanel order={o} staff={false} onChange={refresh} />
      <Card size="small" title={t('orders.timeline')}><OrderTimeline history={o.history} /></Card>
    </Space>
  );
}
