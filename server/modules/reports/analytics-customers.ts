import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import type { Actor } from '../auth/actor';
import { assertCustomerAccess } from '../customers';
import { addDays, col, companyScope, daysBetween, n, periodLabel, ratio, type Period, type ReportDoc, type ReportFilters, type ReportRow } from './common';
import './tables';

const SEGMENTS: Record<string, [string, string]> = {
  HHH: ['重要价值客户', 'Champions'], LHH: ['重要保持客户', 'At risk, valuable'], HLH: ['重要发展客户', 'Promising, valuable'], LLH: ['重要挽留客户', 'Win back, valuable'],
  HHL: ['一般价值客户', 'Loyal, small'], LHL: ['一般保持客户', 'Slipping, small'], HLL: ['一般发展客户', 'New or occasional'], LLL: ['一般挽留客户', 'Lost, small'],
};

/**
 * RFM as of `to`: recency (days since the last order, whole history), frequency (orders) and
 * monetary (sales) over the 365 days up to `to`; each above or below the average of the
 * customers who ever ordered gives one of eight segments. groupBy=segment: one row per segment;
 * groupBy=<segment code>: that segment's customers.
 */
export async function rfm(db: Kysely<DB>, actor: Actor, f: ReportFilters & { to: string }): Promise<ReportDoc> {
  const yearAgo = addDays(f.to, -364);
  const { rows } = await sql<{ company_id: number; name: string; last_day: string; freq: number; monetary: number }>`
    select r.company_id, max(c.name) as name, to_char(max(r.day) filter (where r.orders > 0), 'YYYY-MM-DD') as last_day,
           coalesce(sum(r.orders) filter (where r.day >= ${yearAgo}::date), 0) as freq, coalesce(sum(r.ordered_amount) filter (where r.day >= ${yearAgo}::date), 0) as monetary
      from rpt_customer_daily r join companies c on c.id = r.company_id
     where r.day <= ${f.to}::date and ${companyScope(actor, sql`r.company_id`, f)}
     group by r.company_id having max(r.day) filter (where r.orders > 0) is not null`.execute(db);
  const list = rows.map((r) => ({ id: n(r.company_id), name: r.name, last: r.last_day, recency: daysBetween(r.last_day, f.to), freq: n(r.freq), monetary: n(r.monetary) }));
  const avg = (k: 'recency' | 'freq' | 'monetary') => (list.length ? list.reduce((s, x) => s + x[k], 0) / list.length : 0);
  const [ar, af, am] = [avg('recency'), avg('freq'), avg('monetary')];
  const seg = (x: (typeof list)[number]) => `${x.recency <= ar ? 'H' : 'L'}${x.freq > af ? 'H' : 'L'}${x.monetary > am ? 'H' : 'L'}`;
  const figures = [
    { key: 'customers', zh: '有订单客户', en: 'Customers who ordered', kind: 'int' as const, value: list.length },
    { key: 'avgRecency', zh: '平均未下单天数', en: 'Average days since last order', kind: 'days' as const, value: Math.round(ar * 10) / 10 },
    { key: 'avgFrequency', zh: '平均订单数（近一年）', en: 'Average orders (12 months)', kind: 'int' as const, value: Math.round(af * 10) / 10 },
    { key: 'avgMonetary', zh: '平均销售额（近一年）', en: 'Average sales (12 months)', kind: 'fen' as const, value: Math.round(am) },
  ];
  const code = f.groupBy && SEGMENTS[f.groupBy] ? f.groupBy : null;
  if (code) {
    const members = list.filter((x) => seg(x) === code).sort((a, b) => b.monetary - a.monetary || a.id - b.id);
    return {
      report: 'rfm', zh: `RFM：${SEGMENTS[code][0]}`, en: `RFM: ${SEGMENTS[code][1]}`, figures,
      columns: [col('label', '客户', 'Customer'), col('last', '最近下单', 'Last order', 'date'), col('recency', '未下单天数', 'Days since', 'days'), col('frequency', '订单数', 'Orders', 'int'), col('monetary', '销售额', 'Sales', 'fen')],
      rows: members.map((x) => ({ key: String(x.id), label: x.name, last: x.last, recency: x.recency, frequency: x.freq, monetary: x.monetary, _drill: `customer?companyId=${x.id}&to=${f.to}` })),
      chart: { type: 'bar', x: 'label', series: [{ key: 'monetary' }] },
    };
  }
  const by = new Map<string, { count: number; monetary: number; freq: number }>();
  for (const x of list) {
    const s = by.get(seg(x)) ?? { count: 0, monetary: 0, freq: 0 };
    s.count += 1; s.monetary += x.monetary; s.freq += x.freq;
    by.set(seg(x), s);
  }
  const total = list.reduce((s, x) => s + x.monetary, 0);
  return {
    report: 'rfm', zh: 'RFM 客户分层', en: 'RFM segments', figures,
    columns: [col('label', '分层', 'Segment'), col('code', 'R/F/M', 'R/F/M'), col('count', '客户数', 'Customers', 'int'), col('frequency', '订单数', 'Orders', 'int'), col('monetary', '销售额', 'Sales', 'fen'), col('share', '销售占比', 'Share', 'pct')],
    rows: Object.keys(SEGMENTS).map((k) => {
      const s = by.get(k) ?? { count: 0, monetary: 0, freq: 0 };
      return { key: k, label: SEGMENTS[k][0], labelEn: SEGMENTS[k][1], code: k, count: s.count, frequency: s.freq, monetary: s.monetary, share: ratio(s.monetary, total), _drill: `rfm?groupBy=${k}&to=${f.to}` };
    }),
    chart: { type: 'pie', x: 'label', series: [{ key: 'count' }] },
  };
}

