import { openBenchDatabase, writeResult } from './lib';
import os from 'node:os';
import { sql } from 'kysely';
import { analyze } from '../server/lib/db';
import { seedFixtures } from '../server/test/fixtures';
import { AppError } from '../server/lib/errors';
import { reserve } from '../server/modules/inventory/reservations';
import { applyMovements } from '../server/modules/inventory/stock';
import '../server/modules/catalog/tables';

/**
 * Stock contention benchmark: many concurrent reservations (each one order of one line, its own
 * transaction, exactly as order submission calls reserve()) on ONE hot SKU and on a SPREAD of
 * SKUs; throughput, p50/p99 latency, and the zero-oversell check afterwards. Then a sell-out
 * run: more requests than stock on the hot SKU — exactly the stock must succeed.
 *
 *   npx tsx bench/inventory-contention.ts                 # PGlite in memory
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/inventory-contention.ts
 * Options (env): BENCH_OPS (2000 reservations per scenario), BENCH_CONCURRENCY (16), BENCH_SKUS (200).
 * Results are merged into bench/results/inventory-contention.json under the engine's name.
 */
const OPS = Number(process.env.BENCH_OPS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const SKUS = Number(process.env.BENCH_SKUS ?? 200);
const schema = 'bench_inventory';

const { database, url, dropSchema } = await openBenchDatabase(schema, CONCURRENCY + 2);
const db = database.db;
const fx = await seedFixtures(database);

const product = await db.insertInto('products').values({ name: '压测商品', subtitle: null, category_id: null, brand_id: null }).returning('id').executeTakeFirstOrThrow();
const skuIds = (
  await db.insertInto('skus').values(Array.from({ length: SKUS + 2 }, (_, i) => ({ product_id: product.id, code: `BENCH-${i}`, barcode: null, base_price: 100, retail_price: null, weight_grams: null }))).returning('id').execute()
).map((r) => r.id);
const [hot, sellout, ...spread] = skuIds as [number, number, ...number[]];
const wh = await db.insertInto('warehouses').values({ code: 'B1', name: '压测仓', address: null, provinces: [], priority: 10, active: true }).returning('id').executeTakeFirstOrThrow();
const receive = (ids: number[], qty: number) =>
  db.transaction().execute((trx) => applyMovements(trx, null, ids.map((skuId) => ({ skuId, warehouseId: wh.id, type: 'receipt' as const, qty, documentType: 'bench', documentId: 1 }))));
await receive([hot], 1_000_000);
await receive(spread, 1_000_000);
await analyze(db); // PGlite and the bench server run no autovacuum (see DESIGN.md)

let seq = 0;
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (x: number) => Math.round(x * 100) / 100;

/** Runs `ops` reservations of 1 unit with `CONCURRENCY` in flight; pick() chooses the SKU. */
async function run(name: string, ops: number, pick: (i: number) => number) {
  const lat: number[] = [];
  let ok = 0;
  let outOfStock = 0;
  const errors: string[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < ops) {
        const i = next++;
        const start = performance.now();
        try {
          const orderId = ++seq;
          await db.transaction().execute((trx) => reserve(trx, { orderId, companyId: fx.companyA, lines: [{ orderLineId: orderId, skuId: pick(i), qty: 1 }] }));
          ok++;
        } catch (e) {
          if (e instanceof AppError && e.code === 'INSUFFICIENT_STOCK') outOfStock++;
          else errors.push(String(e));
        }
        lat.push(performance.now() - start);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  const r = { scenario: name, ops, concurrency: CONCURRENCY, seconds: round(seconds), perSecond: round(ops / seconds), ok, outOfStock, errors: errors.length, firstError: errors[0] ?? null,
    latencyMs: { p50: round(pct(lat, 50)), p95: round(pct(lat, 95)), p99: round(pct(lat, 99)), max: round(lat.at(-1) ?? 0) } };
  console.log(JSON.stringify(r));
  return r;
}

await run('warm-up', Math.min(200, OPS), (i) => spread[i % spread.length]!);
const hotRun = await run('hot: every reservation on one SKU', OPS, () => hot);
const spreadRun = await run(`spread: uniform over ${spread.length} SKUs`, OPS, (i) => spread[(i * 7919) % spread.length]!);
// Sell-out: 50 in stock, 200 ask for one each.
await receive([sellout], 50);
const selloutRun = await run('sell-out: 200 reservations of 1 on 50 in stock', 200, () => sellout);

const check = await sql<{ negative: number; mismatched: number }>`
  select count(*) filter (where on_hand - reserved < 0)::int as negative,
    count(*) filter (where reserved <> coalesce((select sum(qty - consumed_qty - released_qty) from reservations r where r.sku_id = l.sku_id and r.warehouse_id = l.warehouse_id and r.status = 'active'), 0))::int as mismatched
  from stock_levels l`.execute(db);
const sold = await db.selectFrom('stock_levels').select(['on_hand', 'reserved']).where('sku_id', '=', sellout).executeTakeFirstOrThrow();

const engine = url ? 'postgres' : 'pglite';
const result = {
  engine,
  at: new Date().toISOString(),
  machine: `${os.cpus().length} cores (shared with other work; load average ${os.loadavg()[0]!.toFixed(1)} at the end)`,
  what: 'reserve() of 1 unit per order in its own transaction: conditional update, ordered row locks, reservation row, outbox event',
  hot: hotRun,
  spread: spreadRun,
  sellOut: { ...selloutRun, onHand: sold.on_hand, reserved: sold.reserved, exactlyFiftySucceeded: selloutRun.ok === 50 && selloutRun.outOfStock === 150 },
  invariants: { rowsWithNegativeAvailable: check.rows[0]!.negative, rowsWhereReservedDiffersFromReservations: check.rows[0]!.mismatched },
};
const file = writeResult('inventory-contention', engine, result);
console.log(`written ${file}`);
await database.close();
await dropSchema();
