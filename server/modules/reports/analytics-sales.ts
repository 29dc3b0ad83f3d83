import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../lib/db-types';
import type { Actor } from '../auth/actor';
import {
  addDays, col, companyScope, heavyReport, pageOf, rollupRange, daysBetween, growth, n, narrowsCustomers, narrowsSkus, periodLabel, periodStart, previousPeriod, ratio, skuScope, yearBefore,
  type Dim, type Period, type ReportDoc, type ReportFilters, type ReportRow,
} from './common';
import './tables';

/**
 * Sales analysis: one period kind (day … year) or one dimension (customer, tier, region, rep,
 * category, brand, SKU), with 同比 (the same range a year before) or 环比 (the range just before).
 * Reads the rollup that carries the dimensions needed: day × customer when no SKU filter,
 * day × SKU without customer filters, else day × customer × SKU.
 */
interface Source { table: 'rpt_customer_daily' | 'rpt_sku_daily' | 'rpt_sales_daily'; hasCompany: boolean; hasSku: boolean }

const SKU_DIMS: Dim[] = ['category', 'brand', 'sku'];
const CUSTOMER_DIMS: Dim[] = ['customer', 'tier', 'region', 'rep'];

export function sourceFor(actor: Actor, f: ReportFilters, dim: Dim): Source {
  const sku = SKU_DIMS.includes(dim) || narrowsSkus(f);
  const cust = CUSTOMER_DIMS.includes(dim) || narrowsCustomers(actor, f);
  if (!sku) return { table: 'rpt_customer_daily', hasCompany: true, hasSku: false };
  if (!cust) return { table: 'rpt_sku_daily', hasCompany: false, hasSku: true };
  return { table: 'rpt_sales_daily', hasCompany: true, hasSku: true };
}

/** The measures every sales row has (fen; qty in base units where one SKU, else null). */
function measures(src: Source) {
  return sql.raw(`sum(r.ordered_amount) as amount, sum(r.ordered_lines) as lines, ${src.hasSku ? 'sum(r.ordered_qty)' : 'null'} as qty,
    ${src.table === 'rpt_customer_daily' ? 'sum(r.orders)' : 'null'} as orders, sum(r.shipped_amount) as shipped, sum(r.cost_amount) as cost,
    sum(r.costed_amount) as costed, sum(r.returned_amount) as returned`);
}

/**
 * The source's rows over [a, b]: whole months from the month tables unless grouped by day or week
 * (per SKU over all warehouses unless a warehouse filter needs them apart).
 */
function rangeRows(src: Source, a: string, b: string, daily = false, f: ReportFilters = {}): RawBuilder<unknown> {
  if (daily || src.table === 'rpt_sales_daily') return sql.table(src.table);
  return rollupRange(src.table === 'rpt_sku_daily' ? (f.warehouseId === undefined ? 'skuAll' : 'sku') : 'customer', a, b);
}

function where(actor: Actor, src: Source, f: ReportFilters, from: string, to: string): RawBuilder<boolean> {
  const parts: RawBuilder<unknown>[] = [sql`r.day between ${from}::date and ${to}::date`];
  if (src.hasCompany) parts.push(companyScope(actor, sql`r.company_id`, f));
  if (src.hasSku) parts.push(skuScope(sql`r.sku_id`, f));
  if (f.warehouseId !== undefined && src.table !== 'rpt_customer_daily') parts.push(sql`r.warehouse_id = ${f.warehouseId}`);
  return sql<boolean>`${sql.join(parts, sql` and `)}`;
}

