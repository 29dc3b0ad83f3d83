import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { notFound, retryTransient } from '../../lib/errors';
import { audit } from '../platform/audit';
import { emit } from '../platform/outbox';
import { once } from '../platform/idempotency';
import type { Actor } from '../auth/actor';
import { assertCustomerAccess, customerScope } from '../customers';
import { allowedPaymentMethods, assertMethodAllowed, creditStatus } from './accounts';
import { postJournal } from './ledger';
import { balanceOf, heldForOrder } from './holds';
import { applyOrderPayment, assertPayable, orderForActor, outstandingOf, type AppliedPayment } from './order-payments';
import { lockOrderMoney } from '../orders/facts';
import type { PayMethod, PaymentState } from './tables';
import './tables';

type Db = Kysely<DB> | Transaction<DB>;
export const PAYMENT_ENTITY = '付款记录 / payment';

export const paymentColumns = [
  'p.id', 'p.number', 'p.company_id as companyId', 'c.name as companyName', 'c.code as companyCode', 'p.order_id as orderId', 'o.number as orderNumber',
  'p.purpose', 'p.method', 'p.provider', 'p.amount', 'p.status', 'p.refunded_amount as refundedAmount', 'p.payer_name as payerName', 'p.note',
  'p.reject_reason as rejectReason', 'p.pay_url as payUrl', 'p.created_at as createdAt', 'p.confirmed_at as confirmedAt', 'cu.name as createdByName', 'fu.name as confirmedByName',
  sql<boolean>`p.voucher is not null`.as('hasVoucher'),
] as const;

function paymentQuery(db: Db) {
  return db
    .selectFrom('payments as p')
    .innerJoin('companies as c', 'c.id', 'p.company_id')
    .leftJoin('orders as o', 'o.id', 'p.order_id')
    .leftJoin('users as cu', 'cu.id', 'p.created_by')
    .leftJoin('users as fu', 'fu.id', 'p.confirmed_by');
}

export interface PaymentQuery {
  status?: PaymentState;
  method?: PayMethod;
  purpose?: 'order' | 'topup' | 'opening';
  companyId?: number;
  orderId?: number;
  q?: string;
  page: number;
  pageSize: number;
}

/** Payment records the actor may see (customers their own, reps their customers'), newest first. */
export async function listPayments(db: Kysely<DB>, actor: Actor, query: PaymentQuery) {
  const scope = customerScope(actor);
  let q = paymentQuery(db);
  if ('companyId' in scope) q = q.where('p.company_id', '=', scope.companyId);
  if ('salesRepId' in scope) q = q.where('c.sales_rep_id', '=', scope.salesRepId);
  if (query.status) q = q.where('p.status', '=', query.status);
  if (query.method) q = q.where('p.method', '=', query.method);
  if (query.purpose) q = q.where('p.purpose', '=', query.purpose);
  if (query.companyId) q = q.where('p.company_id', '=', query.companyId);
  if (query.orderId) q = q.where('p.order_id', '=', query.orderId);
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    q = q.where((eb) => eb.or([eb('p.number', 'ilike', like), eb('o.number', 'ilike', like), eb('c.name', 'ilike', like), eb('c.code', 'ilike', like), eb('p.payer_name', 'ilike', like)]));
  }
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const items = await q.select(paymentColumns).orderBy('p.id', 'desc').limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute();
  return { items, total: Number(total.n), page: query.page, pageSize: query.pageSize };
}

export async function getPayment(db: Db, actor: Actor, id: number) {
  const scope = customerScope(actor);
  let q = paymentQuery(db).select(paymentColumns).where('p.id', '=', id);
  if ('companyId' in scope) q = q.where('p.company_id', '=', scope.companyId);
  if ('salesRepId' in scope) q = q.where('c.sales_rep_id', '=', scope.salesRepId);
  const p = await q.executeTakeFirst();
  if (!p) throw notFound(PAYMENT_ENTITY);
  return p;
}

/** The voucher image of a payment the actor may see. */
export async function paymentVoucher(db: Kysely<DB>, actor: Actor, id: number) {
  await getPayment(db, actor, id);
  const r = await db.selectFrom('payments').select(['voucher', 'voucher_mime']).where('id', '=', id).executeTakeFirst();
  if (!r?.voucher) throw notFound('转账凭证 / voucher');
  return { body: Buffer.from(r.voucher), mime: r.voucher_mime ?? 'image/jpeg' };
}

/**
 * Pays (part of) an order from the customer's prepaid balance, atomically: the order and the
 * balance change together or not at all, the balance never goes below zero whatever runs
 * concurrently, and a retry with the same Idempotency-Key returns the first result.
 */
