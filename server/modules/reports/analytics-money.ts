import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import type { Actor } from '../auth/actor';
import { customerScope } from '../customers';
import { openingMovementsSql } from '../payments';
import { sourceFor } from './analytics-sales';
import { addDays, col, companyScope, n, openReceivablesSql, rollupRange, periodLabel, periodStart, ratio, skuScope, type Period, type ReportDoc, type ReportFilters, type ReportRow } from './common';
import './tables';

/**
 * Money reports. Receivables are the approved orders whose total exceeds their succeeded
 * payments (rpt_open_orders) and the opening receivables brought from the old system (payments'
 * opening journals, issue 19), aged by days past their due day (the day the receivable arose —
 * for an opening receivable, the day it was imported — plus the customer's credit days). Collections and refunds come from the day × customer rollup.
 */
const BUCKETS = [
  ['notDue', '未到期', 'Not due'], ['d30', '逾期1-30天', '1-30 days over'], ['d60', '逾期31-60天', '31-60 days over'], ['d90', '逾期61-90天', '61-90 days over'], ['d90plus', '逾期90天以上', 'Over 90 days'],
] as const;

/** Days sales outstanding: receivables now ÷ average daily billing of the last 90 days. */
async function dso(db: Kysely<DB>, actor: Actor, f: ReportFilters, today: string, open: number): Promise<number | null> {
  const { rows: [b] } = await sql<{ billed: number }>`select coalesce(sum(r.billed), 0) as billed from rpt_customer_daily r
    where r.day between ${addDays(today, -89)}::date and ${today}::date and ${companyScope(actor, sql`r.company_id`, f)}`.execute(db);
  const daily = n(b.billed) / 90;
  return daily > 0 ? Math.round((open / daily) * 10) / 10 : null;
}

/** Receivables by customer and age as of `today` (the supplier's day). */
export async function aging(db: Kysely<DB>, actor: Actor, f: ReportFilters, today: string, timeZone: string): Promise<ReportDoc> {
  const { rows } = await sql<Record<string, unknown>>`
    with o as ${openReceivablesSql(timeZone)}
    select o.company_id, max(c.name) as name, max(u.name) as rep, sum(o.is_order) as orders, sum(o.outstanding) as total, sum(o.opening) as opening,
           coalesce(sum(o.outstanding) filter (where o.due_day >= ${today}::date), 0) as "notDue",
           coalesce(sum(o.outstanding) filter (where ${today}::date - o.due_day between 1 and 30), 0) as d30,
           coalesce(sum(o.outstanding) filter (where ${today}::date - o.due_day between 31 and 60), 0) as d60,
           coalesce(sum(o.outstanding) filter (where ${today}::date - o.due_day between 61 and 90), 0) as d90,
           coalesce(sum(o.outstanding) filter (where ${today}::date - o.due_day > 90), 0) as d90plus,
           to_char(min(o.due_day), 'YYYY-MM-DD') as oldest_due
      from o join companies c on c.id = o.company_id left join users u on u.id = c.sales_rep_id
     where ${companyScope(actor, sql`o.company_id`, f)}
     group by o.company_id order by total desc, o.company_id`.execute(db);
  const out: ReportRow[] = rows.map((r) => ({
    key: String(r.company_id), label: String(r.name), rep: r.rep == null ? '未分配' : String(r.rep), repEn: r.rep == null ? 'Unassigned' : String(r.rep), orders: n(r.orders), total: n(r.total), opening: n(r.opening),
    ...Object.fromEntries(BUCKETS.map(([k]) => [k, n(r[k])])), oldestDue: String(r.oldest_due), _drill: `customer?companyId=${r.company_id}&to=${today}&from=${addDays(today, -364)}`,
  }));
  const sum = (k: string) => out.reduce((s, r) => s + n(r[k]), 0);
  const total = sum('total');
  return {
    report: 'aging', zh: '应收账龄', en: 'Receivables aging',
    columns: [col('label', '客户', 'Customer'), col('rep', '业务员', 'Sales rep'), col('orders', '未结订单', 'Open orders', 'int'), col('total', '应收余额', 'Outstanding', 'fen'),
      col('opening', '其中期初应收', 'Of which opening', 'fen'), ...BUCKETS.map(([k, zh, en]) => col(k, zh, en, 'fen')), col('oldestDue', '最早到期日', 'Oldest due', 'date')],
    rows: out, totals: { label: '合计', orders: sum('orders'), total, opening: sum('opening'), ...Object.fromEntries(BUCKETS.map(([k]) => [k, sum(k)])) },
    // one bar per customer, its outstanding stacked by age
    chart: { type: 'bar', x: 'label', series: BUCKETS.map(([k]) => ({ key: k, stack: 'aging' })) },
    figures: [
      { key: 'receivable', zh: '应收余额', en: 'Receivables', kind: 'fen', value: total },
      { key: 'overdue', zh: '逾期金额', en: 'Overdue', kind: 'fen', value: total - sum('notDue') },
      { key: 'dso', zh: 'DSO 应收周转天数（近90天）', en: 'DSO (90 days)', kind: 'days', value: await dso(db, actor, f, today, total) },
    ],
  };
}

