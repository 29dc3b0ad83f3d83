import { countRoundTrips, FILL_TAG, meter, roundTripCount } from './metrics';
import { openBenchDatabase, writeResult } from './lib';
import { fork } from 'node:child_process';
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { analyze, pgliteOptions } from '../server/lib/db';
import { hashPassword } from '../server/modules/auth/passwords';
import { generateCatalog } from './catalog-generate';
import { fillCarts, oneCallSubmission, ordoCallSubmission, submitFilled, type FilledCart, type Submit } from './order-submit-ceiling';
import '../server/modules/inventory/tables';
import '../server/modules/orders/tables';

/**
 * Order submission, measured against the real limit (issue 20). In the same run, on the same
 * data, with BENCH_CONNECTIONS clients and BENCH_LINES-line orders (SKUs drawn with a skew):
 *
 *   quickSubmit — Ordo over HTTP: a quick order into the cart, then the submission (the buyer's path;
 *                 autocannon in a child process, only submissions counted)
 *   submitOnly  — Ordo over HTTP: the submission alone. Its client is a child process
 *                 (order-submit-client.ts: its own thread, as any real client), so this process
 *                 pays only for serving; the carts were filled by SQL before the window
 *   ordoCall    — Ordo's submission function (cart_submit) called straight from SQL: no HTTP, no Node
 *   oneCall     — the ceiling: the whole order as one hand-written SQL statement (order-submit-ceiling.ts)
 *
 * submitOnly, ordoCall and oneCall submit pre-filled carts: before each timed window, one cart per
 * order of the window is filled by one SQL statement (a pool of buyers, one cart each, made by SQL
 * with sessions), and for submitOnly each buyer's session is read once (GET /api/auth/me, as the
 * buyer who looked at the cart before submitting), all untimed; the window then submits every
 * cart once, BENCH_CONNECTIONS at a time, and holds submission alone. A window holds rate × BENCH_SECONDS
 * orders, the rate taken from a warm-up of 200 orders per mode. Each mode runs twice, alternated,
 * reporting orders/s, SQL round trips per order (statements sent by the driver), Node CPU ms per
 * order (this process: the HTTP server and the SQL clients, on PGlite the database too; neither
 * HTTP client is counted; apart: this process's main thread and, PGlite in its own thread by
 * default (ORDO_PGLITE_THREAD=0: on the main thread), the database's thread), PostgreSQL CPU ms per order (this benchmark's backends, from /proc) and
 * the load average. A sequential probe counts the round trips of one quick order and one
 * submission exactly. Results in bench/results/order-submit.json, per engine. The outbox worker
 * does not run (events stay queued): delivery is not part of these figures.
 *
 *   npx tsx bench/order-submit.ts                     # PGlite in memory
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/order-submit.ts
 * Options (env): BENCH_SKUS (5000), BENCH_CUSTOMERS (8), BENCH_CONNECTIONS (8), BENCH_LINES (5), BENCH_SECONDS (10 per run),
 * BENCH_MAX_ORDERS (20000: the most carts one window fills), BENCH_MODES (all; e.g. submitOnly,oneCall),
 * BENCH_PROFILE=<dir> (a CPU profile of the main thread per timed window; the database is in it only with ORDO_PGLITE_THREAD=0),
 * BENCH_SQL_STATS=1 (PGlite only, on the main thread: after the runs, the statements — nested ones
 * included, e.g. inside orders_submit — and the functions that cost most, in µs per order measured, from
 * pg_stat_statements and pg_stat_user_functions; the tracking itself slows the runs, so no results file is written),
 * BENCH_HOT=1: the hot-SKU case — every order holds one and the same SKU (its first line; the
 * other lines drawn as usual), so every submission reserves the same stock row; results go to
 * bench/results/order-submit-hot.json. Compare with a uniform run close in time (ratios, with the load).
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const SKUS = Number(process.env.BENCH_SKUS ?? 5000);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const LINES = Number(process.env.BENCH_LINES ?? 5);
const HOT = process.env.BENCH_HOT === '1';
// BENCH_PROFILE=dir: a CPU profile of the main thread (server; the database too with ORDO_PGLITE_THREAD=0) per timed window, <mode>-<round>.cpuprofile
const PROFILE = process.env.BENCH_PROFILE;
const profiler = new inspector.Session();
if (PROFILE) {
  fs.mkdirSync(PROFILE, { recursive: true });
  profiler.connect();
  await profiler.post('Profiler.enable');
}
const ONLY = process.env.BENCH_MODES?.split(',');
const MAX_ORDERS = Number(process.env.BENCH_MAX_ORDERS ?? 20_000);
countRoundTrips();
const schema = 'bench_orders';

const SQL_STATS = process.env.BENCH_SQL_STATS === '1' && !process.env.BENCH_DATABASE_URL;
if (SQL_STATS) {
  // the extension is loaded where PGlite starts: this thread
  process.env.ORDO_PGLITE_THREAD = '0';
  const { pg_stat_statements } = await import('@electric-sql/pglite/contrib/pg_stat_statements');
  (pgliteOptions.extensions as Record<string, unknown>).pg_stat_statements = pg_stat_statements;
}
const { database } = await openBenchDatabase(schema);
if (SQL_STATS) {
  await sql`create extension if not exists pg_stat_statements`.execute(database.db);
  await sql`set track_functions = 'all'`.execute(database.db);
  await sql`set pg_stat_statements.track = 'all'`.execute(database.db);
}
const db = database.db;
const gen = await generateCatalog(db, SKUS);
// One warehouse with plenty of every SKU: the benchmark measures submission, not shortage.
const wh = await db.insertInto('warehouses').values({ code: 'BENCH', name: '基准仓', address: null, provinces: [], priority: 10, active: true }).returning('id').executeTakeFirstOrThrow();
await sql`insert into stock_levels (sku_id, warehouse_id, on_hand) select id, ${wh.id}, 10000000 from skus`.execute(db);
const password = 'Bench@2026';
const hash = await hashPassword(password);
const buyers: { login: string; addressId: number; companyId: number; userId: number }[] = [];
for (let c = 0; c < CUSTOMERS; c++) {
  const co = await db.insertInto('companies').values({ code: `B${c}`, name: `基准客户 ${c}`, province: '浙江省', city: '杭州市' }).returning('id').executeTakeFirstOrThrow();
  const addr = await db.insertInto('company_addresses').values({ company_id: co.id, recipient: '张三', phone: '13800000000', province: '浙江省', city: '杭州市', district: null, address: '文三路 1 号', postcode: null, is_default: true }).returning('id').executeTakeFirstOrThrow();
  for (let b = 0; b < 2; b++) {
    const login = `bench${c}_${b}`;
    const u = await db.insertInto('users').values({ login, name: login, role: 'customer_buyer', company_id: co.id, password_hash: hash, phone: null, email: null }).returning('id').executeTakeFirstOrThrow();
    buyers.push({ login, addressId: addr.id, companyId: co.id, userId: u.id });
  }
}
// A contract price list for half the customers, so prices really are resolved per customer.
for (let c = 0; c < CUSTOMERS; c += 2) {
  await sql`insert into price_lists (name, kind, company_id) select 'bench', 'customer', id from companies where code = ${`B${c}`}`.execute(db);
  await sql`insert into price_list_items (price_list_id, sku_id, min_qty, fixed_price)
    select (select max(id) from price_lists), id, 1, base_price * 9 / 10 from skus where id % 3 = 0`.execute(db);
}
await analyze(db);

const config = { ...loadConfig({}), loginRateLimitPerMinute: 1_000_000, logLevel: 'warn' };
const app = await buildApp({ config, database, logger: false });
const address = await app.listen({ port: 0, host: '127.0.0.1' });
const cookies: string[] = [];
for (const b of buyers) {
  const r = await fetch(`${address}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: b.login, password }) });
  cookies.push((r.headers.get('set-cookie') ?? '').split(';')[0]!);
}
// LINES-line orders; SKU i is picked with probability falling with i (skewed popularity).
let seed = 42;
const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const orders: string[] = [];
// Only SKUs a buyer can order (the generator puts every 50th product off shelf), so every order has all its lines.
const orderable = await db.selectFrom('skus').innerJoin('products', 'products.id', 'skus.product_id').select(['skus.id', 'skus.code'])
  .where('skus.code', 'in', gen.codes).where('products.on_shelf', '=', true).where('skus.active', '=', true).orderBy('skus.id').execute();
const skuIdOf = new Map(orderable.map((r) => [r.code, r.id]));
const codes = orderable.map((r) => r.code);
if (codes.length < LINES) throw new Error(`only ${codes.length} orderable sample SKUs: raise BENCH_SKUS`);
const rawOrders: { skuId: number; qty: number }[][] = [];
for (let o = 0; o < 500; o++) {
  const picked = new Set<string>(HOT ? [codes[0]!] : []);
  while (picked.size < LINES) picked.add(codes[Math.floor(codes.length * rand() ** 2)]!);
  const rows = [...picked].map((code) => ({ code, qty: 1 + Math.floor(rand() * 24) }));
  orders.push(JSON.stringify({ rows: rows.map((r) => ({ code: r.code, qty: String(r.qty) })) }));
  rawOrders.push(rows.map((r) => ({ skuId: skuIdOf.get(r.code)!, qty: r.qty })));
}

// The load runner's arguments go through a file: 500 orders are more than one argv entry may hold.
const argsFile = (seconds: number) => {
  const f = path.join(os.tmpdir(), `ordo-bench-orders-${process.pid}.json`);
  fs.writeFileSync(f, JSON.stringify({ url: address, cookies, addresses: buyers.map((b) => b.addressId), orders, seconds, connections: CONNECTIONS }));
  return f;
};
interface LoadResult { ordersPerSec: number; submissions: number; submitStatuses: Record<string, number>; submitLatencyMs: { p50: number; p95: number; p99: number; max: number }; [k: string]: unknown }
const load = (seconds: number) => new Promise<LoadResult>((resolve, reject) => {
  const child = fork(path.join(here, 'order-submit-load.ts'), [argsFile(seconds)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as LoadResult) : reject(new Error(`load runner exited ${code}`))));
});

// The buyers whose carts are submitted by submitOnly / ordoCall / oneCall: one cart per order of a
// window (a buyer has one cart), so a pool of buyers made by SQL as a window needs them, each
// with a session (token bench-pool-<id>) and a cart; spread over the customers like the 16 above.
const pool: (FilledCart & { cookie: string })[] = [];
const addressOf = new Map(buyers.map((b) => [b.companyId, b.addressId]));
async function ensurePool(n: number) {
  if (pool.length >= n) return;
  const { rows } = await sql<{ id: number; company_id: number; cart_id: number }>`${sql.raw(FILL_TAG)}
    with u as (
      insert into users (login, name, role, company_id, password_hash)
      select 'pool' || g, 'pool' || g, 'customer_buyer', (${sql.raw(`array[${[...addressOf.keys()].join(',')}]::bigint[]`)})[1 + g % ${addressOf.size}], ${hash}
      from generate_series(${pool.length}::int, ${n - 1}::int) g
      returning id, company_id
    ), s as (
      insert into sessions (token_hash, user_id, expires_at)
      select encode(sha256(convert_to('bench-pool-' || u.id, 'UTF8')), 'hex'), u.id, now() + interval '1 day' from u
    ), c as (
      insert into carts (company_id, user_id, kind) select company_id, id, 'cart' from u returning id, user_id
    )
    select u.id, u.company_id, c.id as cart_id from u join c on c.user_id = u.id order by u.id`.execute(db);
  for (const r of rows) {
    pool.push({ buyer: { companyId: r.company_id, userId: r.id, addressId: addressOf.get(r.company_id)! }, cartId: r.cart_id, cookie: `ordo_session=bench-pool-${r.id}` });
  }
}

// submitOnly's HTTP client: a child process, kept for the whole run (order-submit-client.ts).
const client = fork(path.join(here, 'order-submit-client.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const ask = <T>(m: unknown) => new Promise<T>((resolve) => {
  client.once('message', (r) => resolve(r as T));
  client.send(m as object);
});

interface Outcome { ordersPerSec: number; orders: number; latency: unknown; failures: number; firstFailure?: string }
/** A mode: prepare(n) readies n orders (untimed); run() is the timed window. */
interface Mode { prepare(n: number): Promise<void>; run(seconds: number): Promise<Outcome> }
let orderSeq = 0;
let batch: typeof pool = [];
// submitOnly takes buyers not used before (httpFrom on): a session read by an earlier window's
// warm-up may leave the session cache (10 s) during this window, and read again inside it
let httpFrom = 0;
const fill = async (n: number, from = 0) => {
  await ensurePool(from + n);
  batch = pool.slice(from, from + n);
  await fillCarts(db, batch, rawOrders, orderSeq);
  orderSeq += n;
  // thousands of full carts: fresh statistics (a plan made while cart_lines was empty scans it
  // per order; ANALYZE also invalidates cached plans) and last windows' dead lines gone, so no
  // window pays for the ones before it
  await sql`${sql.raw(FILL_TAG)} vacuum analyze cart_lines`.execute(db);
};
const sqlMode = (submit: Submit): Mode => ({
  prepare: (n) => fill(n),
  run: async () => {
    const r = await submitFilled(batch, CONNECTIONS, submit);
    return { ordersPerSec: r.ordersPerSec, orders: r.submissions, latency: r.submitLatencyMs, failures: r.failures, ...(r.firstFailure ? { firstFailure: r.firstFailure } : {}) };
  },
});
const modes: Record<string, Mode> = {
  quickSubmit: {
    prepare: async () => undefined,
    run: async (seconds) => {
      const r = await load(seconds);
      const ok = r.submitStatuses['200'] ?? 0;
      return { ordersPerSec: r.ordersPerSec, orders: ok, latency: r.submitLatencyMs, failures: r.submissions - ok };
    },
  },
  submitOnly: {
    prepare: async (n) => {
      await fill(n, httpFrom);
      httpFrom += n;
      await ask({ cmd: 'warm', url: address, connections: CONNECTIONS, requests: batch.map((c) => ({ cookie: c.cookie, addressId: c.buyer.addressId })) });
    },
    run: async () => {
      const r = await ask<{ ordersPerSec: number; orders: number; latencyMs: unknown; failures: number; firstFailure?: string }>({ cmd: 'submit' });
      return { ordersPerSec: r.ordersPerSec, orders: r.orders, latency: r.latencyMs, failures: r.failures, ...(r.firstFailure ? { firstFailure: r.firstFailure } : {}) };
    },
  },
  ordoCall: sqlMode(ordoCallSubmission(db, config.timeZone)),
  oneCall: sqlMode(oneCallSubmission(db)),
};
// BENCH_MODES=submitOnly,oneCall: only those (e.g. to profile one with --cpu-prof)
for (const k of Object.keys(modes)) if (ONLY && !ONLY.includes(k)) delete modes[k];

