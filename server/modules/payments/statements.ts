import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError, notFound } from '../../lib/errors';
import { audit } from '../platform/audit';
import { emit } from '../platform/outbox';
import type { Actor } from '../auth/actor';
import { assertCustomerAccess, customerScope } from '../customers';
import { fundsForPeriod } from '../marketing';
import './tables';

type Db = Kysely<DB> | Transaction<DB>;
const ENTITY = '对账单 / statement';

/**
 * A statement is in the customer's terms: the net amount it owes (receivable minus prepaid
 * balance; negative = money in its favour). Over a month:
 *   closing = opening + orders − cancellations − payments + refunds
 * where orders include an opening receivable imported that month (期初应收), payments is money
 * received (transfers, online, cash, top-ups, receipts against opening receivables) and refunds money paid
 * back out. Paying an order from the balance moves nothing net and is listed for information.
 * Each figure is the journals' effect on that net amount, read from the append-only ledger, so
 * one month's closing is the next month's opening by construction, and the closing is the
 * account at the period end: receivable − prepaid balance (ledger-invariant.test.ts).
 */
export async function periodBounds(db: Db, period: string, timeZone: string) {
  const r = await sql<{ start: Date; end: Date }>`select (${period + '-01'}::timestamp at time zone ${timeZone}) as start,
      ((${period + '-01'}::date + interval '1 month')::timestamp at time zone ${timeZone}) as "end"`.execute(db);
  return r.rows[0]!;
}

/** Net position (owed by the customer) from journals created before `at`. */
async function netAt(db: Db, companyId: number, at: Date) {
  const r = await db.selectFrom('ledger_entries').select(sql<number>`coalesce(sum(amount), 0)`.as('v'))
    .where('company_id', '=', companyId).where('account', 'in', ['receivable', 'prepaid']).where('created_at', '<', at).executeTakeFirstOrThrow();
  return Number(r.v);
}

/** The account as the account page shows it (receivable, prepaid balance), from journals created before `at`. */
async function accountAt(db: Db, companyId: number, at: Date) {
  const r = await db.selectFrom('ledger_entries')
    .select([
      sql<number>`coalesce(sum(amount) filter (where account = 'receivable'), 0)`.as('receivable'),
      sql<number>`coalesce(-sum(amount) filter (where account = 'prepaid'), 0)`.as('balance'),
    ])
    .where('company_id', '=', companyId).where('created_at', '<', at).executeTakeFirstOrThrow();
  return { receivable: Number(r.receivable), balance: Number(r.balance) + 0 };
}

export async function computeStatement(db: Db, companyId: number, start: Date, end: Date) {
  const opening = await netAt(db, companyId, start);
  const r = await db
    .selectFrom('ledger_entries as e')
    .innerJoin('ledger_journals as j', 'j.id', 'e.journal_id')
    .select([
      // an opening receivable brought from the old system is billed in the month it was imported
      sql<number>`coalesce(sum(case when j.kind in ('order_charge', 'opening') and e.account = 'receivable' then e.amount else 0 end), 0)`.as('orders'),
      sql<number>`coalesce(sum(case when j.kind in ('order_cancel', 'return_credit') and e.account = 'receivable' then -e.amount else 0 end), 0)`.as('cancellations'),
      sql<number>`coalesce(sum(case when e.account = 'cash' and e.amount > 0 then e.amount else 0 end), 0)`.as('payments'),
      sql<number>`coalesce(sum(case when e.account = 'cash' and e.amount < 0 then -e.amount else 0 end), 0)`.as('refunds'),
    ])
    .where('e.company_id', '=', companyId)
    .where('e.created_at', '>=', start)
    .where('e.created_at', '<', end)
    .executeTakeFirstOrThrow();
  const f = { opening, orders: Number(r.orders), cancellations: Number(r.cancellations), payments: Number(r.payments), refunds: Number(r.refunds) };
  return { ...f, closing: f.opening + f.orders - f.cancellations - f.payments + f.refunds };
}

/** The journal lines of a period with their effect on what the customer owes and a running total. */
export async function statementLines(db: Db, companyId: number, start: Date, end: Date, opening: number) {
  const rows = await db
    .selectFrom('ledger_journals as j')
    .leftJoin('orders as o', 'o.id', 'j.order_id')
    .leftJoin('payments as p', 'p.id', 'j.payment_id')
    .leftJoin('refunds as r', 'r.id', 'j.refund_id')
    .select([
      'j.id', 'j.kind', 'j.amount', 'j.created_at as at', 'o.number as orderNumber', 'p.number as paymentNumber', 'p.method as paymentMethod', 'r.number as refundNumber', 'r.destination as refundDestination',
      sql<number>`(select coalesce(sum(e.amount), 0) from ledger_entries e where e.journal_id = j.id and e.account in ('receivable', 'prepaid'))`.as('effect'),
    ])
    .where('j.company_id', '=', companyId)
    .where('j.created_at', '>=', start)
    .where('j.created_at', '<', end)
    .orderBy('j.created_at')
    .orderBy('j.id')
    .execute();
  let running = opening;
  return rows.map((l) => {
    running += Number(l.effect);
    return { ...l, effect: Number(l.effect), running };
  });
}

const columns = [
  's.id', 's.company_id as companyId', 'c.code as companyCode', 'c.name as companyName', 's.period', 's.period_start as periodStart', 's.period_end as periodEnd',
  's.opening', 's.orders', 's.cancellations', 's.payments', 's.refunds', 's.closing', 's.status', 's.dispute_reason as disputeReason', 's.responded_at as respondedAt',
  'ru.name as respondedByName', 's.created_at as createdAt',
] as const;