/**
 * Per period: billed (order totals on their submission day), collected (payments on their
 * confirmation day), refunded, collection rate, opening receivables brought over from the old
 * system and received against (on their supplier days, payments' openingMovementsSql), and the
 * receivable balance at the period's end (everything billed minus collected plus refunded up to
 * then, opening receivables included, so it ends where the aging is).
 */
export async function collection(db: Kysely<DB>, actor: Actor, f: ReportFilters & { from: string; to: string }, today: string, timeZone: string): Promise<ReportDoc> {
  const period: Period = f.period ?? 'month';
  const scope = companyScope(actor, sql`r.company_id`, f);
  const trunc = period === 'day' ? sql`r.day` : sql`date_trunc(${period}, r.day)::date`;
  const paid = sql`(r.paid_online + r.paid_transfer + r.paid_balance + r.paid_cod)`;
  const [{ rows }, { rows: opened }, { rows: [open] }, { rows: [opening] }] = await Promise.all([
    sql<{ b: string; billed: number; collected: number; refunded: number }>`
      select to_char(${trunc}, 'YYYY-MM-DD') as b, sum(r.billed) as billed, sum(${paid}) as collected, sum(r.refunded) as refunded
        from rpt_customer_daily r where r.day between ${f.from}::date and ${f.to}::date and ${scope} group by 1 order by 1`.execute(db),
    // one read of the opening movements: the periods, and (b null) what was open before `from`
    sql<{ b: string | null; billed: number; collected: number }>`
      select case when r.day >= ${f.from}::date then to_char(${trunc}, 'YYYY-MM-DD') end as b, sum(r.billed) as billed, sum(r.collected) as collected
        from ${openingMovementsSql(timeZone)} r where r.day <= ${f.to}::date and ${scope} group by 1 order by 1`.execute(db),
    sql<{ v: number }>`select coalesce(sum(o.outstanding), 0) as v from ${openReceivablesSql(timeZone)} o where ${companyScope(actor, sql`o.company_id`, f)}`.execute(db),
    sql<{ v: number }>`select coalesce((select sum(r.billed - ${paid} + r.refunded) from rpt_customer_daily r where r.day < ${f.from}::date and ${scope}), 0) as v`.execute(db),
  ]);
  const before = opened.find((r) => r.b === null);
  const openedBy = new Map(opened.filter((r) => r.b !== null).map((r) => [r.b as string, r]));
  const periods = [...new Set([...rows.map((r) => r.b), ...openedBy.keys()])].sort();
  const ordersBy = new Map(rows.map((r) => [r.b, r]));
  let balance = n(opening.v) + n(before?.billed) - n(before?.collected);
  const out = periods.map((b) => {
    const r = ordersBy.get(b);
    const o = openedBy.get(b);
    const row = { billed: n(r?.billed), collected: n(r?.collected), refunded: n(r?.refunded), openingBilled: n(o?.billed), openingCollected: n(o?.collected) };
    balance += row.billed - row.collected + row.refunded + row.openingBilled - row.openingCollected;
    return { key: b, label: periodLabel(b, period), ...row, rate: ratio(row.collected, row.billed), balance };
  });
  const s = (k: 'billed' | 'collected' | 'refunded' | 'openingBilled' | 'openingCollected') => out.reduce((x, r) => x + r[k], 0);
  const hasOpening = out.some((r) => r.openingBilled || r.openingCollected);
  return {
    report: 'collection', zh: '回款与应收趋势', en: 'Collections and receivables',
    columns: [col('label', '期间', 'Period'), col('billed', '订单金额', 'Billed', 'fen'), col('collected', '回款', 'Collected', 'fen'), col('refunded', '退款', 'Refunded', 'fen'),
      col('rate', '回款率', 'Collection rate', 'pct'),
      // only where there is something: a supplier who brought no opening receivables sees the table as before
      ...(hasOpening ? [col('openingBilled', '期初应收', 'Opening receivables', 'fen'), col('openingCollected', '期初应收收款', 'Received on opening', 'fen')] : []),
      col('balance', '期末应收（含预收）', 'Balance at end', 'fen')],
    rows: out, totals: { label: '合计', billed: s('billed'), collected: s('collected'), refunded: s('refunded'), rate: ratio(s('collected'), s('billed')), ...(hasOpening ? { openingBilled: s('openingBilled'), openingCollected: s('openingCollected') } : {}) },
    chart: { type: 'bar', x: 'label', series: [{ key: 'billed' }, { key: 'collected' }, { key: 'balance', type: 'line' }] },
    figures: [
      { key: 'receivable', zh: '当前应收余额', en: 'Receivables now', kind: 'fen', value: n(open.v) },
      { key: 'dso', zh: 'DSO 应收周转天数（近90天）', en: 'DSO (90 days)', kind: 'days', value: await dso(db, actor, f, today, n(open.v)) },
      { key: 'rate', zh: '期间回款率', en: 'Collection rate', kind: 'pct', value: ratio(s('collected'), s('billed')) },
    ],
    note: {
      zh: '期末余额 = 累计订单金额 − 回款 + 退款 + 期初应收 − 期初应收收款（预付订单付款先于发货时为负，即预收）。当前应收余额含期初应收，与应收账龄一致。',
      en: 'Balance = billed − collected + refunded + opening receivables − received on them, to date (negative when customers paid ahead). Receivables now include opening receivables, as the aging does.',
    },
  };
}