// warm-up (plans, caches) with WARM_ORDERS orders per mode, which also gives each mode's rate:
// its timed windows then hold rate × SECONDS orders (one filled cart each). Then statistics, then
// every mode twice, alternated: drift in the machine's load hits all alike.
const WARM_ORDERS = 200;
const sizeOf: Record<string, number> = {};
for (const [name, m] of Object.entries(modes)) {
  await m.prepare(WARM_ORDERS);
  const r = await m.run(2);
  // submitOnly's window at most ~6 s: a session read by the untimed warm-up stays cached 10 s
  // (auth/session-cache.ts), so a longer window would read sessions again inside it
  sizeOf[name] = Math.min(MAX_ORDERS, Math.max(WARM_ORDERS, Math.round(r.ordersPerSec * (name === 'submitOnly' ? Math.min(SECONDS, 6) : SECONDS))));
}
await analyze(db);
if (SQL_STATS) await sql`select pg_stat_statements_reset(), pg_stat_reset()`.execute(db);
const runs: Record<string, Record<string, unknown>[]> = Object.fromEntries(Object.keys(modes).map((k) => [k, []]));
for (let round = 0; round < 2; round++) {
  for (const [name, m] of Object.entries(modes)) {
    await m.prepare(sizeOf[name]!);
    const meterOf = await meter(db, database.kind, database.dbThreadCpuMs);
    if (PROFILE) await profiler.post('Profiler.start');
    const r = await m.run(SECONDS);
    if (PROFILE) {
      const { profile } = await profiler.post('Profiler.stop');
      fs.writeFileSync(path.join(PROFILE, `${name}-${round}.cpuprofile`), JSON.stringify(profile));
    }
    runs[name]!.push({ ordersPerSec: r.ordersPerSec, orders: r.orders, failures: r.failures, ...(r.firstFailure ? { firstFailure: r.firstFailure } : {}), ...(await meterOf.stop(r.orders)), latencyMs: r.latency });
  }
}
client.send({ cmd: 'exit' });
if (SQL_STATS) {
  // the carts' filling is in these figures too (its statements carry FILL_TAG)
  const n = Object.values(runs).flat().reduce((a, r) => a + (r.orders as number), 0);
  const us = (ms: number) => String(Math.round((ms / n) * 1000)).padStart(6);
  console.error(`SQL statistics over ${n} orders (µs per order, calls)`);
  const st = await sql<{ calls: number; ms: number; q: string }>`select calls, total_exec_time as ms, left(regexp_replace(query, '\\s+', ' ', 'g'), 140) as q
    from pg_stat_statements order by total_exec_time desc limit 30`.execute(db);
  for (const r of st.rows) console.error(us(r.ms), String(r.calls).padStart(7), r.q);
  const fn = await sql<{ funcname: string; calls: number; total: number; self: number }>`select funcname, calls, total_time as total, self_time as self
    from pg_stat_user_functions order by self_time desc limit 20`.execute(db);
  for (const r of fn.rows) console.error(`${us(r.self)} self ${us(r.total)} total ${String(r.calls).padStart(7)} ${r.funcname}()`);
}

