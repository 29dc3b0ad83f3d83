import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';
import { emit } from '../platform/outbox';
import { generateHistory } from './testkit';
import { rebuildRollups } from './rollup';
import { addDays, addMonths, localToday, periodStart } from './common';

/**
 * Every analytics figure against the same figure computed here, in TypeScript, straight from
 * orders, lines, shipments, after-sales, payments and refunds (issue 17). The history has
 * cancellations, partial shipments, returns and times one second either side of the supplier's
 * midnight. Runs on PGlite, and on PostgreSQL with TEST_DATABASE_URL.
 */
const TZ = 'Asia/Shanghai';
const COUNTED = new Set(['pending_review', 'pending_finance', 'awaiting_payment', 'pending_outbound', 'picking', 'partially_shipped', 'shipped', 'delivered', 'completed']);
const APPROVED = new Set(['awaiting_payment', 'pending_outbound', 'picking', 'partially_shipped', 'shipped', 'delivered', 'completed']);
const dayFmt = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' });
const dayOf = (d: Date | string) => dayFmt.format(new Date(d));

let t: TestApp;
let admin: Client;
let today: string;
interface Fact { day: string; company: number; sku: number; wh: number; oq: number; oa: number; ol: number; sq: number; sa: number; cost: number; costed: number; rq: number; ra: number }
interface Money { day: string; company: number; orders: number; billed: number; paid: Record<string, number>; refunded: number }
interface Open { company: number; due: string; outstanding: number }
let facts: Fact[] = [];
let money: Money[] = [];
let open: Open[] = [];
let allOrders: { id: number; company: number; submitted: string }[] = [];
let company: Map<number, { province: string | null; tier: number | null; rep: number | null }>;
let skuInfo: Map<number, { category: number | null; brand: number | null }>;

