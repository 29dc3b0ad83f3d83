import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError, notFound } from '../../lib/errors';
import { actorLabel } from '../../lib/actor-label';
import type { Actor, Role } from '../auth/actor';
import { ROLES } from '../auth/actor';
import { audit } from '../platform/audit';
import { emit } from '../platform/outbox';
import { autoApproveVerdict, creditStatus, shippedProgress, type WorkflowOrder } from './guards';
import { getWorkflowSettings, nextStep, type ChainOrder, type WorkflowSettings } from './settings';
import { ORDER_STATUSES, type OrderStatus } from './status';
import { ORDER_ENTITY } from './messages';
import { noticeTransition } from './notices';
import { STEPS, UNDO_ALL, type Step } from './lifecycle';
import './tables';
import '../customers/tables';

/**
 * THE order transition table: every status change of an order is one of these rows, applied by
 * applyOrderEvent — nothing else writes orders.status. `to: 'next'` is the next step of the
 * supplier's review chain (settings.ts), `to: 'first'` its first step. `internal` events are
 * fired by their owning service (shipping, payments, the auto-delivery job), never by the
 * generic events endpoint. A guard refuses with an AppError; `steps` are the transition's
 * cross-domain work (lifecycle.ts: reserve ↔ release stock, charge ↔ reverse credit, balance hold →
 * capture or ↔ release), each done
 * through its owning module's function in the same transaction, so they happen or roll back with
 * the status change; `effects` are the order's own extra writes.
 */
export const ORDER_EVENTS = [
  'customer_approve', 'customer_reject', 'route', 'auto_approve', 'approve', 'reject', 'finance_approve', 'finance_reject',
  'payment_confirmed', 'grant_credit', 'outbound_approve', 'outbound_reject', 'ship_part', 'ship_complete',
  'confirm_receipt', 'auto_deliver', 'complete', 'cancel',
] as const;
export type OrderEvent = (typeof ORDER_EVENTS)[number];
export type Who = Role | 'system';

export interface TransitionContext {
  trx: Transaction<DB>;
  actor: Actor | null;
  order: WorkflowOrder;
  settings: WorkflowSettings;
  note: string | null;
  data: Record<string, unknown> | null;
  now: Date;
}

export interface Transition {
  event: OrderEvent;
  from: readonly OrderStatus[];
  to: OrderStatus | 'next' | 'first';
  roles: readonly Who[];
  internal?: boolean;
  /** a reason (note) is required: rejections and cancellations */
  reason?: boolean;
  guard?: (c: TransitionContext) => Promise<AppError | null>;
  /** cross-domain steps, run in this order after the status change, in the same transaction */
  steps?: readonly Step[];
  effects?: (c: TransitionContext) => Promise<void>;
}

const CUSTOMER: Who[] = ['customer_admin', 'customer_buyer'];
const BEFORE_SHIPMENT: OrderStatus[] = ['pending_finance', 'pending_outbound', 'picking'];

/** Checks hold and limit (locking the customer's account); the credit.charge step then charges. */
const creditGuard = async (c: TransitionContext) => {
  const credit = await creditStatus(c.trx, c.order);
  if (!credit.ok) return new AppError(credit.code ?? 'CREDIT_CHECK_FAILED', 422, { number: c.order.number, ...credit.params });
  return null;
};
const CHARGE = [STEPS.captureBalance, STEPS.chargeCredit];
const CAPTURE = [STEPS.captureBalance];
const daysSince = (c: TransitionContext, at: Date | null) => (at ? (c.now.getTime() - at.getTime()) / 86_400_000 : -1);