/**
 * Customers who stopped ordering: at least 3 order days in the two years up to `to`, and more
 * than twice their usual interval (at least 14 days) since the last one.
 */
export async function lapsed(db: Kysely<DB>, actor: Actor, f: ReportFilters & { to: string }): Promise<ReportDoc> {
  const since = addDays(f.to, -729);
  const { rows } = await sql<{ company_id: number; name: string; rep: string | null; first_day: string; last_day: string; days: number; amount: number }>`
    select r.company_id, max(c.name) as name, max(u.name) as rep, to_char(min(r.day), 'YYYY-MM-DD') as first_day, to_char(max(r.day), 'YYYY-MM-DD') as last_day,
           count(*) as days, sum(r.ordered_amount) filter (where r.day > ${addDays(f.to, -365)}::date) as amount
      from rpt_customer_daily r join companies c on c.id = r.company_id left join users u on u.id = c.sales_rep_id
     where r.orders > 0 and r.day between ${since}::date and ${f.to}::date and ${companyScope(actor, sql`r.company_id`, f)}
     group by r.company_id having count(*) >= 3`.execute(db);
  const out: ReportRow[] = [];
  for (const r of rows) {
    const interval = daysBetween(r.first_day, r.last_day) / (n(r.days) - 1);
    const since = daysBetween(r.last_day, f.to);
    if (since > Math.max(14, 2 * interval)) {
      out.push({ key: String(r.company_id), label: r.name, rep: r.rep ?? '未分配', repEn: r.rep ?? 'Unassigned', last: r.last_day, interval: Math.round(interval * 10) / 10, since, overdue: Math.round((since - interval) * 10) / 10, amount: n(r.amount), _drill: `customer?companyId=${r.company_id}&to=${f.to}` });
    }
  }
  out.sort((a, b) => n(b.amount) - n(a.amount) || String(a.key).localeCompare(String(b.key)));
  return {
    report: 'lapsed', zh: '流失预警客户', en: 'Customers who stopped ordering',
    columns: [col('label', '客户', 'Customer'), col('rep', '业务员', 'Sales rep'), col('last', '最近下单', 'Last order', 'date'), col('interval', '平均下单间隔（天）', 'Usual interval (days)', 'days'),
      col('since', '未下单天数', 'Days since', 'days'), col('overdue', '超出天数', 'Days over usual', 'days'), col('amount', '近一年销售额', 'Sales, 12 months', 'fen')],
    rows: out, chart: { type: 'bar', x: 'label', series: [{ key: 'since' }, { key: 'interval', type: 'line' }] },
    figures: [{ key: 'count', zh: '流失预警客户数', en: 'Customers', kind: 'int', value: out.length }, { key: 'amount', zh: '其近一年销售额', en: 'Their sales, 12 months', kind: 'fen', value: out.reduce((s, r) => s + n(r.amount), 0) }],
  };
}

