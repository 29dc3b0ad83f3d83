import { App } from 'antd';
import { ApiError } from '../lib/api';

export type OrderStatus = 'awaiting_approval' | 'pending_review' | 'pending_finance' | 'awaiting_payment' | 'pending_outbound' | 'picking' | 'partially_shipped' | 'shipped' | 'delivered' | 'completed' | 'rejected' | 'cancelled';

export interface OrderSummary {
  id: number; number: string; companyId: number; companyName: string; buyerName: string | null; salesRepName: string | null; status: OrderStatus;
  paymentStatus: string; paymentMethod: string | null; urgent: boolean; total: number; paidTotal: number; lineCount: number; version: number; submittedAt: string; updatedAt: string;
}
export interface OrderLine { id: number; lineNo: number; skuId: number; skuCode: string; name: string; specText: string; unit: string; unitFactor: number; baseUnit: string; qty: number; unitPrice: number; basePrice: number; lineTotal: number; shippedQty: number; receivedQty: number; reservedQty: number; allocations: { warehouseId: number; warehouseName: string; qty: number }[] }
export interface HistoryEntry { id: number; at: string; event: string; fromStatus: string | null; toStatus: string; actorLabel: string | null; actorName: string | null; actorRole: string | null; note: string | null; data?: unknown }
export interface OrderDetail extends OrderSummary {
  subtotal: number; discountTotal: number; shippingFee: number; address: Record<string, string> | null; note: string | null; customerPo: string | null;
  cancelReason: string | null; rejectReason: string | null; lines: OrderLine[]; history: HistoryEntry[]; allowedEvents: string[];
  credit: { configured: boolean; ok: boolean | null; code: string | null; overdue: number; summary: string | null } | null;
  /** promotions and coupon frozen at submission (marketing) */
  discounts?: OrderDiscounts;
}
export interface OrderDiscounts {
  discount: number;
  items: { id: number; kind: string; name: string; amount: number; detail: string; giftQty: number | null; giftGiven: boolean | null; released: boolean }[];
  lines: { orderLineId: number; discount: number }[];
}
export interface Shipment {
  id: number; number: string; orderId: number; warehouseId: number; warehouseName: string; carrier: string; trackingNo: string | null; shippedAt: string;
  estimatedDelivery: string | null; status: 'in_transit' | 'received'; receivedAt: string | null; autoReceived: boolean; receiptNote: string | null;
  lines: { orderLineId: number; lineNo: number; skuCode: string; name: string; specText: string; unit: string; unitFactor: number; baseUnit: string; orderedQty: number; qty: number; receivedQty: number | null; damagedQty: number; discrepancyNote: string | null }[];
  tracking: { id: number; at: string; place: string | null; description: string; source: string }[];
}

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