export const TRANSITIONS: readonly Transition[] = [
  { event: 'customer_approve', from: ['awaiting_approval'], to: 'first', roles: ['customer_admin'], steps: CAPTURE },
  { event: 'customer_reject', from: ['awaiting_approval'], to: 'rejected', roles: ['customer_admin'], reason: true, steps: UNDO_ALL },
  {
    // Submission lands in pending_review; when the chain starts elsewhere (review off, payment first) move on.
    event: 'route', from: ['pending_review'], to: 'first', roles: ['system'], internal: true,
    guard: async (c) => (nextStep(c.settings, c.order, 'start') === 'pending_review' ? new AppError('ORDER_ROUTE_NOT_NEEDED', 409) : null),
    steps: CAPTURE,
  },
  {
    event: 'auto_approve', from: ['pending_review', 'pending_finance'], to: 'next', roles: ['system'], internal: true,
    guard: async (c) => ((await autoApproveVerdict(c.trx, c.settings, c.order)).ok ? creditGuard(c) : new AppError('ORDER_AUTO_APPROVE_RULES', 422)),
    steps: CHARGE,
  },
  // Approving an order on credit checks (and holds) the credit even when finance review is off.
  { event: 'approve', from: ['pending_review'], to: 'next', roles: ['admin', 'sales'], guard: creditGuard, steps: CHARGE },
  { event: 'reject', from: ['pending_review'], to: 'rejected', roles: ['admin', 'sales'], reason: true, steps: UNDO_ALL },
  { event: 'finance_approve', from: ['pending_finance'], to: 'next', roles: ['admin', 'finance'], guard: creditGuard, steps: CHARGE },
  { event: 'finance_reject', from: ['pending_finance'], to: 'rejected', roles: ['admin', 'finance'], reason: true, steps: UNDO_ALL },
  {
    // Fired by the payments module (onOrderPaid) once the order is fully paid.
    event: 'payment_confirmed', from: ['awaiting_payment'], to: 'next', roles: ['system', 'admin', 'finance'], internal: true,
    guard: async (c) => (c.order.paid_total >= c.order.total ? null : new AppError('ORDER_NOT_PAID', 422, { number: c.order.number })),
  },
  {
    // 赊账: finance lets a prepaid order go ahead on credit.
    event: 'grant_credit', from: ['awaiting_payment'], to: 'next', roles: ['admin', 'finance'], guard: creditGuard, steps: [STEPS.chargeCredit],
    effects: async (c) => {
      await c.trx.updateTable('orders').set({ payment_method: 'credit' }).where('id', '=', c.order.id).execute();
    },
  },
  { event: 'outbound_approve', from: ['pending_outbound'], to: 'picking', roles: ['admin', 'warehouse'] },
  { event: 'outbound_reject', from: ['pending_outbound'], to: 'rejected', roles: ['admin', 'warehouse'], reason: true, steps: UNDO_ALL },
  {
    event: 'ship_part', from: ['picking', 'partially_shipped'], to: 'partially_shipped', roles: ['admin', 'warehouse'], internal: true,
    guard: async (c) => {
      const p = await shippedProgress(c.trx, c.order.id);
      return p.shipped > 0 && p.linesOpen > 0 ? null : new AppError('ORDER_SHIPMENT_MISMATCH', 409, { number: c.order.number });
    },
  },
  {
    event: 'ship_complete', from: ['picking', 'partially_shipped'], to: 'shipped', roles: ['admin', 'warehouse'], internal: true,
    guard: async (c) => ((await shippedProgress(c.trx, c.order.id)).linesOpen === 0 ? null : new AppError('ORDER_SHIPMENT_MISMATCH', 409, { number: c.order.number })),
  },
  // Fired by shipping when the last shipment of a fully shipped order is confirmed received (签收).
  { event: 'confirm_receipt', from: ['shipped'], to: 'delivered', roles: ['customer_admin', 'customer_buyer', 'admin', 'sales'], internal: true },
  {
    event: 'auto_deliver', from: ['shipped'], to: 'delivered', roles: ['system'], internal: true,
    guard: async (c) => (daysSince(c, c.order.shipped_at) >= c.settings.autoDeliverDays ? null : new AppError('ORDER_NOT_DUE', 409, { number: c.order.number })),
  },
  {
    event: 'complete', from: ['delivered'], to: 'completed', roles: ['system', 'admin'],
    guard: async (c) => (c.actor || daysSince(c, c.order.delivered_at) >= c.settings.autoCompleteDays ? null : new AppError('ORDER_NOT_DUE', 409, { number: c.order.number })),
  },
  { event: 'cancel', from: ['awaiting_approval', 'pending_review'], to: 'cancelled', roles: ['admin', 'sales', ...CUSTOMER], reason: true, steps: UNDO_ALL },
  {
    // Customers may still withdraw an order nobody has paid for yet.
    event: 'cancel', from: ['awaiting_payment'], to: 'cancelled', roles: ['admin', 'sales', 'finance', ...CUSTOMER], reason: true, steps: UNDO_ALL,
    guard: async (c) => (c.actor?.companyId != null && c.order.paid_total > 0 ? new AppError('ORDER_CANCEL_PAID', 409, { number: c.order.number }) : null),
  },
  {
    event: 'cancel', from: BEFORE_SHIPMENT, to: 'cancelled', roles: ['admin', 'sales'], reason: true, steps: UNDO_ALL,
    guard: async (c) => ((await shippedProgress(c.trx, c.order.id)).shipped > 0 ? new AppError('ORDER_CANCEL_SHIPPED', 409, { number: c.order.number }) : null),
  },
];

