import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError } from '../../lib/errors';
import { formatYuan } from '../../lib/money';
import { audit } from '../platform/audit';
import { emit } from '../platform/outbox';
import type { Actor } from '../auth/actor';
import { customerScope } from '../customers';
import { postJournal } from './ledger';
import { orderForActor, UNPAYABLE } from './order-payments';
import { lockOrderMoney, recordOrderRefund } from '../orders/facts';
import { providerOf } from './provider';
import { getSetting } from '../platform/settings';
import type { OutboxHandler } from '../platform/outbox';
import './tables';

export type RefundDestination = 'balance' | 'original';

/** What can still be refunded on an order: money kept on its succeeded payments, minus refunds under way. */
async function refundable(trx: Transaction<DB>, orderId: number) {
  const r = await trx.selectFrom('payments').select((eb) => eb.fn.sum<number>(sql`amount - refunded_amount`).as('v')).where('order_id', '=', orderId).where('status', '=', 'succeeded').executeTakeFirst();
  return Number(r?.v ?? 0);
}

/**
 * Takes an order's charge off the customer's receivable (once; nothing if it was never charged):
 * the `credit.reverse` step of the cancel and reject transitions, in their transaction. What was
 * paid stays as a credit on the order until it is refunded (after commit, through the outbox).
 */
export async function reverseCharge(trx: Transaction<DB>, actor: Actor | null, orderId: number) {
  const charge = await trx.selectFrom('ledger_journals').select(['amount', 'company_id']).where('order_id', '=', orderId).where('kind', '=', 'order_charge').executeTakeFirst();
  if (!charge) return;
  const done = await trx.selectFrom('ledger_journals').select('id').where('order_id', '=', orderId).where('kind', '=', 'order_cancel').executeTakeFirst();
  if (done) return;
  await postJournal(trx, {
    companyId: charge.company_id, kind: 'order_cancel', orderId, actorId: actor?.userId ?? null,
    lines: [{ account: 'sales', amount: charge.amount }, { account: 'receivable', amount: -charge.amount }],
  });
}

/**
 * Refunds money paid on a cancelled or rejected order: to the prepaid balance, or back the way it
 * came (online payments through their provider — pending until its refund notification; transfers
 * and cash returned by finance's bank transfer, recorded at once). Spread over the order's payments
 * newest first; each payment's refunded amount is reserved by a conditional update so concurrent
 * refunds can never return more than was paid.
 */
export async function refundOrder(db: Kysely<DB>, actor: Actor, orderId: number, input: RefundInput) {
  const o = await orderForActor(db, actor, orderId);
  const ids = await refundInternal(db, actor, o, input);
  return listRefunds(db, actor, { orderId, ids });
}

type RefundInput = { amount?: number; destination: RefundDestination; reason?: string | null };
export const CANCEL_REFUND_SETTING = 'payments.cancelRefundTo';

/**
 * After an order is cancelled or rejected (the workflow's event, handled after its commit; the
 * transition itself took the charge off the receivable): whatever was paid is refunded — to the
 * balance by default, or the original method if the supplier set payments.cancelRefundTo =
 * "original" (provider refunds are called after our rows commit). Safe to run more than once.
 */
export async function settleCancelledOrder(db: Kysely<DB>, orderId: number) {
  const o = await db.selectFrom('orders').select(['id', 'number', 'status', 'company_id']).where('id', '=', orderId).executeTakeFirst();
  if (!o || !UNPAYABLE.includes(o.status)) return [];
  const destination = await getSetting<RefundDestination>(db, CANCEL_REFUND_SETTING, 'balance');
  try {
    return await refundInternal(db, null, o, { destination, reason: o.status === 'cancelled' ? '订单取消' : '订单驳回' });
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOTHING_TO_REFUND') return [];
    throw e;
  }
}

/** An online refund to ask the provider for once the transaction that created it has committed. */
export interface ProviderRefundCall { refundId: number; number: string; paymentNumber: string; paymentAmount: number; provider: string; amount: number; reason: string | null }

