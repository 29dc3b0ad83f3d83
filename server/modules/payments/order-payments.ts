import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError, notFound } from '../../lib/errors';
import { formatYuan } from '../../lib/money';
import { audit } from '../platform/audit';
import { emit } from '../platform/outbox';
import type { Actor } from '../auth/actor';
import { customerScope } from '../customers';
import type { PaymentStatus } from '../orders/status';
import { chargeOrder } from './accounts';
import { postJournal } from './ledger';
import { onOrderPaid } from '../orders/workflow';
import type { PayMethod } from './tables';
import '../orders/tables';
import './tables';

type Db = Kysely<DB> | Transaction<DB>;
export const ORDER_ENTITY = '订单 / order';
/** Orders that can no longer take money (a cancelled order is refunded instead). */
export const UNPAYABLE: string[] = ['cancelled', 'rejected'];

/** The one rule for an order's payment status, from its paid and refunded totals. */
export function paymentStatusOf(o: { total: number; paid_total: number; refunded_total: number }): PaymentStatus {
  if (o.refunded_total > 0 && o.refunded_total >= o.paid_total) return 'refunded';
  if (o.refunded_total > 0) return 'partially_refunded';
  if (o.paid_total === 0) return 'unpaid';
  return o.paid_total < o.total ? 'partially_paid' : 'paid';
}

/** What is still owed on an order: total minus what was paid and kept. */
export const outstandingOf = (o: { total: number; paid_total: number; refunded_total: number }) => Math.max(o.total - o.paid_total + o.refunded_total, 0);

/** Loads an order the actor may act on (another company's, or another rep's customer's → 404). */
export async function orderForActor(db: Db, actor: Actor, orderId: number) {
  const scope = customerScope(actor);
  let q = db
    .selectFrom('orders')
    .innerJoin('companies', 'companies.id', 'orders.company_id')
    .select(['orders.id', 'orders.number', 'orders.company_id', 'orders.status', 'orders.payment_status', 'orders.payment_method', 'orders.total', 'orders.paid_total', 'orders.refunded_total', 'orders.shipped_at', 'orders.submitted_at'])
    .where('orders.id', '=', orderId);
  if ('companyId' in scope) q = q.where('orders.company_id', '=', scope.companyId);
  if ('salesRepId' in scope) q = q.where('companies.sales_rep_id', '=', scope.salesRepId);
  const o = await q.executeTakeFirst();
  if (!o) throw notFound(ORDER_ENTITY);
  return o;
}

/** Refuses before anything is written: order closed, already paid, or amount over what is owed. */
export function assertPayable(o: { number: string; status: string; total: number; paid_total: number; refunded_total: number }, amount: number) {
  if (UNPAYABLE.includes(o.status)) throw new AppError('ORDER_NOT_PAYABLE', 409, { number: o.number, status: o.status });
  const outstanding = outstandingOf(o);
  if (outstanding === 0) throw new AppError('ORDER_ALREADY_PAID', 409, { number: o.number });
  if (amount > outstanding) throw new AppError('PAYMENT_EXCEEDS_OUTSTANDING', 422, { amount: formatYuan(amount), outstanding: formatYuan(outstanding) }, { outstanding });
}

export interface AppliedPayment {
  orderId: number;
  paidTotal: number;
  outstanding: number;
  paymentStatus: PaymentStatus;
  status: string;
}

/**
 * Applies money to an order inside the caller's transaction: a conditional update of the order
 * (never past its total, never a cancelled order), the order's charge on first money, the
 * ledger journal (from the prepaid balance — which refuses to go negative — or from cash),
 * the new payment status, an event and an audit row.
 */
export async function applyOrderPayment(
  trx: Transaction<DB>,
  actor: Actor | null,
  p: { orderId: number; companyId: number; amount: number; method: PayMethod; paymentId: number },
): Promise<AppliedPayment> {
  const updated = await trx
    .updateTable('orders')
    .set({ paid_total: sql`paid_total + ${p.amount}`, payment_method: sql`coalesce(payment_method, ${p.method})`, updated_at: sql`now()` })
    .where('id', '=', p.orderId)
    .where('company_id', '=', p.companyId)
    .where('status', 'not in', UNPAYABLE as never[])
    .where(sql<boolean>`paid_total - refunded_total + ${p.amount} <= total`)
    .returning(['id', 'number', 'status', 'total', 'paid_total', 'refunded_total'])
    .executeTakeFirst();
  if (!updated) {
    const o = await trx.selectFrom('orders').select(['number', 'status', 'total', 'paid_total', 'refunded_total']).where('id', '=', p.orderId).where('company_id', '=', p.companyId).executeTakeFirst();
    if (!o) throw notFound(ORDER_ENTITY);
    assertPayable(o, p.amount);
    throw new AppError('CONFLICT', 409);
  }
  const paymentStatus = paymentStatusOf(updated);
  await trx.updateTable('orders').set({ payment_status: paymentStatus }).where('id', '=', p.orderId).execute();
  await chargeOrder(trx, actor, p.orderId);
  await postJournal(trx, {
    companyId: p.companyId, kind: 'order_payment', orderId: p.orderId, paymentId: p.paymentId, actorId: actor?.userId ?? null, memo: updated.number,
    lines: [{ account: p.method === 'balance' ? 'prepaid' : 'cash', amount: p.amount }, { account: 'receivable', amount: -p.amount }],
  });
  await audit(trx, actor, { action: 'order.payment', entityType: 'order', entityId: p.orderId, after: { amount: p.amount, method: p.method, paymentId: p.paymentId, paymentStatus } });
  await emit(trx, 'order.payment_received', { orderId: p.orderId, number: updated.number, companyId: p.companyId, amount: p.amount, method: p.method, paymentId: p.paymentId, paymentStatus });
  // Fully paid: an order waiting for payment moves on through the workflow (the only writer of status).
  const moved = paymentStatus === 'paid' ? await onOrderPaid(trx, actor && (actor.role === 'admin' || actor.role === 'finance') ? actor : null, p.orderId) : null;
  return { orderId: p.orderId, paidTotal: updated.paid_total, outstanding: outstandingOf(updated), paymentStatus, status: moved?.to ?? updated.status };
}
