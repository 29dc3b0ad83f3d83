import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import { addDays, companyScope, localToday, n, openReceivablesSql } from './common';
import './tables';
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

/**
 * The boss's dashboard: key figures, daily sales, status counts, top SKUs and customers of the
 * last `days`, receivables and returns — sales figures from the rollups (rollup.ts), the work
 * queues (to review, to ship) from the orders' current status.
 */
export async function dashboard(db: Kysely<DB>, actor: Actor, { days, timeZone, now = new Date() }: DashboardInput) {
  const where = scoped(actor);
  const today = localToday(timeZone, now);
  const since = addDays(today, -(days - 1));
  const month = today.slice(0, 8) + '01';
  const first = since < month ? since : month;
  const scope = companyScope(actor, sql`r.company_id`);
  const skuTable = 'all' in customerScope(actor) ? sql`rpt_sku_daily` : sql`rpt_sales_daily`;
  const skuScoped = 'all' in customerScope(actor) ? sql`true` : scope;

  const [byDayRes, totalsRes, queues, statusCounts, topSkus, topCustomers, openRes] = await Promise.all([
    sql<{ day: string; orders: number; amount: number }>`
      select to_char(r.day, 'YYYY-MM-DD') as day, sum(r.orders) as orders, sum(r.ordered_amount) as amount
        from rpt_customer_daily r where r.day between ${first}::date and ${today}::date and ${scope} group by r.day order by r.day`.execute(db),
    sql<Record<string, number>>`
      select count(distinct r.company_id) filter (where r.orders > 0 and r.day >= ${since}::date) as active,
             coalesce(sum(r.returned_amount) filter (where r.day >= ${since}::date), 0) as returned,
             coalesce(sum(r.shipped_amount) filter (where r.day >= ${since}::date), 0) as shipped,
             coalesce(sum(r.costed_amount - r.cost_amount) filter (where r.day >= ${since}::date), 0) as profit,
             coalesce(sum(r.paid_online + r.paid_transfer + r.paid_balance + r.paid_cod) filter (where r.day >= ${since}::date), 0) as collected
        from rpt_customer_daily r where r.day between ${since}::date and ${today}::date and ${scope}`.execute(db),
    db.selectFrom('orders').where(where).where('status', 'in', [...OPEN_REVIEW_STATUSES, 'awaiting_payment', ...TO_SHIP_STATUSES]).select([
      sql<number>`count(*) filter (where status in (${sql.join([...OPEN_REVIEW_STATUSES])}))`.as('toReview'),
      sql<number>`count(*) filter (where status = 'awaiting_payment')`.as('awaitingPayment'),
      sql<number>`count(*) filter (where status in (${sql.join([...TO_SHIP_STATUSES])}))`.as('toShip'),
      sql<number>`count(*) filter (where status in (${sql.join([...TO_SHIP_STATUSES])}) and urgent)`.as('urgentToShip'),
    ]).executeTakeFirstOrThrow(),
    db.selectFrom('orders').where(where).select(['status', sql<number>`count(*)`.as('count')]).groupBy('status').execute(),
    sql<{ skuId: number; code: string; name: string; qty: number; amount: number }>`
      select r.sku_id as "skuId", s.code, p.name, r.qty, r.amount
        from (select r.sku_id, sum(r.ordered_qty) as qty, sum(r.ordered_amount) as amount from ${skuTable} r
               where r.day between ${since}::date and ${today}::date and ${skuScoped}
               group by r.sku_id having sum(r.ordered_amount) > 0 order by amount desc, r.sku_id limit 10) r
        join skus s on s.id = r.sku_id join products p on p.id = s.product_id order by r.amount desc, r.sku_id`.execute(db),
    sql<{ companyId: number; name: string; orders: number; amount: number }>`
      select r.company_id as "companyId", c.name, r.orders, r.amount
        from (select r.company_id, sum(r.orders) as orders, sum(r.ordered_amount) as amount from rpt_customer_daily r
               where r.day between ${since}::date and ${today}::date and ${scope}
               group by r.company_id having sum(r.ordered_amount) > 0 order by amount desc, r.company_id limit 10) r
        join companies c on c.id = r.company_id order by r.amount desc, r.company_id`.execute(db),
    sql<{ open: number; overdue: number }>`
      select coalesce(sum(o.outstanding), 0) as open, coalesce(sum(o.outstanding) filter (where o.due_day < ${today}::date), 0) as overdue
        from ${openReceivablesSql(timeZone)} o where ${companyScope(actor, sql`o.company_id`)}`.execute(db),
  ]);
  const rows = byDayRes.rows.map((r) => ({ day: r.day, orders: n(r.orders), amount: n(r.amount) }));
  const sumWhere = (k: 'orders' | 'amount', pred: (d: string) => boolean) => rows.filter((r) => pred(r.day)).reduce((s, r) => s + r[k], 0);
  const t = totalsRes.rows[0];
  const o = openRes.rows[0];
  const kpis = {
    ordersToday: sumWhere('orders', (d) => d === today), salesToday: sumWhere('amount', (d) => d === today),
    ordersMonth: sumWhere('orders', (d) => d >= month), salesMonth: sumWhere('amount', (d) => d >= month),
    ordersPeriod: sumWhere('orders', (d) => d >= since), salesPeriod: sumWhere('amount', (d) => d >= since),
    activeCustomers: n(t.active), returnedPeriod: n(t.returned), shippedPeriod: n(t.shipped), profitPeriod: n(t.profit), collectedPeriod: n(t.collected),
    receivable: n(o.open), overdue: n(o.overdue),
    toReview: n(queues.toReview), awaitingPayment: n(queues.awaitingPayment), toShip: n(queues.toShip), urgentToShip: n(queues.urgentToShip),
  };
  const have = new Map(rows.map((r) => [r.day, r]));
  const salesByDay = [];
  for (let i = days - 1; i >= 0; i--) {
    const day = addDays(today, -i);
    salesByDay.push({ day, orders: have.get(day)?.orders ?? 0, amount: have.get(day)?.amount ?? 0 });
  }
  return {
    days, kpis, salesByDay, statusCounts: statusCounts.map((s) => ({ status: s.status, count: n(s.count) })),
    topSkus: topSkus.rows.map((r) => ({ ...r, skuId: n(r.skuId), qty: n(r.qty), amount: n(r.amount) })),
    topCustomers: topCustomers.rows.map((r) => ({ ...r, companyId: n(r.companyId), orders: n(r.orders), amount: n(r.amount) })),
  };
}