/**
 * Spreads `amount` over an order's succeeded payments, newest first (the one refund loop: order
 * cancellations and after-sales refunds). Each payment's refunded amount grows by a conditional
 * update, so concurrent refunds never return more than was paid. Balance payments always go back
 * to the balance; online payments to the original way become provider calls (pending until the
 * provider answers); the rest complete at once. The caller has locked the order's money.
 */
export async function spreadRefund(
  trx: Transaction<DB>,
  actor: Actor | null,
  o: { orderId: number; companyId: number; amount: number; destination: RefundDestination; reason: string | null; providerReason?: string | null },
): Promise<{ refundIds: number[]; providerCalls: ProviderRefundCall[] }> {
  const pays = await trx.selectFrom('payments').select(['id', 'number', 'method', 'provider', 'amount', 'refunded_amount']).where('order_id', '=', o.orderId).where('status', '=', 'succeeded').orderBy('id', 'desc').execute();
  let left = o.amount;
  const refundIds: number[] = [];
  const providerCalls: ProviderRefundCall[] = [];
  for (const p of pays) {
    if (left <= 0) break;
    const take = Math.min(left, p.amount - p.refunded_amount);
    if (take <= 0) continue;
    left -= take;
    await trx.updateTable('payments').set({ refunded_amount: sql`refunded_amount + ${take}` }).where('id', '=', p.id).where(sql<boolean>`refunded_amount + ${take} <= amount`).executeTakeFirstOrThrow();
    const destination: RefundDestination = p.method === 'balance' ? 'balance' : o.destination;
    const r = await trx
      .insertInto('refunds')
      .values({ company_id: o.companyId, order_id: o.orderId, payment_id: p.id, amount: take, destination, reason: o.reason, created_by: actor?.userId ?? null, provider_refund_ref: null, completed_at: null })
      .returning(['id', 'number'])
      .executeTakeFirstOrThrow();
    refundIds.push(r.id);
    if (destination === 'original' && p.method === 'online' && p.provider) {
      providerCalls.push({ refundId: r.id, number: r.number, paymentNumber: p.number, paymentAmount: p.amount, provider: p.provider, amount: take, reason: o.providerReason ?? o.reason });
    } else await completeRefund(trx, actor, r.id, null);
  }
  return { refundIds, providerCalls };
}

/** Makes the online refunds of spreadRefund once its transaction has committed; a refusal frees the amount. */
export async function runProviderRefunds(db: Kysely<DB>, calls: ProviderRefundCall[]): Promise<void> {
  for (const c of calls) {
    try {
      const r = await providerOf(c.provider).refund(db, { outTradeNo: c.paymentNumber, outRefundNo: c.number, amountFen: c.amount, totalFen: c.paymentAmount, reason: c.reason, notifyUrl: '' });
      await db.updateTable('refunds').set({ provider_refund_ref: r.refundNo }).where('id', '=', c.refundId).where('provider_refund_ref', 'is', null).execute();
    } catch (e) {
      await failRefund(db, c.refundId, e instanceof Error ? e.message : String(e));
    }
  }
}

async function refundInternal(db: Kysely<DB>, actor: Actor | null, o: { id: number; number: string; status: string; company_id: number }, input: RefundInput) {
  const orderId = o.id;
  if (!UNPAYABLE.includes(o.status)) throw new AppError('ORDER_NOT_CANCELLED', 409, { number: o.number });
  const { refundIds, providerCalls } = await db.transaction().execute(async (trx) => {
    // the cancel or reject transition took the order's charge off the receivable (orders/lifecycle)
    await lockOrderMoney(trx, orderId);
    const can = await refundable(trx, orderId);
    const amount = input.amount ?? can;
    if (can === 0) throw new AppError('NOTHING_TO_REFUND', 409, { number: o.number });
    if (amount > can) throw new AppError('REFUND_EXCEEDS_PAID', 422, { amount: formatYuan(amount), refundable: formatYuan(can) }, { refundable: can });
    const spread = await spreadRefund(trx, actor, { orderId, companyId: o.company_id, amount, destination: input.destination, reason: input.reason ?? null });
    await audit(trx, actor, { action: 'order.refund', entityType: 'order', entityId: orderId, after: { amount, destination: input.destination, refunds: spread.refundIds } });
    return spread;
  });
  // Provider refunds are outside calls: made after our rows commit; a refusal undoes the reservation.
  await runProviderRefunds(db, providerCalls);
  return refundIds;
}

