import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { DB } from '../../lib/db-types';
import type { Actor } from '../auth/actor';
import { customerScope } from '../customers';
import '../orders/tables';
import '../customers/tables';

/**
 * Sales reports read orders as a read model: only statuses that count as real demand
 * (not waiting for the customer's own approval, not rejected, not cancelled).
 */
export const COUNTED_STATUSES = [
  'pending_review', 'pending_finance', 'awaiting_payment', 'pending_outbound', 'picking',
  'partially_shipped', 'shipped', 'delivered', 'completed',
] as const;
export const OPEN_REVIEW_STATUSES = ['pending_review', 'pending_finance', 'pending_outbound'] as const;
export const TO_SHIP_STATUSES = ['picking', 'partially_shipped'] as const;

/** Orders the actor may see in reports: a sales rep only their customers', a customer only its own. */
function scoped(actor: Actor): (eb: { ref: (c: 'orders.company_id') => Expression<number> }) => Expression<SqlBool> {
  const scope = customerScope(actor);
  if ('companyId' in scope) return () => sql<SqlBool>`orders.company_id = ${scope.companyId}`;
  if ('salesRepId' in scope) return () => sql<SqlBool>`orders.company_id in (select id from companies where sales_rep_id = ${scope.salesRepId})`;
  return () => sql<SqlBool>`true`;
}

export interface DashboardInput {
  days: number;
  timeZone: string;
  now?: Date;
}

/** Key figures, daily sales, status counts and the top SKUs and customers of the last `days`. */
export async function dashboard(db: Kysely<DB>, actor: Actor, { days, timeZone, now = new Date() }: DashboardInput) {
  const where = scoped(actor);
  const localDay = sql<string>`to_char((orders.submitted_at at time zone ${timeZone})::date, 'YYYY-MM-DD')`;
  const today = sql`(${now}::timestamptz at time zone ${timeZone})::date`;
  const since = sql`((${now}::timestamptz at time zone ${timeZone})::date - ${days - 1}::int)`;
  const counted = [...COUNTED_STATUSES];

  const kpis = await db
    .selectFrom('orders')
    .where(where)
    .select([
      sql<number>`count(*) filter (where status in (${sql.join(counted)}) and (submitted_at at time zone ${timeZone})::date = ${today})`.as('ordersToday'),
      sql<number>`coalesce(sum(total) filter (where status in (${sql.join(counted)}) and (submitted_at at time zone ${timeZone})::date = ${today}), 0)`.as('salesToday'),
      sql<number>`count(*) filter (where status in (${sql.join(counted)}) and date_trunc('month', submitted_at at time zone ${timeZone}) = date_trunc('month', ${now}::timestamptz at time zone ${timeZone}))`.as('ordersMonth'),
      sql<number>`coalesce(sum(total) filter (where status in (${sql.join(counted)}) and date_trunc('month', submitted_at at time zone ${timeZone}) = date_trunc('month', ${now}::timestamptz at time zone ${timeZone})), 0)`.as('salesMonth'),
      sql<number>`count(*) filter (where status in (${sql.join(counted)}) and (submitted_at at time zone ${timeZone})::date >= ${since})`.as('ordersPeriod'),
      sql<number>`coalesce(sum(total) filter (where status in (${sql.join(counted)}) and (submitted_at at time zone ${timeZone})::date >= ${since}), 0)`.as('salesPeriod'),
      sql<number>`count(distinct company_id) filter (where status in (${sql.join(counted)}) and (submitted_at at time zone ${timeZone})::date >= ${since})`.as('activeCustomers'),
      sql<number>`count(*) filter (where status in (${sql.join([...OPEN_REVIEW_STATUSES])}))`.as('toReview'),
      sql<number>`count(*) filter (where status = 'awaiting_payment')`.as('awaitingPayment'),
      sql<number>`count(*) filter (where status in (${sql.join([...TO_SHIP_STATUSES])}))`.as('toShip'),
      sql<number>`count(*) filter (where status in (${sql.join([...TO_SHIP_STATUSES])}) and urgent)`.as('urgentToShip'),
    ])
    .executeTakeFirstOrThrow();

  const byDay = await db
    .selectFrom('orders')
    .where(where)
    .where('status', 'in', counted)
    .where(sql<SqlBool>`(submitted_at at time zone ${timeZone})::date >= ${since}`)
    .select([localDay.as('day'), sql<number>`count(*)`.as('orders'), sql<number>`sum(total)`.as('amount')])
    .groupBy(sql`1`)
    .orderBy(sql`1`)
    .execute();

  const statusCounts = await db
    .selectFrom('orders')
    .where(where)
    .select(['status', sql<number>`count(*)`.as('count')])
    .groupBy('status')
    .execute();

  const topSkus = await db
    .selectFrom('order_lines')
    .innerJoin('orders', 'orders.id', 'order_lines.order_id')
    .where(where)
    .where('orders.status', 'in', counted)
    .where(sql<SqlBool>`(orders.submitted_at at time zone ${timeZone})::date >= ${since}`)
    .select([
      'order_lines.sku_id as skuId',
      sql<string>`max(order_lines.sku_code)`.as('code'),
      sql<string>`max(order_lines.name)`.as('name'),
      sql<number>`sum(order_lines.qty)`.as('qty'),
      sql<number>`sum(order_lines.line_total)`.as('amount'),
    ])
    .groupBy('order_lines.sku_id')
    .orderBy('amount', 'desc')
    .orderBy('order_lines.sku_id')
    .limit(10)
    .execute();

  const topCustomers = await db
    .selectFrom('orders')
    .innerJoin('companies', 'companies.id', 'orders.company_id')
    .where(where)
    .where('orders.status', 'in', counted)
    .where(sql<SqlBool>`(orders.submitted_at at time zone ${timeZone})::date >= ${since}`)
    .select(['orders.company_id as companyId', sql<string>`max(companies.name)`.as('name'), sql<number>`count(*)`.as('orders'), sql<number>`sum(orders.total)`.as('amount')])
    .groupBy('orders.company_id')
    .orderBy('amount', 'desc')
    .orderBy('orders.company_id')
    .limit(10)
    .execute();

  return { days, kpis, salesByDay: fillDays(byDay, days, now, timeZone), statusCounts, topSkus, topCustomers };
}