export type SalesGroup = 'day' | 'month' | 'customer' | 'sku' | 'rep';
/** A quantity total in one base unit (瓶, 罐): sales rows carry one per base unit they contain. */
export interface BaseUnitTotal { unit: string; qty: number }

/**
 * Sales between two local dates (inclusive), grouped one way; the rows of the Excel export.
 * Read from the rollups: amounts are the lines after their discount shares.
 */
export async function salesReport(db: Kysely<DB>, actor: Actor, input: { from: string; to: string; groupBy: SalesGroup; timeZone: string }) {
  const { from, to, groupBy } = input;
  const all = 'all' in customerScope(actor);
  const scope = companyScope(actor, sql`r.company_id`);
  const range = sql`r.day between ${from}::date and ${to}::date`;
  if (groupBy === 'sku') {
    const { rows } = await sql<{ key: string; label: string; orders: number; qty: number; amount: number; unit: string }>`
      select max(s.code) as key, max(p.name || case when s.spec_text <> '' then ' ' || s.spec_text else '' end) as label, sum(r.ordered_lines) as orders,
             sum(r.ordered_qty) as qty, sum(r.ordered_amount) as amount, max(p.base_unit) as unit
        from ${all ? sql`rpt_sku_daily` : sql`rpt_sales_daily`} r join skus s on s.id = r.sku_id join products p on p.id = s.product_id
       where ${range} and ${all ? sql`true` : scope}
       group by r.sku_id having sum(r.ordered_lines) > 0 order by amount desc, key`.execute(db);
    return rows.map((r) => ({ key: r.key, label: r.label, orders: n(r.orders), qty: n(r.qty), amount: n(r.amount), units: [{ unit: r.unit, qty: n(r.qty) }] as BaseUnitTotal[] }));
  }
  const k = {
    day: { key: sql`to_char(r.day, 'YYYY-MM-DD')`, label: sql`to_char(r.day, 'YYYY-MM-DD')`, join: sql`` },
    month: { key: sql`to_char(r.day, 'YYYY-MM')`, label: sql`to_char(r.day, 'YYYY-MM')`, join: sql`` },
    customer: { key: sql`c.code`, label: sql`c.name`, join: sql`join companies c on c.id = r.company_id` },
    rep: { key: sql`coalesce(u.login, '-')`, label: sql`coalesce(u.name, '未分配')`, join: sql`join companies c on c.id = r.company_id left join users u on u.id = c.sales_rep_id` },
  }[groupBy];
  const [head, units] = await Promise.all([
    sql<{ key: string; label: string; orders: number; amount: number }>`
      select ${k.key} as key, max(${k.label}) as label, sum(r.orders) as orders, sum(r.ordered_amount) as amount
        from rpt_customer_daily r ${k.join} where ${range} and ${scope} group by 1 having sum(r.orders) > 0`.execute(db),
    sql<{ key: string; unit: string; qty: number }>`
      select ${k.key} as key, p.base_unit as unit, sum(r.ordered_qty) as qty
        from rpt_sales_daily r ${k.join} join skus s on s.id = r.sku_id join products p on p.id = s.product_id
       where ${range} and ${scope} group by 1, 2 having sum(r.ordered_qty) <> 0`.execute(db),
  ]);
  const byKey = new Map<string, BaseUnitTotal[]>();
  for (const u of units.rows) byKey.set(u.key, [...(byKey.get(u.key) ?? []), { unit: u.unit, qty: n(u.qty) }]);
  const rows = head.rows.map((r) => {
    const us = (byKey.get(r.key) ?? []).sort((a, b) => b.qty - a.qty || a.unit.localeCompare(b.unit));
    return { key: r.key, label: r.label, orders: n(r.orders), qty: us.reduce((s, u) => s + u.qty, 0), amount: n(r.amount), units: us };
  });
  return groupBy === 'day' || groupBy === 'month' ? rows.sort((a, b) => a.key.localeCompare(b.key)) : rows.sort((a, b) => b.amount - a.amount || a.key.localeCompare(b.key));
}