/** Marks a pending refund failed and frees its amount on the payment; false if it was no longer pending. */
export async function failRefund(db: Kysely<DB>, refundId: number, reason: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('refunds').set({ status: 'failed', reason: sql`coalesce(reason, '') || ${` [${reason.slice(0, 200)}]`}`, completed_at: sql`now()` }).where('id', '=', refundId).where('status', '=', 'pending').returning(['payment_id', 'amount']).executeTakeFirst();
    if (r?.payment_id) await trx.updateTable('payments').set({ refunded_amount: sql`refunded_amount - ${r.amount}` }).where('id', '=', r.payment_id).execute();
    return !!r;
  });
}

/**
 * Completes a refund once (pending → succeeded): the order's refunded total and payment status,
 * and the ledger (the money leaves the order to the balance or out of the supplier's cash).
 * Returns false if it was already completed (a duplicate notification).
 */
export async function completeRefund(trx: Transaction<DB>, actor: Actor | null, refundId: number, providerRef: string | null): Promise<boolean> {
  const r = await trx
    .updateTable('refunds')
    .set({ status: 'succeeded', completed_at: sql`now()`, provider_refund_ref: sql`coalesce(provider_refund_ref, ${providerRef})` })
    .where('id', '=', refundId)
    .where('status', '=', 'pending')
    .returning(['id', 'number', 'order_id', 'company_id', 'amount', 'destination'])
    .executeTakeFirst();
  if (!r) return false;
  const o = await recordOrderRefund(trx, r.order_id, r.amount);
  const paymentStatus = o.paymentStatus;
  await postJournal(trx, {
    companyId: r.company_id, kind: 'refund', orderId: r.order_id, refundId: r.id, actorId: actor?.userId ?? null, memo: o.number,
    lines: [{ account: 'receivable', amount: r.amount }, { account: r.destination === 'balance' ? 'prepaid' : 'cash', amount: -r.amount }],
  });
  await emit(trx, 'order.refunded', { orderId: r.order_id, number: o.number, companyId: r.company_id, refundId: r.id, amount: r.amount, destination: r.destination, paymentStatus });
  return true;
}

export async function listRefunds(db: Kysely<DB>, actor: Actor, q: { orderId?: number; ids?: number[]; limit?: number }) {
  const scope = customerScope(actor);
  let qb = db
    .selectFrom('refunds as r')
    .innerJoin('companies as c', 'c.id', 'r.company_id')
    .innerJoin('orders as o', 'o.id', 'r.order_id')
    .leftJoin('payments as p', 'p.id', 'r.payment_id')
    .select(['r.id', 'r.number', 'r.company_id as companyId', 'c.name as companyName', 'r.order_id as orderId', 'o.number as orderNumber', 'r.payment_id as paymentId', 'p.number as paymentNumber', 'p.method as paymentMethod', 'r.amount', 'r.destination', 'r.status', 'r.reason', 'r.created_at as createdAt', 'r.completed_at as completedAt']);
  if ('companyId' in scope) qb = qb.where('r.company_id', '=', scope.companyId);
  if ('salesRepId' in scope) qb = qb.where('c.sales_rep_id', '=', scope.salesRepId);
  if (q.orderId) qb = qb.where('r.order_id', '=', q.orderId);
  if (q.ids?.length) qb = qb.where('r.id', 'in', q.ids);
  return qb.orderBy('r.id', 'desc').limit(q.limit ?? 100).execute();
}

/** Settles cancelled and rejected orders announced by the order workflow (idempotent). */
export function cancellationHandler(): OutboxHandler {
  return {
    name: 'payments.cancellation-refunds',
    topics: ['order.cancelled', 'order.rejected'],
    async handle(ev, db) {
      const orderId = Number(ev.payload.orderId);
      if (Number.isSafeInteger(orderId) && orderId > 0) await settleCancelledOrder(db, orderId);
    },
  };
}
