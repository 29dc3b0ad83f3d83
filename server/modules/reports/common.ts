import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../lib/db-types';
import type { Actor } from '../auth/actor';
import { customerScope } from '../customers';
import { openingReceivablesSql } from '../payments';

/**
 * What every analytics report answers (issue 17): columns, rows, a chart and drill-downs. The web
 * page draws the chart and the table from it, and the xlsx export writes the same rows, so the
 * screen and the workbook show the same numbers.
 */
export type ColumnKind = 'text' | 'int' | 'fen' | 'pct' | 'qty' | 'date' | 'days';
export interface ReportColumn { key: string; zh: string; en: string; kind: ColumnKind }
export type Cell = string | number | null;
export interface ReportRow { [key: string]: Cell | undefined; _drill?: string; _link?: string }
/** `stack`: series with the same name are drawn on top of each other (ECharts `stack`). */
export interface ReportChart { type: 'bar' | 'line' | 'pie'; x: string; series: { key: string; zh?: string; en?: string; type?: 'bar' | 'line'; axis?: 0 | 1; stack?: string }[] }
export interface ReportDoc {
  report: string;
  zh: string;
  en: string;
  columns: ReportColumn[];
  rows: ReportRow[];
  /** the chart's own rows when it shows something else than the table (a customer's monthly trend) */
  chartRows?: ReportRow[];
  totals?: ReportRow;
  chart?: ReportChart;
  /** figures above the table (DSO, dead-stock value …) */
  figures?: { key: string; zh: string; en: string; kind: ColumnKind; value: Cell }[];
  note?: { zh: string; en: string };
  /** set when the rows are one page of `total` (per-SKU reports): the totals and figures cover all */
  paging?: Paging;
}
/** One page of a long per-SKU table, sorted by the server on one of `sortable`. */
export interface Paging { offset: number; limit: number; total: number; sort: string; order: 'asc' | 'desc'; sortable: string[] }

export const col = (key: string, zh: string, en: string, kind: ColumnKind = 'text'): ReportColumn => ({ key, zh, en, kind });

/** Filters a report may take; all optional, all in the page's URL. */
export interface ReportFilters {
  from?: string;
  to?: string;
  period?: Period;
  dim?: Dim;
  compare?: 'yoy' | 'pop' | 'none';
  region?: string;
  tierId?: number;
  repId?: number;
  companyId?: number;
  categoryId?: number;
  brandId?: number;
  skuId?: number;
  warehouseId?: number;
  days?: number;
  groupBy?: string;
  /** paging of the per-SKU reports: rows from `offset`, `limit` of them (null: all, for the xlsx export) */
  offset?: number;
  limit?: number | null;
  sort?: string;
  order?: 'asc' | 'desc';
}

/** Rows on a page unless the caller asks otherwise (the web table's page size). */
export const PAGE_SIZE = 50;

/**
 * The page asked for, on a sort key the report offers (`sorts`: key → SQL on its alias; the first
 * is the default, descending). Unknown sort keys fall back to the default.
 */
export function pageOf(f: ReportFilters, sorts: Record<string, string>): { offset: number; limit: number | null; sort: string; order: 'asc' | 'desc'; by: RawBuilder<unknown> } {
  const keys = Object.keys(sorts);
  const sort = f.sort !== undefined && keys.includes(f.sort) ? f.sort : keys[0];
  const order = (f.sort === undefined || f.sort === sort) && f.order ? f.order : 'desc';
  return { offset: f.offset ?? 0, limit: f.limit === null ? null : f.limit ?? PAGE_SIZE, sort, order, by: sql.raw(`${sorts[sort]} ${order} nulls last`) };
}

/**
 * Runs a heavy report's queries in one read transaction with room to hash 100,000 SKUs in memory
 * (work_mem 64MB: at the default 4MB the per-SKU sums spilled 77MB to disk) and without JIT
 * (on 1M lines it spent ~90 ms compiling per query and saved less).
 */
