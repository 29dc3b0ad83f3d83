import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import type { Actor } from '../auth/actor';
import { col, companyScope, n, skuScope, type ReportDoc, type ReportFilters } from './common';
import './tables';

/**
 * Reports over the daily snapshots (snapshots.ts): stock-out days and stock value over time, and
 * receivables aging over time. Days before the first snapshot have no figures (the note says so).
 */
const firstNote = (first: string | null) => first
  ? { zh: `快照每天由后台任务记录（当天最后一次为准），最早一天为 ${first}。`, en: `Snapshots are taken daily by a background job (the day's last run counts); the first is ${first}.` }
  : { zh: '还没有库存与应收快照：后台任务每 30 分钟记录一次当天的快照。', en: 'No snapshots yet: a background job records today\'s snapshot every 30 minutes.' };

/** Per SKU: days in [from, to] on which nothing was available (on hand − reserved ≤ 0) in the chosen warehouse(s). */
export async function stockOuts(db: Kysely<DB>, f: ReportFilters & { from: string; to: string }): Promise<ReportDoc> {
  const wh = f.warehouseId !== undefined ? sql`and d.warehouse_id = ${f.warehouseId}` : sql``;
  const { rows } = await sql<{ sku_id: number; label: string; days: number; out_days: number; last_out: string | null; on_hand: number }>`
    with per_day as (
      select d.day, d.sku_id, sum(d.on_hand) as on_hand, sum(d.on_hand - d.reserved) as available
        from rpt_stock_daily d where d.day between ${f.from}::date and ${f.to}::date and ${skuScope(sql`d.sku_id`, f)} ${wh}
       group by 1, 2),
    k as (select sku_id, count(*) as days, count(*) filter (where available <= 0) as out_days,
                 max(day) filter (where available <= 0) as last_out, (array_agg(on_hand order by day desc))[1] as on_hand
            from per_day group by 1 having count(*) filter (where available <= 0) > 0)
    select k.sku_id, s.code || ' ' || p.name as label, k.days, k.out_days, to_char(k.last_out, 'YYYY-MM-DD') as last_out, k.on_hand
      from k join skus s on s.id = k.sku_id join products p on p.id = s.product_id
     order by k.out_days desc, k.sku_id limit 1000`.execute(db);
  const { rows: [span] } = await sql<{ first: string | null; days: number }>`select to_char(min(day), 'YYYY-MM-DD') as first, count(distinct day) as days
    from rpt_stock_daily where day between ${f.from}::date and ${f.to}::date`.execute(db);
  return {
    report: 'stockouts', zh: '缺货天数', en: 'Stock-out days',
    columns: [col('label', '商品', 'SKU'), col('outDays', '缺货天数', 'Days out of stock', 'days'), col('days', '有快照的天数', 'Days with a snapshot', 'days'),
      col('outRate', '缺货天数占比', 'Share of days out', 'pct'), col('lastOut', '最近缺货日', 'Last day out', 'date'), col('onHand', '最新库存', 'Latest on hand', 'int')],
    rows: rows.map((r) => ({ key: String(r.sku_id), label: r.label, outDays: n(r.out_days), days: n(r.days), outRate: n(r.days) ? Math.round((n(r.out_days) / n(r.days)) * 10_000) / 10_000 : null, lastOut: r.last_out, onHand: n(r.on_hand) })),
    chart: { type: 'bar', x: 'label', series: [{ key: 'outDays' }] },
    figures: [
      { key: 'skus', zh: '发生缺货的商品', en: 'SKUs out of stock at least one day', kind: 'int', value: rows.length },
      { key: 'snapshotDays', zh: '期间快照天数', en: 'Snapshot days in range', kind: 'days', value: n(span.days) },
    ],
    note: firstNote(span.first),
  };
}