/** The truth: facts computed from the raw tables in TypeScript (no SQL aggregation). */
async function computeTruth() {
  const q = async <T,>(s: ReturnType<typeof sql<T>>) => (await s.execute(t.db)).rows;
  const orders = await q(sql<{ id: number; company_id: number; status: string; submitted_at: Date; total: number; shipped_at: Date | null; approved_at: Date | null }>`select id, company_id, status, submitted_at, total, shipped_at, approved_at from orders`);
  const lines = await q(sql<{ id: number; order_id: number; sku_id: number; qty: number; line_total: number }>`select id, order_id, sku_id, qty, line_total from order_lines`);
  const ships = await q(sql<{ order_line_id: number; qty: number; shipped_at: Date; warehouse_id: number }>`select sl.order_line_id, sl.qty, s.shipped_at, s.warehouse_id from shipment_lines sl join shipments s on s.id = sl.shipment_id`);
  const rets = await q(sql<{ order_line_id: number; sku_id: number; qty: number; refused_qty: number; paid_amount: number; kind: string; status: string; received_at: Date | null; warehouse_id: number | null }>`
    select al.order_line_id, al.sku_id, al.qty, al.refused_qty, al.paid_amount, r.kind, r.status, r.received_at, r.warehouse_id from aftersales_lines al join aftersales_requests r on r.id = al.request_id`);
  const pays = await q(sql<{ order_id: number; method: string; amount: number; status: string; confirmed_at: Date | null; purpose: string }>`select order_id, method, amount, status, confirmed_at, purpose from payments`);
  const refs = await q(sql<{ order_id: number; amount: number; status: string; completed_at: Date | null; created_at: Date }>`select order_id, amount, status, completed_at, created_at from refunds`);
  const cos = await q(sql<{ id: number; province: string | null; tier_id: number | null; sales_rep_id: number | null; credit_days: number }>`select id, province, tier_id, sales_rep_id, credit_days from companies`);
  const skus = await q(sql<{ id: number; category_id: number | null; brand_id: number | null }>`select s.id, p.category_id, p.brand_id from skus s join products p on p.id = s.product_id`);
  const pol = await q(sql<{ sku_id: number; received_qty: number; unit_cost: number }>`select sku_id, received_qty, unit_cost from purchase_order_lines`);
  company = new Map(cos.map((c) => [Number(c.id), { province: c.province, tier: c.tier_id == null ? null : Number(c.tier_id), rep: c.sales_rep_id == null ? null : Number(c.sales_rep_id) }]));
  skuInfo = new Map(skus.map((s) => [Number(s.id), { category: s.category_id == null ? null : Number(s.category_id), brand: s.brand_id == null ? null : Number(s.brand_id) }]));
  const cost = new Map<number, number>();
  for (const sku of new Set(pol.map((p) => Number(p.sku_id)))) {
    const ps = pol.filter((p) => Number(p.sku_id) === sku && p.received_qty > 0);
    const qty = ps.reduce((s, p) => s + p.received_qty, 0);
    if (qty > 0) cost.set(sku, Math.round(ps.reduce((s, p) => s + p.received_qty * Number(p.unit_cost), 0) / qty));
  }
  const orderById = new Map(orders.map((o) => [Number(o.id), o]));
  const lineById = new Map(lines.map((l) => [Number(l.id), l]));
  const F = (x: Partial<Fact> & { day: string; company: number; sku: number; wh: number }): Fact => ({ oq: 0, oa: 0, ol: 0, sq: 0, sa: 0, cost: 0, costed: 0, rq: 0, ra: 0, ...x });
  facts = [];
  for (const l of lines) {
    const o = orderById.get(Number(l.order_id))!;
    if (COUNTED.has(o.status)) facts.push(F({ day: dayOf(o.submitted_at), company: Number(o.company_id), sku: Number(l.sku_id), wh: 0, oq: l.qty, oa: Number(l.line_total), ol: 1 }));
  }
  for (const s of ships) {
    const l = lineById.get(Number(s.order_line_id))!;
    const o = orderById.get(Number(l.order_id))!;
    const amount = Math.floor((Number(l.line_total) * s.qty) / l.qty);
    const c = cost.get(Number(l.sku_id));
    facts.push(F({ day: dayOf(s.shipped_at), company: Number(o.company_id), sku: Number(l.sku_id), wh: Number(s.warehouse_id), sq: s.qty, sa: amount, cost: c == null ? 0 : c * s.qty, costed: c == null ? 0 : amount }));
  }
  for (const r of rets) {
    if (r.kind !== 'return_refund' || !['received', 'completed'].includes(r.status) || !r.received_at || r.qty <= r.refused_qty) continue;
    const l = lineById.get(Number(r.order_line_id))!;
    const o = orderById.get(Number(l.order_id))!;
    facts.push(F({ day: dayOf(r.received_at), company: Number(o.company_id), sku: Number(r.sku_id), wh: Number(r.warehouse_id ?? 0), rq: r.qty - r.refused_qty, ra: Math.floor((Number(r.paid_amount) * (r.qty - r.refused_qty)) / r.qty) }));
  }
  const M = (x: Partial<Money> & { day: string; company: number }): Money => ({ orders: 0, billed: 0, refunded: 0, ...x, paid: { online: 0, transfer: 0, balance: 0, cod: 0, ...x.paid } });
  money = [];
  for (const o of orders) if (COUNTED.has(o.status)) money.push(M({ day: dayOf(o.submitted_at), company: Number(o.company_id), orders: 1, billed: Number(o.total) }));
  for (const p of pays) {
    if (p.status !== 'succeeded' || p.purpose !== 'order') continue;
    const o = orderById.get(Number(p.order_id))!;
    money.push(M({ day: dayOf(p.confirmed_at!), company: Number(o.company_id), paid: { [p.method]: Number(p.amount) } }));
  }
  for (const r of refs) {
    if (r.status !== 'succeeded') continue;
    money.push(M({ day: dayOf(r.completed_at ?? r.created_at), company: Number(orderById.get(Number(r.order_id))!.company_id), refunded: Number(r.amount) }));
  }
  open = [];
  for (const o of orders) {
    if (!APPROVED.has(o.status)) continue;
    const paid = pays.filter((p) => Number(p.order_id) === Number(o.id) && p.status === 'succeeded' && p.purpose === 'order').reduce((s, p) => s + Number(p.amount), 0);
    if (Number(o.total) <= paid) continue;
    const c = cos.find((x) => Number(x.id) === Number(o.company_id))!;
    open.push({ company: Number(o.company_id), due: addDays(dayOf(o.shipped_at ?? o.approved_at ?? o.submitted_at), c.credit_days), outstanding: Number(o.total) - paid });
  }
  allOrders = orders.map((o) => ({ id: Number(o.id), company: Number(o.company_id), submitted: dayOf(o.submitted_at) }));
}

