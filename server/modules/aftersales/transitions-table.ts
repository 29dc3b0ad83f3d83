import type { Role } from '../auth/actor';
import { ROLES } from '../auth/actor';

/**
 * THE after-sales transition table (issue 14): every status change of a request is one of these
 * rows, applied by applyAftersalesEvent — nothing else writes aftersales_requests.status. A row
 * allows (from, event) for the listed roles and request kinds. Kinds decide the path:
 *
 *   return_refund  submitted → approved → (returning) → received (inspected) → completed (refund)
 *   exchange       submitted → approved → (returning) → received (inspected) → shipped → completed
 *   refund_only    submitted → approved → completed (refund)
 *   reissue        submitted → approved → shipped → completed
 *
 * A draft is opened by a receipt with shortage or damage (差异收货) and confirmed by the buyer.
 * Rejected, completed and cancelled are final. The buyer may cancel until the goods are received.
 */
export const AFTERSALES_KINDS = ['return_refund', 'refund_only', 'exchange', 'reissue'] as const;
export type AftersalesKind = (typeof AFTERSALES_KINDS)[number];
export const AFTERSALES_STATUSES = ['draft', 'submitted', 'approved', 'rejected', 'returning', 'received', 'shipped', 'completed', 'cancelled'] as const;
export type AftersalesStatus = (typeof AFTERSALES_STATUSES)[number];
export const AFTERSALES_EVENTS = ['confirm', 'approve', 'reject', 'ship_back', 'receive', 'refund', 'ship_replacement', 'confirm_replacement', 'cancel'] as const;
export type AftersalesEvent = (typeof AFTERSALES_EVENTS)[number];
export const FINAL: readonly AftersalesStatus[] = ['rejected', 'completed', 'cancelled'];

export interface AftersalesTransition {
  event: AftersalesEvent;
  from: readonly AftersalesStatus[];
  to: AftersalesStatus;
  roles: readonly Role[];
  kinds: readonly AftersalesKind[];
  /** a reason (note) is required */
  reason?: boolean;
}

const CUSTOMER: Role[] = ['customer_admin', 'customer_buyer'];
const ALL: AftersalesKind[] = [...AFTERSALES_KINDS];
const GOODS_BACK: AftersalesKind[] = ['return_refund', 'exchange'];

export const AFTERSALES_TRANSITIONS: readonly AftersalesTransition[] = [
  { event: 'confirm', from: ['draft'], to: 'submitted', roles: [...CUSTOMER, 'admin', 'sales'], kinds: ALL },
  { event: 'approve', from: ['submitted'], to: 'approved', roles: ['admin', 'sales'], kinds: ALL },
  { event: 'reject', from: ['submitted'], to: 'rejected', roles: ['admin', 'sales'], kinds: ALL, reason: true },
  // the buyer sends the goods back and gives carrier and tracking number
  { event: 'ship_back', from: ['approved'], to: 'returning', roles: CUSTOMER, kinds: GOODS_BACK },
  // the warehouse receives and inspects: per line to stock, to the quarantine warehouse, or refused
  { event: 'receive', from: ['approved', 'returning'], to: 'received', roles: ['admin', 'warehouse'], kinds: GOODS_BACK },
  // finance refunds: credit note on the receivable, money back to balance / original payment
  { event: 'refund', from: ['received'], to: 'completed', roles: ['admin', 'finance'], kinds: ['return_refund'] },
  { event: 'refund', from: ['approved'], to: 'completed', roles: ['admin', 'finance'], kinds: ['refund_only'] },
  { event: 'ship_replacement', from: ['received'], to: 'shipped', roles: ['admin', 'warehouse'], kinds: ['exchange'] },
  { event: 'ship_replacement', from: ['approved'], to: 'shipped', roles: ['admin', 'warehouse'], kinds: ['reissue'] },
  { event: 'confirm_replacement', from: ['shipped'], to: 'completed', roles: [...CUSTOMER, 'admin'], kinds: ['exchange', 'reissue'] },
  { event: 'cancel', from: ['draft', 'submitted', 'approved', 'returning'], to: 'cancelled', roles: [...CUSTOMER, 'admin'], kinds: ALL },
];

/** Checked at load: known statuses, events and roles; one row per (state, event, kind); final states final. */
export function validateAftersalesTable(table: readonly AftersalesTransition[] = AFTERSALES_TRANSITIONS): void {
  const seen = new Set<string>();
  for (const t of table) {
    if (!AFTERSALES_EVENTS.includes(t.event)) throw new Error(`aftersales transition: unknown event ${t.event}`);
    if (!AFTERSALES_STATUSES.includes(t.to)) throw new Error(`aftersales transition ${t.event}: unknown status ${t.to}`);
    for (const r of t.roles) if (!ROLES.includes(r)) throw new Error(`aftersales transition ${t.event}: unknown role ${r}`);
    for (const f of t.from) {
      if (!AFTERSALES_STATUSES.includes(f)) throw new Error(`aftersales transition ${t.event}: unknown status ${f}`);
      if (FINAL.includes(f)) throw new Error(`aftersales transition ${t.event} leaves final ${f}`);
      for (const k of t.kinds) {
        const key = `${f}:${t.event}:${k}`;
        if (seen.has(key)) throw new Error(`two aftersales transitions for ${key}`);
        seen.add(key);
      }
    }
  }
}
validateAftersalesTable();

export const aftersalesTransitionFor = (status: AftersalesStatus, event: AftersalesEvent, kind: AftersalesKind) =>
  AFTERSALES_TRANSITIONS.find((t) => t.event === event && t.from.includes(status) && t.kinds.includes(kind));

/** The events `role` may fire on a request of `kind` in `status` (the detail screen's buttons). */
export function allowedAftersalesEvents(status: AftersalesStatus, kind: AftersalesKind, role: Role): AftersalesEvent[] {
  return AFTERSALES_TRANSITIONS.filter((t) => t.from.includes(status) && t.kinds.includes(kind) && t.roles.includes(role)).map((t) => t.event);
}
