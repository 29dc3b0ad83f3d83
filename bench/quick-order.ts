import os from 'node:os';
import { sql } from 'kysely';
import { countRoundTrips, FILL_TAG, meter, roundTripCount } from './metrics';
import { openBenchDatabase, writeResult } from './lib';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { analyze } from '../server/lib/db';
import { hashPassword } from '../server/modules/auth/passwords';
import { generateCatalog } from './catalog-generate';
import '../server/modules/inventory/tables';

/**
 * Quick order (快速下单) alone, over HTTP (issue 20): POST /api/cart/quick with BENCH_LINES rows
 * of code + quantity text, the response carrying the priced cart. Reports, per quick order:
 * SQL round trips (the session look-up included), wall ms (p50 / p95), Node CPU ms (HTTP server
 * and client, one process) and PostgreSQL CPU ms (this benchmark's backends), plus quick
 * orders/s with BENCH_CONNECTIONS buyers. Every buyer's cart is emptied by SQL before each quick
 * order (untimed, not counted), so each one adds BENCH_LINES lines to an empty cart.
 * Two runs, with the load average; results in bench/results/quick-order.json per engine and
 * under BENCH_LABEL (e.g. "before" when run on an older commit, "after").
 *
 *   npx tsx bench/quick-order.ts                    # PGlite in memory
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/quick-order.ts
 * Options (env): BENCH_SKUS (3000), BENCH_CONNECTIONS (8), BENCH_LINES (5), BENCH_SECONDS (10), BENCH_LABEL.
 */
const SKUS = Number(process.env.BENCH_SKUS ?? 3000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const LINES = Number(process.env.BENCH_LINES ?? 5);
const LABEL = process.env.BENCH_LABEL ?? 'current';
countRoundTrips();

const { database } = await openBenchDatabase('bench_quick');
const db = database.db;
const gen = await generateCatalog(db, SKUS);
const wh = await db.insertInto('warehouses').values({ code: 'BENCH', name: '基准仓', address: null, provinces: [], priority: 10, active: true }).returning('id').executeTakeFirstOrThrow();
await sql`insert into stock_levels (sku_id, warehouse_id, on_hand) select id, ${wh.id}, 10000000 from skus`.execute(db);
const password = 'Bench@2026';
const hash = await hashPassword(password);
const buyers: { login: string; companyId: number; userId: number }[] = [];
for (let c = 0; c < CONNECTIONS; c++) {
  const co = await db.insertInto('companies').values({ code: `Q${c}`, name: `基准客户 ${c}`, province: '浙江省', city: '杭州市' }).returning('id').executeTakeFirstOrThrow();
  const login = `quick${c}`;
  const u = await db.insertInto('users').values({ login, name: login, role: 'customer_buyer', company_id: co.id, password_hash: hash, phone: null, email: null }).returning('id').executeTakeFirstOrThrow();
  buyers.push({ login, companyId: co.id, userId: u.id });
}
// a contract price list with quantity breaks for half the customers: prices really are resolved
for (let c = 0; c < CONNECTIONS; c += 2) {
  await sql`insert into price_lists (name, kind, company_id) select 'bench', 'customer', id from companies where code = ${`Q${c}`}`.execute(db);
  await sql`insert into price_list_items (price_list_id, sku_id, min_qty, fixed_price)
    select (select max(id) from price_lists), id, m, base_price * (10 - m / 12) / 10 from skus, (values (1), (12)) v(m) where id % 3 = 0`.execute(db);
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
const orderable = await db.selectFrom('skus').innerJoin('products', 'products.id', 'skus.product_id').select(['skus.code'])
  .where('skus.code', 'in', gen.codes).where('products.on_shelf', '=', true).where('skus.active', '=', true).orderBy('skus.id').execute();
const codes = orderable.map((r) => r.code);
let seed = 7;
const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const bodies: string[] = [];
for (let o = 0; o < 500; o++) {
  const picked = new Set<string>();
  while (picked.size < LINES) picked.add(codes[Math.floor(codes.length * rand() ** 2)]!);
  bodies.push(JSON.stringify({ rows: [...picked].map((code) => ({ code, qty: String(1 + Math.floor(rand() * 24)) })) }));
}

let next = 0;
const emptyCart = (b: { companyId: number; userId: number }) =>
  sql`${sql.raw(FILL_TAG)} delete from cart_lines where cart_id in (select id from carts where company_id = ${b.companyId} and user_id = ${b.userId} and kind = 'cart')`.execute(db);
/** One quick order; returns its wall ms. */
async function quick(c: number): Promise<number> {
  const body = bodies[next++ % bodies.length]!;
  const t0 = performance.now();
  const r = await fetch(`${address}/api/cart/quick`, { method: 'POST', headers: { cookie: cookies[c]!, 'content-type': 'application/json' }, body });
  const json = (await r.json()) as { added: number };
  const ms = performance.now() - t0;
  if (r.status !== 200 || json.added !== LINES) throw new Error(`quick order ${r.status}: ${JSON.stringify(json).slice(0, 300)}`);
  return ms;
}
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 100) / 100;
};

