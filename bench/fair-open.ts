import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openBenchDatabase, writeResult } from './lib';
import { generateCatalog } from './catalog-generate';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { analyze } from '../server/lib/db';
import { sha256 } from '../server/modules/auth/sessions';
import { sql } from 'kysely';
import { countRoundTrips, roundTripCount } from './metrics';
import '../server/modules/fairs/tables';

/**
 * A fair's opening minute (issue 16): BENCH_BUYERS buyers (500, each of its own customer, in ten
 * provinces) book at the same moment, BENCH_WAVES times over (3-line bookings at the fair's
 * prices, a per-customer quantity and amount quota checked on every one), from a separate load
 * process with one connection per buyer. Meanwhile a staff board is open on the SSE stream and
 * GET /board is polled every 200 ms. Reported per run: bookings/s and latency p50/p95/p99 per
 * wave, the board's lag (last booking answered → the board event showing the final total) and
 * GET /board latency under load. Two runs, each on a fresh fair, with the load average.
 * Beside it, the yardstick (the real limit): the same bookings on another fresh fair as ONE call
 * each of fairs_book issued straight through the server's pool (same pool size, same number at
 * once; no HTTP, no sessions, no Node checks), in the same run; `ofOneCall` = bookings/s through
 * HTTP ÷ bookings/s of the direct calls. Round trips: statements the driver sent during the waves
 * over bookings (session look-ups, board polls and refreshes included), and an exact probe of
 * one booking request at a time (the session look-up included).
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/fair-open.ts
 *   npx tsx bench/fair-open.ts        # PGlite in memory
 * Results: bench/results/fair-open.json, per engine.
 */
const BUYERS = Number(process.env.BENCH_BUYERS ?? 500);
const WAVES = Number(process.env.BENCH_WAVES ?? 3);
const RUNS = Number(process.env.BENCH_RUNS ?? 2);
const { database, url, dropSchema } = await openBenchDatabase('bench_fairs', 20);
const db = database.db;
console.error('catalog…');
await generateCatalog(db, 200);
console.error('buyers…');
const skus = await db.selectFrom('skus').innerJoin('products', 'products.id', 'skus.product_id').select(['skus.id', 'skus.base_price'])
  .where('products.on_shelf', '=', true).where('skus.active', '=', true).orderBy('skus.id').limit(20).execute();
if (skus.length < 20) throw new Error(`only ${skus.length} SKUs on shelf`);
const PROVINCES = ['浙江省', '江苏省', '上海市', '广东省', '山东省', '四川省', '湖北省', '河南省', '福建省', '北京市'];
countRoundTrips();
const cookies: string[] = [];
const buyers: { companyId: number; userId: number }[] = [];
const batch = 100;
for (let start = 0; start < BUYERS; start += batch) {
  const n = Math.min(batch, BUYERS - start);
  const cos = await db.insertInto('companies').values(Array.from({ length: n }, (_, i) => ({ code: `F${start + i}`, name: `订货客户 ${start + i}`, province: PROVINCES[(start + i) % PROVINCES.length]!, city: null })))
    .returning('id').execute();
  const users = await db.insertInto('users').values(cos.map((c, i) => ({ login: `fair${start + i}`, name: `采购 ${start + i}`, role: 'customer_buyer' as const, company_id: c.id, password_hash: 'x', phone: null, email: null })))
    .returning('id').execute();
  const tokens = users.map(() => randomBytes(24).toString('hex'));
  await db.insertInto('sessions').values(users.map((u, i) => ({ token_hash: sha256(tokens[i]!), user_id: u.id, expires_at: new Date(Date.now() + 86_400_000), ip: null, user_agent: 'bench' }))).execute();
  cookies.push(...tokens.map((tk) => `ordo_session=${tk}`));
  buyers.push(...users.map((u, i) => ({ companyId: Number(cos[i]!.id), userId: Number(u.id) })));
}
const staffToken = randomBytes(24).toString('hex');
const admin = await db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirst()
  ?? await db.insertInto('users').values({ login: 'bench-admin', name: '管理员', role: 'admin', company_id: null, password_hash: 'x', phone: null, email: null }).returning('id').executeTakeFirstOrThrow();
await db.insertInto('sessions').values({ token_hash: sha256(staffToken), user_id: admin.id, expires_at: new Date(Date.now() + 86_400_000), ip: null, user_agent: 'bench' }).execute();

