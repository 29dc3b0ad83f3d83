import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { notFound } from '../../lib/errors';
import { audit } from '../platform/audit';
import { emit } from '../platform/outbox';
import type { Actor } from '../auth/actor';
import { customerScope } from '../customers';
import type { PaymentStatus } from '../orders/status';
import { chargeOrder } from './accounts';
import { postJournal } from './ledger';
import { heldForOrder, settleHoldOnPayment } from './holds';
import { onOrderPaid } from '../orders/workflow';
import { assertPayable, outstandingOf, paymentStatusOf, recordOrderPayment, UNPAYABLE } from '../orders/facts';
import type { PayMethod } from './tables';
import '../orders/tables';
import './tables';

type Db = Kysely<DB> | Transaction<DB>;
export const ORDER_ENTITY = '订单 / order';
// The order's money rules belong to orders; payments reports money to it (orders/facts.ts).
export { UNPAYABLE, paymentStatusOf, outstandingOf, assertPayable };

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

export interface AppliedPayment {
  orderId: number;
  paidTotal: number;
  outstanding: number;
  paymentStatus: PaymentStatus;
  status: string;
}

/**
 * Applies money to an order inside the caller's transaction: reports it to orders (which locks
 * the order row — before the customer's account — and refuses a closed or overpaid order), the
 * order's charge on first money, the order's balance hold (a balance payment spends it first; it
 * never stays above what is owed), the ledger journal (from the prepaid balance — which refuses to
 * go below what other orders hold — or from cash), an event and an audit row; a fully paid order
 * moves on (unless `moveOn` is false: the order lifecycle capturing a hold moves it itself).
 */
export async function applyOrderPayment(
  trx: Transaction<DB>,
  actor: Actor | null,
  p: { orderId: number; companyId: number; amount: number; method: PayMethod; paymentId: number },
  opts: { moveOn?: boolean } = {},
): Promise<AppliedPayment> {
  const updated = await recordOrderPayment(trx, { orderId: p.orderId, companyId: p.companyId, amount: p.amount, method: p.method });
  const paymentStatus = updated.paymentStatus;
  await chargeOrder(trx, actor, p.orderId);
  await settleHoldOnPayment(trx, p.orderId, p.method === 'balance' ? p.amount : 0, updated.outstanding);
  await postJournal(trx, {
    companyId: p.companyId, kind: 'order_payment', orderId: p.orderId, paymentId: p.paymentId, actorId: actor?.userId ?? null, memo: updated.number,
    lines: [{ account: p.method === 'balance' ? 'prepaid' : 'cash', amount: p.amount }, { account: 'receivable', amount: -p.amount }],
  });
  await audit(trx, actor, { action: 'order.payment', entityType: 'order', entityId: p.orderId, after: { amount: p.amount, method: p.method, paymentId: p.paymentId, paymentStatus } });
  await emit(trx, 'order.payment_received', { orderId: p.orderId, number: updated.number, companyId: p.companyId, amount: p.amount, method: p.method, paymentId: p.paymentId, paymentStatus });
  // Fully paid: an order waiting for payment moves on through the workflow (the only writer of status).
  const moved = paymentStatus === 'paid' && opts.moveOn !== false ? await onOrderPaid(trx, actor && (actor.role === 'admin' || actor.role === 'finance') ? actor : null, p.orderId) : null;
  return { orderId: p.orderId, paidTotal: updated.paid_total, outstanding: updated.outstanding, paymentStatus, status: moved?.to ?? updated.status };
}

/**
 * The order lifecycle's balance.capture step (approval): the order's hold becomes a payment from
 * the prepaid balance — a succeeded balance payment record, applied like any other (the journal
 * debits the balance the hold kept for it). The transition moves the order on itself. False when
 * the order holds nothing.
 */
export async function captureHold(trx: Transaction<DB>, actor: Actor | null, orderId: number): Promise<boolean> {
  const amount = await heldForOrder(trx, orderId);
  if (amount <= 0) return false;
  const o = await trx.selectFrom('orders').select('company_id').where('id', '=', orderId).executeTakeFirstOrThrow();
  const by = actor?.userId ?? null;
  const pay = await trx
    .insertInto('payments')
    .values({
      company_id: o.company_id, order_id: orderId, purpose: 'order', method: 'balance', amount, status: 'succeeded', created_by: by, confirmed_by: by,
      confirmed_at: sql`now()` as never, provider: null, provider_ref: null, pay_url: null, voucher: null, voucher_mime: null, payer_name: null,
      note: '审核通过，冻结的预存款转为付款 / held balance captured at approval', reject_reason: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await applyOrderPayment(trx, actor, { orderId, companyId: o.company_id, amount, method: 'balance', paymentId: pay.id }, { moveOn: false });
  return true;
}