/** Payment method mix of the collections in [from, to]. */
export async function paymentMix(db: Kysely<DB>, actor: Actor, f: ReportFilters & { from: string; to: string }): Promise<ReportDoc> {
  const { rows: [r] } = await sql<Record<string, number>>`
    select coalesce(sum(r.paid_online), 0) as online, coalesce(sum(r.paid_transfer), 0) as transfer, coalesce(sum(r.paid_balance), 0) as balance,
           coalesce(sum(r.paid_cod), 0) as cod, coalesce(sum(r.refunded), 0) as refunded
      from rpt_customer_daily r where r.day between ${f.from}::date and ${f.to}::date and ${companyScope(actor, sql`r.company_id`, f)}`.execute(db);
  const names: [string, string, string][] = [['online', '在线支付', 'Online'], ['transfer', '银行转账', 'Bank transfer'], ['balance', '预存款', 'Prepaid balance'], ['cod', '货到付款', 'Cash on delivery']];
  const total = names.reduce((s, [k]) => s + n(r[k]), 0);
  return {
    report: 'paymix', zh: '支付方式构成', en: 'Payment method mix',
    columns: [col('label', '支付方式', 'Method'), col('amount', '金额', 'Amount', 'fen'), col('share', '占比', 'Share', 'pct')],
    rows: names.map(([k, zh, en]) => ({ key: k, label: zh, labelEn: en, amount: n(r[k]), share: ratio(n(r[k]), total) })),
    totals: { label: '合计', amount: total, share: total ? 1 : null },
    chart: { type: 'pie', x: 'label', series: [{ key: 'amount' }] },
    figures: [{ key: 'refunded', zh: '同期退款', en: 'Refunded in the period', kind: 'fen', value: n(r.refunded) }],
  };
}

