// Analytics benchmark (issue 17) on the data of bench/analytics-gen.ts (1,000,000 order lines):
// every report's latency through the HTTP API (p50/p95 of N runs, as admin and as a sales rep),
// then the rollup worker under 100 orders/s (each order: submission + payment events) — how far
// behind the rollups fall. Results in bench/results/analytics.json, with the load average.
//
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/analytics_bench npx tsx bench/analytics.ts [runs] [seconds]
//
// BENCH_PART=reports|rollup measures one part only; BENCH_REPORTS=SKU,ABC only the reports named so.
// The file keeps the last 8 runs and, under "latest", the newest report figures and the newest
// rollup figures (a run of one part does not hide the other's).
import os from 'node:os';
import { sql } from 'kysely';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { openDatabase } from '../server/lib/db';
import { deliverBatch } from '../server/modules/platform/outbox';
import { rollupHandler } from '../server/modules/reports/rollup';
import { localToday, addDays } from '../server/modules/reports/common';
import { writeResult } from './lib';

const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('BENCH_DATABASE_URL=postgres://… is required (run bench/analytics-gen.ts first)');
const RUNS = Number(process.argv[2] ?? 15);
const SECONDS = Number(process.argv[3] ?? 30);
const RATE = 100;
const load0 = os.loadavg();
const database = await openDatabase({ databaseUrl: url, schema: 'bench_analytics', poolSize: 8 });
const config = { ...loadConfig({}), loginRateLimitPerMinute: 100_000 };
const app = await buildApp({ config, database, logger: false });
await app.ready();
const login = async (l: string) => {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: l, password: 'Bench-analytics-2026!' } });
  if (res.statusCode !== 200) throw new Error(`login ${l}: ${res.statusCode} ${res.body}`);
  return `ordo_session=${res.cookies.find((c) => c.name === 'ordo_session')!.value}`;
};
const today = localToday(config.timeZone);
const yearAgo = addDays(today, -364);
const REPORTS: [string, string][] = [
  ['dashboard (30 days)', '/api/reports/dashboard?days=30'],
  ['dashboard (90 days)', '/api/reports/dashboard?days=90'],
  ['sales by month, 同比, 1 year', `/api/reports/analytics/sales?from=${yearAgo}&to=${today}&period=month&compare=yoy`],
  ['sales by week, 环比, 1 year', `/api/reports/analytics/sales?from=${yearAgo}&to=${today}&period=week&compare=pop`],
  ['sales by day, 90 days', `/api/reports/analytics/sales?from=${addDays(today, -89)}&to=${today}&period=day&compare=pop`],
  ['sales by customer, 同比, 1 year', `/api/reports/analytics/sales?from=${yearAgo}&to=${today}&dim=customer&compare=yoy`],
  ['sales by region, 同比, 1 year', `/api/reports/analytics/sales?from=${yearAgo}&to=${today}&dim=region&compare=yoy`],
  ['sales by tier, 1 year', `/api/reports/analytics/sales?from=${yearAgo}&to=${today}&dim=tier`],
  ['sales by rep, 1 year', `/api/reports/analytics/sales?from=${yearAgo}&to=${today}&dim=rep`],
  ['sales by category, 同比, 1 year', `/api/reports/analytics/sales?from=${yearAgo}&to=${today}&dim=category&compare=yoy`],
  ['sales by brand, 1 year', `/api/reports/analytics/sales?from=${yearAgo}&to=${today}&dim=brand`],
  ['sales by SKU, 同比, 1 year', `/api/reports/analytics/sales?from=${yearAgo}&to=${today}&dim=sku&compare=yoy`],
  ['sales by SKU in one region, 90 days', `/api/reports/analytics/sales?from=${addDays(today, -89)}&to=${today}&dim=sku&region=${encodeURIComponent('浙江省')}&compare=none`],
  ['drill: customers of a region, 1 year', `/api/reports/analytics/sales?from=${yearAgo}&to=${today}&dim=customer&region=${encodeURIComponent('浙江省')}&compare=yoy`],
  ['drill: one customer\'s orders, 1 year', `/api/reports/analytics/customer?from=${yearAgo}&to=${today}&companyId=__CID__`],
  ['RFM segments', `/api/reports/analytics/rfm?to=${today}`],
  ['customers who stopped ordering', `/api/reports/analytics/lapsed?to=${today}`],
  ['new vs returning by month, 1 year', `/api/reports/analytics/newret?from=${yearAgo}&to=${today}&period=month`],
  ['stock turnover by SKU, 90 days', `/api/reports/analytics/turnover?to=${today}&days=90`],
  ['stock turnover by category', `/api/reports/analytics/turnover?to=${today}&days=90&groupBy=category`],
  ['slow movers and dead stock, 90 days', `/api/reports/analytics/slow?to=${today}&days=90`],
  ['ABC, 1 year', `/api/reports/analytics/abc?from=${yearAgo}&to=${today}`],
  ['receivables aging', '/api/reports/analytics/aging'],
  ['collections by month, 1 year', `/api/reports/analytics/collection?from=${yearAgo}&to=${today}&period=month`],
  ['payment mix, 1 year', `/api/reports/analytics/paymix?from=${yearAgo}&to=${today}`],
  ['returns by SKU, 1 year', `/api/reports/analytics/returns?from=${yearAgo}&to=${today}`],
  ['returns by customer, 1 year', `/api/reports/analytics/returns?from=${yearAgo}&to=${today}&groupBy=customer`],
  ['reps vs targets, 1 year', `/api/reports/analytics/reps?from=${yearAgo}&to=${today}`],
  ['xlsx: sales by customer, 1 year', `/api/reports/analytics/sales/xlsx?from=${yearAgo}&to=${today}&dim=customer&compare=yoy`],
];
// the drill-down's customer: one the user may see (a rep's own customer)
const customerOf = async (login: string) => Number((await sql<{ id: number }>`select min(c.id) as id from companies c
  where (select role from users where login = ${login}) <> 'sales' or c.sales_rep_id = (select id from users where login = ${login})`.execute(database.db)).rows[0].id);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const round = (x: number) => Math.round(x * 10) / 10;

