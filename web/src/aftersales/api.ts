import type { Photo } from './Photos';

export type Kind = 'return_refund' | 'refund_only' | 'exchange' | 'reissue';
export type Status = 'draft' | 'submitted' | 'approved' | 'rejected' | 'returning' | 'received' | 'shipped' | 'completed' | 'cancelled';
export const KINDS: Kind[] = ['return_refund', 'refund_only', 'exchange', 'reissue'];
export const STATUSES: Status[] = ['draft', 'submitted', 'approved', 'returning', 'received', 'shipped', 'completed', 'rejected', 'cancelled'];
export const STATUS_COLOR: Record<Status, string> = {
  draft: 'purple', submitted: 'orange', approved: 'blue', returning: 'cyan', received: 'geekblue', shipped: 'cyan', completed: 'green', rejected: 'red', cancelled: 'default',
};

export interface Listed {
  id: number; number: string; kind: Kind; status: Status; version: number; source: 'buyer' | 'staff' | 'receipt'; companyId: number; companyName: string;
  orderId: number; orderNumber: string; shipmentId: number | null; reasonZh: string; reasonEn: string; description: string | null; summary: string;
  refundAmount: number | null; createdAt: string; updatedAt: string; overdue: boolean;
}
export interface Line {
  id: number; orderLineId: number; skuCode: string; name: string; unit: string; unitFactor: number; baseUnit: string; qty: number; qtyText: string;
  heldQty: number; replacementQty: number; replacementQtyText: string | null;
  toStockQty: number; defectiveQty: number; refusedQty: number; refuseReason: string | null; paidAmount: number;
}
export interface Detail extends Listed {
  returnCarrier: string | null; returnTrackingNo: string | null; replacementCarrier: string | null; replacementTrackingNo: string | null;
  refundDestination: 'balance' | 'original' | null; refundNote: string | null; creditAmount: number; rejectReason: string | null; cancelReason: string | null;
  replacementShippedAt: string | null; submittedAt: string | null; approvedAt: string | null; receivedAt: string | null; completedAt: string | null;
  lines: Line[];
  history: { id: number; at: string; event: string; fromStatus: string | null; toStatus: string; actorLabel: string | null; note: string | null }[];
  refunds: { id: number; number: string; amount: number; destination: string; status: string }[];
  events: string[];
  photos: Photo[];
  shipments: Shipment[];
}
/** A replacement's shipment (the shipping module's, numbered SH…-1), quantities in base units. */
export interface Shipment {
  id: number; number: string; warehouseName: string; carrier: string; trackingNo: string | null; shippedAt: string; status: 'in_transit' | 'received'; receivedAt: string | null;
  lines: { orderLineId: number; skuCode: string; name: string; specText: string; unit: string; unitFactor: number; baseUnit: string; qty: number }[];
  tracking: { id: number; at: string; place: string | null; description: string }[];
}
export interface Options {
  orderId: number; orderNumber: string; orderStatus: string; windowDays: number; windowEndsAt: string | null; windowOpen: boolean;
  lines: { id: number; name: string; specText: string; skuCode: string; unit: string; unitFactor: number; baseUnit: string; qty: number; shippedQty: number; availableQty: number; requestedQty: number; paidTotal: number }[];
}
export interface Reason { id: number; code: string; nameZh: string; nameEn: string; active: boolean }

/** The steps a request of this kind goes through, for the progress bar. */
export function pathOf(kind: Kind): Status[] {
  if (kind === 'refund_only') return ['submitted', 'approved', 'completed'];
  if (kind === 'reissue') return ['submitted', 'approved', 'shipped', 'completed'];
  if (kind === 'exchange') return ['submitted', 'approved', 'returning', 'received', 'shipped', 'completed'];
  return ['submitted', 'approved', 'returning', 'received', 'completed'];
}

/** Final states: no more photos or steps. */
export const FINAL_STATUSES: Status[] = ['rejected', 'completed', 'cancelled'];