/** CONNECTIONS buyers for `seconds`, each: empty its cart (untimed), quick order (timed). */
async function load(seconds: number) {
  const times: number[] = [];
  let emptying = 0;
  const end = Date.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(buyers.map(async (b, c) => {
    while (Date.now() < end) {
      const e0 = performance.now();
      await emptyCart(b);
      emptying += performance.now() - e0;
      times.push(await quick(c));
    }
  }));
  const wall = performance.now() - t0;
  // the emptying is not the quick order's: its share of the wall time is taken out of the rate
  const busy = wall - emptying / CONNECTIONS;
  return { quickOrders: times.length, quickOrdersPerSec: Math.round((times.length / (busy / 1000)) * 10) / 10, latencyMs: { p50: pct(times, 50), p95: pct(times, 95), p99: pct(times, 99) } };
}

await load(2); // warm-up: plans, caches
await analyze(db);
const runs: Record<string, unknown>[] = [];
for (let round = 0; round < 2; round++) {
  const m = await meter(db, database.kind);
  const r = await load(SECONDS);
  runs.push({ ...r, ...(await m.stop(r.quickOrders)) });
}
// one quick order at a time: exact round trips and unloaded wall time
const seq = { roundTrips: [] as number[], ms: [] as number[] };
for (let i = 0; i < 40; i++) {
  const c = i % buyers.length;
  await emptyCart(buyers[c]!);
  const r0 = roundTripCount();
  seq.ms.push(await quick(c));
  seq.roundTrips.push(roundTripCount() - r0);
}
const check = await sql<{ oversized: number }>`select count(*)::int as oversized from cart_lines where qty > 10000000`.execute(db);
await app.close();
await database.close();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rates = runs.map((r) => r.quickOrdersPerSec as number);
const result = {
  label: LABEL, engine: database.kind, at: new Date().toISOString(), machine: `${os.cpus().length} cores (shared with other work)`,
  skus: gen.skus, buyers: buyers.length, connections: CONNECTIONS, linesPerQuickOrder: LINES, secondsPerRun: SECONDS,
  runs,
  quickOrdersPerSecMedian: Math.round(((rates[0]! + rates[1]!) / 2) * 10) / 10,
  sequential: { roundTripsPerQuickOrder: median(seq.roundTrips), msMedian: Math.round(median(seq.ms) * 100) / 100, msP95: pct(seq.ms, 95) },
  database: check.rows[0],
  note: 'round trips: statements sent by the driver, the session look-up included; cart emptying between quick orders not counted and its time taken out of the rate. Node CPU: this process (HTTP server and the fetch clients). Median of two runs = their mean.',
};
console.log(JSON.stringify(result, null, 2));
writeResult('quick-order', `${database.kind}-${LABEL}`, result);
process.exit(0);