export async function payFromBalance(db: Kysely<DB>, actor: Actor, orderId: number, amount: number, idempotencyKey?: string) {
  const o = await orderForActor(db, actor, orderId);
  await assertMethodAllowed(db, o.company_id, 'balance');
  // all of it is inside one transaction (no calls out): safe to run again if it loses a race
  const { result } = await retryTransient(() => db.transaction().execute((trx) =>
    once(trx, `payments.balance:${o.company_id}`, idempotencyKey, { orderId, amount }, async () => {
      // the order row first, then the account: concurrent payments of one order queue here and
      // every one after the first sees what is left (409 ORDER_ALREADY_PAID) instead of deadlocking
      assertPayable(await lockOrderMoney(trx, orderId, o.company_id), amount);
      const pay = await trx
        .insertInto('payments')
        .values({ company_id: o.company_id, order_id: orderId, purpose: 'order', method: 'balance', amount, status: 'succeeded', created_by: actor.userId, confirmed_by: actor.userId, confirmed_at: sql`now()` as never, provider: null, provider_ref: null, pay_url: null, voucher: null, voucher_mime: null, payer_name: null, note: null, reject_reason: null })
        .returning(['id', 'number'])
        .executeTakeFirstOrThrow();
      const applied: AppliedPayment = await applyOrderPayment(trx, actor, { orderId, companyId: o.company_id, amount, method: 'balance', paymentId: pay.id });
      return { paymentId: pay.id, paymentNumber: pay.number, ...applied };
    }),
  ));
  return result;
}

/** Finance records money received for a customer's prepaid balance (with the voucher if any). */
export async function recordTopup(
  db: Kysely<DB>, actor: Actor, companyId: number,
  input: { amount: number; method: 'transfer' | 'online'; payerName?: string | null; note?: string | null; voucher?: { body: Buffer; mime: string } | null },
) {
  await assertCustomerAccess(db, actor, companyId);
  return db.transaction().execute(async (trx) => {
    const pay = await trx
      .insertInto('payments')
      .values({
        company_id: companyId, order_id: null, purpose: 'topup', method: input.method, amount: input.amount, status: 'pending', created_by: actor.userId,
        provider: null, provider_ref: null, pay_url: null, voucher: input.voucher?.body ?? null, voucher_mime: input.voucher?.mime ?? null,
        payer_name: input.payerName ?? null, note: input.note ?? null, reject_reason: null, confirmed_by: null, confirmed_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await settlePayment(trx, actor, pay.id);
    return pay.id;
  });
}

/**
 * Turns a pending payment into money received, once: a conditional update from pending, then
 * either the order payment or the top-up journal. Returns null if it was not pending (a
 * duplicate confirmation or notification), so callers can treat it as already done.
 */
export async function settlePayment(trx: Transaction<DB>, actor: Actor | null, paymentId: number, expect?: { method?: PayMethod }) {
  // lock order: the order row before the payment and the account (as every order writer does)
  const target = await trx.selectFrom('payments').select(['order_id', 'company_id']).where('id', '=', paymentId).executeTakeFirst();
  if (target?.order_id != null) await lockOrderMoney(trx, target.order_id, target.company_id);
  let q = trx
    .updateTable('payments')
    .set({ status: 'succeeded', confirmed_by: actor?.userId ?? null, confirmed_at: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', paymentId)
    .where('status', '=', 'pending');
  if (expect?.method) q = q.where('method', '=', expect.method);
  const p = await q.returning(['id', 'number', 'company_id', 'order_id', 'purpose', 'method', 'amount']).executeTakeFirst();
  if (!p) return null;
  if (p.purpose === 'order' && p.order_id != null) {
    return applyOrderPayment(trx, actor, { orderId: p.order_id, companyId: p.company_id, amount: p.amount, method: p.method, paymentId: p.id });
  }
  await postJournal(trx, {
    companyId: p.company_id, kind: 'topup', paymentId: p.id, actorId: actor?.userId ?? null, memo: p.number,
    lines: [{ account: 'cash', amount: p.amount }, { account: 'prepaid', amount: -p.amount }],
  });
  await audit(trx, actor, { action: 'account.topup', entityType: 'company', entityId: p.company_id, after: { paymentId: p.id, amount: p.amount, method: p.method } });
  await emit(trx, 'account.topped_up', { companyId: p.company_id, paymentId: p.id, amount: p.amount, method: p.method });
  return null;
}

/** Everything the pay page needs for one order: amounts, status, methods allowed, balance, credit, payments. */
export async function orderPaymentInfo(db: Kysely<DB>, actor: Actor, orderId: number) {
  const o = await orderForActor(db, actor, orderId);
  const [allowedMethods, acc, heldHere, credit, payments] = await Promise.all([
    allowedPaymentMethods(db, o.company_id),
    balanceOf(db, o.company_id),
    heldForOrder(db, orderId),
    creditStatus(db, o.company_id),
    paymentQuery(db).select(paymentColumns).where('p.order_id', '=', orderId).orderBy('p.id', 'desc').execute(),
  ]);
  return {
    orderId: o.id, number: o.number, status: o.status, paymentStatus: o.payment_status, paymentMethod: o.payment_method,
    total: o.total, paidTotal: o.paid_total, refundedTotal: o.refunded_total, outstanding: outstandingOf(o),
    allowedMethods, balance: acc.balance, held: acc.held, heldForOrder: heldHere, availableForOrder: acc.available + heldHere, credit, payments,
  };
}
