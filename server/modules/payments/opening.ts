import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError } from '../../lib/errors';
import { formatYuan } from '../../lib/money';
import { registerMessages } from '../../lib/i18n';
import type { Actor } from '../auth/actor';
import { audit } from '../platform/audit';
import { NUMBER_TIME_ZONE } from './tables';
import './tables';

/**
 * Opening balances (issue 19): each customer's prepaid balance and opening receivable, as the
 * customer import of a supplier moving in brings them. They are ledger journals of kind
 * 'opening' — prepaid credited against cash, receivable debited against sales — so statements,
 * the net position and the balance shown to the customer all include them. Setting them again
 * posts only the difference to what earlier opening journals posted (a re-run posts nothing).
 * The receivable set is the amount brought from the old system: receipts finance recorded against
 * it (opening-receipts.ts) stay, and it cannot be set below what they add up to.
 * Set-based: a few statements for any number of customers.
 */
registerMessages({
  OPENING_RECEIVABLE_RECEIVED: {
    zh: '客户（编号 {companyId}）的期初应收已收款 {received} 元：期初应收最少为 {received} 元',
    en: 'Customer {companyId} has paid {received} yuan of its opening receivable: the opening receivable can be no less than {received} yuan',
  },
  OPENING_BALANCE_SPENT: {
    zh: '客户（编号 {companyId}）的预付款已被使用：可用余额 {available} 元，期初余额最多只能减少这么多',
    en: 'Customer {companyId} has spent part of its prepaid balance: the opening balance can drop by at most {available} yuan',
  },
});

type Q = Kysely<DB> | Transaction<DB>;
/** receivable: the opening receivable as imported (what was received against it stays beside it); dueDate: its 期初应收到期日, null for import day + credit days, undefined to keep the stored one. */
export interface OpeningBalance { companyId: number; prepaid: number; receivable: number; dueDate?: string | null }
export type Outcome = 'created' | 'updated' | 'unchanged';

/** What the opening journals of these customers add up to, with the balance each can still give back, what was received against the receivable, and its imported due date. */
export async function openingBalances(db: Q, companyIds: number[]): Promise<Map<number, OpeningBalance & { available: number; received: number; dueDate: string | null }>> {
  if (!companyIds.length) return new Map();
  const rows = await sql<{ company_id: number; prepaid: number; receivable: number; available: number; received: number; due_date: string | null }>`
    select c.id as company_id,
      coalesce((select -sum(e.amount) from ledger_entries e join ledger_journals j on j.id = e.journal_id where j.kind = 'opening' and e.company_id = c.id and e.account = 'prepaid'), 0)::bigint as prepaid,
      coalesce((select sum(e.amount) from ledger_entries e join ledger_journals j on j.id = e.journal_id where j.kind = 'opening' and e.company_id = c.id and e.account = 'receivable'), 0)::bigint as receivable,
      coalesce((select -sum(e.amount) from ledger_entries e join ledger_journals j on j.id = e.journal_id where j.kind = 'opening_payment' and e.company_id = c.id and e.account = 'receivable'), 0)::bigint as received,
      coalesce((select a.balance - a.held from customer_accounts a where a.company_id = c.id), 0)::bigint as available,
      (select to_char(t.due_date, 'YYYY-MM-DD') from opening_receivables t where t.company_id = c.id) as due_date
    from unnest(${companyIds}::bigint[]) as c(id)`.execute(db);
  return new Map(rows.rows.map((r) => [Number(r.company_id), {
    companyId: Number(r.company_id), prepaid: Number(r.prepaid), receivable: Number(r.receivable), available: Number(r.available), received: Number(r.received), dueDate: r.due_date ?? null,
  }]));
}