/** Group key and label of a dimension, on the rollup alias r. */
function dimension(dim: Dim): { key: RawBuilder<unknown>; label: RawBuilder<unknown>; joins: RawBuilder<unknown>; group: RawBuilder<unknown> } {
  switch (dim) {
    case 'customer':
      return { key: sql`c.id::text`, label: sql`max(c.name)`, joins: sql`join companies c on c.id = r.company_id`, group: sql`c.id` };
    case 'tier':
      return { key: sql`coalesce(c.tier_id, 0)::text`, label: sql`coalesce(max(t.name), '未分级')`, joins: sql`join companies c on c.id = r.company_id left join customer_tiers t on t.id = c.tier_id`, group: sql`coalesce(c.tier_id, 0)` };
    case 'region':
      return { key: sql`coalesce(c.province, '')`, label: sql`coalesce(nullif(c.province, ''), '未填写地区')`, joins: sql`join companies c on c.id = r.company_id`, group: sql`coalesce(c.province, ''), c.province` };
    case 'rep':
      return { key: sql`coalesce(c.sales_rep_id, 0)::text`, label: sql`coalesce(max(u.name), '未分配')`, joins: sql`join companies c on c.id = r.company_id left join users u on u.id = c.sales_rep_id`, group: sql`coalesce(c.sales_rep_id, 0)` };
    case 'category':
      return { key: sql`coalesce(p.category_id, 0)::text`, label: sql`coalesce(max(cat.name), '未分类')`, joins: sql`join skus s on s.id = r.sku_id join products p on p.id = s.product_id left join categories cat on cat.id = p.category_id`, group: sql`coalesce(p.category_id, 0)` };
    case 'brand':
      return { key: sql`coalesce(p.brand_id, 0)::text`, label: sql`coalesce(max(b.name), '无品牌')`, joins: sql`join skus s on s.id = r.sku_id join products p on p.id = s.product_id left join brands b on b.id = p.brand_id`, group: sql`coalesce(p.brand_id, 0)` };
    case 'sku':
      return { key: sql`r.sku_id::text`, label: sql`max(s.code || ' ' || p.name || case when s.spec_text <> '' then ' ' || s.spec_text else '' end)`, joins: sql`join skus s on s.id = r.sku_id join products p on p.id = s.product_id`, group: sql`r.sku_id` };
    default:
      return { key: sql`''`, label: sql`''`, joins: sql``, group: sql`1` };
  }
}

interface Agg { key: string; label: string; amount: number; lines: number; qty: number | null; orders: number | null; shipped: number; cost: number; costed: number; returned: number }
const toAgg = (r: Record<string, unknown>): Agg => ({
  key: String(r.key), label: String(r.label), amount: n(r.amount), lines: n(r.lines), qty: r.qty == null ? null : n(r.qty), orders: r.orders == null ? null : n(r.orders),
  shipped: n(r.shipped), cost: n(r.cost), costed: n(r.costed), returned: n(r.returned),
});

/** Sales by dimension over [from, to], each key's figure in the comparison range beside it. */
async function byDimension(db: Kysely<DB>, actor: Actor, f: ReportFilters, dim: Dim) {
  const src = sourceFor(actor, f, dim);
  const d = dimension(dim);
  // summed per customer or SKU first, then joined to names and grouped (joins on far fewer rows)
  const base = SKU_DIMS.includes(dim) ? 'sku_id' : 'company_id';
  const cols = sql.raw([
    `r.${base}`, 'sum(r.ordered_amount) as ordered_amount', 'sum(r.ordered_lines) as ordered_lines', src.hasSku ? 'sum(r.ordered_qty) as ordered_qty' : 'null::bigint as ordered_qty',
    src.table === 'rpt_customer_daily' ? 'sum(r.orders) as orders' : 'null::bigint as orders', 'sum(r.shipped_amount) as shipped_amount', 'sum(r.cost_amount) as cost_amount',
    'sum(r.costed_amount) as costed_amount', 'sum(r.returned_amount) as returned_amount',
  ].join(', '));
  // each range on its own connection (the current and the comparison range run side by side)
  const q = (a: string, b: string) => heavyReport(db, (trx) => sql<Record<string, unknown>>`
    select ${d.key} as key, ${d.label} as label, ${measures(src)}
      from (select ${cols} from ${rangeRows(src, a, b, false, f)} r where ${where(actor, src, f, a, b)} group by r.${sql.raw(base)}) r ${d.joins}
     group by ${d.group}`.execute(trx));
  return { src, q };
}

