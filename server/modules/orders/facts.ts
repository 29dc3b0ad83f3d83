import { sql, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError, notFound } from '../../lib/errors';
import { formatYuan } from '../../lib/money';
import { ORDER_ENTITY } from './messages';
import type { PaymentStatus } from './status';
import './tables';

/**
 * What other modules report to orders: money received or refunded (payments), goods shipped or
 * received (shipping), the way the customer will pay (payments). Orders owns the `orders` and
 * `order_lines` rows; these are the only writes other modules make to them, and each is a
 * relative, guarded update inside the caller's transaction.
 */

type PayMethod = 'online' | 'transfer' | 'balance' | 'credit' | 'cod';
/** Orders that can no longer take money (a cancelled order is refunded instead). */
export const UNPAYABLE: string[] = ['cancelled', 'rejected'];

interface Money { total: number; paid_total: number; refunded_total: number }

/** The one rule for an order's payment status, from its paid and refunded totals. */
export function paymentStatusOf(o: Money): PaymentStatus {
  if (o.refunded_total > 0 && o.refunded_total >= o.paid_total) return 'refunded';
  if (o.refunded_total > 0) return 'partially_refunded';
  if (o.paid_total === 0) return 'unpaid';
  return o.paid_total < o.total ? 'partially_paid' : 'paid';
}

/** What is still owed on an order: total minus what was paid and kept. */
export const outstandingOf = (o: Money) => Math.max(o.total - o.paid_total + o.refunded_total, 0);

/** Refuses before anything is written: order closed, already paid, or amount over what is owed. */
export function assertPayable(o: Money & { number: string; status: string }, amount: number) {
  if (UNPAYABLE.includes(o.status)) throw new AppError('ORDER_NOT_PAYABLE', 409, { number: o.number, status: o.status });
  const outstanding = outstandingOf(o);
  if (outstanding === 0) throw new AppError('ORDER_ALREADY_PAID', 409, { number: o.number });
  if (amount > outstanding) throw new AppError('PAYMENT_EXCEEDS_OUTSTANDING', 422, { amount: formatYuan(amount), outstanding: formatYuan(outstanding) }, { outstanding });
}

export interface OrderMoney extends Money {
  id: number;
  number: string;
  company_id: number;
  status: string;
  payment_method: PayMethod | null;
}

/**
 * Locks an order for a money movement and returns its amounts (404 when it is not the company's).
 * Payments take this lock first, before the customer's account: the same order as transitions.
 */
export async function lockOrderMoney(trx: Transaction<DB>, orderId: number, companyId?: number): Promise<OrderMoney> {
  let q = trx.selectFrom('orders').select(['id', 'number', 'company_id', 'status', 'payment_method', 'total', 'paid_total', 'refunded_total']).where('id', '=', orderId);
  if (companyId != null) q = q.where('company_id', '=', companyId);
  const o = await q.forNoKeyUpdate().executeTakeFirst();
  if (!o) throw notFound(ORDER_ENTITY);
  return o;
}

/**
 * Payments report money received on an order: its paid total grows (never past the total, never
 * on a cancelled order — refused with the reason) and its payment status follows. The caller then
 * posts the ledger and calls onOrderPaid, which moves a fully paid order on.
 */
export async function recordOrderPayment(trx: Transaction<DB>, p: { orderId: number; companyId: number; amount: number; method: PayMethod }) {
  const o = await lockOrderMoney(trx, p.orderId, p.companyId);
  assertPayable(o, p.amount);
  const paid = { ...o, paid_total: o.paid_total + p.amount };
  const paymentStatus = paymentStatusOf(paid);
  await trx
    .updateTable('orders')
    .set({ paid_total: sql`paid_total + ${p.amount}`, payment_method: sql`coalesce(payment_method, ${p.method})`, payment_status: paymentStatus, updated_at: sql`now()` })
    .where('id', '=', p.orderId)
    .execute();
  return { ...paid, paymentStatus, outstanding: outstandingOf(paid) };
}

/** Payments report a refund completed on an order: its refunded total grows and its payment status follows. */
export async function recordOrderRefund(trx: Transaction<DB>, orderId: number, amount: number) {
  const o = await lockOrderMoney(trx, orderId);
  const after = { ...o, refunded_total: o.refunded_total + amount };
  const paymentStatus = paymentStatusOf(after);
  await trx.updateTable('orders').set({ refunded_total: sql`refunded_total + ${amount}`, payment_status: paymentStatus, updated_at: sql`now()` }).where('id', '=', orderId).execute();
  return { ...after, paymentStatus };
}

/** Payments report the customer's choice to pay later (on credit or cash on delivery). */
export async function recordPaymentMethod(trx: Transaction<DB>, orderId: number, method: PayMethod): Promise<void> {
  await trx.updateTable('orders').set({ payment_method: method, updated_at: sql`now()` }).where('id', '=', orderId).execute();
}

/** The order's lines with what is still to ship (shipping checks a shipment against them). */
export function orderLinesToShip(trx: Transaction<DB>, orderId: number) {
  return trx.selectFrom('order_lines').select(['id', 'line_no', 'sku_code', 'qty', 'shipped_qty']).where('order_id', '=', orderId).orderBy('line_no').execute();
}

/** Shipping reports goods that left: each line's shipped quantity grows (never past what was ordered). */
export async function recordShipped(trx: Transaction<DB>, order: { id: number; number: string }, lines: { orderLineId: number; qty: number }[]): Promise<void> {
  for (const l of lines) {
    const r = await trx
      .updateTable('order_lines')
      .set((eb) => ({ shipped_qty: eb('shipped_qty', '+', l.qty) }))
      .where('id', '=', l.orderLineId)
      .where('order_id', '=', order.id)
      .where(sql<boolean>`shipped_qty + ${l.qty} <= qty`)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new AppError('ORDER_SHIPMENT_MISMATCH', 409, { number: order.number });
  }
}

/** Shipping reports goods the customer confirmed received (签收) per order line. */
export async function recordReceived(trx: Transaction<DB>, orderId: number, lines: { orderLineId: number; qty: number }[]): Promise<void> {
  for (const l of lines) {
    await trx.updateTable('order_lines').set((eb) => ({ received_qty: eb('received_qty', '+', l.qty) })).where('id', '=', l.orderLineId).where('order_id', '=', orderId).execute();
  }
}