async function newFair(n: number) {
  const f = await db.insertInto('fairs').values({ name: `开场测试 ${n}`, status: 'published', opens_at: new Date(Date.now() - 1000), closes_at: new Date(Date.now() + 3_600_000), max_amount: 100_000_000, target_amount: 1_000_000_000, deposit_kind: 'percent', deposit_value: 1000,
    // the 10% deposit is paid by the close (the bench's buyers hold no prepaid balance): bookings are made 'unpaid'
    deposit_due_at: new Date(Date.now() + 3_600_000) })
    .returning('id').executeTakeFirstOrThrow();
  await db.insertInto('fair_items').values(skus.map((s, i) => ({ fair_id: f.id, sku_id: s.id, position: i, min_qty: null, max_qty: 100_000, target_qty: 5000 }))).execute();
  await db.insertInto('fair_prices').values(skus.flatMap((s) => [{ fair_id: f.id, sku_id: s.id, min_qty: 1, unit_price: Math.round(Number(s.base_price) * 0.9) }, { fair_id: f.id, sku_id: s.id, min_qty: 20, unit_price: Math.round(Number(s.base_price) * 0.8) }])).execute();
  return f.id;
}
let seed = 7;
const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const bodies = Array.from({ length: 200 }, () => {
  const picked = new Set<number>();
  while (picked.size < 3) picked.add(skus[Math.floor(rand() * skus.length)]!.id);
  return JSON.stringify({ lines: [...picked].map((skuId) => ({ skuId, qty: 1 + Math.floor(rand() * 30) })) });
});
await analyze(db);

const config = { ...loadConfig({}), logLevel: 'warn' };
const app = await buildApp({ config, database, logger: false });
const address = await app.listen({ port: 0, host: '127.0.0.1' });

function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** The yardstick: the same bookings as direct fairs_book calls, one round trip each, BUYERS at once per wave. */
async function directCalls(r: number) {
  const fairId = await newFair(100 + r);
  const out: { bookings: number; refused: number; seconds: number; bookingsPerSec: number; latencyMs: Record<string, number> }[] = [];
  let seq = 0;
  const t0 = roundTripCount();
  for (let wv = 0; wv < WAVES; wv++) {
    const times: number[] = [];
    let refused = 0;
    const started = performance.now();
    await Promise.all(buyers.map(async (b, i) => {
      const body = JSON.parse(bodies[i % bodies.length]!) as { lines: { skuId: number; qty: number }[] };
      const p = {
        fairId, companyId: b.companyId, userId: b.userId, scope: `fair.book:${fairId}:${b.companyId}:${b.userId}`, key: `direct-${++seq}`, hash: 'direct',
        lines: body.lines, note: null, actor: { userId: b.userId, label: 'bench (customer_buyer)', requestId: null, ip: null },
      };
      const s0 = performance.now();
      try {
        await sql`select fairs_book(${JSON.stringify(p)}::jsonb) as r`.execute(db);
      } catch {
        refused++;
      }
      times.push(performance.now() - s0);
    }));
    const seconds = (performance.now() - started) / 1000;
    times.sort((a, b) => a - b);
    const pct = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor((q / 100) * times.length))]! * 10) / 10;
    out.push({ bookings: times.length, refused, seconds: Math.round(seconds * 1000) / 1000, bookingsPerSec: Math.round(((times.length - refused) / seconds) * 10) / 10, latencyMs: { p50: pct(50), p95: pct(95), max: pct(100) } });
  }
  return { waves: out, roundTripsPerBooking: Math.round(((roundTripCount() - t0) / (BUYERS * WAVES)) * 100) / 100 };
}