/** English for the labels of rows without a tier, region, rep, category or brand. */
const FALLBACK_EN: Partial<Record<Dim, string>> = { tier: 'No tier', region: 'No region', rep: 'Unassigned', category: 'Uncategorised', brand: 'No brand' };

const DIM_NAMES: Record<Dim, [string, string]> = {
  none: ['期间', 'Period'], customer: ['客户', 'Customer'], tier: ['客户等级', 'Tier'], region: ['地区', 'Region'], rep: ['业务员', 'Sales rep'],
  category: ['分类', 'Category'], brand: ['品牌', 'Brand'], sku: ['商品', 'SKU'],
};

/** Where a row leads: region → its customers → one customer's orders; category/brand → SKUs. */
function drillOf(dim: Dim, key: string, f: ReportFilters): Pick<ReportRow, '_drill' | '_link'> {
  const keep = new URLSearchParams();
  if (f.from) keep.set('from', f.from);
  if (f.to) keep.set('to', f.to);
  if (f.compare) keep.set('compare', f.compare);
  const next = (d: Dim, k: string, v: string) => {
    const p = new URLSearchParams(keep);
    p.set('dim', d);
    p.set(k, v);
    return { _drill: `sales?${p.toString()}` };
  };
  if (dim === 'region') return next('customer', 'region', key);
  if (dim === 'tier') return next('customer', 'tierId', key);
  if (dim === 'rep') return next('customer', 'repId', key);
  if (dim === 'category') return next('sku', 'categoryId', key);
  if (dim === 'brand') return next('sku', 'brandId', key);
  if (dim === 'customer') return { _drill: `customer?${new URLSearchParams({ ...Object.fromEntries(keep), companyId: key }).toString()}` };
  return {};
}