/**
 * Returns and refunds: per SKU (return rate = returned ÷ shipped base units) or per customer
 * (return rate on amounts), with the period's refunds per customer.
 */
export async function returns(db: Kysely<DB>, actor: Actor, f: ReportFilters & { from: string; to: string }): Promise<ReportDoc> {
  const perSku = f.groupBy !== 'customer';
  if (perSku) {
    const src = sourceFor(actor, f, 'sku');
    const { rows } = await sql<Record<string, unknown>>`
      select r.sku_id, s.code || ' ' || p.name as label, r.shipped_qty, r.returned_qty, r.shipped, r.returned
        from (select r.sku_id, sum(r.shipped_qty) as shipped_qty, sum(r.returned_qty) as returned_qty, sum(r.shipped_amount) as shipped, sum(r.returned_amount) as returned
                from ${src.table === 'rpt_sku_daily' ? rollupRange('sku', f.from, f.to) : sql.table(src.table)} r
               where r.day between ${f.from}::date and ${f.to}::date and ${skuScope(sql`r.sku_id`, f)} ${src.hasCompany ? sql`and ${companyScope(actor, sql`r.company_id`, f)}` : sql``}
               group by r.sku_id having sum(r.shipped_qty) <> 0 or sum(r.returned_qty) <> 0 order by 5 desc, 2 desc, 1 limit 1000) r
        join skus s on s.id = r.sku_id join products p on p.id = s.product_id
       order by 6 desc, 3 desc, 1`.execute(db);
    const out = rows.map((r) => ({ key: String(r.sku_id), label: String(r.label), shippedQty: n(r.shipped_qty), returnedQty: n(r.returned_qty), rate: ratio(n(r.returned_qty), n(r.shipped_qty)), shipped: n(r.shipped), returned: n(r.returned) }));
    const s = (k: 'shippedQty' | 'returnedQty' | 'shipped' | 'returned') => out.reduce((x, r) => x + r[k], 0);
    return {
      report: 'returns', zh: '退货与退货率（按商品）', en: 'Returns and return rate by SKU',
      columns: [col('label', '商品', 'SKU'), col('shippedQty', '发货数量', 'Shipped qty', 'int'), col('returnedQty', '退货数量', 'Returned qty', 'int'), col('rate', '退货率', 'Return rate', 'pct'),
        col('shipped', '发货金额', 'Shipped', 'fen'), col('returned', '退货金额', 'Returned', 'fen')],
      rows: out, totals: { label: '合计', shippedQty: s('shippedQty'), returnedQty: s('returnedQty'), rate: ratio(s('returned'), s('shipped')), shipped: s('shipped'), returned: s('returned') },
      chart: { type: 'bar', x: 'label', series: [{ key: 'returned' }, { key: 'rate', type: 'line', axis: 1 }] },
      note: { zh: '合计行的退货率按金额计算（不同商品的基本单位不可相加）。', en: 'The total return rate is by amount (base units of different SKUs do not add up).' },
    };
  }
  const { rows } = await sql<Record<string, unknown>>`
    select r.company_id, max(c.name) as name, sum(r.shipped_amount) as shipped, sum(r.returned_amount) as returned, sum(r.refunded) as refunded
      from rpt_customer_daily r join companies c on c.id = r.company_id
     where r.day between ${f.from}::date and ${f.to}::date and ${companyScope(actor, sql`r.company_id`, f)}
     group by r.company_id having sum(r.shipped_amount) <> 0 or sum(r.returned_amount) <> 0 or sum(r.refunded) <> 0 order by 4 desc, 5 desc, 1`.execute(db);
  const out = rows.map((r) => ({ key: String(r.company_id), label: String(r.name), shipped: n(r.shipped), returned: n(r.returned), rate: ratio(n(r.returned), n(r.shipped)), refunded: n(r.refunded), _drill: `customer?companyId=${r.company_id}&from=${f.from}&to=${f.to}` }));
  const s = (k: 'shipped' | 'returned' | 'refunded') => out.reduce((x, r) => x + r[k], 0);
  return {
    report: 'returns', zh: '退货与退款（按客户）', en: 'Returns and refunds by customer',
    columns: [col('label', '客户', 'Customer'), col('shipped', '发货金额', 'Shipped', 'fen'), col('returned', '退货金额', 'Returned', 'fen'), col('rate', '退货率', 'Return rate', 'pct'), col('refunded', '退款', 'Refunded', 'fen')],
    rows: out, totals: { label: '合计', shipped: s('shipped'), returned: s('returned'), rate: ratio(s('returned'), s('shipped')), refunded: s('refunded') },
    chart: { type: 'bar', x: 'label', series: [{ key: 'returned' }, { key: 'refunded' }] },
  };
}