function base(db: Db) {
  return db.selectFrom('statements as s').innerJoin('companies as c', 'c.id', 's.company_id').leftJoin('users as ru', 'ru.id', 's.responded_by');
}

export async function listStatements(db: Db, actor: Actor, q: { companyId?: number; period?: string; status?: 'issued' | 'confirmed' | 'disputed'; limit: number; offset: number }) {
  const scope = customerScope(actor);
  let qb = base(db);
  if ('companyId' in scope) qb = qb.where('s.company_id', '=', scope.companyId);
  if ('salesRepId' in scope) qb = qb.where('c.sales_rep_id', '=', scope.salesRepId);
  if (q.companyId) qb = qb.where('s.company_id', '=', q.companyId);
  if (q.period) qb = qb.where('s.period', '=', q.period);
  if (q.status) qb = qb.where('s.status', '=', q.status);
  const total = await qb.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const items = await qb.select(columns).orderBy('s.period', 'desc').orderBy('c.code').limit(q.limit).offset(q.offset).execute();
  return { items, total: Number(total.n) };
}

export async function getStatement(db: Db, actor: Actor, id: number) {
  const scope = customerScope(actor);
  let qb = base(db).select(columns).where('s.id', '=', id);
  if ('companyId' in scope) qb = qb.where('s.company_id', '=', scope.companyId);
  if ('salesRepId' in scope) qb = qb.where('c.sales_rep_id', '=', scope.salesRepId);
  const s = await qb.executeTakeFirst();
  if (!s) throw notFound(ENTITY);
  const start = new Date(s.periodStart);
  const end = new Date(s.periodEnd);
  const [lines, now, account, funds] = await Promise.all([
    statementLines(db, s.companyId, start, end, s.opening), computeStatement(db, s.companyId, start, end), accountAt(db, s.companyId, end),
    // rebate and points are not money owed: listed beside the figures (marketing's ledger), not in them
    fundsForPeriod(db, s.companyId, start, end),
  ]);
  const agrees = (['opening', 'orders', 'cancellations', 'payments', 'refunds', 'closing'] as const).every((k) => now[k] === s[k]);
  return { ...s, lines, account, agrees, funds };
}

/**
 * Issues the statements of an ended month: for one customer, or for every customer with ledger
 * activity or an amount open. A statement already confirmed or disputed is left as it is.
 */
export async function issueStatements(db: Kysely<DB>, actor: Actor, period: string, timeZone: string, companyId?: number) {
  const { start, end } = await periodBounds(db, period, timeZone);
  if (new Date(end) > new Date()) throw new AppError('PERIOD_NOT_CLOSED', 409, { period });
  let companies: number[];
  if (companyId) {
    await assertCustomerAccess(db, actor, companyId);
    companies = [companyId];
  } else {
    const rows = await db.selectFrom('ledger_entries').select('company_id').where('created_at', '<', end).groupBy('company_id').execute();
    companies = rows.map((r) => r.company_id);
  }
  const ids: number[] = [];
  for (const cid of companies) {
    const f = await computeStatement(db, cid, start, end);
    if (!companyId && f.opening === 0 && f.closing === 0 && f.orders === 0 && f.payments === 0 && f.refunds === 0 && f.cancellations === 0) continue;
    const id = await db.transaction().execute(async (trx) => {
      const r = await trx
        .insertInto('statements')
        .values({ company_id: cid, period, period_start: start, period_end: end, ...f, created_by: actor.userId, dispute_reason: null, responded_by: null, responded_at: null })
        .onConflict((oc) => oc.columns(['company_id', 'period']).doUpdateSet({ ...f, created_by: actor.userId, created_at: sql`now()` }).where('statements.status', '=', 'issued'))
        .returning('id')
        .executeTakeFirst();
      if (r) {
        await audit(trx, actor, { action: 'statement.issue', entityType: 'statement', entityId: r.id, after: { companyId: cid, period, ...f } });
        await emit(trx, 'statement.issued', { statementId: r.id, companyId: cid, period, closing: f.closing });
      }
      return r?.id ?? (await trx.selectFrom('statements').select('id').where('company_id', '=', cid).where('period', '=', period).executeTakeFirstOrThrow()).id;
    });
    ids.push(id);
  }
  return ids;
}

/**
 * The customer confirms the statement, or disputes it with a reason finance sees. A statement
 * whose figures no longer equal the ledger's for its period cannot be confirmed (finance issues
 * it again); it may still be disputed.
 */
export async function respondStatement(db: Kysely<DB>, actor: Actor, id: number, answer: { confirm: true } | { confirm: false; reason: string }) {
  const s = await getStatement(db, actor, id);
  if (answer.confirm && s.status === 'issued' && !s.agrees) throw new AppError('STATEMENT_OUTDATED', 409, { period: s.period });
  await db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('statements')
      .set({ status: answer.confirm ? 'confirmed' : 'disputed', dispute_reason: answer.confirm ? null : answer.reason, responded_by: actor.userId, responded_at: sql`now()` })
      .where('id', '=', id)
      .where('status', '=', 'issued')
      .returning('id')
      .executeTakeFirst();
    if (!r) throw new AppError('STATEMENT_NOT_OPEN', 409, { status: s.status });
    await audit(trx, actor, { action: answer.confirm ? 'statement.confirm' : 'statement.dispute', entityType: 'statement', entityId: id, after: answer });
    await emit(trx, answer.confirm ? 'statement.confirmed' : 'statement.disputed', { statementId: id, companyId: s.companyId, period: s.period, reason: answer.confirm ? null : answer.reason });
  });
  return getStatement(db, actor, id);
}