/** The sales report: rows per period (dim none) or per key, with 同比/环比 and margin. */
export async function salesAnalysis(db: Kysely<DB>, actor: Actor, f: ReportFilters & { from: string; to: string }): Promise<ReportDoc> {
  const dim = f.dim ?? 'none';
  const period: Period = f.period ?? 'month';
  const compare = f.compare ?? 'yoy';
  const { from, to } = f;
  const cmpName = compare === 'yoy' ? ['同比', 'YoY'] : compare === 'pop' ? ['环比', 'vs prior'] : null;
  const base = [
    col('amount', '销售额', 'Sales', 'fen'),
    ...(cmpName ? [col('prevAmount', `${cmpName[0]}基期`, `${cmpName[1]} base`, 'fen'), col('growth', `${cmpName[0]}增长`, `${cmpName[1]} growth`, 'pct')] : []),
    col('orders', '订单数', 'Orders', 'int'), col('lines', '订单行', 'Lines', 'int'), col('qty', '数量（基本单位）', 'Qty (base units)', 'int'),
    col('shipped', '发货金额', 'Shipped', 'fen'), col('profit', '毛利', 'Gross profit', 'fen'), col('margin', '毛利率', 'Margin', 'pct'),
    col('returned', '退货金额', 'Returned', 'fen'), col('share', '占比', 'Share', 'pct'),
  ];
  const rowOf = (a: Agg, prev: number | null, total: number): ReportRow => ({
    amount: a.amount, ...(cmpName ? { prevAmount: prev ?? 0, growth: growth(a.amount, prev) } : {}), orders: a.orders, lines: a.lines, qty: a.qty,
    shipped: a.shipped, profit: a.costed ? a.costed - a.cost : null, margin: a.costed ? ratio(a.costed - a.cost, a.costed) : null, returned: a.returned, share: ratio(a.amount, total),
  });

  if (dim === 'none') {
    const src = sourceFor(actor, f, 'none');
    const firstStart = periodStart(from, period);
    const qFrom = compare === 'yoy' ? yearBefore(firstStart, period) : compare === 'pop' ? previousPeriod(firstStart, period) : from;
    const trunc = period === 'day' ? sql`r.day` : sql`date_trunc(${period}, r.day)::date`;
    const byDay = period === 'day' || period === 'week';
    const start = qFrom < from ? qFrom : from;
    const { rows: all0 } = await sql<Record<string, unknown>>`
      select to_char(${trunc}, 'YYYY-MM-DD') as key, '' as label, ${measures(src)}
        from ${rangeRows(src, start, to, byDay, f)} r where ${where(actor, src, f, start, to)} group by 1 order by 1`.execute(db);
    // buckets before `from` are comparison only; the first and last bucket count only days in range
    const inRange = await sql<Record<string, unknown>>`
      select to_char(${trunc}, 'YYYY-MM-DD') as key, '' as label, ${measures(src)}
        from ${rangeRows(src, from, to, byDay, f)} r where ${where(actor, src, f, from, to)} group by 1 order by 1`.execute(db);
    const all = new Map(all0.map((r) => [String(r.key), toAgg(r)]));
    const cur = inRange.rows.map(toAgg);
    const have = new Map(cur.map((a) => [a.key, a]));
    const starts: string[] = [];
    for (let s = periodStart(from, period); s <= to; s = nextPeriod(s, period)) starts.push(s);
    const total = cur.reduce((s, a) => s + a.amount, 0);
    const empty = (key: string): Agg => ({ key, label: '', amount: 0, lines: 0, qty: null, orders: null, shipped: 0, cost: 0, costed: 0, returned: 0 });
    const out = starts.map((s) => {
      const a = have.get(s) ?? empty(s);
      const prevKey = compare === 'yoy' ? yearBefore(s, period) : compare === 'pop' ? previousPeriod(s, period) : null;
      const prev = prevKey ? (have.get(prevKey) ?? all.get(prevKey))?.amount ?? 0 : null;
      return { key: s, label: periodLabel(s, period), ...rowOf(a, prev, total) };
    });
    const totals = sumRows(cur, total, null);
    return {
      report: 'sales', zh: '销售分析', en: 'Sales analysis',
      columns: [col('label', '期间', 'Period'), ...base], rows: out, totals: { label: '合计', ...rowOf(totals, null, total) },
      chart: { type: 'bar', x: 'label', series: [{ key: 'amount', type: 'bar' }, ...(cmpName ? [{ key: 'prevAmount', type: 'line' as const }] : [])] },
    };
  }

  const len = daysBetween(from, to) + 1;
  const [cmpFrom, cmpTo] = compare === 'yoy' ? [yearBefore(from, 'day'), yearBefore(to, 'day')] : [addDays(from, -len), addDays(from, -1)];
  const note = cmpName ? { zh: `${cmpName[0]}基期：${cmpFrom} 至 ${cmpTo}`, en: `${cmpName[1]} base: ${cmpFrom} to ${cmpTo}` } : undefined;
  if (dim === 'sku') {
    const page = await salesBySku(db, actor, f, compare === 'none' ? null : [cmpFrom, cmpTo]);
    const rows = page.rows.map((a, i) => ({ rank: page.ranks[i], key: a.key, label: a.label, ...rowOf(a, compare === 'none' ? null : page.prev.get(a.key) ?? 0, page.totals.amount) }));
    return {
      report: 'sales', zh: '销售分析', en: 'Sales analysis',
      columns: [col('rank', '排名', 'Rank', 'int'), col('label', DIM_NAMES[dim][0], DIM_NAMES[dim][1]), ...base],
      rows, totals: { label: '合计', ...rowOf(page.totals, page.prevTotal, page.totals.amount) },
      chart: { type: 'bar', x: 'label', series: [{ key: 'amount', type: 'bar' }, ...(cmpName ? [{ key: 'prevAmount', type: 'bar' as const }] : [])] },
      note, paging: page.paging,
    };
  }
  const { q } = await byDimension(db, actor, f, dim);
  const [cur, prev] = await Promise.all([q(from, to), compare === 'none' ? Promise.resolve({ rows: [] }) : q(cmpFrom, cmpTo)]);
  const prevBy = new Map(prev.rows.map((r) => [String(r.key), n(r.amount)]));
  const aggs = cur.rows.map(toAgg).sort((a, b) => b.amount - a.amount || a.key.localeCompare(b.key));
  const total = aggs.reduce((s, a) => s + a.amount, 0);
  const rows = aggs.map((a, i) => ({ rank: i + 1, key: a.key, label: a.label, ...((a.key === '0' || a.key === '') && FALLBACK_EN[dim] ? { labelEn: FALLBACK_EN[dim] } : {}), ...rowOf(a, compare === 'none' ? null : prevBy.get(a.key) ?? 0, total), ...drillOf(dim, a.key, f) }));
  const prevTotal = compare === 'none' ? null : prev.rows.reduce((s, r) => s + n(r.amount), 0);
  return {
    report: 'sales', zh: '销售分析', en: 'Sales analysis',
    columns: [col('rank', '排名', 'Rank', 'int'), col('label', DIM_NAMES[dim][0], DIM_NAMES[dim][1]), ...base],
    rows, totals: { label: '合计', ...rowOf(sumRows(aggs, total, null), prevTotal, total) },
    chart: { type: 'bar', x: 'label', series: [{ key: 'amount', type: 'bar' }, ...(cmpName ? [{ key: 'prevAmount', type: 'bar' as const }] : [])] },
    note,
  };
}

