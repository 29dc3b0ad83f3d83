import os from 'node:os';
import { sql } from 'kysely';
import { openBenchDatabase, writeResult } from './lib';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { analyze } from '../server/lib/db';
import '../server/modules/auth/tables';
import '../server/modules/catalog/tables';
import '../server/modules/inventory/tables';

/**
 * An ERP stock-level sync of BENCH_ROWS rows (100,000 = 50,000 SKUs × 2 warehouses) through
 * POST /api/erp/sync/stock with an API token, in batches of BENCH_BATCH (5,000) items, each with
 * its Idempotency-Key: first run (every level created), a second run with a tenth of the levels
 * changed, and a replay of the second run's keys (nothing written). Results in
 * bench/results/erp-stock-sync.json per engine.
 *
 *   npx tsx bench/erp-stock-sync.ts
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/erp-stock-sync.ts
 */
const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 5000);
const SKUS = ROWS / 2;

const { database, url, dropSchema } = await openBenchDatabase('bench_erp_stock');
const db = database.db;
const product = await db.insertInto('products').values({ name: '基准商品', subtitle: null, category_id: null, brand_id: null }).returning('id').executeTakeFirstOrThrow();
await sql`insert into skus (product_id, code, base_price) select ${product.id}, 'S' || g, 100 from generate_series(1, ${SKUS}) g`.execute(db);
await sql`insert into warehouses (code, name) values ('W1', '一号仓'), ('W2', '二号仓')`.execute(db);
await analyze(db);
const config = { ...loadConfig({}), loginRateLimitPerMinute: 1_000_000, logLevel: 'warn' };
const app = await buildApp({ config, database, logger: false });
const { hashPassword } = await import('../server/modules/auth/passwords');
await db.insertInto('users').values({ login: 'bench-admin', name: 'bench', role: 'admin', company_id: null, password_hash: await hashPassword('Bench@2026x'), phone: null, email: null }).execute();
const address = await app.listen({ port: 0, host: '127.0.0.1' });
const login = await fetch(`${address}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'bench-admin', password: 'Bench@2026x' }) });
const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
const tok = await (await fetch(`${address}/api/auth/tokens`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench', scopes: ['erp.sync'] }) })).json() as { token: string };

const items = (run: number) => Array.from({ length: ROWS }, (_, i) => ({ warehouse: i % 2 ? 'W2' : 'W1', code: `S${Math.floor(i / 2) + 1}`, qty: 100 + (run > 0 && i % 10 === 0 ? run : 0) }));
async function sync(run: number, keyRun = run) {
  const all = items(run);
  const t0 = performance.now();
  const tally = { created: 0, updated: 0, unchanged: 0, failed: 0, replayed: 0 };
  const batchMs: number[] = [];
  for (let i = 0; i < all.length; i += BATCH) {
    const b0 = performance.now();
    const r = await fetch(`${address}/api/erp/sync/stock`, {
      method: 'POST', headers: { authorization: `Bearer ${tok.token}`, 'content-type': 'application/json', 'idempotency-key': `bench-${keyRun}-${i}` }, body: JSON.stringify({ items: all.slice(i, i + BATCH) }),
    });
    const j = (await r.json()) as { created: number; updated: number; unchanged: number; failed: unknown[]; replayed: boolean };
    if (r.status !== 200) throw new Error(`sync ${r.status} ${JSON.stringify(j).slice(0, 300)}`);
    tally.created += j.created; tally.updated += j.updated; tally.unchanged += j.unchanged; tally.failed += j.failed.length; tally.replayed += j.replayed ? 1 : 0;
    batchMs.push(performance.now() - b0);
  }
  const seconds = Math.round((performance.now() - t0) / 100) / 10;
  batchMs.sort((a, b) => a - b);
  return { seconds, rowsPerSecond: Math.round(ROWS / seconds), batchP50Ms: Math.round(batchMs[Math.floor(batchMs.length / 2)]!), batchMaxMs: Math.round(batchMs.at(-1)!), ...tally };
}
const first = await sync(0);
const second = await sync(1);
const replay = await sync(1);
const ledger = Number((await db.selectFrom('stock_movements').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const result = {
  rows: ROWS, batch: BATCH, firstRun: first, tenthChanged: second, replayedKeys: replay, ledgerRows: ledger,
  loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100), cpus: os.cpus().length, at: new Date().toISOString(),
};
console.log(JSON.stringify(result, null, 2));
console.log(writeResult('erp-stock-sync', url ? 'postgresql' : 'pglite', result));
await app.close();
await database.close();
await dropSchema();