/** Checked at start-up: one row per (state, event), only known statuses and roles, terminal states final. */
export function validateTable(table: readonly Transition[] = TRANSITIONS): void {
  const seen = new Set<string>();
  for (const t of table) {
    for (const f of t.from) {
      if (!ORDER_STATUSES.includes(f)) throw new Error(`transition ${t.event}: unknown status ${f}`);
      if (f === 'completed' || f === 'rejected' || f === 'cancelled') throw new Error(`transition ${t.event} leaves terminal ${f}`);
      const k = `${f}:${t.event}`;
      if (seen.has(k)) throw new Error(`two transitions for ${k}`);
      seen.add(k);
    }
    for (const r of t.roles) if (r !== 'system' && !ROLES.includes(r)) throw new Error(`transition ${t.event}: unknown role ${r}`);
  }
}
validateTable();

export const transitionFor = (status: OrderStatus, event: OrderEvent) => TRANSITIONS.find((t) => t.event === event && t.from.includes(status));
const whoOf = (actor: Actor | null): Who => actor?.role ?? 'system';

/** The events this actor may fire through the events endpoint on an order in `status`. */
export function allowedEvents(status: OrderStatus, actor: Actor | null): OrderEvent[] {
  return TRANSITIONS.filter((t) => !t.internal && t.from.includes(status) && t.roles.includes(whoOf(actor))).map((t) => t.event);
}

/**
 * Locks the order row (and reads its customer's terms); 404 outside the actor's scope. Every
 * writer of an order takes this lock first, before any other row (the customer's account, stock):
 * one lock order, so concurrent payments and transitions queue instead of deadlocking. It is a
 * NO KEY UPDATE lock: inserts of rows that refer to the order (payments, shipments, journals) take
 * KEY SHARE locks on it, which it does not wait for.
 */
export async function lockOrder(trx: Transaction<DB> | Kysely<DB>, actor: Actor | null, orderId: number, lock = true): Promise<WorkflowOrder> {
  const { rows } = await sql<WorkflowOrder>`
    select o.id, o.number, o.company_id, o.buyer_user_id, o.placed_by_user_id, o.status, o.version, o.total, o.paid_total,
      o.payment_status, o.payment_method, o.approved_at, o.shipped_at, o.delivered_at, o.urgent,
      c.payment_terms, c.status as company_status, c.name as company_name, c.sales_rep_id
    from orders o join companies c on c.id = o.company_id
    where o.id = ${orderId}
    ${lock ? sql`for no key update of o` : sql``}`.execute(trx);
  const order = rows[0];
  if (!order || !canSee(actor, order)) throw notFound(ORDER_ENTITY);
  return order;
}

