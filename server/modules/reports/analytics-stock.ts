import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { addDays, col, n, ratio, rollupRange, skuScope, type ReportDoc, type ReportFilters, type ReportRow } from './common';
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

/**
 * Turnover over the last `days` up to `to`: shipped quantity and its value, stock on hand now,
 * days of stock (on hand ÷ average daily shipments) and turns per year, per SKU, category or
 * warehouse. The page shows the 500 SKUs with the most stock value; totals cover all.
 */
export async function turnover(db: Kysely<DB>, f: ReportFilters & { to: string }): Promise<ReportDoc> {
  const days = f.days ?? 90;
  const by = f.groupBy === 'category' ? 'category' : f.groupBy === 'warehouse' ? 'warehouse' : 'sku';
  const wh = f.warehouseId;
  const { rows } = await sql<{ key: string; label: string; labelEn: string | null; on_hand: number; value: number; shipped_qty: number; shipped_value: number }>`
    with sold as (
      select r.sku_id, ${by === 'warehouse' ? sql`r.warehouse_id` : sql`0::bigint`} as wh, sum(r.shipped_qty) as q
        from ${rollupRange('sku', addDays(f.to, -(days - 1)), f.to)} r where r.shipped_qty <> 0
         and ${skuScope(sql`r.sku_id`, f)} ${wh !== undefined ? sql`and r.warehouse_id = ${wh}` : sql``}
       group by 1, 2),
    stock as (
      select sl.sku_id, ${by === 'warehouse' ? sql`sl.warehouse_id` : sql`0::bigint`} as wh, sum(sl.on_hand) as q
        from stock_levels sl where sl.on_hand <> 0 and ${skuScope(sql`sl.sku_id`, f)} ${wh !== undefined ? sql`and sl.warehouse_id = ${wh}` : sql``}
       group by 1, 2),
    k as (select coalesce(a.sku_id, b.sku_id) as sku_id, coalesce(a.wh, b.wh) as wh, coalesce(b.q, 0) as on_hand, coalesce(a.q, 0) as shipped
            from sold a full join stock b on b.sku_id = a.sku_id and b.wh = a.wh),
    cost as (${COSTS}),
    v as (select k.*, coalesce(cost.unit_cost, s.base_price) as unit_value, s.code, p.name, p.category_id
            from k join skus s on s.id = k.sku_id join products p on p.id = s.product_id left join cost on cost.sku_id = k.sku_id)
    select ${by === 'sku' ? sql`v.sku_id::text` : by === 'category' ? sql`coalesce(v.category_id, 0)::text` : sql`v.wh::text`} as key,
           ${by === 'sku' ? sql`max(v.code || ' ' || v.name)` : by === 'category' ? sql`coalesce(max(cat.name), '未分类')` : sql`coalesce(max(w.name), '-')`} as label,
           ${by === 'category' ? sql`coalesce(max(cat.name), 'Uncategorised')` : sql`null`} as "labelEn",
           sum(v.on_hand) as on_hand, sum(v.on_hand * v.unit_value) as value, sum(v.shipped) as shipped_qty, sum(v.shipped * v.unit_value) as shipped_value
      from v left join categories cat on cat.id = v.category_id left join warehouses w on w.id = v.wh
     group by 1 order by 4 desc, 1`.execute(db);
  const rowOf = (r: { on_hand: number; value: number; shipped_qty: number; shipped_value: number }): ReportRow => {
    const daily = n(r.shipped_value) / days;
    return {
      onHand: n(r.on_hand), value: n(r.value), shippedQty: n(r.shipped_qty), shippedValue: n(r.shipped_value),
      daysOfStock: daily > 0 ? Math.round((n(r.value) / daily) * 10) / 10 : null,
      turns: n(r.value) > 0 ? Math.round(((n(r.shipped_value) * 365) / days / n(r.value)) * 100) / 100 : null,
    };
  };
  const all = rows.map((r) => ({ key: r.key, label: r.label, ...(r.labelEn ? { labelEn: r.labelEn } : {}), ...rowOf(r) }));
  const sum = (k: 'on_hand' | 'value' | 'shipped_qty' | 'shipped_value') => rows.reduce((s, r) => s + n(r[k]), 0);
  const totals = { label: '合计', ...rowOf({ on_hand: sum('on_hand'), value: sum('value'), shipped_qty: sum('shipped_qty'), shipped_value: sum('shipped_value') }) };
  return {
    report: 'turnover', zh: '库存周转', en: 'Stock turnover',
    columns: [col('label', by === 'sku' ? '商品' : by === 'category' ? '分类' : '仓库', by === 'sku' ? 'SKU' : by === 'category' ? 'Category' : 'Warehouse'),
      col('onHand', '现有库存', 'On hand', 'int'), col('value', '库存金额', 'Stock value', 'fen'), col('shippedQty', `近${days}天发货量`, `Shipped, ${days} days`, 'int'),
      col('shippedValue', `近${days}天发货成本`, `Shipped value, ${days} days`, 'fen'), col('daysOfStock', '库存可售天数', 'Days of stock', 'days'), col('turns', '年周转次数', 'Turns per year', 'int')],
    rows: all.slice(0, 500), totals, chart: { type: 'bar', x: 'label', series: [{ key: 'value' }, { key: 'daysOfStock', type: 'line', axis: 1 }] },
    note: all.length > 500 ? { zh: `共 ${all.length} 行，显示库存金额最大的 500 行；合计含全部。${VALUE_NOTE.zh}`, en: `${all.length} rows; the 500 with most stock value are shown; totals cover all. ${VALUE_NOTE.en}` } : VALUE_NOTE,
  };
}

