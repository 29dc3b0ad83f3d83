import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError, notFound } from '../../lib/errors';
import { formatYuan } from '../../lib/money';
import type { Actor } from '../auth/actor';
import { chargeOrder } from './accounts';
import { postJournal } from './ledger';
import { emit } from '../platform/outbox';
import { runProviderRefunds, spreadRefund, type ProviderRefundCall, type RefundDestination } from './refunds';
import './tables';

export type { ProviderRefundCall };
export { runProviderRefunds };

export interface ReturnRefundResult {
  /** the credit note taken off the order's charge (reduces the receivable) */
  credit: number;
  /** money returned (to the balance, or the way it was paid) */
  money: number;
  refundIds: number[];
  /** online refunds to make through their provider after the caller's transaction commits */
  providerCalls: ProviderRefundCall[];
}

/**
 * After-sales money for goods returned or a refund agreed (issue 14), inside the caller's
 * transaction. A credit note (`return_credit`: sales debited, receivable credited) takes `amount`
 * off what the order charges — a credit customer's receivable goes down by it. If the customer
 * then has paid more than the order still charges, the difference (at most `amount`) goes back:
 * to the prepaid balance, or the way it was paid (balance payments always to the balance; online
 * payments through the provider — pending until its notification; transfers and cash recorded at
 * once, finance pays them back). Each payment's refunded amount grows by a conditional update, so
 * concurrent refunds never return more than was paid; the order row is locked throughout.
 */
export async function refundForReturn(
  trx: Transaction<DB>,
  actor: Actor | null,
  input: { orderId: number; amount: number; destination: RefundDestination; reason: string; memo: string },
): Promise<ReturnRefundResult> {
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) throw new Error(`bad return refund amount ${input.amount}`);
  const o = await trx.selectFrom('orders').select(['id', 'number', 'company_id', 'total']).where('id', '=', input.orderId).forUpdate().executeTakeFirst();
  if (!o) throw notFound('订单 / order');
  await chargeOrder(trx, actor, o.id);
  const credited = Number((await trx.selectFrom('ledger_journals').select((eb) => eb.fn.sum<number>('amount').as('v')).where('order_id', '=', o.id).where('kind', '=', 'return_credit').executeTakeFirst())?.v ?? 0);
  const creditable = o.total - credited;
  if (input.amount > creditable) throw new AppError('REFUND_EXCEEDS_PAID', 422, { amount: formatYuan(input.amount), refundable: formatYuan(Math.max(creditable, 0)) }, { refundable: Math.max(creditable, 0) });
  const creditId = await postJournal(trx, {
    companyId: o.company_id, kind: 'return_credit', orderId: o.id, actorId: actor?.userId ?? null, memo: input.memo,
    lines: [{ account: 'sales', amount: input.amount }, { account: 'receivable', amount: -input.amount }],
  });
  // what the order is worth to the customer went down, paid or on credit (rebates and points count it)
  await emit(trx, 'order.credited', { orderId: o.id, number: o.number, companyId: o.company_id, creditId, amount: input.amount });
  const pays = await trx.selectFrom('payments').select(['amount', 'refunded_amount']).where('order_id', '=', o.id).where('status', '=', 'succeeded').execute();
  const kept = pays.reduce((a, p) => a + p.amount - p.refunded_amount, 0);
  const stillCharged = creditable - input.amount;
  const money = Math.min(Math.max(kept - stillCharged, 0), input.amount);
  const { refundIds, providerCalls } = money > 0
    ? await spreadRefund(trx, actor, { orderId: o.id, companyId: o.company_id, amount: money, destination: input.destination, reason: `${input.memo} ${input.reason}`.slice(0, 500), providerReason: input.reason })
    : { refundIds: [], providerCalls: [] };
  return { credit: input.amount, money, refundIds, providerCalls };
}

/** Refund rows by id, for the after-sales detail (the caller has scoped the request). */
export async function refundsByIds(db: Kysely<DB> | Transaction<DB>, ids: number[]) {
  if (!ids.length) return [];
  return db.selectFrom('refunds').select(['id', 'number', 'amount', 'destination', 'status', 'created_at as createdAt', 'completed_at as completedAt']).where('id', 'in', ids).orderBy('id').execute();
}