/** Server-side sort keys of the per-SKU sales table (measures of the range; the first is the default). */
const SKU_SORTS: Record<string, string> = {
  amount: 'x.amount', share: 'x.amount', lines: 'x.lines', qty: 'x.qty', shipped: 'x.shipped', returned: 'x.returned',
  profit: 'case when x.costed <> 0 then x.costed - x.cost end', margin: 'case when x.costed <> 0 then (x.costed - x.cost)::numeric / x.costed end',
};

/**
 * Sales per SKU, one page: the SKUs are summed, counted and totalled in one query and only the
 * page's rows are sorted out and joined to their names; the comparison range is read for the
 * page's SKUs (and its total) only. 100,000 SKUs over a year answered 100,000 rows before.
 */
async function salesBySku(db: Kysely<DB>, actor: Actor, f: ReportFilters & { from: string; to: string }, cmp: [string, string] | null) {
  const src = sourceFor(actor, f, 'sku');
  const pg = pageOf(f, SKU_SORTS);
  const sums = (a: string, b: string) => sql`select r.sku_id, sum(r.ordered_amount) as amount, sum(r.ordered_lines) as lines, sum(r.ordered_qty) as qty, sum(r.shipped_amount) as shipped,
      sum(r.cost_amount) as cost, sum(r.costed_amount) as costed, sum(r.returned_amount) as returned
    from ${rangeRows(src, a, b, false, f)} r where ${where(actor, src, f, a, b)} group by r.sku_id`;
  // the rank is the place by sales: the row's place on the page when sorted by sales, else counted
  const byAmount = SKU_SORTS[pg.sort] === 'x.amount';
  // the comparison range's total on a second connection meanwhile (both are a scan of the range)
  const prevTotalP = cmp === null ? Promise.resolve(null) : heavyReport(db, (trx) => sql<{ amount: number }>`select coalesce(sum(r.ordered_amount), 0) as amount
    from ${rangeRows(src, cmp[0], cmp[1], false, f)} r where ${where(actor, src, f, cmp[0], cmp[1])}`.execute(trx)).then((x) => n(x.rows[0].amount));
  const pageP = heavyReport(db, async (trx) => {
    const { rows } = await sql<Record<string, unknown>>`
      with x as (${sums(f.from, f.to)}),
      t as (select count(*) as n, coalesce(sum(amount), 0) as amount, coalesce(sum(lines), 0) as lines, coalesce(sum(qty), 0) as qty, coalesce(sum(shipped), 0) as shipped,
                   coalesce(sum(cost), 0) as cost, coalesce(sum(costed), 0) as costed, coalesce(sum(returned), 0) as returned from x),
      p as (select x.*, ${byAmount ? sql`null::bigint` : sql`(select count(*) from x y where y.amount > x.amount or (y.amount = x.amount and y.sku_id < x.sku_id)) + 1`} as rank
              from x order by ${pg.by}, x.sku_id ${pg.limit === null ? sql`` : sql`limit ${pg.limit}`} offset ${pg.offset})
      select t.n as t_n, t.amount as t_amount, t.lines as t_lines, t.qty as t_qty, t.shipped as t_shipped, t.cost as t_cost, t.costed as t_costed, t.returned as t_returned,
             p.*, s.code || ' ' || pr.name || case when s.spec_text <> '' then ' ' || s.spec_text else '' end as label
        from t left join (p join skus s on s.id = p.sku_id join products pr on pr.id = s.product_id) on true
       order by ${sql.raw(SKU_SORTS[pg.sort].replaceAll('x.', 'p.'))} ${sql.raw(pg.order)} nulls last, p.sku_id`.execute(trx);
    const first = rows[0];
    const page = rows.filter((r) => r.sku_id != null).map((r) => toAgg({ ...r, key: String(r.sku_id), orders: null }));
    const ids = page.map((a) => Number(a.key));
    const prev = cmp === null || ids.length === 0 ? new Map<string, number>() : await sql<{ sku_id: number; amount: number }>`select r.sku_id, sum(r.ordered_amount) as amount
      from ${rangeRows(src, cmp[0], cmp[1], false, f)} r where ${where(actor, src, f, cmp[0], cmp[1])} and r.sku_id in (${sql.join(ids)}) group by 1`
      .execute(trx).then((x) => new Map(x.rows.map((r) => [String(r.sku_id), n(r.amount)])));
    const count = n(first.t_n);
    const totals: Agg = { key: '', label: '', amount: n(first.t_amount), lines: n(first.t_lines), qty: count ? n(first.t_qty) : null, orders: null, shipped: n(first.t_shipped),
      cost: n(first.t_cost), costed: n(first.t_costed), returned: n(first.t_returned) };
    return {
      rows: page, ranks: page.map((_, i) => (!byAmount ? n(rows[i].rank) : pg.order === 'desc' ? pg.offset + i + 1 : count - pg.offset - i)), prev, totals,
      paging: { offset: pg.offset, limit: pg.limit ?? count, total: count, sort: pg.sort, order: pg.order, sortable: Object.keys(SKU_SORTS) },
    };
  });
  // awaited apart from the page's transaction: PGlite runs one transaction at a time
  const [res, prevTotal] = await Promise.all([pageP, prevTotalP]);
  return { ...res, prevTotal };
}

function nextPeriod(s: string, p: Period): string {
  if (p === 'day') return addDays(s, 1);
  if (p === 'week') return addDays(s, 7);
  const months = p === 'month' ? 1 : p === 'quarter' ? 3 : 12;
  const d = new Date(`${s}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

function sumRows(aggs: Agg[], _total: number, _prev: number | null): Agg {
  const s = (k: keyof Agg) => aggs.reduce((x, a) => x + (typeof a[k] === 'number' ? (a[k] as number) : 0), 0);
  const anyQty = aggs.some((a) => a.qty != null);
  const anyOrders = aggs.some((a) => a.orders != null);
  return { key: '', label: '', amount: s('amount'), lines: s('lines'), qty: anyQty ? s('qty') : null, orders: anyOrders ? s('orders') : null, shipped: s('shipped'), cost: s('cost'), costed: s('costed'), returned: s('returned') };
}