/** Order visibility: customer admins their company's orders, buyers their own, reps their customers'. */
export function canSee(actor: Actor | null, o: Pick<WorkflowOrder, 'company_id' | 'buyer_user_id' | 'placed_by_user_id' | 'sales_rep_id'>): boolean {
  if (!actor) return true;
  if (actor.companyId != null) {
    if (o.company_id !== actor.companyId) return false;
    return actor.role === 'customer_admin' || o.buyer_user_id === actor.userId || o.placed_by_user_id === actor.userId;
  }
  if (actor.role === 'sales') return o.sales_rep_id === actor.userId;
  return true;
}

export interface EventOptions {
  /** the version the caller saw; a different current version is a 409 conflict */
  version?: number;
  note?: string | null;
  data?: Record<string, unknown> | null;
  /** true when the event comes from the generic events endpoint: internal events are refused */
  fromApi?: boolean;
  now?: Date;
  /** an extra line for the customer's notice (e.g. carrier and tracking number) */
  notice?: { zh: string; en: string } | null;
}

export interface TransitionResult {
  orderId: number;
  from: OrderStatus;
  to: OrderStatus;
  version: number;
}

/**
 * Applies one event to an order inside the caller's transaction: checks scope, version, the
 * table row, role, reason and guard; writes status, version, timestamps, a history row, an
 * outbox event and the audit entry; runs the row's effects; then lets the system take the
 * automatic steps that follow (auto-approval, auto-completion). Returns the final state.
 */
export async function applyOrderEvent(trx: Transaction<DB>, actor: Actor | null, orderId: number, event: OrderEvent, opts: EventOptions = {}): Promise<TransitionResult> {
  const order = await lockOrder(trx, actor, orderId);
  if (opts.version != null && opts.version !== order.version) {
    throw new AppError('ORDER_VERSION_CONFLICT', 409, { number: order.number, status: order.status, version: order.version }, { status: order.status, version: order.version });
  }
  if (!ORDER_EVENTS.includes(event)) throw new AppError('ORDER_EVENT_UNKNOWN', 400, { event: String(event) });
  const row = transitionFor(order.status, event);
  if (!row) throw new AppError('ORDER_TRANSITION_NOT_ALLOWED', 409, { number: order.number, status: order.status, event }, { status: order.status, allowed: allowedEvents(order.status, actor) });
  if (!row.roles.includes(whoOf(actor))) throw new AppError('ORDER_EVENT_FORBIDDEN', 403, { event, role: whoOf(actor) });
  if (row.internal && opts.fromApi) throw new AppError('ORDER_EVENT_INTERNAL', 403, { event });
  const note = opts.note?.trim() || null;
  if (row.reason && !note) throw new AppError('ORDER_REASON_REQUIRED', 400, { event }, [{ path: 'body.note', message: 'required' }]);
  const settings = await getWorkflowSettings(trx);
  const now = opts.now ?? new Date();
  const ctx: TransitionContext = { trx, actor, order, settings, note, data: opts.data ?? null, now };
  const refusal = await row.guard?.(ctx);
  if (refusal) throw refusal;

  const target = (o: WorkflowOrder): OrderStatus => (row.to === 'next' ? nextStep(settings, o, order.status) : row.to === 'first' ? nextStep(settings, o, 'start') : row.to);
  let to = target(order);
  // steps that change where the order goes (capturing a balance hold pays it) run first
  let changed = false;
  for (const step of row.steps ?? []) if (step.before && (await step.run({ ...ctx, to }))) changed = true;
  if (changed) {
    const now2 = await lockOrder(trx, null, order.id);
    Object.assign(order, { paid_total: now2.paid_total, payment_status: now2.payment_status, payment_method: now2.payment_method });
    to = target(order);
  }
  const version = order.version + 1;
  const at = sql<Date>`${now}::timestamptz`;
  await trx
    .updateTable('orders')
    .set({
      status: to,
      version,
      updated_at: at,
      ...((event === 'approve' || event === 'auto_approve' || to === 'picking') && !order.approved_at ? { approved_at: at } : {}),
      ...(event === 'ship_part' || event === 'ship_complete' ? { shipped_at: at } : {}),
      ...(to === 'delivered' ? { delivered_at: at } : {}),
      ...(to === 'completed' ? { completed_at: at } : {}),
      ...(to === 'cancelled' ? { cancelled_at: at, cancel_reason: note } : {}),
      ...(to === 'rejected' ? { reject_reason: note } : {}),
    })
    .where('id', '=', order.id)
    .where('version', '=', order.version)
    .execute();
  await trx
    .insertInto('order_history')
    .values({
      order_id: order.id, at: now, event, from_status: order.status, to_status: to,
      actor_user_id: actor?.userId ?? null, actor_label: actorLabel(actor),
      note, data: opts.data ? JSON.stringify(opts.data) : null,
    })
    .execute();
  await emit(trx, `order.${to}`, {
    orderId: order.id, number: order.number, companyId: order.company_id, buyerUserId: order.buyer_user_id, salesRepId: order.sales_rep_id,
    event, from: order.status, to, note, total: order.total, paidTotal: order.paid_total, actorUserId: actor?.userId ?? null,
  });
  await audit(trx, actor, { action: `order.${event}`, entityType: 'order', entityId: order.id, before: { status: order.status, version: order.version }, after: { status: to, version, note } });
  for (const step of row.steps ?? []) if (!step.before) await step.run({ ...ctx, to });
  await row.effects?.(ctx);
  await noticeTransition(trx, {
    orderId: order.id, number: order.number, companyId: order.company_id, buyerUserId: order.buyer_user_id, placedByUserId: order.placed_by_user_id,
    salesRepId: order.sales_rep_id, total: order.total, to, event, note, extra: opts.notice ?? null,
  });

  const result: TransitionResult = { orderId: order.id, from: order.status, to, version };
  const follow = await followUp(trx, settings, to, order.id, now);
  return follow ? { ...follow, from: order.status } : result;
}

