import os from 'node:os';
import { sql } from 'kysely';
import { countRoundTrips, FILL_TAG, meter } from './metrics';
import { openBenchDatabase, writeResult } from './lib';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { analyze, openDatabase } from '../server/lib/db';
import { hashPassword } from '../server/modules/auth/passwords';
import { generateCatalog } from './catalog-generate';
import '../server/modules/inventory/tables';

/**
 * Named (prepared) statements on PostgreSQL (issue 20, server/lib/db.ts prepareStatements, ORDO_PREPARED=1): the
 * hot reads and writes with and without them, in the same run, on the same data. Two apps share
 * the schema — one opened with ORDO_PREPARED=0 — and take turns, twice each:
 *   catalogPage — GET /api/catalog/search?sort=newest (a buyer's catalog page: own prices, stock)
 *   cartView    — GET /api/cart with 5 lines
 *   quickOrder  — POST /api/cart/quick, 5 rows, into an emptied cart (emptying untimed)
 *   submit      — POST /api/cart/submit of a 5-line cart filled by SQL (untimed)
 * with BENCH_CONNECTIONS buyers each, reporting requests/s, p50 / p95, Node and PostgreSQL CPU ms
 * per request and the load average. PostgreSQL only.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/prepared.ts
 * Options (env): BENCH_SKUS (3000), BENCH_CONNECTIONS (8), BENCH_SECONDS (6 per run).
 */
