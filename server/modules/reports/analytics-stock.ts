import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { addDays, col, heavyReport, n, pageOf, ratio, rollupRange, skuScope, type Paging, type ReportDoc, type ReportFilters, type ReportRow } from './common';
import './tables';

/**
 * Stock reports read current stock (stock_levels: one row per SKU and warehouse, not a history)
 * and shipments from the day × SKU × warehouse rollup. Stock is valued at the SKU's average
 * received purchase cost, else its base price (marked in the note).
 */
/** Every SKU's average received purchase cost at once (a hash join, not a look-up per SKU). */
const COSTS = sql`select pl.sku_id, round(sum(pl.received_qty::numeric * pl.unit_cost) / nullif(sum(pl.received_qty), 0))::bigint as unit_cost
  from purchase_order_lines pl where pl.received_qty > 0 group by pl.sku_id`;

const VALUE_NOTE = { zh: '库存按平均采购入库成本计价，无采购记录的按基础价。', en: 'Stock is valued at the average received purchase cost, else the base price.' };

/** Server-side sort keys of turnover by SKU (the first is the default). */
const TURNOVER_SORTS: Record<string, string> = {
  value: 'm.value', onHand: 'm.on_hand', shippedQty: 'm.shipped_qty', shippedValue: 'm.shipped_value',
  daysOfStock: 'case when m.shipped_value > 0 then m.value::numeric / m.shipped_value end', turns: 'case when m.value > 0 then m.shipped_value::numeric / m.value end',
};

/**
 * Turnover over the last `days` up to `to`: shipped quantity and its value, stock on hand now,
 * days of stock (on hand ÷ average daily shipments) and turns per year, per SKU (one page, most
 * stock value first; totals cover all), category or warehouse.
 */
