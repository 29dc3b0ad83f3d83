import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import type { Actor } from '../auth/actor';
import { customerScope } from '../customers';
import { openingReceivablesSql, supplierDaySql } from './opening';
import './tables';

export const BUCKETS = ['d0_30', 'd31_60', 'd61_90', 'd90_plus'] as const;
type Bucket = (typeof BUCKETS)[number];
type Row = Record<Bucket, number> & { total: number; overdue: number; opening: number };
const zero = (): Row => ({ d0_30: 0, d31_60: 0, d61_90: 0, d90_plus: 0, total: 0, overdue: 0, opening: 0 });
const bucketOf = (age: number): Bucket => (age <= 30 ? 'd0_30' : age <= 60 ? 'd31_60' : age <= 90 ? 'd61_90' : 'd90_plus');

/**
 * What a customer owes past its terms, by the aging rule below: each order's receivable still
 * open in the ledger, due its credit days after shipment, and the opening receivable still open
 * once its due day has passed (openingReceivablesSql, as the reports aging counts it). Whatever
 * the order's payment method — a shipped 货到付款 or transfer order that was charged and not paid counts too.
 */
export async function overdueReceivable(db: Kysely<DB> | Transaction<DB>, companyId: number, creditDays: number, asOf = new Date()): Promise<number> {
  const r = await db
    .selectFrom((eb) => eb
      .selectFrom('ledger_entries as e')
      .innerJoin('ledger_journals as j', 'j.id', 'e.journal_id')
      .innerJoin('orders as o', 'o.id', 'j.order_id')
      .select([(x) => x.fn.sum<number>('e.amount').as('owed')])
      .where('e.account', '=', 'receivable')
      .where('o.company_id', '=', companyId)
      .where('e.created_at', '<=', asOf)
      .where('o.shipped_at', 'is not', null)
      .where(sql<boolean>`o.shipped_at + make_interval(days => ${creditDays}) < ${asOf}::timestamptz`)
      .groupBy('o.id')
      .having((x) => x.fn.sum('e.amount'), '>', 0)
      .as('x'))
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('x.owed'), sql<number>`0`).as('v'))
    .executeTakeFirst();
  const opening = await sql<{ v: number }>`select coalesce(sum(r.outstanding), 0)::bigint as v from ${openingReceivablesSql()} r
    where r.company_id = ${companyId} and r.due_day < ${supplierDaySql(asOf)}`.execute(db);
  return Number(r?.v ?? 0) + Number(opening.rows[0]?.v ?? 0);
}

/**
 * Receivables aging: what each order still owes (its receivable in the ledger), aged from
 * shipment — or from when it was charged if not shipped yet — into 0–30, 31–60, 61–90 and 90+
 * days, with the overdue part (past shipment + the customer's credit days); and each customer's
 * opening receivable still open (openingReceivablesSql, the reports aging's source), aged from
 * its due day, overdue once that day has passed, shown again as `opening` (其中期初应收).
 * Totals per customer and per sales rep; reps see their own customers only.
 */