const SKUS = Number(process.env.BENCH_SKUS ?? 3000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
if (!process.env.BENCH_DATABASE_URL) throw new Error('PostgreSQL only: set BENCH_DATABASE_URL');
countRoundTrips();

const schema = 'bench_prepared';
process.env.ORDO_PREPARED = '1'; // this app's pool names its statements
const { database } = await openBenchDatabase(schema);
const db = database.db;
const gen = await generateCatalog(db, SKUS);
const wh = await db.insertInto('warehouses').values({ code: 'BENCH', name: '基准仓', address: null, provinces: [], priority: 10, active: true }).returning('id').executeTakeFirstOrThrow();
await sql`insert into stock_levels (sku_id, warehouse_id, on_hand) select id, ${wh.id}, 10000000 from skus`.execute(db);
const password = 'Bench@2026';
const hash = await hashPassword(password);
const buyers: { login: string; companyId: number; userId: number; addressId: number }[] = [];
for (let c = 0; c < CONNECTIONS * 2; c++) {
  const co = await db.insertInto('companies').values({ code: `R${c}`, name: `基准客户 ${c}`, province: '浙江省', city: '杭州市' }).returning('id').executeTakeFirstOrThrow();
  const addr = await db.insertInto('company_addresses').values({ company_id: co.id, recipient: '张三', phone: '13800000000', province: '浙江省', city: '杭州市', district: null, address: '文三路 1 号', postcode: null, is_default: true }).returning('id').executeTakeFirstOrThrow();
  const login = `prep${c}`;
  const u = await db.insertInto('users').values({ login, name: login, role: 'customer_buyer', company_id: co.id, password_hash: hash, phone: null, email: null }).returning('id').executeTakeFirstOrThrow();
  buyers.push({ login, companyId: co.id, userId: u.id, addressId: addr.id });
}
await analyze(db);

// the second app's pool names no statements
process.env.ORDO_PREPARED = '0';
const unprepared = await openDatabase({ databaseUrl: process.env.BENCH_DATABASE_URL, schema, poolSize: 16 });
const config = { ...loadConfig({}), loginRateLimitPerMinute: 1_000_000, logLevel: 'warn' };
const apps = { prepared: await buildApp({ config, database, logger: false }), unprepared: await buildApp({ config, database: unprepared, logger: false }) };
const urls = { prepared: await apps.prepared.listen({ port: 0, host: '127.0.0.1' }), unprepared: await apps.unprepared.listen({ port: 0, host: '127.0.0.1' }) };
// buyers 0..C-1 use the prepared app, C..2C-1 the other: their carts never meet
const cookies: string[] = [];
for (const [i, b] of buyers.entries()) {
  const r = await fetch(`${i < CONNECTIONS ? urls.prepared : urls.unprepared}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: b.login, password }) });
  cookies.push((r.headers.get('set-cookie') ?? '').split(';')[0]!);
}
const orderable = await db.selectFrom('skus').innerJoin('products', 'products.id', 'skus.product_id').select(['skus.id', 'skus.code'])
  .where('skus.code', 'in', gen.codes).where('products.on_shelf', '=', true).where('skus.active', '=', true).orderBy('skus.id').execute();
let seed = 11;
const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const pick = () => {
  const s = new Set<number>();
  while (s.size < 5) s.add(Math.floor(orderable.length * rand() ** 2));
  return [...s].map((i) => ({ ...orderable[i]!, qty: 1 + Math.floor(rand() * 24) }));
};
const cartOf = (b: (typeof buyers)[number]) => sql`${sql.raw(FILL_TAG)} select id from carts where company_id = ${b.companyId} and user_id = ${b.userId} and kind = 'cart'`;
const empty = (b: (typeof buyers)[number]) => sql`${sql.raw(FILL_TAG)} delete from cart_lines where cart_id in (${cartOf(b)})`.execute(db);
const fill = async (b: (typeof buyers)[number]) => {
  await sql`${sql.raw(FILL_TAG)} insert into carts (company_id, user_id, kind) values (${b.companyId}, ${b.userId}, 'cart') on conflict (company_id, user_id) where kind = 'cart' do nothing`.execute(db);
  await empty(b);
  await sql`${sql.raw(FILL_TAG)} insert into cart_lines (cart_id, sku_id, unit, unit_factor, qty)
    select (${cartOf(b)}), s.id, p.base_unit, 1, l.qty from (values ${sql.join(pick().map((l) => sql`(${l.id}::bigint, ${l.qty}::int)`))}) as l(sku_id, qty)
    join skus s on s.id = l.sku_id join products p on p.id = s.product_id`.execute(db);
};
let key = 0;
type Kind = 'prepared' | 'unprepared';
/** One request of a case for buyer `c` of app `k`; returns its ms (setup untimed). */
const cases: Record<string, (k: Kind, c: number) => Promise<number>> = {
  catalogPage: (k, c) => timed(k, c, 'GET', `/api/catalog/search?sort=newest&page=${1 + Math.floor(rand() * 5)}`),
  cartView: async (k, c) => {
    if (rand() < 0.05) await fill(buyers[c]!);
    return timed(k, c, 'GET', '/api/cart');
  },
  quickOrder: async (k, c) => {
    await empty(buyers[c]!);
    return timed(k, c, 'POST', '/api/cart/quick', { rows: pick().map((l) => ({ code: l.code, qty: String(l.qty) })) });
  },
  submit: async (k, c) => {
    await fill(buyers[c]!);
    return timed(k, c, 'POST', '/api/cart/submit', { addressId: buyers[c]!.addressId, paymentMethod: 'transfer' }, { 'idempotency-key': `prep-${process.pid}-${++key}` });
  },
};
async function timed(k: Kind, c: number, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  const t0 = performance.now();
  const r = await fetch(urls[k] + url, { method, headers: { cookie: cookies[c]!, 'content-type': 'application/json', ...headers }, body: body ? JSON.stringify(body) : undefined });
  await r.arrayBuffer();
  if (r.status !== 200) throw new Error(`${method} ${url}: ${r.status}`);
  return performance.now() - t0;
}
const pct = (xs: number[], p: number) => Math.round([...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]! * 100) / 100;
async function run(name: string, k: Kind, seconds: number) {
  const times: number[] = [];
  const end = Date.now() + seconds * 1000;
  const m = await meter(db, 'postgres');
  await Promise.all(Array.from({ length: CONNECTIONS }, async (_, i) => {
    const c = k === 'prepared' ? i : CONNECTIONS + i;
    while (Date.now() < end) times.push(await cases[name]!(k, c));
  }));
  const busy = times.reduce((a, b) => a + b, 0) / CONNECTIONS; // request time only: setup statements left out
  return { requests: times.length, perSec: Math.round((times.length / (busy / 1000)) * 10) / 10, p50: pct(times, 50), p95: pct(times, 95), ...(await m.stop(times.length)) };
}

for (const b of buyers) await fill(b);
for (const name of Object.keys(cases)) for (const k of ['prepared', 'unprepared'] as const) await run(name, k, 1); // warm-up
await analyze(db);
const runs: Record<string, Record<Kind, unknown[]>> = {};
for (const name of Object.keys(cases)) {
  runs[name] = { prepared: [], unprepared: [] };
  for (let round = 0; round < 2; round++) for (const k of (round ? ['unprepared', 'prepared'] : ['prepared', 'unprepared']) as Kind[]) runs[name]![k].push(await run(name, k, SECONDS));
}
await apps.prepared.close();
await apps.unprepared.close();
await unprepared.close();
await database.close();

const mean = (xs: unknown[], f: string) => xs.reduce((a: number, r) => a + ((r as Record<string, number>)[f] ?? 0), 0) / xs.length;
const summary = Object.fromEntries(Object.entries(runs).map(([name, r]) => [name, {
  perSec: { prepared: Math.round(mean(r.prepared, 'perSec') * 10) / 10, unprepared: Math.round(mean(r.unprepared, 'perSec') * 10) / 10, ratio: Math.round((mean(r.prepared, 'perSec') / mean(r.unprepared, 'perSec')) * 100) / 100 },
  pgCpuMsPerRequest: { prepared: Math.round(mean(r.prepared, 'pgCpuMsPerOrder') * 100) / 100, unprepared: Math.round(mean(r.unprepared, 'pgCpuMsPerOrder') * 100) / 100 },
  p50Ms: { prepared: Math.round(mean(r.prepared, 'p50') * 10) / 10, unprepared: Math.round(mean(r.unprepared, 'p50') * 10) / 10 },
}]));
const result = {
  at: new Date().toISOString(), machine: `${os.cpus().length} cores (shared with other work)`, skus: gen.skus, connections: CONNECTIONS, secondsPerRun: SECONDS,
  summary, runs,
  note: 'two runs per case and way, alternated (prepared first, then unprepared first); means of the two. perSec: requests over the time spent in requests (per connection); setup statements (cart fill / empty) neither timed nor counted. pgCpuMsPerOrder = PostgreSQL CPU per request of this benchmark\'s backends (both pools: only one app runs at a time). Node CPU: the process (both apps + clients).',
};
console.log(JSON.stringify(result, null, 2));
writeResult('prepared-statements', 'postgres', result);
process.exit(0);