/** Automatic steps right after a transition: auto-approval at a review gate, completion on receipt. */
async function followUp(trx: Transaction<DB>, s: WorkflowSettings, to: OrderStatus, orderId: number, now: Date): Promise<TransitionResult | null> {
  let event: OrderEvent | null = null;
  if ((to === 'pending_review' || to === 'pending_finance') && s.autoApprove.enabled) {
    const order = await lockOrder(trx, null, orderId);
    const verdict = await autoApproveVerdict(trx, s, order);
    if (verdict.ok) return applyOrderEvent(trx, null, orderId, 'auto_approve', { note: `自动审核 / auto-approved: ${verdict.reasons.join('; ') || 'rules met'}`, now });
  }
  if (to === 'delivered' && s.autoCompleteDays === 0) event = 'complete';
  return event ? applyOrderEvent(trx, null, orderId, event, { now }) : null;
}

/**
 * Submission hands a freshly inserted order (status awaiting_approval or pending_review) to the
 * workflow: routes it to the first step of the review chain and applies auto-approval.
 */
export async function enterWorkflow(
  trx: Transaction<DB>, orderId: number, now = new Date(),
  // Submission knows both: the settings it read and the order it has just inserted (no other
  // transaction can see that row yet, so there is nothing to lock or read back).
  known?: { settings: WorkflowSettings; order?: ChainOrder & { version: number } },
): Promise<TransitionResult> {
  const order = known?.order ?? (await lockOrder(trx, null, orderId));
  const settings = known?.settings ?? (await getWorkflowSettings(trx));
  if (order.status === 'pending_review' && nextStep(settings, order, 'start') !== 'pending_review') {
    return applyOrderEvent(trx, null, orderId, 'route', { now });
  }
  const follow = await followUp(trx, settings, order.status, orderId, now);
  return follow ?? { orderId, from: order.status, to: order.status, version: order.version };
}

/** For the payments module: the order is now fully paid; moves it on if it was waiting for payment. */
export async function onOrderPaid(trx: Transaction<DB>, actor: Actor | null, orderId: number): Promise<TransitionResult | null> {
  const order = await lockOrder(trx, null, orderId);
  if (order.status !== 'awaiting_payment' || order.paid_total < order.total) return null;
  return applyOrderEvent(trx, actor && actor.companyId == null ? actor : null, orderId, 'payment_confirmed');
}