/** Sets the opening prepaid balance and receivable of each customer (fen); returns each one's outcome. */
export async function setOpeningBalances(trx: Transaction<DB>, actor: Actor, rows: OpeningBalance[], memo = '期初余额导入 / opening balance import'): Promise<Map<number, Outcome>> {
  const now = await openingBalances(trx, rows.map((r) => r.companyId));
  const out = new Map<number, Outcome>();
  // receipts recorded against the opening receivable stay: it cannot be set below what was received
  const paid = rows.find((r) => r.receivable < now.get(r.companyId)!.received);
  if (paid) throw new AppError('OPENING_RECEIVABLE_RECEIVED', 409, { companyId: paid.companyId, received: formatYuan(now.get(paid.companyId)!.received) });
  const dues = rows.filter((r) => r.dueDate !== undefined && r.dueDate !== now.get(r.companyId)!.dueDate);
  if (dues.length) {
    await sql`insert into opening_receivables (company_id, due_date)
      select * from unnest(${dues.map((r) => r.companyId)}::bigint[], ${dues.map((r) => r.dueDate ?? null)}::date[])
      on conflict (company_id) do update set due_date = excluded.due_date, updated_at = now()`.execute(trx);
  }
  const redated = new Set(dues.map((r) => r.companyId));
  const diffs = rows.map((r) => {
    const had = now.get(r.companyId)!;
    const first = had.prepaid === 0 && had.receivable === 0;
    const d = { companyId: r.companyId, dp: r.prepaid - had.prepaid, dr: r.receivable - had.receivable, available: had.available };
    out.set(r.companyId, d.dp === 0 && d.dr === 0 ? (redated.has(r.companyId) ? 'updated' : 'unchanged') : first ? 'created' : 'updated');
    return d;
  }).filter((d) => d.dp !== 0 || d.dr !== 0);
  if (dues.length) await audit(trx, actor, { action: 'ledger.opening_due_dates', entityType: 'customer_account', entityId: null, after: { customers: dues.length } });
  if (!diffs.length) return out;
  const spent = diffs.find((d) => d.dp < 0 && d.available + d.dp < 0);
  if (spent) throw new AppError('OPENING_BALANCE_SPENT', 409, { companyId: spent.companyId, available: formatYuan(spent.available) });

  const ids = diffs.map((d) => d.companyId);
  await sql`insert into customer_accounts (company_id) select unnest(${ids}::bigint[]) on conflict (company_id) do nothing`.execute(trx);
  // the balance never drops below what is held: the same guard as postJournal, for every row at once
  const moved = await sql<{ company_id: number }>`
    update customer_accounts a set balance = a.balance + v.dp, receivable = a.receivable + v.dr, updated_at = now()
    from unnest(${ids}::bigint[], ${diffs.map((d) => d.dp)}::bigint[], ${diffs.map((d) => d.dr)}::bigint[]) as v(c, dp, dr)
    where a.company_id = v.c and a.balance - a.held + v.dp >= 0 returning a.company_id`.execute(trx);
  if (moved.rows.length !== ids.length) {
    const ok = new Set(moved.rows.map((r) => Number(r.company_id)));
    const d = diffs.find((x) => !ok.has(x.companyId))!;
    throw new AppError('OPENING_BALANCE_SPENT', 409, { companyId: d.companyId, available: formatYuan(d.available) });
  }
  // one journal per customer: its amount is the sum of its debits
  const amounts = diffs.map((d) => Math.abs(d.dp) + Math.abs(d.dr));
  const journals = await sql<{ id: number }>`
    insert into ledger_journals (company_id, kind, amount, memo, created_by)
    select c, 'opening', a, ${memo}, ${actor.userId} from unnest(${ids}::bigint[], ${amounts}::bigint[]) with ordinality as v(c, a, ord) order by ord returning id`.execute(trx);
  const lines = diffs.flatMap((d, i) => {
    const journal = Number(journals.rows[i]!.id);
    return [
      ...(d.dp ? [{ journal, company: d.companyId, account: 'prepaid', amount: -d.dp }, { journal, company: d.companyId, account: 'cash', amount: d.dp }] : []),
      ...(d.dr ? [{ journal, company: d.companyId, account: 'receivable', amount: d.dr }, { journal, company: d.companyId, account: 'sales', amount: -d.dr }] : []),
    ];
  });
  await sql`insert into ledger_entries (journal_id, company_id, account, amount)
    select * from unnest(${lines.map((l) => l.journal)}::bigint[], ${lines.map((l) => l.company)}::bigint[], ${lines.map((l) => l.account)}::text[], ${lines.map((l) => l.amount)}::bigint[])`.execute(trx);
  await audit(trx, actor, { action: 'ledger.opening_import', entityType: 'customer_account', entityId: null, after: { customers: diffs.length } });
  return out;
}