/**
 * Slow movers and dead stock: SKUs with stock on hand and no order in the last `days` (呆滞),
 * or more than twice `days` of stock at the recent pace (滞销); with their value and last sale.
 */
const SHOWN = 1000;

export async function slowMovers(db: Kysely<DB>, f: ReportFilters & { to: string }): Promise<ReportDoc> {
  const days = f.days ?? 90;
  const from = addDays(f.to, -(days - 1));
  const { rows } = await sql<{ sku_id: number; label: string; on_hand: number; value: number; ordered: number; last_day: string | null }>`
    with stock as (select sl.sku_id, sum(sl.on_hand) as q from stock_levels sl where sl.on_hand > 0 and ${skuScope(sql`sl.sku_id`, f)}
                   ${f.warehouseId !== undefined ? sql`and sl.warehouse_id = ${f.warehouseId}` : sql``} group by 1),
    sold as (select r.sku_id, sum(r.ordered_qty) as q from ${rollupRange('sku', from, f.to)} r where r.ordered_qty <> 0
              and r.sku_id in (select sku_id from stock) group by 1),
    cand as (select st.sku_id, st.q as on_hand, coalesce(so.q, 0) as ordered from stock st left join sold so on so.sku_id = st.sku_id
              where coalesce(so.q, 0) = 0 or st.q > 2 * so.q),
    cost as (${COSTS}),
    ranked as (select c.sku_id, s.code || ' ' || p.name as label, c.on_hand, c.on_hand * coalesce(cost.unit_cost, s.base_price) as value, c.ordered
                 from cand c join skus s on s.id = c.sku_id join products p on p.id = s.product_id left join cost on cost.sku_id = c.sku_id),
    shown as (select r.*, row_number() over (order by r.value desc, r.sku_id) as rn from ranked r)
    -- the last sale only for the rows shown (a look-up per SKU: the month table finds the month, the day table the day)
    select sh.sku_id, sh.label, sh.on_hand, sh.value, sh.ordered,
           case when sh.rn <= ${SHOWN} then (select to_char(max(d.day), 'YYYY-MM-DD') from rpt_sku_daily d where d.sku_id = sh.sku_id and d.ordered_qty > 0 and d.day <= ${f.to}::date
             and d.day >= (select max(m.month) from rpt_sku_monthly m where m.sku_id = sh.sku_id and m.ordered_qty > 0 and m.month <= ${f.to}::date)) end as last_day
      from shown sh order by sh.rn`.execute(db);
  const out = rows.map((r) => ({
    key: String(r.sku_id), label: r.label, status: n(r.ordered) === 0 ? '呆滞' : '滞销', statusEn: n(r.ordered) === 0 ? 'dead' : 'slow', onHand: n(r.on_hand), value: n(r.value), ordered: n(r.ordered),
    daysOfStock: n(r.ordered) > 0 ? Math.round((n(r.on_hand) / (n(r.ordered) / days)) * 10) / 10 : null, lastSale: r.last_day,
  }));
  const dead = out.filter((r) => r.ordered === 0);
  return {
    report: 'slow', zh: '滞销与呆滞库存', en: 'Slow movers and dead stock',
    columns: [col('label', '商品', 'SKU'), col('status', '状态', 'Status'), col('onHand', '现有库存', 'On hand', 'int'), col('value', '库存金额', 'Stock value', 'fen'),
      col('ordered', `近${days}天订货量`, `Ordered, ${days} days`, 'int'), col('daysOfStock', '库存可售天数', 'Days of stock', 'days'), col('lastSale', '最近销售日', 'Last sale', 'date')],
    rows: out.slice(0, SHOWN), chart: { type: 'bar', x: 'label', series: [{ key: 'value' }] },
    figures: [
      { key: 'deadCount', zh: `呆滞商品（${days}天无销售）`, en: `Dead SKUs (no sale in ${days} days)`, kind: 'int', value: dead.length },
      { key: 'deadValue', zh: '呆滞库存金额', en: 'Dead stock value', kind: 'fen', value: dead.reduce((s, r) => s + r.value, 0) },
      { key: 'slowCount', zh: '滞销商品', en: 'Slow SKUs', kind: 'int', value: out.length - dead.length },
      { key: 'slowValue', zh: '滞销库存金额', en: 'Slow stock value', kind: 'fen', value: out.filter((r) => r.ordered > 0).reduce((s, r) => s + r.value, 0) },
    ],
    note: VALUE_NOTE,
  };
}