/** Stock value (at cost) and units on hand per day, from the snapshots. */
export async function stockValue(db: Kysely<DB>, f: ReportFilters & { from: string; to: string }): Promise<ReportDoc> {
  const wh = f.warehouseId !== undefined ? sql`and d.warehouse_id = ${f.warehouseId}` : sql``;
  const { rows } = await sql<{ day: string; value: number; on_hand: number; skus: number; out: number }>`
    select to_char(d.day, 'YYYY-MM-DD') as day, sum(d.value) as value, sum(d.on_hand) as on_hand,
           count(distinct d.sku_id) filter (where d.on_hand > 0) as skus, count(*) filter (where d.on_hand - d.reserved <= 0) as out
      from rpt_stock_daily d where d.day between ${f.from}::date and ${f.to}::date and ${skuScope(sql`d.sku_id`, f)} ${wh}
     group by d.day order by d.day`.execute(db);
  const out = rows.map((r) => ({ key: r.day, label: r.day, value: n(r.value), onHand: n(r.on_hand), skus: n(r.skus), outCount: n(r.out) }));
  const last = out.at(-1);
  return {
    report: 'stockvalue', zh: '库存金额趋势', en: 'Stock value over time',
    columns: [col('label', '日期', 'Day', 'date'), col('value', '库存金额', 'Stock value', 'fen'), col('onHand', '库存数量（基本单位）', 'On hand (base units)', 'int'),
      col('skus', '有库存的商品', 'SKUs in stock', 'int'), col('outCount', '缺货的商品仓位', 'SKU × warehouse out of stock', 'int')],
    rows: out,
    chart: { type: 'line', x: 'label', series: [{ key: 'value', type: 'line' }, { key: 'outCount', type: 'bar', axis: 1 }] },
    figures: [{ key: 'latest', zh: '最新库存金额', en: 'Latest stock value', kind: 'fen', value: last?.value ?? null }],
    note: firstNote(out[0]?.label ?? null),
  };
}

/** Receivables by age per day, from the snapshots; a rep sees their customers only. */
export async function agingTrend(db: Kysely<DB>, actor: Actor, f: ReportFilters & { from: string; to: string }): Promise<ReportDoc> {
  const { rows } = await sql<Record<string, unknown>>`
    select to_char(a.day, 'YYYY-MM-DD') as day, sum(a.orders) as orders, sum(a.not_due) as "notDue", sum(a.d30) as d30, sum(a.d60) as d60, sum(a.d90) as d90, sum(a.d90plus) as d90plus
      from rpt_aging_daily a where a.day between ${f.from}::date and ${f.to}::date and ${companyScope(actor, sql`a.company_id`, f)}
     group by a.day order by a.day`.execute(db);
  const keys = ['notDue', 'd30', 'd60', 'd90', 'd90plus'] as const;
  const out = rows.map((r) => {
    const total = keys.reduce((s, k) => s + n(r[k]), 0);
    return { key: String(r.day), label: String(r.day), orders: n(r.orders), total, ...Object.fromEntries(keys.map((k) => [k, n(r[k])])), overdue: total - n(r.notDue) };
  });
  return {
    report: 'agingtrend', zh: '应收账龄趋势', en: 'Receivables aging over time',
    columns: [col('label', '日期', 'Day', 'date'), col('orders', '未结订单', 'Open orders', 'int'), col('total', '应收余额', 'Outstanding', 'fen'),
      col('notDue', '未到期', 'Not due', 'fen'), col('d30', '逾期1-30天', '1-30 days over', 'fen'), col('d60', '逾期31-60天', '31-60 days over', 'fen'),
      col('d90', '逾期61-90天', '61-90 days over', 'fen'), col('d90plus', '逾期90天以上', 'Over 90 days', 'fen'), col('overdue', '逾期合计', 'Overdue', 'fen')],
    rows: out,
    chart: { type: 'bar', x: 'label', series: keys.map((k) => ({ key: k, type: 'bar' as const, stack: 'aging' })) },
    note: firstNote(out[0]?.label ?? null),
  };
}