export async function turnover(db: Kysely<DB>, f: ReportFilters & { to: string }): Promise<ReportDoc> {
  const days = f.days ?? 90;
  const by = f.groupBy === 'category' ? 'category' : f.groupBy === 'warehouse' ? 'warehouse' : 'sku';
  const wh = f.warehouseId;
  const kind = by === 'warehouse' || wh !== undefined ? 'sku' : 'skuAll';
  // per SKU (and warehouse when grouped so): shipped in the range, on hand now, unit value
  const perSku = sql`
    with sold as (
      select r.sku_id, ${by === 'warehouse' ? sql`r.warehouse_id` : sql`0::bigint`} as wh, sum(r.shipped_qty) as q
        from ${rollupRange(kind, addDays(f.to, -(days - 1)), f.to)} r where r.shipped_qty <> 0
         and ${skuScope(sql`r.sku_id`, f)} ${wh !== undefined ? sql`and r.warehouse_id = ${wh}` : sql``}
       group by 1, 2),
    stock as (
      select sl.sku_id, ${by === 'warehouse' ? sql`sl.warehouse_id` : sql`0::bigint`} as wh, sum(sl.on_hand) as q
        from stock_levels sl where sl.on_hand <> 0 and ${skuScope(sql`sl.sku_id`, f)} ${wh !== undefined ? sql`and sl.warehouse_id = ${wh}` : sql``}
       group by 1, 2),
    k as (select coalesce(a.sku_id, b.sku_id) as sku_id, coalesce(a.wh, b.wh) as wh, coalesce(b.q, 0) as on_hand, coalesce(a.q, 0) as shipped
            from sold a full join stock b on b.sku_id = a.sku_id and b.wh = a.wh),
    cost as (${COSTS}),
    v as (select k.*, coalesce(cost.unit_cost, s.base_price) as unit_value, s.product_id
            from k join skus s on s.id = k.sku_id left join cost on cost.sku_id = k.sku_id)`;
  const rowOf = (r: Record<string, unknown>): ReportRow => {
    const daily = n(r.shipped_value) / days;
    return {
      onHand: n(r.on_hand), value: n(r.value), shippedQty: n(r.shipped_qty), shippedValue: n(r.shipped_value),
      daysOfStock: daily > 0 ? Math.round((n(r.value) / daily) * 10) / 10 : null,
      turns: n(r.value) > 0 ? Math.round(((n(r.shipped_value) * 365) / days / n(r.value)) * 100) / 100 : null,
    };
  };
  let all: ReportRow[];
  let totals: ReportRow;
  let paging: Paging | undefined;
  if (by === 'sku') {
    const pg = pageOf(f, TURNOVER_SORTS);
    const { rows } = await heavyReport(db, (trx) => sql<Record<string, unknown>>`
      ${perSku},
      m as (select v.sku_id, v.product_id, v.on_hand, v.on_hand * v.unit_value as value, v.shipped as shipped_qty, v.shipped * v.unit_value as shipped_value from v),
      t as (select count(*) as n, coalesce(sum(on_hand), 0) as t_on_hand, coalesce(sum(value), 0) as t_value, coalesce(sum(shipped_qty), 0) as t_shipped_qty, coalesce(sum(shipped_value), 0) as t_shipped_value from m),
      p as (select m.* from m order by ${pg.by}, m.sku_id ${pg.limit === null ? sql`` : sql`limit ${pg.limit}`} offset ${pg.offset})
      select t.*, m.*, s.code || ' ' || pr.name as label
        from t left join (p m join skus s on s.id = m.sku_id join products pr on pr.id = m.product_id) on true
       order by ${pg.by}, m.sku_id`.execute(trx));
    const page = rows.filter((r) => r.sku_id != null);
    all = page.map((r) => ({ key: String(r.sku_id), label: String(r.label), ...rowOf(r) }));
    const t = rows[0];
    totals = { label: '合计', ...rowOf({ on_hand: t.t_on_hand, value: t.t_value, shipped_qty: t.t_shipped_qty, shipped_value: t.t_shipped_value }) };
    paging = { offset: pg.offset, limit: pg.limit ?? n(t.n), total: n(t.n), sort: pg.sort, order: pg.order, sortable: Object.keys(TURNOVER_SORTS) };
  } else {
    const { rows } = await heavyReport(db, (trx) => sql<{ key: string; label: string; labelEn: string | null; on_hand: number; value: number; shipped_qty: number; shipped_value: number }>`
      ${perSku}
      select ${by === 'category' ? sql`coalesce(p.category_id, 0)::text` : sql`v.wh::text`} as key,
             ${by === 'category' ? sql`coalesce(max(cat.name), '未分类')` : sql`coalesce(max(w.name), '-')`} as label,
             ${by === 'category' ? sql`coalesce(max(cat.name), 'Uncategorised')` : sql`null`} as "labelEn",
             sum(v.on_hand) as on_hand, sum(v.on_hand * v.unit_value) as value, sum(v.shipped) as shipped_qty, sum(v.shipped * v.unit_value) as shipped_value
        from v ${by === 'category' ? sql`join products p on p.id = v.product_id left join categories cat on cat.id = p.category_id` : sql`left join warehouses w on w.id = v.wh`}
       group by 1 order by 5 desc, 1`.execute(trx));
    all = rows.map((r) => ({ key: r.key, label: r.label, ...(r.labelEn ? { labelEn: r.labelEn } : {}), ...rowOf(r) }));
    const sum = (k: 'on_hand' | 'value' | 'shipped_qty' | 'shipped_value') => rows.reduce((x, r) => x + n(r[k]), 0);
    totals = { label: '合计', ...rowOf({ on_hand: sum('on_hand'), value: sum('value'), shipped_qty: sum('shipped_qty'), shipped_value: sum('shipped_value') }) };
  }
  return {
    report: 'turnover', zh: '库存周转', en: 'Stock turnover',
    columns: [col('label', by === 'sku' ? '商品' : by === 'category' ? '分类' : '仓库', by === 'sku' ? 'SKU' : by === 'category' ? 'Category' : 'Warehouse'),
      col('onHand', '现有库存', 'On hand', 'int'), col('value', '库存金额', 'Stock value', 'fen'), col('shippedQty', `近${days}天发货量`, `Shipped, ${days} days`, 'int'),
      col('shippedValue', `近${days}天发货成本`, `Shipped value, ${days} days`, 'fen'), col('daysOfStock', '库存可售天数', 'Days of stock', 'days'), col('turns', '年周转次数', 'Turns per year', 'int')],
    rows: all, totals, chart: { type: 'bar', x: 'label', series: [{ key: 'value' }, { key: 'daysOfStock', type: 'line', axis: 1 }] },
    note: VALUE_NOTE, ...(paging ? { paging } : {}),
  };
}

/**
 * Slow movers and dead stock: SKUs with stock on hand and no order in the last `days` (呆滞),
 * or more than twice `days` of stock at the recent pace (滞销); with their value and last sale.
 * One page of them (most value first); the figures cover all.
 */