const inRange = (d: string, from: string, to: string) => d >= from && d <= to;
const sum = <T,>(xs: T[], f: (x: T) => number) => xs.reduce((s, x) => s + f(x), 0);
function group<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) m.set(key(x), [...(m.get(key(x)) ?? []), x]);
  return m;
}
const paidOf = (m: Money) => m.paid.online + m.paid.transfer + m.paid.balance + m.paid.cod;
type Row = Record<string, string | number | null> & { key: string };
const report = async (c: Client, path: string) => {
  const res = await c.get(`/api/reports/analytics/${path}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { rows: Row[]; totals?: Row; figures?: { key: string; value: number }[] };
};

let ids: { companies: number[]; skus: number[]; warehouses: number[]; sales: number };

beforeAll(async () => {
  t = await createTestApp({ config: { timeZone: TZ } });
  const cat = await seedCatalogFixtures(t.database);
  // a second category and brand, tiers, regions, reps, and a third customer without any of them
  const { rows: [cat2] } = await sql<{ id: number }>`insert into categories (name) values ('零食') returning id`.execute(t.db);
  const { rows: [br2] } = await sql<{ id: number }>`insert into brands (name) values ('第二品牌') returning id`.execute(t.db);
  const { rows: [p2] } = await sql<{ id: number }>`insert into products (name, category_id, brand_id, base_unit) values ('薯片 70g', ${cat2.id}, ${br2.id}, '袋') returning id`.execute(t.db);
  const { rows: [s2] } = await sql<{ id: number }>`insert into skus (product_id, code, base_price) values (${p2.id}, 'CHIPS-70', 650) returning id`.execute(t.db);
  const { rows: [tier] } = await sql<{ id: number }>`insert into customer_tiers (name) values ('金牌') returning id`.execute(t.db);
  const { rows: [c3] } = await sql<{ id: number }>`insert into companies (code, name) values ('CC', '丙商行') returning id`.execute(t.db);
  await sql`update companies set province = '浙江省', tier_id = ${tier.id}, sales_rep_id = ${t.fx.users.sales}, credit_days = 30 where id = ${t.fx.companyA}`.execute(t.db);
  await sql`update companies set province = '上海市', sales_rep_id = ${t.fx.users.sales2}, credit_days = 0 where id = ${t.fx.companyB}`.execute(t.db);
  const whs: number[] = [];
  for (const code of ['WH-E', 'WH-W']) {
    const { rows: [w] } = await sql<{ id: number }>`insert into warehouses (code, name) values (${code}, ${code === 'WH-E' ? '东仓' : '西仓'}) returning id`.execute(t.db);
    whs.push(Number(w.id));
  }
  // a purchase cost for cola only: margin where the cost is known, none elsewhere
  const { rows: [sup] } = await sql<{ id: number }>`insert into suppliers (code, name) values ('SUP1', '供应商') returning id`.execute(t.db);
  const { rows: [po] } = await sql<{ id: number }>`insert into purchase_orders (supplier_id, warehouse_id, status) values (${sup.id}, ${whs[0]}, 'received') returning id`.execute(t.db);
  await sql`insert into purchase_order_lines (po_id, sku_id, qty, unit_cost, received_qty) values (${po.id}, ${cat.skus['COLA-330']}, 100, 150, 100)`.execute(t.db);
  // stock on hand for the stock reports
  for (const sku of [cat.skus['WATER-550'], cat.skus['COLA-330'], Number(s2.id)]) {
    await sql`insert into stock_levels (sku_id, warehouse_id, on_hand) values (${sku}, ${whs[0]}, 500), (${sku}, ${whs[1]}, 120)`.execute(t.db);
  }
  ids = { companies: [t.fx.companyA, t.fx.companyB, Number(c3.id)], skus: [cat.skus['WATER-550'], cat.skus['COLA-330'], cat.skus['JUICE-1L'], Number(s2.id)], warehouses: whs, sales: t.fx.users.sales };
  today = localToday(TZ);
  await generateHistory(t.db, { companies: ids.companies, skus: ids.skus, warehouses: whs, userId: t.fx.users.admin, count: 90, days: 430, endsAt: new Date() });
  await t.drainOutbox();
  admin = await t.as('admin');
}, 240_000);
afterAll(() => t?.close());

describe('rollups', () => {
  const snapshot = async () => {
    const out: Record<string, unknown[]> = {};
    for (const [table, order] of [['rpt_sales_daily', 'day, company_id, sku_id, warehouse_id'], ['rpt_sku_daily', 'day, sku_id, warehouse_id'], ['rpt_customer_daily', 'day, company_id'], ['rpt_sku_monthly', 'month, sku_id, warehouse_id'], ['rpt_sku_monthly_all', 'month, sku_id'], ['rpt_customer_monthly', 'month, company_id'], ['rpt_open_orders', 'order_id']] as const) {
      // rows the worker brought back to zero (a cancelled order) are as good as absent
      const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by ${sql.raw(order)}`.execute(t.db)).rows;
      out[table] = rows.filter((r) => Object.entries(r).some(([k, v]) => !['day', 'month', 'company_id', 'sku_id', 'warehouse_id', 'order_id', 'due_day'].includes(k) && Number(v) !== 0)).map((r) => JSON.stringify(r));
    }
    return out;
  };

  it('the worker’s rollups equal a rebuild from the raw tables, also after changes and replayed events', async () => {
    // changes after the first pass: an order cancelled, another shipped further, every event replayed
    const { rows: [picking] } = await sql<{ id: number }>`select id from orders where status = 'pending_review' order by id limit 1`.execute(t.db);
    await sql`update orders set status = 'cancelled' where id = ${picking.id}`.execute(t.db);
    await emit(t.db, 'order.cancelled', { orderId: Number(picking.id) });
    const { rows: [part] } = await sql<{ id: number; line: number; qty: number }>`
      select o.id, l.id as line, l.qty from orders o join order_lines l on l.order_id = o.id where o.status = 'partially_shipped' order by o.id limit 1`.execute(t.db);
    if (part) {
      const { rows: [sh] } = await sql<{ id: number }>`insert into shipments (number, order_id, warehouse_id, carrier, shipped_at) values ('SH-LATE', ${part.id}, ${ids.warehouses[1]}, '中通', now()) returning id`.execute(t.db);
      await sql`insert into shipment_lines (shipment_id, order_line_id, qty) values (${sh.id}, ${part.line}, 1)`.execute(t.db);
      await emit(t.db, 'order.partially_shipped', { orderId: Number(part.id) });
    }
    await t.drainOutbox();
    await sql`update outbox set delivered_at = null, locked_until = null, attempts = 0`.execute(t.db);
    await sql`delete from outbox_deliveries`.execute(t.db);
    await t.drainOutbox();
    const incremental = await snapshot();
    await rebuildRollups(t.db, TZ);
    const rebuilt = await snapshot();
    expect(incremental.rpt_sales_daily.length).toBeGreaterThan(50);
    for (const k of Object.keys(rebuilt)) expect(incremental[k], k).toEqual(rebuilt[k]);
    await computeTruth();
  }, 120_000);
});

