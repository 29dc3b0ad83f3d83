import { openBenchDatabase, writeResult } from './lib';
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { analyze } from '../server/lib/db';
import { hashPassword } from '../server/modules/auth/passwords';
import { generateCatalog } from './catalog-generate';
import { rawSubmission, runSubmissions, type CeilingBuyer, type Submit } from './order-submit-ceiling';
import '../server/modules/inventory/tables';
import '../server/modules/orders/tables';

/**
 * Order submission through HTTP: BENCH_CUSTOMERS customers with two buyers each, each buyer a
 * connection that fills its cart with a 10-line order (SKUs drawn with a skew: a few sell a lot,
 * most a little, as in real order books) and submits it — price re-check, order and lines,
 * stock reservation, history, outbox, order number, all in one transaction. Reports submission
 * latency (p50 / p95 / p99) and orders per second. Results in bench/results/order-submit.json.
 *
 *   npx tsx bench/order-submit.ts                     # PGlite in memory
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/order-submit.ts
 * Options (env): BENCH_SKUS (5000), BENCH_CUSTOMERS (8), BENCH_CONNECTIONS (8), BENCH_SECONDS (20).
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const SKUS = Number(process.env.BENCH_SKUS ?? 5000);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const schema = 'bench_orders';

const { database } = await openBenchDatabase(schema);
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
// 10-line orders; SKU i is picked with probability falling with i (skewed popularity).
let seed = 42;
const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const orders: string[] = [];
// Only SKUs a buyer can order (the generator puts every 50th product off shelf), so every order has its 10 lines.
const orderable = await db.selectFrom('skus').innerJoin('products', 'products.id', 'skus.product_id').select(['skus.id', 'skus.code'])
  .where('skus.code', 'in', gen.codes).where('products.on_shelf', '=', true).where('skus.active', '=', true).orderBy('skus.id').execute();
const skuIdOf = new Map(orderable.map((r) => [r.code, r.id]));
const codes = orderable.map((r) => r.code);
if (codes.length < 10) throw new Error(`only ${codes.length} orderable sample SKUs: raise BENCH_SKUS`);
const rawOrders: { skuId: number; qty: number }[][] = [];
for (let o = 0; o < 500; o++) {
  const picked = new Set<string>();
  while (picked.size < 10) picked.add(codes[Math.floor(codes.length * rand() ** 2)]!);
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
type Run = Awaited<ReturnType<typeof runSubmissions>>;
/** Two alternated runs as one: orders/s over both; latency percentiles as the mean of the two. */
function merge(runs: Run[]) {
  const avg = (f: (r: Run) => number) => Math.round((runs.reduce((a, r) => a + f(r), 0) / runs.length) * 10) / 10;
  return {
    runs: runs.length, seconds: avg((r) => r.seconds) * runs.length, submissions: runs.reduce((a, r) => a + r.submissions, 0), failures: runs.reduce((a, r) => a + r.failures, 0), firstFailure: runs.find((r) => r.firstFailure)?.firstFailure,
    ordersPerSec: avg((r) => r.ordersPerSec),
    submitLatencyMs: { p50: avg((r) => r.submitLatencyMs.p50), p95: avg((r) => r.submitLatencyMs.p95), p99: avg((r) => r.submitLatencyMs.p99) },
  };
}
const ratio = (a: ReturnType<typeof merge>, c: ReturnType<typeof merge>) => ({
  throughput: Math.round((a.ordersPerSec / c.ordersPerSec) * 100) / 100,
  p95: Math.round((c.submitLatencyMs.p95 / a.submitLatencyMs.p95) * 100) / 100,
});
interface LoadResult { ordersPerSec: number; submitLatencyMs: { p50: number; p95: number; p99: number; max: number }; [k: string]: unknown }
const load = (seconds: number) => new Promise<LoadResult>((resolve, reject) => {
  const child = fork(path.join(here, 'order-submit-load.ts'), [argsFile(seconds)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as LoadResult) : reject(new Error(`load runner exited ${code}`))));
});

await load(3); // warm-up (plans, caches)
await analyze(db);
const run = await load(SECONDS);
// Submission alone, through HTTP and as hand-written SQL (the ceiling), in the same run on the
// same data: every buyer's cart is filled by SQL (untimed), then submitted (timed).
const ceilingBuyers: CeilingBuyer[] = buyers.map((b) => ({ companyId: b.companyId, userId: b.userId, addressId: b.addressId }));
const cookieOf = new Map(buyers.map((b, i) => [b.userId, cookies[i]!]));
let httpKey = 0;
const httpSubmission: Submit = async (b) => {
  const r = await fetch(`${address}/api/cart/submit`, {
    method: 'POST', body: JSON.stringify({ addressId: b.addressId, paymentMethod: 'transfer' }),
    headers: { cookie: cookieOf.get(b.userId)!, 'content-type': 'application/json', 'idempotency-key': `bench-http-${++httpKey}` },
  });
  if (r.status !== 200) throw new Error(`submit ${r.status}: ${await r.text()}`);
  await r.arrayBuffer().catch(() => undefined);
};
const raw = rawSubmission(db, wh.id);
const args = { buyers: ceilingBuyers, orders: rawOrders, connections: CONNECTIONS };
await runSubmissions(db, { ...args, seconds: 3 }, httpSubmission); // warm-up
await runSubmissions(db, { ...args, seconds: 3 }, raw);
// Alternate the two, twice, so drift in the machine's load hits both alike; the medians count.
const submitOnly = [];
const ceilingRuns = [];
for (let i = 0; i < 2; i++) {
  submitOnly.push(await runSubmissions(db, { ...args, seconds: SECONDS / 2 }, httpSubmission));
  ceilingRuns.push(await runSubmissions(db, { ...args, seconds: SECONDS / 2 }, raw));
}
const check = await sql<{ orders: number; lines: number; numbers: number; oversold: number }>`
  select (select count(*)::int from orders) as orders, (select count(*)::int from order_lines) as lines,
    (select count(distinct number)::int from orders) as numbers,
    (select count(*)::int from stock_levels where reserved > on_hand) as oversold`.execute(db);
await app.close();
await database.close();

const result = {
  engine: database.kind, at: new Date().toISOString(), machine: '2 cores (shared with other work)', skus: gen.skus, customers: CUSTOMERS, buyers: buyers.length,
  connections: CONNECTIONS, linesPerOrder: 10, ...run, database: check.rows[0],
  submitOnly: merge(submitOnly), ceiling: merge(ceilingRuns),
  ofCeiling: ratio(merge(submitOnly), merge(ceilingRuns)),
  note: 'top level: each connection alternates a 10-line quick order into its cart (HTTP) and the submission (HTTP); latency and orders/s count submissions only. submitOnly: carts filled by SQL, submission through HTTP. ceiling: carts filled by SQL, the same submission transaction as hand-written SQL (no HTTP, no checks). Same data, same connections, alternated; ofCeiling = submitOnly / ceiling (throughput) and ceiling p95 / submitOnly p95',
};
console.log(JSON.stringify(result, null, 2));
writeResult('order-submit', database.kind, result);
process.exit(0);