/** Customers with opening journals and what they add up to (the receivable as imported), with the imported due date, for the opening-balance template's export. */
export async function openingBalanceRowsForExport(db: Q): Promise<(OpeningBalance & { dueDate: string | null })[]> {
  const rows = await sql<{ company_id: number; prepaid: number; receivable: number; due_date: string | null }>`
    select e.company_id,
      coalesce(-sum(e.amount) filter (where e.account = 'prepaid'), 0)::bigint as prepaid,
      coalesce(sum(e.amount) filter (where e.account = 'receivable'), 0)::bigint as receivable,
      (select to_char(t.due_date, 'YYYY-MM-DD') from opening_receivables t where t.company_id = e.company_id) as due_date
    from ledger_entries e join ledger_journals j on j.id = e.journal_id and j.kind = 'opening'
    group by e.company_id`.execute(db);
  return rows.rows.map((r) => ({ companyId: Number(r.company_id), prepaid: Number(r.prepaid), receivable: Number(r.receivable), dueDate: r.due_date ?? null }));
}

/** The supplier's time zone in payments' SQL: the setting the app writes at start (routes.ts), Asia/Shanghai until then. */
export const supplierZoneSql = sql<string>`coalesce((select value #>> '{}' from settings where key = ${NUMBER_TIME_ZONE}), 'Asia/Shanghai')`;
/** The supplier's calendar day of `at` (default now). */
export const supplierDaySql = (at?: Date) => (at ? sql<string>`(${at}::timestamptz at time zone ${supplierZoneSql})::date` : sql<string>`(now() at time zone ${supplierZoneSql})::date`);

/**
 * The one source of opening receivables (issue 19): per customer, what its opening journals
 * brought from the old system (original), what finance has received against it since
 * (received, 'opening_payment' journals) and what is still open (outstanding = original −
 * received), due on the import's 期初应收到期日 when it gave one, else on the supplier's day of
 * the first import plus the customer's credit days. Named cross-module read: the reports aging
 * (with its time zone), payments' own aging and the overdue check of credit orders read it.
 * Only customers with something open, unless `all`.
 */
export const openingReceivablesSql = (timeZone?: string, opts: { all?: boolean } = {}) => sql<{ company_id: number; due_day: string; imported_due: string | null; outstanding: number; original: number; received: number }>`(
  select e.company_id, t.due_date as imported_due,
    coalesce(t.due_date, ((min(j.created_at) filter (where j.kind = 'opening')) at time zone ${timeZone ?? supplierZoneSql})::date + k.credit_days) as due_day,
    sum(e.amount)::bigint as outstanding,
    coalesce(sum(e.amount) filter (where j.kind = 'opening'), 0)::bigint as original,
    coalesce(-sum(e.amount) filter (where j.kind = 'opening_payment'), 0)::bigint as received
    from ledger_entries e join ledger_journals j on j.id = e.journal_id
    join companies k on k.id = e.company_id
    left join opening_receivables t on t.company_id = e.company_id
   where j.kind in ('opening', 'opening_payment') and e.account = 'receivable'
   group by e.company_id, k.credit_days, t.due_date ${opts.all ? sql`` : sql`having sum(e.amount) > 0`})`;

/**
 * Opening receivables as they moved, per customer and supplier day: what imports brought over
 * (billed: the 'opening' journals, re-imports' corrections included) and what finance received
 * against them (collected: 'opening_payment'). Named cross-module read for the reports'
 * collections trend, so its balance agrees with the aging.
 */
export const openingMovementsSql = (timeZone: string) => sql<{ company_id: number; day: string; billed: number; collected: number }>`(
  select e.company_id, (j.created_at at time zone ${timeZone})::date as day,
    coalesce(sum(e.amount) filter (where j.kind = 'opening'), 0)::bigint as billed,
    coalesce(-sum(e.amount) filter (where j.kind = 'opening_payment'), 0)::bigint as collected
    from ledger_entries e join ledger_journals j on j.id = e.journal_id
   where j.kind in ('opening', 'opening_payment') and e.account = 'receivable'
   group by 1, 2)`;
