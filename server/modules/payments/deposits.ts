import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError } from '../../lib/errors';
import { formatYuan } from '../../lib/money';
import { registerMessages } from '../../lib/i18n';
import { audit } from '../platform/audit';
import type { Actor } from '../auth/actor';
import { ensureAccount, postJournal } from './ledger';
import { applyOrderPayment } from './order-payments';
import './tables';

/**
 * Deposits (定金) on the prepaid balance for a commitment that is not an order yet (issue 16: a
 * fair booking, ref `fair_booking:<id>`; the owner module names its refs). Held like an order's
 * balance hold (customer_accounts.held, so the balance cannot be spent twice), then one of:
 * applied to the orders the commitment becomes (a succeeded balance payment of each), let go
 * (refunded cancellation), or kept by the supplier (forfeited: a journal from the balance to
 * sales). Each call locks the deposit row, then the customer's account.
 */
registerMessages({
  DEPOSIT_BALANCE_SHORT: {
    zh: '预存款可用余额不足，无法支付定金 ¥{amount}：可用 ¥{available}（已冻结 ¥{held}）。请先充值后再试',
    en: 'Not enough available prepaid balance for the deposit of ¥{amount}: ¥{available} available (¥{held} held). Top up and try again',
  },
});

type Db = Kysely<DB> | Transaction<DB>;
type Row = { company_id: number; amount: number; applied: number; status: string };

async function lockDeposit(trx: Transaction<DB>, ref: string): Promise<Row | undefined> {
  return trx.selectFrom('deposit_holds').select(['company_id', 'amount', 'applied', 'status']).where('ref', '=', ref).forUpdate().executeTakeFirst();
}

/** What a commitment's deposit holds now and has paid to orders (zeros when it never held any). */
export async function depositOf(db: Db, ref: string) {
  const r = await db.selectFrom('deposit_holds').select(['amount', 'applied', 'status']).where('ref', '=', ref).executeTakeFirst();
  return { held: r?.status === 'held' ? r.amount : 0, applied: r?.applied ?? 0, status: r?.status ?? null };
}

/**
 * Sets what a commitment holds of the customer's prepaid balance to `amount` fen: more is taken by
 * a conditional update that never passes what is available (DEPOSIT_BALANCE_SHORT, nothing
 * written), less is given back; 0 closes the hold as released. Returns the fen now held.
 */
export async function holdDeposit(trx: Transaction<DB>, actor: Actor | null, p: { ref: string; companyId: number; amount: number }): Promise<number> {
  const cur = await lockDeposit(trx, p.ref);
  const had = cur?.status === 'held' ? cur.amount : 0;
  if (p.amount === had) return had;
  await ensureAccount(trx, p.companyId);
  if (p.amount > had) {
    const more = p.amount - had;
    const took = await trx.updateTable('customer_accounts').set({ held: sql`held + ${more}`, updated_at: sql`now()` })
      .where('company_id', '=', p.companyId).where(sql<boolean>`balance - held >= ${more}`).returning('held').executeTakeFirst();
    if (!took) {
      const a = await trx.selectFrom('customer_accounts').select(['balance', 'held']).where('company_id', '=', p.companyId).executeTakeFirstOrThrow();
      throw new AppError('DEPOSIT_BALANCE_SHORT', 409, { amount: formatYuan(p.amount), available: formatYuan(a.balance - a.held + had), held: formatYuan(a.held - had) },
        { amount: p.amount, balance: a.balance, held: a.held, available: a.balance - a.held + had });
    }
  } else {
    await trx.updateTable('customer_accounts').set({ held: sql`held - ${had - p.amount}`, updated_at: sql`now()` }).where('company_id', '=', p.companyId).execute();
  }
  const status = p.amount > 0 ? 'held' as const : 'released' as const;
  await trx.insertInto('deposit_holds').values({ ref: p.ref, company_id: p.companyId, amount: p.amount, status })
    .onConflict((oc) => oc.column('ref').doUpdateSet({ amount: p.amount, status, closed_at: p.amount > 0 ? null : sql<Date>`now()` })).execute();
  await audit(trx, actor, { action: p.amount > 0 ? 'deposit.hold' : 'deposit.release', entityType: 'deposit', entityId: p.ref, before: { held: had }, after: { held: p.amount } });
  return p.amount;
}

/**
 * Pays up to `amount` fen of a commitment's held deposit to an order (inside the order's
 * conversion transaction): a succeeded balance payment applied like any other. What is left stays
 * held; at 0 the deposit is closed as applied. Returns the fen paid.
 */
export async function applyDeposit(trx: Transaction<DB>, actor: Actor | null, ref: string, orderId: number, amount: number, note: string): Promise<number> {
  const cur = await lockDeposit(trx, ref);
  if (!cur || cur.status !== 'held') return 0;
  const take = Math.min(amount, cur.amount);
  if (take <= 0) return 0;
  const left = cur.amount - take;
  await trx.updateTable('deposit_holds').set({ amount: left, applied: sql`applied + ${take}`, ...(left === 0 ? { status: 'applied' as const, closed_at: sql<Date>`now()` } : {}) })
    .where('ref', '=', ref).execute();
  // off `held` first: the payment's journal then spends the balance the deposit kept for it
  await trx.updateTable('customer_accounts').set({ held: sql`held - ${take}`, updated_at: sql`now()` }).where('company_id', '=', cur.company_id).execute();
  const by = actor?.userId ?? null;
  const pay = await trx.insertInto('payments').values({
    company_id: cur.company_id, order_id: orderId, purpose: 'order', method: 'balance', amount: take, status: 'succeeded', created_by: by, confirmed_by: by,
    confirmed_at: sql`now()` as never, provider: null, provider_ref: null, pay_url: null, voucher: null, voucher_mime: null, payer_name: null, note, reject_reason: null,
  }).returning('id').executeTakeFirstOrThrow();
  await applyOrderPayment(trx, actor, { orderId, companyId: cur.company_id, amount: take, method: 'balance', paymentId: pay.id });
  return take;
}

/** The supplier keeps what a commitment holds (a forfeited deposit): a journal from the prepaid balance to sales. Returns the fen kept. */
export async function forfeitDeposit(trx: Transaction<DB>, actor: Actor | null, ref: string, memo: string): Promise<number> {
  const cur = await lockDeposit(trx, ref);
  if (!cur || cur.status !== 'held' || cur.amount <= 0) return 0;
  await trx.updateTable('deposit_holds').set({ amount: 0, status: 'forfeited', closed_at: sql<Date>`now()` }).where('ref', '=', ref).execute();
  await trx.updateTable('customer_accounts').set({ held: sql`held - ${cur.amount}`, updated_at: sql`now()` }).where('company_id', '=', cur.company_id).execute();
  await postJournal(trx, { companyId: cur.company_id, kind: 'adjustment', memo, actorId: actor?.userId ?? null, lines: [{ account: 'prepaid', amount: cur.amount }, { account: 'sales', amount: -cur.amount }] });
  await audit(trx, actor, { action: 'deposit.forfeit', entityType: 'deposit', entityId: ref, before: { held: cur.amount }, after: { held: 0 } });
  return cur.amount;
}