/** Every day of the period appears, with zero where nothing was ordered. */
function fillDays(rows: { day: string; orders: number; amount: number }[], days: number, now: Date, timeZone: string) {
  const have = new Map(rows.map((r) => [r.day, r]));
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const out: { day: string; orders: number; amount: number }[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const day = fmt.format(new Date(now.getTime() - i * 86_400_000));
    const r = have.get(day);
    out.push({ day, orders: Number(r?.orders ?? 0), amount: Number(r?.amount ?? 0) });
  }
  return out;
}

export type SalesGroup = 'day' | 'month' | 'customer' | 'sku' | 'rep';
/** A quantity total in one base unit (瓶, 罐): sales rows carry one per base unit they contain. */
export interface BaseUnitTotal { unit: string; qty: number }

/** Sales between two local dates (inclusive), grouped one way; the rows of the Excel export. */
export async function salesReport(db: Kysely<DB>, actor: Actor, input: { from: string; to: string; groupBy: SalesGroup; timeZone: string }) {
  const { from, to, groupBy, timeZone } = input;
  const where = scoped(actor);
  const localDate = sql`(orders.submitted_at at time zone ${timeZone})::date`;
  const base = db
    .selectFrom('orders')
    .where(where)
    .where('orders.status', 'in', [...COUNTED_STATUSES])
    .where(sql<SqlBool>`${localDate} between ${from}::date and ${to}::date`);

  if (groupBy === 'sku') {
    return base
      .innerJoin('order_lines', 'order_lines.order_id', 'orders.id')
      .select([
        sql<string>`max(order_lines.sku_code)`.as('key'),
        sql<string>`max(order_lines.name || case when order_lines.spec_text <> '' then ' ' || order_lines.spec_text else '' end)`.as('label'),
        sql<number>`count(distinct orders.id)`.as('orders'),
        sql<number>`sum(order_lines.qty)`.as('qty'),
        sql<number>`sum(order_lines.line_total)`.as('amount'),
        sql<BaseUnitTotal[]>`jsonb_build_array(jsonb_build_object('unit', max(order_lines.base_unit), 'qty', sum(order_lines.qty)))`.as('units'),
      ])
      .groupBy('order_lines.sku_id')
      .orderBy('amount', 'desc')
      .orderBy('key')
      .execute();
  }
  const keyed = {
    day: { key: sql<string>`to_char(${localDate}, 'YYYY-MM-DD')`, label: sql<string>`to_char(${localDate}, 'YYYY-MM-DD')` },
    month: { key: sql<string>`to_char(${localDate}, 'YYYY-MM')`, label: sql<string>`to_char(${localDate}, 'YYYY-MM')` },
    customer: { key: sql<string>`max(companies.code)`, label: sql<string>`max(companies.name)` },
    rep: { key: sql<string>`coalesce(max(rep.login), '-')`, label: sql<string>`coalesce(max(rep.name), '未分配')` },
  }[groupBy];
  const groupExpr = groupBy === 'customer' ? sql`orders.company_id` : groupBy === 'rep' ? sql`companies.sales_rep_id` : sql`1, 2`;
  return base
    .innerJoin('companies', 'companies.id', 'orders.company_id')
    .leftJoin('users as rep', 'rep.id', 'companies.sales_rep_id')
    .select([
      keyed.key.as('key'),
      keyed.label.as('label'),
      sql<number>`count(*)`.as('orders'),
      sql<number>`coalesce(sum((select sum(l.qty) from order_lines l where l.order_id = orders.id)), 0)`.as('qty'),
      sql<number>`sum(orders.total)`.as('amount'),
      // a day's or a customer's quantity spans products with different base units: one total per unit
      sql<BaseUnitTotal[]>`coalesce((select jsonb_agg(jsonb_build_object('unit', x.u, 'qty', x.q) order by x.q desc, x.u) from (
        select l.base_unit as u, sum(l.qty)::bigint as q from order_lines l where l.order_id = any(array_agg(orders.id)) group by l.base_unit) x), '[]'::jsonb)`.as('units'),
    ])
    .groupBy(groupExpr)
    .orderBy(groupBy === 'day' || groupBy === 'month' ? sql`1` : sql`5 desc`)
    .execute();
}