const SLOW_SORTS: Record<string, string> = {
  value: 'c.value', onHand: 'c.on_hand', ordered: 'c.ordered', daysOfStock: 'case when c.ordered > 0 then c.on_hand::numeric / c.ordered end',
};

export async function slowMovers(db: Kysely<DB>, f: ReportFilters & { to: string }): Promise<ReportDoc> {
  const days = f.days ?? 90;
  const from = addDays(f.to, -(days - 1));
  const pg = pageOf(f, SLOW_SORTS);
  const { rows } = await heavyReport(db, (trx) => sql<Record<string, unknown>>`
    with stock as (select sl.sku_id, sum(sl.on_hand) as q from stock_levels sl where sl.on_hand > 0 and ${skuScope(sql`sl.sku_id`, f)}
                   ${f.warehouseId !== undefined ? sql`and sl.warehouse_id = ${f.warehouseId}` : sql``} group by 1),
    sold as (select r.sku_id, sum(r.ordered_qty) as q from ${rollupRange('skuAll', from, f.to)} r where r.ordered_qty <> 0
              and r.sku_id in (select sku_id from stock) group by 1),
    cost as (${COSTS}),
    c as (select st.sku_id, s.product_id, st.q as on_hand, st.q * coalesce(cost.unit_cost, s.base_price) as value, coalesce(so.q, 0) as ordered
            from stock st left join sold so on so.sku_id = st.sku_id join skus s on s.id = st.sku_id left join cost on cost.sku_id = st.sku_id
           where coalesce(so.q, 0) = 0 or st.q > 2 * so.q),
    t as (select count(*) as n, count(*) filter (where ordered = 0) as dead_n, coalesce(sum(value) filter (where ordered = 0), 0) as dead_v,
                 count(*) filter (where ordered <> 0) as slow_n, coalesce(sum(value) filter (where ordered <> 0), 0) as slow_v from c),
    p as (select c.* from c order by ${pg.by}, c.sku_id ${pg.limit === null ? sql`` : sql`limit ${pg.limit}`} offset ${pg.offset})
    -- the last sale only for the page's rows (a look-up per SKU: the month table finds the month, the day table the day)
    select t.*, c.sku_id, s.code || ' ' || pr.name as label, c.on_hand, c.value, c.ordered,
           (select to_char(max(d.day), 'YYYY-MM-DD') from rpt_sku_daily d where d.sku_id = c.sku_id and d.ordered_qty > 0 and d.day <= ${f.to}::date
             and d.day >= (select max(m.month) from rpt_sku_monthly_all m where m.sku_id = c.sku_id and m.ordered_qty > 0 and m.month <= ${f.to}::date)) as last_day
      from t left join (p c join skus s on s.id = c.sku_id join products pr on pr.id = c.product_id) on true
     order by ${pg.by}, c.sku_id`.execute(trx));
  const t = rows[0];
  const out = rows.filter((r) => r.sku_id != null).map((r) => ({
    key: String(r.sku_id), label: String(r.label), status: n(r.ordered) === 0 ? '呆滞' : '滞销', statusEn: n(r.ordered) === 0 ? 'dead' : 'slow', onHand: n(r.on_hand), value: n(r.value), ordered: n(r.ordered),
    daysOfStock: n(r.ordered) > 0 ? Math.round((n(r.on_hand) / (n(r.ordered) / days)) * 10) / 10 : null, lastSale: r.last_day == null ? null : String(r.last_day),
  }));
  return {
    report: 'slow', zh: '滞销与呆滞库存', en: 'Slow movers and dead stock',
    columns: [col('label', '商品', 'SKU'), col('status', '状态', 'Status'), col('onHand', '现有库存', 'On hand', 'int'), col('value', '库存金额', 'Stock value', 'fen'),
      col('ordered', `近${days}天订货量`, `Ordered, ${days} days`, 'int'), col('daysOfStock', '库存可售天数', 'Days of stock', 'days'), col('lastSale', '最近销售日', 'Last sale', 'date')],
    rows: out, chart: { type: 'bar', x: 'label', series: [{ key: 'value' }] },
    figures: [
      { key: 'deadCount', zh: `呆滞商品（${days}天无销售）`, en: `Dead SKUs (no sale in ${days} days)`, kind: 'int', value: n(t.dead_n) },
      { key: 'deadValue', zh: '呆滞库存金额', en: 'Dead stock value', kind: 'fen', value: n(t.dead_v) },
      { key: 'slowCount', zh: '滞销商品', en: 'Slow SKUs', kind: 'int', value: n(t.slow_n) },
      { key: 'slowValue', zh: '滞销库存金额', en: 'Slow stock value', kind: 'fen', value: n(t.slow_v) },
    ],
    note: VALUE_NOTE,
    paging: { offset: pg.offset, limit: pg.limit ?? n(t.n), total: n(t.n), sort: pg.sort, order: pg.order, sortable: Object.keys(SLOW_SORTS) },
  };
}