/**
 * Sales reps against their monthly targets: sales (orders of their customers) and collections,
 * month by month in [from, to]. Customers count for their current rep. A rep sees only themself.
 */
export async function repTargets(db: Kysely<DB>, actor: Actor, f: ReportFilters & { from: string; to: string }): Promise<ReportDoc> {
  const scope = customerScope(actor);
  const from = periodStart(f.from, 'month');
  const repFilter = 'salesRepId' in scope ? sql`u.id = ${scope.salesRepId}` : f.repId !== undefined ? sql`u.id = ${f.repId}` : sql`true`;
  const { rows } = await sql<Record<string, unknown>>`
    with months as (select to_char(m, 'YYYY-MM-DD') as m from generate_series(${from}::date, ${f.to}::date, interval '1 month') m),
    reps as (select u.id, u.name from users u where u.role = 'sales' and ${repFilter}),
    act as (select c.sales_rep_id as rep, to_char(date_trunc('month', r.day), 'YYYY-MM-DD') as m, sum(r.ordered_amount) as sales,
                   sum(r.paid_online + r.paid_transfer + r.paid_balance + r.paid_cod - r.refunded) as collected
              from rpt_customer_daily r join companies c on c.id = r.company_id
             where r.day between ${from}::date and ${f.to}::date and c.sales_rep_id in (select id from reps) group by 1, 2)
    select reps.id, reps.name, months.m, coalesce(a.sales, 0) as sales, coalesce(a.collected, 0) as collected, t.sales_target, t.collection_target
      from reps cross join months left join act a on a.rep = reps.id and a.m = months.m
      left join rpt_rep_targets t on t.rep_user_id = reps.id and t.month = months.m::date
     order by months.m, reps.name, reps.id`.execute(db);
  const out = rows.map((r) => ({
    key: `${r.id}:${r.m}`, repId: n(r.id), label: `${String(r.m).slice(0, 7)} ${r.name}`, rep: String(r.name), month: String(r.m).slice(0, 7),
    sales: n(r.sales), salesTarget: r.sales_target == null ? null : n(r.sales_target), salesRate: r.sales_target == null ? null : ratio(n(r.sales), n(r.sales_target)),
    collected: n(r.collected), collectionTarget: r.collection_target == null ? null : n(r.collection_target),
    collectionRate: r.collection_target == null ? null : ratio(n(r.collected), n(r.collection_target)),
    _drill: `sales?dim=customer&repId=${r.id}&from=${r.m}&to=${monthEnd(String(r.m))}`,
  }));
  return {
    report: 'reps', zh: '业务员目标达成', en: 'Sales reps vs targets',
    columns: [col('month', '月份', 'Month'), col('rep', '业务员', 'Sales rep'), col('sales', '销售额', 'Sales', 'fen'), col('salesTarget', '销售目标', 'Sales target', 'fen'),
      col('salesRate', '销售达成率', 'Sales achieved', 'pct'), col('collected', '回款（净）', 'Collected (net)', 'fen'), col('collectionTarget', '回款目标', 'Collection target', 'fen'), col('collectionRate', '回款达成率', 'Collection achieved', 'pct')],
    rows: out, chart: { type: 'bar', x: 'label', series: [{ key: 'sales' }, { key: 'salesTarget', type: 'line' }] },
  };
}

const monthEnd = (m: string) => addDays(new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)), 1)).toISOString().slice(0, 10), -1);
