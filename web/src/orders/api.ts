import { App } from 'antd';
import { ApiError } from '../lib/api';
import type { Body, Response } from '../lib/client';

/** The order shapes come from the API's schemas (generated: lib/api-schema.ts). */
export type OrderSummary = Response<'/api/orders'>['items'][number];
export type OrderStatus = OrderSummary['status'];
export type OrderDetail = Response<'/api/orders/{id}'>;
export type OrderLine = OrderDetail['lines'][number];
export type HistoryEntry = OrderDetail['history'][number];
export type Shipment = Response<'/api/orders/{id}/shipments'>[number];
/** Events staff and customers may send (allowedEvents lists the ones open now). */
export type OrderEvent = Body<'/api/orders/{id}/events', 'post'>['event'];
export type MyOrderEvent = Body<'/api/my/orders/{id}/events', 'post'>['event'];
/** Promotions and coupon frozen at submission (marketing). */
export type OrderDiscounts = OrderDetail['discounts'];

/** Events that need a reason typed by the user. */
export const NEEDS_REASON = new Set(['reject', 'finance_reject', 'outbound_reject', 'customer_reject', 'cancel']);
export const DANGER = new Set(['reject', 'finance_reject', 'outbound_reject', 'customer_reject', 'cancel']);

export const STATUS_COLOR: Record<OrderStatus, string> = {
  awaiting_approval: 'purple', pending_review: 'orange', pending_finance: 'orange', awaiting_payment: 'gold', pending_outbound: 'orange', picking: 'blue',
  partially_shipped: 'cyan', shipped: 'cyan', delivered: 'green', completed: 'green', rejected: 'red', cancelled: 'default',
};

/** Status tabs shared by the console and the portal. */
export const TABS: { key: string; statuses: OrderStatus[] }[] = [
  { key: 'all', statuses: [] },
  { key: 'review', statuses: ['awaiting_approval', 'pending_review', 'pending_finance', 'pending_outbound'] },
  { key: 'payment', statuses: ['awaiting_payment'] },
  { key: 'ship', statuses: ['picking', 'partially_shipped'] },
  { key: 'shipping', statuses: ['shipped'] },
  { key: 'done', statuses: ['delivered', 'completed'] },
  { key: 'closed', statuses: ['rejected', 'cancelled'] },
];

/** Shows an API error with its field details. */
export function useFail() {
  const { message } = App.useApp();
  return (e: unknown) => message.error(e instanceof ApiError ? `${e.message}${Array.isArray(e.details) ? '：' + (e.details as { path?: string; message?: string }[]).filter((d) => d.path).map((d) => `${d.path} ${d.message}`).join('；') : ''}` : String(e));
}