/**
 * ABC analysis of SKUs by sales in [from, to]: A up to 80% of sales, B to 95%, C the rest. The
 * classes are found over all SKUs in SQL; one page of SKUs is returned, in rank order.
 */
export async function abc(db: Kysely<DB>, f: ReportFilters & { from: string; to: string }): Promise<ReportDoc> {
  // in rank order only (the classes follow it)
  const pg = pageOf({ ...f, sort: undefined, order: undefined }, { rank: 'c.rank' });
  const { rows } = await heavyReport(db, (trx) => sql<Record<string, unknown>>`
    with x as (select r.sku_id, sum(r.ordered_amount) as amount, sum(r.ordered_qty) as qty from ${rollupRange('skuAll', f.from, f.to)} r
                where ${skuScope(sql`r.sku_id`, f)} group by r.sku_id having sum(r.ordered_amount) > 0),
    t as (select count(*) as n, coalesce(sum(amount), 0) as total from x),
    -- a SKU is A while the sales before it are under 80% (the SKU that crosses 80% is still A): before / total < 0.8 as integers
    w as (select x.*, row_number() over o as rank, sum(x.amount) over o as cum from x window o as (order by x.amount desc, x.sku_id rows unbounded preceding)),
    c as (select w.*, case when (w.cum - w.amount) * 10 < t.total * 8 then 'A' when (w.cum - w.amount) * 20 < t.total * 19 then 'B' else 'C' end as cls from w, t),
    k as (select cls, count(*) as count, sum(amount) as amount from c group by cls),
    p as (select c.* from c order by c.rank ${pg.limit === null ? sql`` : sql`limit ${pg.limit}`} offset ${pg.offset})
    select t.n, t.total, (select json_object_agg(cls, json_build_array(count, amount)) from k) as classes,
           c.sku_id, c.rank, c.cls, c.amount, c.qty, c.cum, s.code || ' ' || pr.name as label
      from t left join (p c join skus s on s.id = c.sku_id join products pr on pr.id = s.product_id) on true
     order by c.rank`.execute(trx));
  const first = rows[0];
  const total = n(first.total);
  const classes = (first.classes ?? {}) as Record<string, [number, number]>;
  const out = rows.filter((r) => r.sku_id != null).map((r) => ({
    rank: n(r.rank), key: String(r.sku_id), label: String(r.label), cls: String(r.cls), qty: n(r.qty), amount: n(r.amount), share: ratio(n(r.amount), total), cumShare: ratio(n(r.cum), total),
  }));
  return {
    report: 'abc', zh: 'ABC 分析', en: 'ABC analysis',
    columns: [col('rank', '排名', 'Rank', 'int'), col('label', '商品', 'SKU'), col('cls', '类别', 'Class'), col('qty', '数量（基本单位）', 'Qty (base units)', 'int'),
      col('amount', '销售额', 'Sales', 'fen'), col('share', '占比', 'Share', 'pct'), col('cumShare', '累计占比', 'Cumulative', 'pct')],
    rows: out, chart: { type: 'bar', x: 'label', series: [{ key: 'amount' }, { key: 'cumShare', type: 'line', axis: 1 }] },
    figures: (['A', 'B', 'C'] as const).flatMap((k) => [
      { key: `${k}count`, zh: `${k} 类商品数`, en: `Class ${k} SKUs`, kind: 'int' as const, value: n(classes[k]?.[0]) },
      { key: `${k}amount`, zh: `${k} 类销售额`, en: `Class ${k} sales`, kind: 'fen' as const, value: n(classes[k]?.[1]) },
    ]),
    paging: { offset: pg.offset, limit: pg.limit ?? n(first.n), total: n(first.n), sort: 'rank', order: 'asc', sortable: [] },
  };
}