// The exact round trips of one quick order and one submission, one request at a time. This
// process's fetch sat idle through the windows (the clients are child processes): a kept-alive
// socket the server closed meanwhile fails once (ECONNRESET), so a request is sent again then.
const send = async (url: string, init: RequestInit) => {
  for (let attempt = 0; ; attempt++) {
    try {
      const r = await fetch(url, init);
      await r.arrayBuffer();
      return r;
    } catch (e) {
      if (attempt > 0) throw e;
    }
  }
};
const probe = { quick: [] as number[], submit: [] as number[] };
for (let i = 0; i < 10; i++) {
  const b = buyers[i % buyers.length]!;
  const cookie = cookies[i % buyers.length]!;
  await send(`${address}/healthz`, {});
  const r0 = roundTripCount();
  const q = await send(`${address}/api/cart/quick`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: orders[i]! });
  const r1 = roundTripCount();
  const sres = await send(`${address}/api/cart/submit`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', 'idempotency-key': `probe-${i}` }, body: JSON.stringify({ addressId: b.addressId, paymentMethod: 'transfer' }) });
  if (q.status !== 200 || sres.status !== 200) throw new Error(`probe ${q.status} ${sres.status}`);
  probe.quick.push(r1 - r0);
  probe.submit.push(roundTripCount() - r1);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const check = await sql<{ orders: number; lines: number; numbers: number; oversold: number }>`
  select (select count(*)::int from orders) as orders, (select count(*)::int from order_lines) as lines,
    (select count(distinct number)::int from orders) as numbers,
    (select count(*)::int from stock_levels where reserved > on_hand) as oversold`.execute(db);
await app.close();
await database.close();

const rate = (name: string) => runs[name]!.map((r) => r.ordersPerSec as number);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const ofCeiling = (name: string) => (modes[name] && modes.oneCall ? Math.round((mean(rate(name)) / mean(rate('oneCall'))) * 100) / 100 : null);
const result = {
  engine: database.kind, case: HOT ? 'hot SKU: every order holds the same SKU' : 'uniform (skewed popularity)', at: new Date().toISOString(), machine: `${os.cpus().length} cores (shared with other work)`, skus: gen.skus, customers: CUSTOMERS, buyers: buyers.length,
  connections: CONNECTIONS, linesPerOrder: LINES, secondsPerRun: SECONDS,
  runs,
  ordersPerSecMedian: Object.fromEntries(Object.keys(modes).map((k) => [k, Math.round(mean(rate(k)) * 10) / 10])),
  ofCeiling: { quickSubmit: ofCeiling('quickSubmit'), submitOnly: ofCeiling('submitOnly'), ordoCall: ofCeiling('ordoCall') },
  roundTripsProbe: { quickOrder: median(probe.quick), submission: median(probe.submit), samples: probe },
  database: check.rows[0],
  note: 'runs: two per mode, alternated; ordersPerSecMedian = median (= mean) of the two; ofCeiling = mode / oneCall. Round trips: statements sent by the driver (BEGIN/COMMIT included) over orders, all requests included (sessions, quick order, submission); roundTripsProbe counts one request at a time. Node CPU: this process (HTTP server + SQL clients; on PGlite also the database itself; the HTTP clients run in child processes and are not counted); mainThreadCpuMsPerOrder: its main thread alone; dbThreadCpuMsPerOrder: PGlite\'s worker thread (server/lib/pglite-thread.ts; absent with ORDO_PGLITE_THREAD=0, PGlite then on the main thread). submitOnly, ordoCall, oneCall: pre-filled carts, one per order, the window is submission alone. PostgreSQL CPU: this benchmark\'s own backends (/proc utime+stime).',
};
console.log(JSON.stringify(result, null, 2));
// with BENCH_SQL_STATS the tracking slowed every statement: those rates are not kept
if (!SQL_STATS) writeResult(HOT ? 'order-submit-hot' : 'order-submit', database.kind, result);
process.exit(0);