async function measure(who: string, login: string, cookie: string) {
  const cid = await customerOf(login);
  const out: { report: string; p50: number; p95: number; max: number; rows: number }[] = [];
  // BENCH_REPORTS=SKU,ABC measures only the reports whose name contains one of these words
  const only = process.env.BENCH_REPORTS?.split(',').filter(Boolean);
  for (const [name, path0] of REPORTS.filter(([r]) => !only || only.some((w) => r.includes(w)))) {
    const path = path0.replace('__CID__', String(cid));
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < RUNS + 2; i++) {
      const s = performance.now();
      const res = await app.inject({ method: 'GET', url: path, headers: { cookie } });
      const ms = performance.now() - s;
      if (res.statusCode !== 200) throw new Error(`${name}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      if (i >= 2) times.push(ms);
      if (i === 0 && !path.includes('xlsx')) rows = (res.json().rows ?? res.json().salesByDay ?? []).length;
    }
    out.push({ report: name, p50: round(pct(times, 50)), p95: round(pct(times, 95)), max: round(Math.max(...times)), rows });
    console.log(`  ${who.padEnd(5)} ${name.padEnd(42)} p50 ${round(pct(times, 50)).toString().padStart(7)} ms  p95 ${round(pct(times, 95)).toString().padStart(7)} ms  rows ${rows}`);
  }
  return out;
}

console.log(`Reports (${RUNS} runs each after 2 warm-ups), load ${load0.map((x) => x.toFixed(1)).join(' ')}`);
// BENCH_PART=rollup skips the report latencies (and =reports the rollup)
const part = process.env.BENCH_PART ?? 'all';
const adminRuns = part === 'rollup' ? [] : await measure('admin', 'bench-admin', await login('bench-admin'));
const repRuns = part === 'rollup' ? [] : await measure('rep', 'bench-rep-1', await login('bench-rep-1'));

// ---- the rollup under 100 orders/s: orders written at that pace, one worker loop delivering ----
// BENCH_ROLLUP=single: the handler without handleBatch (one order per call, as before) for a same-conditions comparison
const batchHandler = rollupHandler(() => config.timeZone);
const handler = process.env.BENCH_ROLLUP === 'single' ? { name: batchHandler.name, topics: batchHandler.topics, handle: batchHandler.handle } : batchHandler;
const { rows: [ids] } = await sql<{ admin: number; co: number; sku: number }>`select (select id from users where login = 'bench-admin') as admin, (select min(id) from companies) as co, (select min(id) from skus) as sku`.execute(database.db);
let stop = false;
let written = 0;
const startedAt = Date.now();
const writer = part === 'reports' ? Promise.resolve() : (async () => {
  const tick = 1000 / RATE;
  while (!stop) {
    const due = startedAt + written * tick;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const n = written++;
    // one statement: the order, its 5 lines, a payment and the two events (as submission and payment write them)
    await sql`with o as (
        insert into orders (number, company_id, placed_by_user_id, status, subtotal, total, address, submitted_at, approved_at)
        values (${`BL${startedAt}-${n}`}, ${ids.co + (n * 7919) % 10_000}, ${ids.admin}, 'pending_outbound', 5000, 5000, '{}'::jsonb, now(), now()) returning id, company_id),
      l as (insert into order_lines (order_id, line_no, sku_id, sku_code, name, unit, unit_factor, qty, unit_price, base_price, line_total, base_unit)
        select o.id, k, ${ids.sku} + ((${n} * 104729 + k * 7919) % 100000), 'BL', '基准商品', '件', 1, 10, 100, 100, 1000, '件' from o cross join generate_series(1, 5) k returning 1),
      p as (insert into payments (company_id, order_id, purpose, method, amount, status, confirmed_at) select o.company_id, o.id, 'order', 'online', 5000, 'succeeded', now() from o returning 1)
      insert into outbox (topic, payload) select t, jsonb_build_object('orderId', o.id) from o cross join (values ('order.submitted'), ('order.payment_received')) v(t)`.execute(database.db);
    if (Date.now() - startedAt > SECONDS * 1000) stop = true;
  }
})();
let maxBacklog = 0;
if (part === 'reports') stop = true;
const worker = part === 'reports' ? Promise.resolve() : (async () => {
  while (!stop || Number((await sql<{ n: number }>`select count(*) as n from outbox where delivered_at is null and dead_at is null and topic like 'order.%'`.execute(database.db)).rows[0].n) > 0) {
    const n = await deliverBatch(database.db, [handler], { batch: 100 });
    const { rows: [b] } = await sql<{ n: number }>`select count(*) as n from outbox where delivered_at is null and dead_at is null`.execute(database.db);
    maxBacklog = Math.max(maxBacklog, Number(b.n));
    if (n === 0) await new Promise((r) => setTimeout(r, 50));
  }
})();
await writer;
const wroteMs = Date.now() - startedAt;
await worker;
const drainedMs = Date.now() - startedAt;
const { rows: [lag] } = await sql<{ p50: number; p95: number; max: number; n: number }>`
  select percentile_cont(0.5) within group (order by extract(epoch from delivered_at - created_at)) * 1000 as p50,
         percentile_cont(0.95) within group (order by extract(epoch from delivered_at - created_at)) * 1000 as p95,
         max(extract(epoch from delivered_at - created_at)) * 1000 as max, count(*) as n
    from outbox where created_at >= ${new Date(startedAt)} and topic in ('order.submitted', 'order.payment_received')`.execute(database.db);
const rollup = part === 'reports' ? null : {
  ordersPerSecondTarget: RATE, orders: written, seconds: round(wroteMs / 1000), achievedOrdersPerSecond: round(written / (wroteMs / 1000)),
  events: Number(lag.n), drainedAfterSeconds: round(drainedMs / 1000), lagMs: { p50: Math.round(Number(lag.p50)), p95: Math.round(Number(lag.p95)), max: Math.round(Number(lag.max)) }, maxBacklog,
};
console.log('Rollup under load:', rollup);
// the bench's own orders out again, so a second run measures the same data
await sql`delete from outbox where created_at >= ${new Date(startedAt)}`.execute(database.db);
const { rows: blIds } = await sql<{ id: number }>`select id from orders where number like ${`BL${startedAt}-%`}`.execute(database.db);
if (blIds.length) {
  const list = blIds.map((r) => Number(r.id));
  await database.db.transaction().execute(async (trx) => {
    // The bench's orders have no shipments or after-sales lines, but each deleted line's foreign-key
    // check scans all of shipment_lines (no index leads with order_line_id): 2,000 orders took over
    // 10 minutes to delete at 1M lines. As a superuser the checks are skipped for this cleanup.
    const { rows: [su] } = await sql<{ su: boolean }>`select rolsuper as su from pg_roles where rolname = current_user`.execute(trx);
    if (su.su) await sql`set local session_replication_role = replica`.execute(trx);
    await sql`delete from payments where order_id in (${sql.join(list)})`.execute(trx);
    await sql`delete from order_lines where order_id in (${sql.join(list)})`.execute(trx);
    await sql`delete from orders where id in (${sql.join(list)})`.execute(trx);
  });
  await sql`select rpt_refresh(${sql.raw(`array[${list.join(',')}]::bigint[]`)}, ${config.timeZone})`.execute(database.db);
}
const { rows: [size] } = await sql<Record<string, number>>`select (select count(*) from order_lines) as lines, (select count(*) from orders) as orders, (select count(*) from rpt_sales_daily) as sales_daily, (select count(*) from rpt_customer_daily) as customer_daily, (select count(*) from rpt_sku_daily) as sku_daily`.execute(database.db);
const result = {
  at: new Date().toISOString(), machine: `${os.cpus().length} cores`, loadAverageBefore: load0.map(round), loadAverageAfter: os.loadavg().map(round), runsPerReport: RUNS,
  data: Object.fromEntries(Object.entries(size).map(([k, v]) => [k, Number(v)])),
  targets: { reportP95Ms: 1500, dashboardP95Ms: 300, rollupOrdersPerSecond: RATE },
  admin: adminRuns, salesRep: repRuns, rollup,
  part, rollupMode: process.env.BENCH_ROLLUP === 'single' ? 'one order per call (before)' : 'one call per claimed batch',
  worst: adminRuns.length === 0 ? null : { reportP95Ms: Math.max(...adminRuns.filter((r) => !r.report.startsWith('dashboard')).map((r) => r.p95)), dashboardP95Ms: Math.max(...adminRuns.filter((r) => r.report.startsWith('dashboard')).map((r) => r.p95)) },
};
const prev = (await import('node:fs')).existsSync('bench/results/analytics.json') ? JSON.parse((await import('node:fs')).readFileSync('bench/results/analytics.json', 'utf8')) : {};
type Run = typeof result & { rollup: { orders: number } | null };
const runs = [...((prev.postgres?.runs as Run[]) ?? []), result as Run].slice(-8);
// the newest figures of each part on top, so a reports-only run does not hide the rollup's (and the other way round)
const pick = (ok: (r: Run) => boolean) => [...runs].reverse().find(ok);
const lastReports = pick((r) => r.admin.length > 0);
const lastRollup = pick((r) => r.rollup != null && r.rollup.orders > 0);
const latest = {
  reports: lastReports ? { at: lastReports.at, loadAverageBefore: lastReports.loadAverageBefore, lines: lastReports.data.lines, worst: lastReports.worst } : null,
  rollup: lastRollup ? { at: lastRollup.at, loadAverageBefore: lastRollup.loadAverageBefore, lines: lastRollup.data.lines, mode: lastRollup.rollupMode, ...lastRollup.rollup } : null,
};
console.log(`wrote ${writeResult('analytics', 'postgres', { latest, runs })}`);
await app.close();
await database.close();
