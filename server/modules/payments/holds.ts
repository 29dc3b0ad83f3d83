import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError } from '../../lib/errors';
import { formatYuan } from '../../lib/money';
import { registerMessages } from '../../lib/i18n';
import { audit } from '../platform/audit';
import type { Actor } from '../auth/actor';
import { lockOrderMoney, outstandingOf } from '../orders/facts';
import { ensureAccount } from './ledger';
import './tables';

/**
 * Prepaid balance holds (issue 21). An order to be paid from the prepaid balance holds what it
 * owes while it waits for approval (taken at submission by payments_hold_balance, migration
 * 202612070830); the customer's available balance is balance − held. The order lifecycle captures
 * the hold at approval (order-payments.ts captureHold: the order is paid from it) or lets it go on
 * cancel and reject (releaseHold). A payment that reaches the order meanwhile spends the hold first
 * (from the balance) or shrinks it to what is still owed (settleHoldOnPayment). Every change locks
 * the order first, then the hold, then the customer's account.
 */
registerMessages({
  BALANCE_HOLD_SHORT: {
    zh: '预存款可用余额不足：本单需冻结 ¥{amount}，可用 ¥{available}（已冻结 ¥{held}）。请先充值或选择其他付款方式',
    en: 'Not enough available prepaid balance: this order needs ¥{amount} held, ¥{available} is available (¥{held} already held). Top up or choose another payment method',
  },
});

type Db = Kysely<DB> | Transaction<DB>;

/** What is held for an order right now (0 when nothing). */
export async function heldForOrder(db: Db, orderId: number): Promise<number> {
  const h = await db.selectFrom('balance_holds').select('amount').where('order_id', '=', orderId).where('status', '=', 'held').executeTakeFirst();
  return h?.amount ?? 0;
}

/** The customer's prepaid balance, what is held of it and what is available (balance − held). */
export async function balanceOf(db: Db, companyId: number) {
  const a = await db.selectFrom('customer_accounts').select(['balance', 'held']).where('company_id', '=', companyId).executeTakeFirst();
  const balance = a?.balance ?? 0;
  const held = a?.held ?? 0;
  return { balance, held, available: balance - held };
}

async function lockHold(trx: Transaction<DB>, orderId: number) {
  return trx.selectFrom('balance_holds').select(['company_id', 'amount']).where('order_id', '=', orderId).where('status', '=', 'held').forUpdate().executeTakeFirst();
}

/** Moves an order's hold to `to` fen (closing it as `closeAs` at 0) and the account's held total with it. */
async function setHold(trx: Transaction<DB>, orderId: number, h: { company_id: number; amount: number }, to: number, closeAs: 'captured' | 'released') {
  if (to === h.amount) return;
  await trx.updateTable('balance_holds')
    .set({ amount: to, ...(to === 0 ? { status: closeAs, closed_at: sql<Date>`now()` } : {}) })
    .where('order_id', '=', orderId).execute();
  await trx.updateTable('customer_accounts').set({ held: sql`held - ${h.amount - to}`, updated_at: sql`now()` }).where('company_id', '=', h.company_id).execute();
}

/**
 * Money reached an order (inside its transaction, order row locked, before the payment's journal):
 * a payment from the balance spends the order's hold first, up to its amount; what stays held is
 * never more than the order still owes. Returns the fen of the hold spent.
 */
export async function settleHoldOnPayment(trx: Transaction<DB>, orderId: number, fromBalance: number, outstanding: number): Promise<number> {
  const h = await lockHold(trx, orderId);
  if (!h) return 0;
  const spent = Math.min(fromBalance, h.amount);
  await setHold(trx, orderId, h, Math.min(h.amount - spent, outstanding), spent > 0 ? 'captured' : 'released');
  return spent;
}

/** Lets an order's hold go (cancel, reject); nothing when it has none. */
export async function releaseHold(trx: Transaction<DB>, actor: Actor | null, orderId: number): Promise<void> {
  const h = await lockHold(trx, orderId);
  if (!h) return;
  await setHold(trx, orderId, h, 0, 'released');
  await audit(trx, actor, { action: 'balance.release', entityType: 'order', entityId: orderId, before: { held: h.amount }, after: { held: 0 } });
}

/**
 * The order's total changed before approval: its hold follows what it still owes. Growing takes
 * the difference by the same conditional update as submission (BALANCE_HOLD_SHORT when the
 * available balance is short); shrinking gives the difference back.
 */
export async function followHold(trx: Transaction<DB>, actor: Actor | null, orderId: number): Promise<void> {
  const o = await lockOrderMoney(trx, orderId);
  const h = await lockHold(trx, orderId);
  if (!h) return;
  const want = o.payment_method === 'balance' ? outstandingOf(o) : 0;
  if (want <= h.amount) return setHold(trx, orderId, h, want, 'released');
  const more = want - h.amount;
  await ensureAccount(trx, h.company_id);
  const grown = await trx.updateTable('customer_accounts').set({ held: sql`held + ${more}`, updated_at: sql`now()` })
    .where('company_id', '=', h.company_id).where(sql<boolean>`balance - held >= ${more}`).returning('held').executeTakeFirst();
  if (!grown) {
    const a = await balanceOf(trx, h.company_id);
    throw new AppError('BALANCE_HOLD_SHORT', 409, { amount: formatYuan(want), available: formatYuan(a.available + h.amount), held: formatYuan(a.held - h.amount) }, { amount: want, ...a });
  }
  await trx.updateTable('balance_holds').set({ amount: want }).where('order_id', '=', orderId).execute();
  await audit(trx, actor, { action: 'balance.hold', entityType: 'order', entityId: orderId, before: { held: h.amount }, after: { held: want } });
}