console.error('running…');
const runs = [];
for (let r = 0; r < RUNS; r++) {
  const fairId = await newFair(r);
  await analyze(db);
  // the staff board, live
  const ctrl = new AbortController();
  const events: { at: number; booked: number; bookings: number }[] = [];
  const stream = await fetch(`${address}/api/fairs/${fairId}/board/stream`, { headers: { cookie: `ordo_session=${staffToken}` }, signal: ctrl.signal });
  void (async () => {
    const reader = stream.body!.getReader();
    let buf = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += Buffer.from(value).toString('utf8');
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (block.includes('event: board') && data) {
            const b = JSON.parse(data.slice(6)) as { booked: number; bookings: number };
            events.push({ at: Date.now(), booked: b.booked, bookings: b.bookings });
          }
        }
      }
    } catch { /* aborted */ }
  })();
  const polls: number[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const t0 = performance.now();
      await (await fetch(`${address}/api/fairs/${fairId}/board`, { headers: { cookie: `ordo_session=${staffToken}` } })).arrayBuffer();
      polls.push(performance.now() - t0);
      await new Promise((res) => setTimeout(res, 200));
    }
  })();
  const argsFile = path.join(os.tmpdir(), `fair-open-${process.pid}.json`);
  fs.writeFileSync(argsFile, JSON.stringify({ url: address, fairId, cookies, bodies, waves: WAVES }));
  const load1 = os.loadavg();
  const trips0 = roundTripCount();
  // a separate process, awaited without blocking: this process is the server
  const { stdout: out } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'fair-open-load.ts'), argsFile], { encoding: 'utf8', maxBuffer: 10 << 20 });
  const waves = JSON.parse(out) as { lastEnd: number; bookingsPerSec: number; latencyMs: Record<string, number>; statuses: Record<string, number>; seconds: number; bookings: number }[];
  const tripsDuringWaves = roundTripCount() - trips0;
  const finalTotals = await db.selectFrom('fair_customer_totals').select((eb) => [eb.fn.sum<number>('amount').as('amount'), eb.fn.sum<number>('bookings').as('bookings')]).where('fair_id', '=', fairId).executeTakeFirstOrThrow();
  const lastEnd = Math.max(...waves.map((w) => w.lastEnd));
  const deadline = Date.now() + 10_000;
  while (!events.some((e) => e.bookings === Number(finalTotals.bookings)) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 20));
  const shown = events.find((e) => e.bookings === Number(finalTotals.bookings));
  polling = false;
  await poller;
  ctrl.abort();
  polls.sort((a, b) => a - b);
  const pp = (p: number) => Math.round(polls[Math.min(polls.length - 1, Math.floor((p / 100) * polls.length))]! * 10) / 10;
  const direct = await directCalls(r);
  const httpRate = median(waves.map((w) => w.bookingsPerSec));
  const result = {
    loadavgBefore: load1.map((x) => Math.round(x * 100) / 100), loadavgAfter: os.loadavg().map((x) => Math.round(x * 100) / 100),
    buyers: BUYERS, bookings: Number(finalTotals.bookings), booked: Number(finalTotals.amount),
    waves: waves.map(({ lastEnd: _l, ...w }) => w),
    roundTripsPerBookingDuringWaves: Math.round((tripsDuringWaves / Math.max(1, Number(finalTotals.bookings))) * 100) / 100,
    oneCall: direct,
    ofOneCall: Math.round((httpRate / median(direct.waves.map((w) => w.bookingsPerSec))) * 100) / 100,
    board: {
      events: events.length, lagAfterLastBookingMs: shown ? shown.at - lastEnd : null,
      getDuringLoadMs: { p50: pp(50), p95: pp(95), max: pp(100), polls: polls.length },
    },
  };
  console.log(JSON.stringify(result, null, 1));
  runs.push(result);
}
// one booking request at a time: its exact round trips (the session look-up included)
const probeFair = await newFair(999);
const probe: number[] = [];
for (let i = 0; i < 5; i++) {
  const t0 = roundTripCount();
  const res = await fetch(`${address}/api/my/fairs/${probeFair}/bookings`, { method: 'POST', body: bodies[i]!, headers: { cookie: cookies[i]!, 'content-type': 'application/json', 'idempotency-key': `probe-${i}` } });
  if (res.status !== 200) throw new Error(`probe booking: ${res.status} ${await res.text()}`);
  probe.push(roundTripCount() - t0);
}
console.log(`round trips of one booking request: ${probe.join(', ')}`);
const file = writeResult('fair-open', url ? 'postgresql' : 'pglite', { at: new Date().toISOString(), cpus: os.cpus().length, roundTripsPerBookingRequest: median(probe), runs,
  note: 'oneCall: the same bookings as direct fairs_book calls (one round trip each) through the same pool, BUYERS at once, WAVES times, on a fresh fair in the same run; ofOneCall = median HTTP bookings/s ÷ median direct bookings/s. roundTripsPerBookingRequest: statements of one booking request at a time (session look-up included).' });
console.log(`written ${file}`);
await app.close();
await database.close();
await dropSchema();
process.exit(0);