export async function heavyReport<T>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('work_mem', '64MB', true), set_config('jit', 'off', true)`.execute(trx);
    return fn(trx);
  });
}
export type Period = 'day' | 'week' | 'month' | 'quarter' | 'year';
export type Dim = 'none' | 'customer' | 'tier' | 'region' | 'rep' | 'category' | 'brand' | 'sku';

/** The customers an actor may see, as SQL on a company id column (a rep: their own customers). */
export function companyScope(actor: Actor, column: RawBuilder<unknown>, f: ReportFilters = {}): RawBuilder<boolean> {
  const parts: RawBuilder<unknown>[] = [];
  const s = customerScope(actor);
  if ('companyId' in s) parts.push(sql`${column} = ${s.companyId}`);
  const conds: RawBuilder<unknown>[] = [];
  if ('salesRepId' in s) conds.push(sql`c.sales_rep_id = ${s.salesRepId}`);
  if (f.region !== undefined) conds.push(f.region === '' ? sql`coalesce(c.province, '') = ''` : sql`c.province = ${f.region}`);
  if (f.tierId !== undefined) conds.push(f.tierId === 0 ? sql`c.tier_id is null` : sql`c.tier_id = ${f.tierId}`);
  if (f.repId !== undefined) conds.push(f.repId === 0 ? sql`c.sales_rep_id is null` : sql`c.sales_rep_id = ${f.repId}`);
  if (conds.length) parts.push(sql`${column} in (select c.id from companies c where ${sql.join(conds, sql` and `)})`);
  if (f.companyId !== undefined) parts.push(sql`${column} = ${f.companyId}`);
  return parts.length ? sql<boolean>`(${sql.join(parts, sql` and `)})` : sql<boolean>`true`;
}

/** Whether customer filters (or a rep's scope) narrow the customers. */
export function narrowsCustomers(actor: Actor, f: ReportFilters): boolean {
  return !('all' in customerScope(actor)) || f.region !== undefined || f.tierId !== undefined || f.repId !== undefined || f.companyId !== undefined;
}

/** SKU filters (category with its sub-categories, brand, one SKU) as SQL on a SKU id column. */
export function skuScope(column: RawBuilder<unknown>, f: ReportFilters): RawBuilder<boolean> {
  const parts: RawBuilder<unknown>[] = [];
  if (f.categoryId !== undefined) {
    parts.push(sql`${column} in (select s.id from skus s join products p on p.id = s.product_id where p.category_id in (
      with recursive t(id) as (select ${f.categoryId}::bigint union all select c.id from categories c join t on c.parent_id = t.id) select id from t))`);
  }
  if (f.brandId !== undefined) parts.push(sql`${column} in (select s.id from skus s join products p on p.id = s.product_id where p.brand_id = ${f.brandId})`);
  if (f.skuId !== undefined) parts.push(sql`${column} = ${f.skuId}`);
  return parts.length ? sql<boolean>`(${sql.join(parts, sql` and `)})` : sql<boolean>`true`;
}

export const narrowsSkus = (f: ReportFilters) => f.categoryId !== undefined || f.brandId !== undefined || f.skuId !== undefined;

// ---- local dates as 'YYYY-MM-DD' (the rollups' days are the supplier's calendar days) ----

const d = (s: string) => new Date(`${s}T00:00:00Z`);
const iso = (x: Date) => x.toISOString().slice(0, 10);
export const addDays = (s: string, n: number) => iso(new Date(d(s).getTime() + n * 86_400_000));
export function addMonths(s: string, n: number): string {
  const x = d(s);
  const day = x.getUTCDate();
  x.setUTCDate(1);
  x.setUTCMonth(x.getUTCMonth() + n);
  const last = new Date(Date.UTC(x.getUTCFullYear(), x.getUTCMonth() + 1, 0)).getUTCDate();
  x.setUTCDate(Math.min(day, last));
  return iso(x);
}
export const daysBetween = (a: string, b: string) => Math.round((d(b).getTime() - d(a).getTime()) / 86_400_000);

/** Today in the supplier's zone. */
export function localToday(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The first day of the period containing `day` (weeks start on Monday). */
export function periodStart(day: string, p: Period): string {
  const x = d(day);
  if (p === 'day') return day;
  if (p === 'week') return addDays(day, -((x.getUTCDay() + 6) % 7));
  if (p === 'month') return day.slice(0, 8) + '01';
  if (p === 'quarter') return `${day.slice(0, 4)}-${String(Math.floor(x.getUTCMonth() / 3) * 3 + 1).padStart(2, '0')}-01`;
  return `${day.slice(0, 4)}-01-01`;
}
/** The period before (环比) and the same period a year before (同比), by their first days. */
export function previousPeriod(start: string, p: Period): string {
  return p === 'day' ? addDays(start, -1) : p === 'week' ? addDays(start, -7) : p === 'month' ? addMonths(start, -1) : p === 'quarter' ? addMonths(start, -3) : addMonths(start, -12);
}
export function yearBefore(start: string, p: Period): string {
  return p === 'week' ? addDays(start, -364) : p === 'day' ? addMonths(start, -12) : addMonths(start, -12);
}
/** A period's label: 2026-12-07, 2026-W50 (week of 12-07), 2026-12, 2026-Q4, 2026. */
export function periodLabel(start: string, p: Period): string {
  if (p === 'day') return start;
  if (p === 'week') return `${start}~${addDays(start, 6).slice(5)}`;
  if (p === 'month') return start.slice(0, 7);
  if (p === 'quarter') return `${start.slice(0, 4)}-Q${Math.floor((Number(start.slice(5, 7)) - 1) / 3) + 1}`;
  return start.slice(0, 4);
}
/** Postgres date_trunc field of a period (weeks: ISO, Monday). */
export const truncField = (p: Period) => sql.lit(p);

/** Growth as a fraction (0.25 = +25%); null when the base is zero. */
export const growth = (cur: number, prev: number | null | undefined): number | null => (prev ? Math.round(((cur - prev) / prev) * 10_000) / 10_000 : null);
export const ratio = (a: number, b: number): number | null => (b ? Math.round((a / b) * 10_000) / 10_000 : null);
export const n = (v: unknown) => Number(v ?? 0);

// ---- whole months from the month tables, the other days from the daily ones ----

const SKU_MEASURES = 'ordered_qty, ordered_amount, ordered_lines, shipped_qty, shipped_amount, cost_amount, costed_amount, returned_qty, returned_amount';
const CUSTOMER_MEASURES = 'ordered_amount, ordered_lines, shipped_amount, cost_amount, costed_amount, returned_amount, orders, billed, paid_online, paid_transfer, paid_balance, paid_cod, refunded';

/** The whole months inside [from, to], as [first month, first day after the last month), or null. */
export function wholeMonths(from: string, to: string): [string, string] | null {
  const first = from.endsWith('-01') ? from : addMonths(periodStart(from, 'month'), 1);
  const end = periodStart(addDays(to, 1), 'month');
  return first < end ? [first, end] : null;
}

/**
 * The rows of the SKU or customer rollup over [from, to] as a FROM item with a `day` column: the
 * whole months come from rpt_sku_monthly / rpt_customer_monthly (day = the month's first day), the
 * days of partial months from the daily table. Only for sums over the range or per month and
 * longer (never grouped by day or week). A year of SKUs reads ~12 rows per SKU instead of ~365.
 * 'skuAll': per SKU over all warehouses (no warehouse_id column; whole months from
 * rpt_sku_monthly_all, half the rows of rpt_sku_monthly) — for reports without a warehouse filter.
 */
export function rollupRange(kind: 'sku' | 'skuAll' | 'customer', from: string, to: string): RawBuilder<unknown> {
  const keys = kind === 'sku' ? 'sku_id, warehouse_id' : kind === 'skuAll' ? 'sku_id' : 'company_id';
  const cols = sql.raw(`${keys}, ${kind === 'customer' ? CUSTOMER_MEASURES : SKU_MEASURES}`);
  const daily = sql.table(kind === 'customer' ? 'rpt_customer_daily' : 'rpt_sku_daily');
  const monthly = sql.table(kind === 'sku' ? 'rpt_sku_monthly' : kind === 'skuAll' ? 'rpt_sku_monthly_all' : 'rpt_customer_monthly');
  const months = wholeMonths(from, to);
  if (!months) return sql`(select day, ${cols} from ${daily} where day between ${from}::date and ${to}::date)`;
  const [m0, m1] = months;
  return sql`(select month as day, ${cols} from ${monthly} where month >= ${m0}::date and month < ${m1}::date
    union all select day, ${cols} from ${daily} where (day >= ${from}::date and day < ${m0}::date) or (day >= ${m1}::date and day <= ${to}::date))`;
}

/**
 * Every open receivable, for the aging report, the dashboard, the weekly summary and the aging
 * snapshots: orders still owing (rpt_open_orders) and each customer's opening receivable from
 * the old system less what finance received against it (payments' openingReceivablesSql, issue 19),
 * due on its imported due date or its import day plus the customer's credit days. Columns: company_id, due_day, outstanding, is_order (1 for an order), opening.
 */
export const openReceivablesSql = (timeZone: string) => sql`(
  select company_id, due_day, outstanding, 1 as is_order, 0::bigint as opening from rpt_open_orders
  union all
  select r.company_id, r.due_day, r.outstanding, 0, r.outstanding from ${openingReceivablesSql(timeZone)} r)`;
