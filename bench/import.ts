import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openBenchDatabase, writeResult } from './lib';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { hashPassword } from '../server/modules/auth/passwords';
import { writeTables } from '../server/lib/sheet-writer';
import '../server/modules/auth/tables';

/**
 * The product import over HTTP (issue 19): BENCH_PRODUCTS products with BENCH_SKUS_PER SKUs each
 * (20,000 × 3 = 60,000 rows) in one .xlsx (and one CSV) file, into an empty catalog: categories
 * and brands created as needed. Measures the dry run, the import (upload → job done), a re-run of
 * the same file (every row unchanged, nothing written), and — while the import runs — the
 * latency of another request (GET /api/categories every 100 ms) and the event loop's delay: the
 * workbook is parsed in a worker thread and the chunks leave room for other requests.
 * ORDO_IMPORT_PROFILE=1 logs the read, check and each chunk's time. Results in bench/results/import.json per engine.
 *
 *   npx tsx bench/import.ts                    # PGlite in memory
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/import.ts
 */
const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 20_000);
const PER = Number(process.env.BENCH_SKUS_PER ?? 3);
const FORMAT = (process.env.BENCH_FORMAT ?? 'xlsx') as 'xlsx' | 'csv';

const { database, url, dropSchema } = await openBenchDatabase('bench_import');
const db = database.db;
const password = 'Bench@2026';
await db.insertInto('users').values({ login: 'bench-admin', name: 'bench', role: 'admin', company_id: null, password_hash: await hashPassword(password), phone: null, email: null }).execute();
const config = { ...loadConfig({}), loginRateLimitPerMinute: 1_000_000, logLevel: 'warn' };
const app = await buildApp({ config, database, logger: false });
const address = await app.listen({ port: 0, host: '127.0.0.1' });
const login = await fetch(`${address}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'bench-admin', password }) });
const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;

const header = ['商品编码', '商品名称', '分类', '品牌', '基本单位', '标签', 'SKU编码', '条码', '规格', '基础价(元)', '建议零售价(元)', '重量(克)', '辅助单位'];
const cats = ['饮料/饮用水', '饮料/碳酸饮料', '饮料/果汁', '零食/坚果', '零食/饼干', '粮油/食用油', '粮油/大米', '日化/洗衣液', '日化/牙膏', '调味品/酱油'];
const rows: (string | number)[][] = [];
for (let p = 0; p < PRODUCTS; p++) {
  for (let s = 0; s < PER; s++) {
    rows.push([`P${p}`, `基准商品 ${p} 号 ${['经典', '清爽', '浓香'][p % 3]}`, cats[p % cats.length]!, `品牌${p % 200}`, '瓶', p % 7 ? '' : '热销', `SKU-${p}-${s}`,
      String(6_900_000_000_000 + p * 10 + s), `${(s + 1) * 250}ml`, ((p % 97) + s + 1.5).toFixed(2), ((p % 97) + s + 2).toFixed(2), (s + 1) * 260, s === 2 ? '箱=12|提=6' : '箱=24']);
  }
}
const file = await writeTables(FORMAT, [{ name: '商品和SKU', header, rows }]);

function multipart(data: Buffer, name: string) {
  const boundary = '----ordo' + Math.random().toString(16).slice(2);
  return {
    body: Buffer.concat([Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${name}"\r\ncontent-type: application/octet-stream\r\n\r\n`), data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    type: `multipart/form-data; boundary=${boundary}`,
  };
}
async function post(dryRun: boolean) {
  const m = multipart(file, `bench.${FORMAT}`);
  const r = await fetch(`${address}/api/imports/products${dryRun ? '?dryRun=1' : ''}`, { method: 'POST', headers: { cookie, 'content-type': m.type }, body: m.body });
  const j = (await r.json()) as { id: number; status: string; problemCount: number };
  if (![200, 202].includes(r.status)) throw new Error(`import ${r.status} ${JSON.stringify(j).slice(0, 500)}`);
  return j;
}
async function untilDone(id: number) {
  for (;;) {
    const j = (await (await fetch(`${address}/api/imports/jobs/${id}`, { headers: { cookie } })).json()) as { status: string; created: number; updated: number; unchanged: number; parts: Record<string, unknown>; error: string | null };
    if (j.status !== 'running') return j;
    await new Promise((r) => setTimeout(r, 200));
  }
}
/** GET /api/categories every 100 ms until stopped: the latencies other users see meanwhile. */
function probe() {
  const times: number[] = [];
  let stop = false;
  const done = (async () => {
    while (!stop) {
      const t0 = performance.now();
      await fetch(`${address}/api/categories`, { headers: { cookie } }).then((r) => r.arrayBuffer());
      times.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return async () => {
    stop = true;
    await done;
    const s = [...times].sort((a, b) => a - b);
    const at = (p: number) => Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))]!);
    return { requests: s.length, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: Math.round(s.at(-1) ?? 0) };
  };
}
const secs = (t0: number) => Math.round((performance.now() - t0) / 100) / 10;

const t0 = performance.now();
const dry = await post(true);
const dryRunS = secs(t0);
if (dry.problemCount) throw new Error(`dry run found ${dry.problemCount} problems`);
const stopProbe = probe();
// the server runs in this process: its event loop's delay is what every other request waits
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const t1 = performance.now();
const job = await post(false);
const first = await untilDone(job.id);
const importS = secs(t1);
loop.disable();
const during = await stopProbe();
const eventLoopDelay = { p50Ms: Math.round(loop.percentile(50) / 1e6), p99Ms: Math.round(loop.percentile(99) / 1e6), maxMs: Math.round(loop.max / 1e6) };
if (first.status !== 'done') throw new Error(`import ${first.status}: ${first.error}`);
const t2 = performance.now();
const again = await untilDone((await post(false)).id);
const rerunS = secs(t2);
const counts = await Promise.all(['products', 'skus', 'categories', 'brands'].map(async (t) => [t, Number((await db.selectFrom(t as 'skus').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)] as const));
const result = {
  format: FORMAT, fileMB: Math.round(file.length / 1e5) / 10, products: PRODUCTS, skus: PRODUCTS * PER,
  dryRunSeconds: dryRunS, importSeconds: importS, rerunSeconds: rerunS,
  firstRun: { created: first.created, updated: first.updated, unchanged: first.unchanged, parts: first.parts }, rerun: { created: again.created, updated: again.updated, unchanged: again.unchanged, parts: again.parts },
  otherRequestsDuringImport: during, eventLoopDelayDuringImport: eventLoopDelay, tables: Object.fromEntries(counts), loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100), cpus: os.cpus().length, at: new Date().toISOString(),
};
console.log(JSON.stringify(result, null, 2));
console.log(writeResult(`import-${FORMAT}`, url ? 'postgresql' : 'pglite', result));
await app.close();
await database.close();
await dropSchema();