/** ABC analysis of SKUs by sales in [from, to]: A up to 80% of sales, B to 95%, C the rest. */
export async function abc(db: Kysely<DB>, f: ReportFilters & { from: string; to: string }): Promise<ReportDoc> {
  const { rows } = await sql<{ sku_id: number; label: string; amount: number; qty: number }>`
    select r.sku_id, s.code || ' ' || p.name as label, r.ordered_amount as amount, r.ordered_qty as qty
      from (select r.sku_id, sum(r.ordered_amount) as ordered_amount, sum(r.ordered_qty) as ordered_qty from ${rollupRange('sku', f.from, f.to)} r
             where ${skuScope(sql`r.sku_id`, f)} group by r.sku_id having sum(r.ordered_amount) > 0) r
      join skus s on s.id = r.sku_id join products p on p.id = s.product_id
     order by 3 desc, 1`.execute(db);
  const total = rows.reduce((s, r) => s + n(r.amount), 0);
  let cum = 0;
  const classes = { A: { count: 0, amount: 0 }, B: { count: 0, amount: 0 }, C: { count: 0, amount: 0 } };
  const out = rows.map((r, i) => {
    const before = cum;
    cum += n(r.amount);
    // a SKU is A while the sales before it are under 80% (the SKU that crosses 80% is still A)
    const cls = before < total * 0.8 ? 'A' : before < total * 0.95 ? 'B' : 'C';
    classes[cls].count += 1;
    classes[cls].amount += n(r.amount);
    return { rank: i + 1, key: String(r.sku_id), label: r.label, cls, qty: n(r.qty), amount: n(r.amount), share: ratio(n(r.amount), total), cumShare: ratio(cum, total) };
  });
  return {
    report: 'abc', zh: 'ABC 分析', en: 'ABC analysis',
    columns: [col('rank', '排名', 'Rank', 'int'), col('label', '商品', 'SKU'), col('cls', '类别', 'Class'), col('qty', '数量（基本单位）', 'Qty (base units)', 'int'),
      col('amount', '销售额', 'Sales', 'fen'), col('share', '占比', 'Share', 'pct'), col('cumShare', '累计占比', 'Cumulative', 'pct')],
    rows: out.slice(0, 1000), chart: { type: 'bar', x: 'label', series: [{ key: 'amount' }, { key: 'cumShare', type: 'line', axis: 1 }] },
    figures: (['A', 'B', 'C'] as const).flatMap((k) => [
      { key: `${k}count`, zh: `${k} 类商品数`, en: `Class ${k} SKUs`, kind: 'int' as const, value: classes[k].count },
      { key: `${k}amount`, zh: `${k} 类销售额`, en: `Class ${k} sales`, kind: 'fen' as const, value: classes[k].amount },
    ]),
    note: out.length > 1000 ? { zh: `共 ${out.length} 个商品，显示前 1000 个；分类统计含全部。`, en: `${out.length} SKUs; the first 1000 are shown; class figures cover all.` } : undefined,
  };
}