describe('every report equals the figures computed from orders, shipments, returns and payments', () => {
  const from = () => periodStart(addMonths(today, -13), 'month');

  it('sales by month with 同比: every month, every measure, and its base a year before', async () => {
    const doc = await report(admin, `sales?from=${from()}&to=${today}&period=month&compare=yoy`);
    for (const row of doc.rows) {
      const m = String(row.key).slice(0, 7);
      const f = facts.filter((x) => x.day.startsWith(m) && x.day >= from() && x.day <= today);
      expect([row.amount, row.lines, row.shipped, row.returned], m).toEqual([sum(f, (x) => x.oa), sum(f, (x) => x.ol), sum(f, (x) => x.sa), sum(f, (x) => x.ra)]);
      expect(row.orders, m).toBe(sum(money.filter((x) => x.day.startsWith(m)), (x) => x.orders));
      const costed = sum(f, (x) => x.costed);
      expect(row.profit, m).toBe(costed ? costed - sum(f, (x) => x.cost) : null);
      const prevM = addMonths(`${m}-01`, -12).slice(0, 7);
      expect(row.prevAmount, `${m} 同比`).toBe(sum(facts.filter((x) => x.day.startsWith(prevM)), (x) => x.oa));
    }
    expect(doc.totals!.amount).toBe(sum(facts.filter((x) => inRange(x.day, from(), today)), (x) => x.oa));
  });

  it('sales by day and by week with 环比, across the supplier’s midnight', async () => {
    // the history has orders one second before and after midnight in Shanghai (16:00 UTC)
    const { rows: edges } = await sql<{ n: number }>`select count(*) as n from orders where to_char(submitted_at at time zone 'UTC', 'HH24:MI:SS') in ('15:59:59', '16:00:01') group by to_char(submitted_at at time zone 'UTC', 'HH24:MI:SS')`.execute(t.db);
    expect(edges.length).toBe(2);
    const f0 = addDays(today, -60);
    const doc = await report(admin, `sales?from=${f0}&to=${today}&period=day&compare=pop`);
    expect(doc.rows.filter((r) => Number(r.amount) > 0).length).toBeGreaterThan(5);
    for (const row of doc.rows) {
      expect(row.amount, String(row.key)).toBe(sum(facts.filter((x) => x.day === row.key), (x) => x.oa));
      expect(row.prevAmount, String(row.key)).toBe(sum(facts.filter((x) => x.day === addDays(String(row.key), -1)), (x) => x.oa));
    }
    const weeks = await report(admin, `sales?from=${periodStart(f0, 'week')}&to=${today}&period=week&compare=pop`);
    for (const row of weeks.rows) {
      const s = String(row.key);
      expect(row.amount, s).toBe(sum(facts.filter((x) => inRange(x.day, s, addDays(s, 6)) && x.day <= today), (x) => x.oa));
      expect(row.prevAmount, s).toBe(sum(facts.filter((x) => inRange(x.day, addDays(s, -7), addDays(s, -1))), (x) => x.oa));
    }
  });

  const dims: [string, (x: Fact) => string][] = [
    ['customer', (x) => String(x.company)],
    ['region', (x) => company.get(x.company)!.province ?? ''],
    ['tier', (x) => String(company.get(x.company)!.tier ?? 0)],
    ['rep', (x) => String(company.get(x.company)!.rep ?? 0)],
    ['category', (x) => String(skuInfo.get(x.sku)!.category ?? 0)],
    ['brand', (x) => String(skuInfo.get(x.sku)!.brand ?? 0)],
    ['sku', (x) => String(x.sku)],
  ];
  it.each(dims.map(([d]) => [d]))('sales by %s with 环比: amount, lines, shipped, returned, margin base and the prior range', async (dim) => {
    const keyOf = dims.find(([d]) => d === dim)![1];
    const f0 = addDays(today, -200);
    const doc = await report(admin, `sales?from=${f0}&to=${today}&dim=${dim}&compare=pop`);
    const cur = group(facts.filter((x) => inRange(x.day, f0, today)), keyOf);
    const prev = group(facts.filter((x) => inRange(x.day, addDays(f0, -201), addDays(f0, -1))), keyOf);
    expect(doc.rows.map((r) => r.key).sort()).toEqual([...cur.keys()].sort());
    for (const row of doc.rows) {
      const f = cur.get(row.key)!;
      expect([row.amount, row.lines, row.shipped, row.returned, row.prevAmount], `${dim} ${row.key}`).toEqual(
        [sum(f, (x) => x.oa), sum(f, (x) => x.ol), sum(f, (x) => x.sa), sum(f, (x) => x.ra), sum(prev.get(row.key) ?? [], (x) => x.oa)]);
      if (dim === 'sku') expect(row.qty).toBe(sum(f, (x) => x.oq));
    }
  });

  it('filters combine customer and product dimensions (the day × customer × SKU rollup)', async () => {
    const f0 = addDays(today, -400);
    const bySku = await report(admin, `sales?from=${f0}&to=${today}&dim=sku&region=${encodeURIComponent('浙江省')}&compare=none`);
    const cur = group(facts.filter((x) => inRange(x.day, f0, today) && company.get(x.company)!.province === '浙江省'), (x) => String(x.sku));
    expect(Object.fromEntries(bySku.rows.map((r) => [r.key, r.amount]))).toEqual(Object.fromEntries([...cur].map(([k, f]) => [k, sum(f, (x) => x.oa)])));
    const cat = [...skuInfo.values()][0].category!;
    const byCustomer = await report(admin, `sales?from=${f0}&to=${today}&dim=customer&categoryId=${cat}&compare=none`);
    const cur2 = group(facts.filter((x) => inRange(x.day, f0, today) && skuInfo.get(x.sku)!.category === cat), (x) => String(x.company));
    expect(Object.fromEntries(byCustomer.rows.map((r) => [r.key, r.amount]))).toEqual(Object.fromEntries([...cur2].map(([k, f]) => [k, sum(f, (x) => x.oa)])));
  });

  it('a sales rep sees only their customers, in every report; another company’s id in the drill-down is 404', async () => {
    const sales = await t.as('sales');
    const mine = (x: { company: number }) => company.get(x.company)!.rep === ids.sales;
    const f0 = addDays(today, -400);
    const doc = await report(sales, `sales?from=${f0}&to=${today}&dim=customer&compare=none`);
    expect(doc.rows.map((r) => r.key)).toEqual([String(t.fx.companyA)]);
    const skus = await report(sales, `sales?from=${f0}&to=${today}&dim=sku&compare=none`);
    expect(sum(skus.rows, (r) => Number(r.amount))).toBe(sum(facts.filter((x) => inRange(x.day, f0, today) && mine(x)), (x) => x.oa));
    const ag = await report(sales, 'aging');
    expect(ag.rows.every((r) => r.key === String(t.fx.companyA))).toBe(true);
    const dash = (await sales.get('/api/reports/dashboard?days=90')).json();
    expect(dash.kpis.salesPeriod).toBe(sum(facts.filter((x) => inRange(x.day, addDays(today, -89), today) && mine(x)), (x) => x.oa));
    expect((await sales.get(`/api/reports/analytics/customer?companyId=${t.fx.companyB}`)).statusCode).toBe(404);
    expect((await sales.get(`/api/reports/analytics/customer?companyId=${t.fx.companyA}`)).statusCode).toBe(200);
  });

  it('the dashboard: period sales, orders, active customers, returns, receivables and top customers', async () => {
    const d = (await admin.get('/api/reports/dashboard?days=30')).json();
    const since = addDays(today, -29);
    const f = facts.filter((x) => inRange(x.day, since, today));
    const m = money.filter((x) => inRange(x.day, since, today));
    expect(d.kpis.salesPeriod).toBe(sum(f, (x) => x.oa));
    expect(d.kpis.ordersPeriod).toBe(sum(m, (x) => x.orders));
    expect(d.kpis.activeCustomers).toBe(new Set(m.filter((x) => x.orders > 0).map((x) => x.company)).size);
    expect(d.kpis.returnedPeriod).toBe(sum(f, (x) => x.ra));
    expect(d.kpis.collectedPeriod).toBe(sum(m, paidOf));
    expect(d.kpis.receivable).toBe(sum(open, (x) => x.outstanding));
    expect(d.kpis.salesMonth).toBe(sum(facts.filter((x) => x.day.slice(0, 7) === today.slice(0, 7)), (x) => x.oa));
    expect(d.salesByDay.map((x: { amount: number }) => x.amount)).toEqual(Array.from({ length: 30 }, (_, i) => sum(f.filter((x) => x.day === addDays(since, i)), (x) => x.oa)));
    const top = [...group(f.filter((x) => x.oa > 0), (x) => String(x.company))].map(([k, xs]) => [Number(k), sum(xs, (x) => x.oa)]).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    expect(d.topCustomers.map((c: { companyId: number; amount: number }) => [c.companyId, c.amount])).toEqual(top);
  });

  it('money: receivables aging, collections per month with the running balance, payment mix, DSO', async () => {
    const ag = await report(admin, 'aging');
    const byCo = group(open, (x) => String(x.company));
    expect(open.length).toBeGreaterThan(3);
    expect(ag.rows.map((r) => r.key).sort()).toEqual([...byCo.keys()].sort());
    const over = (x: Open) => Math.round((Date.parse(today) - Date.parse(x.due)) / 86_400_000);
    for (const r of ag.rows) {
      const xs = byCo.get(r.key)!;
      expect([r.total, r.notDue, r.d30, r.d60, r.d90, r.d90plus], r.key).toEqual([
        sum(xs, (x) => x.outstanding), sum(xs.filter((x) => over(x) <= 0), (x) => x.outstanding), sum(xs.filter((x) => over(x) >= 1 && over(x) <= 30), (x) => x.outstanding),
        sum(xs.filter((x) => over(x) >= 31 && over(x) <= 60), (x) => x.outstanding), sum(xs.filter((x) => over(x) >= 61 && over(x) <= 90), (x) => x.outstanding), sum(xs.filter((x) => over(x) > 90), (x) => x.outstanding)]);
    }
    const billed90 = sum(money.filter((x) => inRange(x.day, addDays(today, -89), today)), (x) => x.billed);
    expect(ag.figures!.find((x) => x.key === 'dso')!.value).toBe(billed90 ? Math.round((sum(open, (x) => x.outstanding) / (billed90 / 90)) * 10) / 10 : null);

    const f0 = from();
    const col = await report(admin, `collection?from=${f0}&to=${today}&period=month`);
    expect(col.rows.length).toBeGreaterThanOrEqual(12);
    let balance = sum(money.filter((x) => x.day < f0), (x) => x.billed - paidOf(x) + x.refunded);
    for (const r of col.rows) {
      const m = money.filter((x) => x.day.startsWith(String(r.key).slice(0, 7)) && inRange(x.day, f0, today));
      balance += sum(m, (x) => x.billed - paidOf(x) + x.refunded);
      expect([r.billed, r.collected, r.refunded, r.balance], String(r.key)).toEqual([sum(m, (x) => x.billed), sum(m, paidOf), sum(m, (x) => x.refunded), balance]);
    }
    const mix = await report(admin, `paymix?from=${f0}&to=${today}`);
    const mm = money.filter((x) => inRange(x.day, f0, today));
    for (const r of mix.rows) expect(r.amount, r.key).toBe(sum(mm, (x) => x.paid[r.key]));
  });

  it('returns: per SKU with the return rate on base units, per customer with refunds', async () => {
    const f0 = addDays(today, -420);
    const bySku = await report(admin, `returns?from=${f0}&to=${today}`);
    const f = group(facts.filter((x) => inRange(x.day, f0, today) && (x.sq || x.rq)), (x) => String(x.sku));
    expect(bySku.rows.map((r) => r.key).sort()).toEqual([...f.keys()].sort());
    for (const r of bySku.rows) {
      const xs = f.get(r.key)!;
      expect([r.shippedQty, r.returnedQty, r.returned], r.key).toEqual([sum(xs, (x) => x.sq), sum(xs, (x) => x.rq), sum(xs, (x) => x.ra)]);
      expect(r.rate).toBe(sum(xs, (x) => x.sq) ? Math.round((sum(xs, (x) => x.rq) / sum(xs, (x) => x.sq)) * 10_000) / 10_000 : null);
    }
    expect(sum(bySku.rows, (r) => Number(r.returnedQty))).toBeGreaterThan(0);
    const byCo = await report(admin, `returns?from=${f0}&to=${today}&groupBy=customer`);
    for (const r of byCo.rows) {
      expect(r.refunded, r.key).toBe(sum(money.filter((x) => String(x.company) === r.key && inRange(x.day, f0, today)), (x) => x.refunded));
      expect(r.returned, r.key).toBe(sum(facts.filter((x) => String(x.company) === r.key && inRange(x.day, f0, today)), (x) => x.ra));
    }
  });

  it('customers: new vs returning per month, RFM figures per customer, a customer’s orders', async () => {
    const f0 = from();
    const nr = await report(admin, `newret?from=${f0}&to=${today}&period=month`);
    const firsts = new Map<number, string>();
    for (const m of money.filter((x) => x.orders > 0 && x.day <= today).sort((a, b) => a.day.localeCompare(b.day))) if (!firsts.has(m.company)) firsts.set(m.company, m.day);
    expect(nr.rows.length).toBeGreaterThan(6);
    for (const r of nr.rows) {
      const mStart = String(r.key);
      const active = new Set(money.filter((x) => x.orders > 0 && x.day.startsWith(mStart.slice(0, 7)) && inRange(x.day, f0, today)).map((x) => x.company));
      expect([r.newCustomers, r.returningCustomers], mStart).toEqual([[...active].filter((c) => firsts.get(c)! >= mStart).length, [...active].filter((c) => firsts.get(c)! < mStart).length]);
    }
    const seg = await report(admin, `rfm?to=${today}`);
    expect(sum(seg.rows, (r) => Number(r.count))).toBe(firsts.size);
    for (const s of seg.rows.filter((r) => Number(r.count) > 0)) {
      const members = await report(admin, `rfm?to=${today}&groupBy=${s.key}`);
      for (const c of members.rows) {
        const m = money.filter((x) => String(x.company) === c.key && x.day >= addDays(today, -364) && x.day <= today);
        expect([c.frequency, c.monetary], c.key).toEqual([sum(m, (x) => x.orders), sum(facts.filter((x) => String(x.company) === c.key && x.day >= addDays(today, -364)), (x) => x.oa)]);
      }
    }
    const co = await report(admin, `customer?companyId=${t.fx.companyA}&from=${addDays(today, -400)}&to=${today}`);
    expect(co.rows.length).toBe(allOrders.filter((o) => o.company === t.fx.companyA && inRange(o.submitted, addDays(today, -400), today)).length);
  });

  it('stock: turnover shipments, ABC sales per SKU, slow movers’ recent orders', async () => {
    const tv = await report(admin, `turnover?to=${today}&days=90`);
    expect(tv.rows.length).toBeGreaterThanOrEqual(3);
    const f90 = facts.filter((x) => inRange(x.day, addDays(today, -89), today));
    for (const r of tv.rows) expect(r.shippedQty, r.key).toBe(sum(f90.filter((x) => String(x.sku) === r.key), (x) => x.sq));
    const f0 = addDays(today, -365);
    const a = await report(admin, `abc?from=${f0}&to=${today}`);
    const bySku = group(facts.filter((x) => inRange(x.day, f0, today) && x.oa > 0), (x) => String(x.sku));
    expect(Object.fromEntries(a.rows.map((r) => [r.key, r.amount]))).toEqual(Object.fromEntries([...bySku].map(([k, xs]) => [k, sum(xs, (x) => x.oa)])));
    const slow = await report(admin, `slow?to=${today}&days=30`);
    for (const r of slow.rows) expect(r.ordered, r.key).toBe(sum(facts.filter((x) => String(x.sku) === r.key && inRange(x.day, addDays(today, -29), today)), (x) => x.oq));
  });

  it('per-SKU reports page through the server: the pages make the whole list, totals and figures cover all, sorting on the server', async () => {
    const f0 = addDays(today, -365);
    type Paged = { rows: Row[]; totals?: Row; figures?: { key: string; value: number }[]; paging: { offset: number; limit: number; total: number; sort: string; order: string } };
    const get = async (path: string) => (await report(admin, path)) as unknown as Paged;
    for (const base of [`sales?from=${f0}&to=${today}&dim=sku&compare=yoy`, `turnover?to=${today}&days=90`, `slow?to=${today}&days=30`, `abc?from=${f0}&to=${today}`]) {
      const whole = await get(base);
      expect(whole.paging.total, base).toBe(whole.rows.length);
      expect(whole.rows.length, base).toBeGreaterThanOrEqual(1);
      const pages: Row[] = [];
      for (let offset = 0; offset < whole.paging.total; offset += 1) {
        const p = await get(`${base}&limit=1&offset=${offset}`);
        expect([p.paging.total, p.paging.limit, p.rows.length], base).toEqual([whole.paging.total, 1, 1]);
        expect(p.totals ?? null, base).toEqual(whole.totals ?? null);
        expect(p.figures ?? null, base).toEqual(whole.figures ?? null);
        pages.push(...p.rows);
      }
      expect(pages, base).toEqual(whole.rows);
      expect((await get(`${base}&limit=5&offset=${whole.paging.total}`)).rows, base).toEqual([]);
    }
    // sorted on the server by another measure, ascending; the rank stays the place by sales
    const byAmount = await get(`sales?from=${f0}&to=${today}&dim=sku&compare=none`);
    const byLines = await get(`sales?from=${f0}&to=${today}&dim=sku&compare=none&sort=lines&order=asc`);
    expect(byLines.paging).toMatchObject({ sort: 'lines', order: 'asc' });
    expect(byLines.rows.map((r) => Number(r.lines))).toEqual(byLines.rows.map((r) => Number(r.lines)).sort((a, b) => a - b));
    const rankOf = new Map(byAmount.rows.map((r) => [r.key, r.rank]));
    for (const r of byLines.rows) expect(r.rank, r.key).toBe(rankOf.get(r.key));
    // the xlsx export has every row, not one page
    const res = await admin.get(`/api/reports/analytics/sales/xlsx?from=${f0}&to=${today}&dim=sku&compare=none&limit=1`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0].rowCount).toBe(byAmount.rows.length + 2);
  });

  it('reps against the monthly targets set by the manager', async () => {
    const month = today.slice(0, 7);
    expect((await admin.put('/api/reports/rep-targets', { repUserId: ids.sales, month, salesTarget: 1_000_000, collectionTarget: 500_000 })).statusCode).toBe(200);
    const doc = await report(admin, `reps?from=${month}-01&to=${today}`);
    const row = doc.rows.find((r) => r.repId === ids.sales)!;
    const s = sum(facts.filter((x) => x.day.startsWith(month) && company.get(x.company)!.rep === ids.sales), (x) => x.oa);
    expect([row.sales, row.salesTarget, row.salesRate]).toEqual([s, 1_000_000, Math.round((s / 1_000_000) * 10_000) / 10_000]);
    const sales2 = await t.as('sales2');
    expect((await report(sales2, `reps?from=${month}-01&to=${today}`)).rows.every((r) => r.repId === t.fx.users.sales2)).toBe(true);
    expect((await (await t.as('sales')).put('/api/reports/rep-targets', { repUserId: ids.sales, month, salesTarget: 1 })).statusCode).toBe(403);
  });

  it('the xlsx export has the same rows and numbers as the screen (amounts in yuan)', async () => {
    const q = `sales?from=${addDays(today, -200)}&to=${today}&dim=customer&compare=yoy`;
    const doc = await report(admin, q);
    const res = await admin.get(`/api/reports/analytics/${q.replace('?', '/xlsx?')}`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(1).values as string[]).slice(1);
    const amountCol = header.indexOf('销售额 Sales') + 1;
    const labelCol = header.findIndex((h) => h.startsWith('客户')) + 1;
    doc.rows.forEach((r, i) => {
      expect(ws.getRow(i + 2).getCell(labelCol).value).toBe(r.label);
      expect(Math.round(Number(ws.getRow(i + 2).getCell(amountCol).value) * 100)).toBe(r.amount);
    });
    expect(Math.round(Number(ws.getRow(doc.rows.length + 2).getCell(amountCol).value) * 100)).toBe(doc.totals!.amount);
  });

  it('the old sales report reads the rollups and agrees', async () => {
    const f0 = addDays(today, -400);
    const rows = (await admin.get(`/api/reports/sales?from=${f0}&to=${today}&groupBy=customer`)).json() as { key: string; amount: number; orders: number }[];
    const codes = new Map((await sql<{ id: number; code: string }>`select id, code from companies`.execute(t.db)).rows.map((c) => [c.code, Number(c.id)]));
    for (const r of rows) {
      const id = codes.get(r.key)!;
      expect([r.amount, r.orders]).toEqual([sum(facts.filter((x) => x.company === id && inRange(x.day, f0, today)), (x) => x.oa), sum(money.filter((x) => x.company === id && inRange(x.day, f0, today)), (x) => x.orders)]);
    }
  });
});