/** New (first order ever in the period) and returning customers per period, with their sales. */
export async function newReturning(db: Kysely<DB>, actor: Actor, f: ReportFilters & { from: string; to: string }): Promise<ReportDoc> {
  const period: Period = f.period ?? 'month';
  const scope = companyScope(actor, sql`r.company_id`, f);
  const trunc = period === 'day' ? sql`r.day` : sql`date_trunc(${period}, r.day)::date`;
  const { rows } = await sql<{ b: string; new_c: number; ret_c: number; new_a: number; ret_a: number }>`
    with firsts as (select r.company_id, min(r.day) as first_day from rpt_customer_daily r where r.orders > 0 and r.day <= ${f.to}::date and ${scope} group by 1),
    act as (select ${trunc} as b, r.company_id, sum(r.ordered_amount) as amt from rpt_customer_daily r
             where r.orders > 0 and r.day between ${f.from}::date and ${f.to}::date and ${scope} group by 1, 2)
    select to_char(a.b, 'YYYY-MM-DD') as b, count(*) filter (where fi.first_day >= a.b) as new_c, count(*) filter (where fi.first_day < a.b) as ret_c,
           coalesce(sum(a.amt) filter (where fi.first_day >= a.b), 0) as new_a, coalesce(sum(a.amt) filter (where fi.first_day < a.b), 0) as ret_a
      from act a join firsts fi on fi.company_id = a.company_id group by a.b order by a.b`.execute(db);
  return {
    report: 'newret', zh: '新老客户', en: 'New vs returning customers',
    columns: [col('label', '期间', 'Period'), col('newCustomers', '新客户', 'New customers', 'int'), col('returningCustomers', '老客户', 'Returning customers', 'int'),
      col('newAmount', '新客户销售额', 'Sales, new', 'fen'), col('returningAmount', '老客户销售额', 'Sales, returning', 'fen'), col('newShare', '新客销售占比', 'New share', 'pct')],
    rows: rows.map((r) => ({ key: r.b, label: periodLabel(r.b, period), newCustomers: n(r.new_c), returningCustomers: n(r.ret_c), newAmount: n(r.new_a), returningAmount: n(r.ret_a), newShare: ratio(n(r.new_a), n(r.new_a) + n(r.ret_a)) })),
    chart: { type: 'bar', x: 'label', series: [{ key: 'newCustomers' }, { key: 'returningCustomers' }] },
    note: { zh: '期间的第一天若晚于起始日，首期只含范围内的天数。', en: 'A period only counts days inside the range.' },
  };
}

/** One customer: its orders in the range (drill-down target) and its monthly purchase trend. */
export async function customerOrders(db: Kysely<DB>, actor: Actor, f: ReportFilters & { companyId: number; from: string; to: string }, timeZone: string): Promise<ReportDoc> {
  await assertCustomerAccess(db, actor, f.companyId);
  const c = await db.selectFrom('companies').select(['name', 'code']).where('id', '=', f.companyId).executeTakeFirstOrThrow();
  const { rows } = await sql<{ id: number; number: string; day: string; status: string; total: number; paid_total: number; lines: number }>`
    select o.id, o.number, to_char(o.submitted_at at time zone ${timeZone}, 'YYYY-MM-DD HH24:MI') as day, o.status, o.total, o.paid_total,
           (select count(*) from order_lines l where l.order_id = o.id) as lines
      from orders o where o.company_id = ${f.companyId}
       and o.submitted_at >= (${f.from}::date::timestamp at time zone ${timeZone}) and o.submitted_at < ((${f.to}::date + 1)::timestamp at time zone ${timeZone})
     order by o.submitted_at desc, o.id desc limit 1000`.execute(db);
  const trend = await sql<{ m: string; amount: number; orders: number }>`
    select to_char(date_trunc('month', r.day), 'YYYY-MM') as m, sum(r.ordered_amount) as amount, sum(r.orders) as orders
      from rpt_customer_daily r where r.company_id = ${f.companyId} and r.day between ${addDays(f.to, -729)}::date and ${f.to}::date group by 1 order by 1`.execute(db);
  return {
    report: 'customer', zh: `${c.name}（${c.code}）的订单`, en: `Orders of ${c.name} (${c.code})`,
    columns: [col('label', '订单号', 'Order'), col('day', '下单时间', 'Submitted', 'date'), col('status', '状态', 'Status'), col('lines', '行数', 'Lines', 'int'), col('total', '金额', 'Total', 'fen'), col('paid', '已付', 'Paid', 'fen')],
    rows: rows.map((o) => ({ key: String(o.id), label: o.number, day: o.day, status: o.status, lines: n(o.lines), total: n(o.total), paid: n(o.paid_total), _link: `/admin/orders/${o.id}` })),
    chartRows: trend.rows.map((t) => ({ label: t.m, amount: n(t.amount), orders: n(t.orders) })),
    chart: { type: 'bar', x: 'label', series: [{ key: 'amount', zh: '月销售额', en: 'Monthly sales', type: 'bar' }, { key: 'orders', zh: '月订单数', en: 'Monthly orders', type: 'line', axis: 1 }] },
  };
}
