import os from 'node:os';
import { sql } from 'kysely';
import { openBenchDatabase } from './lib';
import { generateCatalog } from './catalog-generate';
import { keepStored } from '../server/modules/imports/keep-stored';
import { readRows } from '../server/modules/imports/jobs';
import { templateOf } from '../server/modules/imports/templates';
import { writeTables } from '../server/lib/sheet-writer';
import '../server/modules/customers/tables';

/**
 * A short import file on a large catalog (issue 19): what filling the columns the file lacks from
 * what is stored (keep-stored.ts) costs for a two-row products file and a two-row customers file,
 * with BENCH_SKUS (60,000) SKUs and BENCH_CUSTOMERS (20,000) customers stored. Wall and CPU time
 * (this process's; the database's own work shows in wall time on PostgreSQL) per call, median of
 * BENCH_RUNS, with the load average beside them. Prints JSON; commits nothing.
 *
 *   npx tsx bench/keep-stored.ts
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/keep-stored.ts
 */
const SKUS = Number(process.env.BENCH_SKUS ?? 60_000);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 20_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

const { database, url, dropSchema } = await openBenchDatabase('bench_keep_stored');
const db = database.db;
const t0 = performance.now();
const { codes } = await generateCatalog(db, SKUS);
await sql`insert into companies (code, name, payment_terms, credit_days, credit_limit, city, notes)
  select 'K' || g, '基准客户 ' || g, 'credit', 30, 5000000, '杭州市', '备注 ' || g from generate_series(1, ${CUSTOMERS}) g`.execute(db);
await sql`analyze`.execute(db);
const setupMs = Math.round(performance.now() - t0);

async function measure(kind: 'products' | 'customers', header: string[], rows: string[][]) {
  const template = templateOf(kind);
  const file = await writeTables('csv', [{ name: template.zh, header, rows }]);
  const wall: number[] = [];
  const cpu: number[] = [];
  let filled = '';
  for (let i = 0; i < RUNS; i++) {
    const { grid, present } = await readRows(template, file);
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    await keepStored(db, template, present, grid);
    wall.push(performance.now() - w0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    filled = grid[0]!.cells.filter(Boolean).length + ' cells';
  }
  const median = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! * 10) / 10;
  return { wallMs: median(wall), cpuMs: median(cpu), firstRowAfterFill: filled };
}

const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
const before = load();
const named = await db.selectFrom('skus').innerJoin('products', 'products.id', 'skus.product_id').select(['skus.code', 'products.name']).where('skus.code', 'in', codes.slice(0, 2)).execute();
const products = await measure('products', ['商品名称', 'SKU编码', '基础价(元)'], named.map((r, i) => [r.name, r.code, String(9.9 + i)]));
const customers = await measure('customers', ['客户编码', '客户名称', '信用额度(元)'], [['K1', '基准客户 1', '80000'], ['k2', '基准客户 2', '90000']]);
console.log(JSON.stringify({ engine: url ? 'postgres' : 'pglite', skus: SKUS, storedCustomers: CUSTOMERS, runs: RUNS, setupMs, products, customers, loadAverage: { before, after: load() } }, null, 2));
await database.close();
await dropSchema();
process.exit(0);