describe('bad input', () => {
  it.each([
    ['unknown report', 'planets'],
    ['from after to', 'sales?from=2026-12-01&to=2026-11-01'],
    ['not a date', 'sales?from=2026-02-30&to=2026-03-01'],
    ['unknown period', 'sales?period=decade'],
    ['unknown dim', 'sales?dim=planet'],
    ['negative id', 'sales?categoryId=-1'],
    ['huge id', 'sales?skuId=99999999999999999999'],
    ['days 0', 'slow?days=0'],
    ['days huge', 'turnover?days=100000'],
    ['SQL in groupBy', "rfm?groupBy=x'--"],
    ['emoji region too long', `sales?region=${encodeURIComponent('😀'.repeat(50))}`],
    ['customer without id', 'customer'],
    ['over ten years', 'sales?from=2000-01-01&to=2026-01-01'],
    ['limit 0', 'sales?dim=sku&limit=0'],
    ['limit over 1000', 'abc?limit=5000'],
    ['negative offset', 'turnover?offset=-1'],
    ['offset not a number', 'slow?offset=abc'],
    ['unknown order', 'sales?dim=sku&order=up'],
    ['SQL in sort', "sales?dim=sku&sort=amount'--"],
  ])('%s → 400', async (_n, q) => {
    const res = await admin.get(`/api/reports/analytics/${q}`);
    expect(res.statusCode, res.body).toBe(400);
  });

  it('unknown customer in the drill-down → 404; warehouse staff read stock reports only; customers none', async () => {
    expect((await admin.get('/api/reports/analytics/customer?companyId=987654')).statusCode).toBe(404);
    const wh = await t.as('warehouse');
    expect((await wh.get('/api/reports/analytics/turnover')).statusCode).toBe(200);
    expect((await wh.get('/api/reports/analytics/sales')).statusCode).toBe(403);
    expect((await (await t.as('buyerA')).get('/api/reports/analytics/sales')).statusCode).toBe(403);
  });

  it('targets: bad bodies → 400 and nothing written; unknown rep → 404', async () => {
    const before = Number((await sql<{ n: number }>`select count(*) as n from rpt_rep_targets`.execute(t.db)).rows[0].n);
    for (const body of [{}, { repUserId: ids.sales, month: '2026-13', salesTarget: 1 }, { repUserId: ids.sales, month: '2026-01', salesTarget: -5 }, { repUserId: 'x', month: '2026-01', salesTarget: 1 }, { repUserId: ids.sales, month: '2026-01', salesTarget: 1.5 }]) {
      expect((await admin.put('/api/reports/rep-targets', body)).statusCode).toBe(400);
    }
    expect((await admin.put('/api/reports/rep-targets', { repUserId: t.fx.users.admin, month: '2026-01', salesTarget: 1 })).statusCode).toBe(404);
    expect(Number((await sql<{ n: number }>`select count(*) as n from rpt_rep_targets`.execute(t.db)).rows[0].n)).toBe(before);
  });

  it('saved views: save, list, replace by name, delete; another user cannot delete them', async () => {
    const r = await admin.post('/api/reports/views', { report: 'sales', name: '月度同比 📈', params: { dim: 'region', compare: 'yoy' } });
    expect(r.statusCode, r.body).toBe(200);
    expect((await admin.post('/api/reports/views', { report: 'sales', name: 'x', params: { dim: 'planet' } })).statusCode).toBe(400);
    expect((await admin.post('/api/reports/views', { report: 'sales', name: 'y'.repeat(41), params: {} })).statusCode).toBe(400);
    const list = (await admin.get('/api/reports/views')).json().items;
    expect(list.map((v: { name: string }) => v.name)).toEqual(['月度同比 📈']);
    expect((await (await t.as('finance')).delete(`/api/reports/views/${r.json().id}`)).statusCode).toBe(404);
    expect((await admin.delete(`/api/reports/views/${r.json().id}`)).statusCode).toBe(200);
  });
});
