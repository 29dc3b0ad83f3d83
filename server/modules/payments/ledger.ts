import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError } from '../../lib/errors';
import { formatYuan, sumFen } from '../../lib/money';
import type { JournalKind, LedgerAccount } from './tables';
import './tables';
import './messages';

type Db = Kysely<DB> | Transaction<DB>;

export interface JournalInput {
  companyId: number;
  kind: JournalKind;
  orderId?: number | null;
  paymentId?: number | null;
  refundId?: number | null;
  memo?: string | null;
  actorId?: number | null;
  /** Debit positive, credit negative; must sum to zero. */
  lines: { account: LedgerAccount; amount: number }[];
}

/** Makes sure the customer has an account row (balance 0) before it is locked or changed. */
export async function ensureAccount(trx: Db, companyId: number): Promise<void> {
  await trx.insertInto('customer_accounts').values({ company_id: companyId, hold_reason: null }).onConflict((oc) => oc.column('company_id').doNothing()).execute();
}

/**
 * Posts one balanced journal and moves the account's cached balance and receivable with it.
 * A debit to `prepaid` spends the customer's balance: it is a conditional update that refuses
 * (INSUFFICIENT_BALANCE) instead of going below zero, whatever runs at the same time.
 */
export async function postJournal(trx: Transaction<DB>, j: JournalInput): Promise<number> {
  const lines = j.lines.filter((l) => l.amount !== 0);
  if (sumFen(lines.map((l) => l.amount)) !== 0) throw new Error(`unbalanced journal ${j.kind}: ${JSON.stringify(lines)}`);
  const amount = sumFen(lines.filter((l) => l.amount > 0).map((l) => l.amount));
  if (amount <= 0) throw new Error(`empty journal ${j.kind}`);

  const prepaid = sumFen(lines.filter((l) => l.account === 'prepaid').map((l) => l.amount));
  const receivable = sumFen(lines.filter((l) => l.account === 'receivable').map((l) => l.amount));
  await ensureAccount(trx, j.companyId);
  // The customer's balance is the credit side of `prepaid`: a debit (positive) spends it, never
  // below what is held for orders waiting for approval (balance_holds; an order spending its own
  // hold has taken it off `held` first).
  const changed = await trx
    .updateTable('customer_accounts')
    .set({ balance: sql`balance - ${prepaid}`, receivable: sql`receivable + ${receivable}`, updated_at: sql`now()` })
    .where('company_id', '=', j.companyId)
    .where(sql<boolean>`balance - held - ${prepaid} >= 0`)
    .returning('balance')
    .executeTakeFirst();
  if (!changed) {
    const acc = await trx.selectFrom('customer_accounts').select(['balance', 'held']).where('company_id', '=', j.companyId).executeTakeFirstOrThrow();
    const available = acc.balance - acc.held;
    throw new AppError('INSUFFICIENT_BALANCE', 409, { amount: formatYuan(prepaid), balance: formatYuan(available) }, { balance: acc.balance, held: acc.held, available, amount: prepaid });
  }

  const journal = await trx
    .insertInto('ledger_journals')
    .values({
      company_id: j.companyId, kind: j.kind, order_id: j.orderId ?? null, payment_id: j.paymentId ?? null, refund_id: j.refundId ?? null,
      amount, memo: j.memo ?? null, created_by: j.actorId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('ledger_entries')
    .values(lines.map((l) => ({ journal_id: journal.id, company_id: j.companyId, account: l.account, amount: l.amount })))
    .execute();
  return journal.id;
}

/**
 * The customer's net position from their side: what they owe on orders minus the prepaid
 * balance they hold (positive = owes the supplier). Statements and aging use this.
 */
export const netPositionSql = sql<number>`coalesce(sum(case when account = 'receivable' then amount when account = 'prepaid' then amount else 0 end), 0)`;

/** Sums of a customer's ledger per account up to (not including) `before`. */
export async function accountSums(db: Db, companyId: number, before?: Date) {
  let q = db
    .selectFrom('ledger_entries')
    .select(['account', (eb) => eb.fn.sum<number>('amount').as('total')])
    .where('company_id', '=', companyId)
    .groupBy('account');
  if (before) q = q.where('created_at', '<', before);
  const rows = await q.execute();
  const get = (a: LedgerAccount) => Number(rows.find((r) => r.account === a)?.total ?? 0);
  return { prepaid: get('prepaid'), receivable: get('receivable'), cash: get('cash'), sales: get('sales') };
}

/** A customer's journals (newest first) with their effect on balance and receivable. */
export async function listJournals(db: Db, companyId: number, opts: { limit: number; offset: number }) {
  const q = db
    .selectFrom('ledger_journals as j')
    .leftJoin('orders as o', 'o.id', 'j.order_id')
    .leftJoin('payments as p', 'p.id', 'j.payment_id')
    .leftJoin('refunds as r', 'r.id', 'j.refund_id')
    .select([
      'j.id', 'j.kind', 'j.amount', 'j.memo', 'j.created_at as createdAt', 'j.order_id as orderId', 'o.number as orderNumber',
      'p.number as paymentNumber', 'p.method as paymentMethod', 'r.number as refundNumber',
      sql<number>`coalesce((select -sum(e.amount) from ledger_entries e where e.journal_id = j.id and e.account = 'prepaid'), 0)`.as('balanceChange'),
      sql<number>`coalesce((select sum(e.amount) from ledger_entries e where e.journal_id = j.id and e.account = 'receivable'), 0)`.as('receivableChange'),
    ])
    .where('j.company_id', '=', companyId);
  const items = await q.orderBy('j.id', 'desc').limit(opts.limit).offset(opts.offset).execute();
  const total = await db.selectFrom('ledger_journals').select((eb) => eb.fn.countAll<number>().as('n')).where('company_id', '=', companyId).executeTakeFirstOrThrow();
  return { items: items.map((i) => ({ ...i, balanceChange: Number(i.balanceChange), receivableChange: Number(i.receivableChange) })), total: Number(total.n) };
}