export async function receivablesAging(db: Kysely<DB>, actor: Actor, asOf = new Date()) {
  const scope = customerScope(actor);
  let q = db
    .selectFrom('ledger_entries as e')
    .innerJoin('ledger_journals as j', 'j.id', 'e.journal_id')
    .innerJoin('orders as o', 'o.id', 'j.order_id')
    .innerJoin('companies as c', 'c.id', 'o.company_id')
    .leftJoin('users as rep', 'rep.id', 'c.sales_rep_id')
    .select([
      'o.id as orderId', 'o.number', 'c.id as companyId', 'c.code as companyCode', 'c.name as companyName', 'c.credit_days as creditDays',
      'c.sales_rep_id as salesRepId', 'rep.name as salesRepName', 'o.shipped_at as shippedAt',
      (eb) => eb.fn.sum<number>('e.amount').as('owed'),
      sql<Date>`min(j.created_at)`.as('chargedAt'),
    ])
    .where('e.account', '=', 'receivable')
    .where('e.created_at', '<=', asOf)
    .groupBy(['o.id', 'o.number', 'c.id', 'c.code', 'c.name', 'c.credit_days', 'c.sales_rep_id', 'rep.name', 'o.shipped_at'])
    .having((eb) => eb.fn.sum('e.amount'), '>', 0);
  if ('companyId' in scope) q = q.where('c.id', '=', scope.companyId);
  if ('salesRepId' in scope) q = q.where('c.sales_rep_id', '=', scope.salesRepId);
  const orders = await q.execute();
  let oq = db.selectFrom(openingReceivablesSql().as('r'))
    .innerJoin('companies as c', 'c.id', 'r.company_id')
    .leftJoin('users as rep', 'rep.id', 'c.sales_rep_id')
    .select(['c.id as companyId', 'c.code as companyCode', 'c.name as companyName', 'c.sales_rep_id as salesRepId', 'rep.name as salesRepName', 'r.outstanding as owed',
      sql<string>`to_char(r.due_day, 'YYYY-MM-DD')`.as('dueDay'), sql<number>`${supplierDaySql(asOf)} - r.due_day`.as('pastDue')]);
  if ('companyId' in scope) oq = oq.where('c.id', '=', scope.companyId);
  if ('salesRepId' in scope) oq = oq.where('c.sales_rep_id', '=', scope.salesRepId);
  const opening = await oq.execute();

  const customers = new Map<number, Row & { companyId: number; companyCode: string; companyName: string; salesRepId: number | null; salesRepName: string | null; orders: number; openingDueDate: string | null }>();
  const reps = new Map<string, Row & { salesRepId: number | null; salesRepName: string | null; customers: Set<number> }>();
  const totals = zero();
  const day = 86_400_000;
  type Who = { companyId: number; companyCode: string; companyName: string; salesRepId: number | null; salesRepName: string | null };
  const add = (o: Who, owed: number, bucket: Bucket, overdue: number, isOpening: boolean) => {
    const c = customers.get(o.companyId) ?? { ...zero(), companyId: o.companyId, companyCode: o.companyCode, companyName: o.companyName, salesRepId: o.salesRepId, salesRepName: o.salesRepName, orders: 0, openingDueDate: null as string | null };
    const repKey = String(o.salesRepId ?? 'none');
    const r = reps.get(repKey) ?? { ...zero(), salesRepId: o.salesRepId, salesRepName: o.salesRepName, customers: new Set<number>() };
    for (const row of [c, r, totals]) {
      row[bucket] += owed;
      row.total += owed;
      row.overdue += overdue;
      if (isOpening) row.opening += owed;
    }
    if (!isOpening) c.orders += 1;
    r.customers.add(o.companyId);
    customers.set(o.companyId, c);
    reps.set(repKey, r);
    return c;
  };
  for (const o of opening) {
    const owed = Number(o.owed);
    const pastDue = Number(o.pastDue);
    add(o, owed, bucketOf(Math.max(0, pastDue)), pastDue > 0 ? owed : 0, true).openingDueDate = o.dueDay;
  }
  const detail = orders.map((o) => {
    const owed = Number(o.owed);
    const from = new Date(o.shippedAt ?? o.chargedAt);
    const age = Math.max(0, Math.floor((asOf.getTime() - from.getTime()) / day));
    const bucket = bucketOf(age);
    const dueDate = o.shippedAt ? new Date(new Date(o.shippedAt).getTime() + o.creditDays * day) : null;
    const overdue = dueDate !== null && dueDate < asOf ? owed : 0;
    add(o, owed, bucket, overdue, false);
    return { orderId: o.orderId, number: o.number, companyId: o.companyId, owed, ageDays: age, bucket, dueDate, overdue };
  });
  return {
    asOf,
    totals,
    customers: [...customers.values()].sort((a, b) => b.total - a.total),
    reps: [...reps.values()].map(({ customers: cs, ...r }) => ({ ...r, customerCount: cs.size })).sort((a, b) => b.total - a.total),
    orders: detail.sort((a, b) => b.ageDays - a.ageDays),
  };
}
