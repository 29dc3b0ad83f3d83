import { openBenchDatabase, writeResult } from './lib';
import { fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { analyze } from '../server/lib/db';
import { seedFixtures } from '../server/test/fixtures';
import { generateCatalog } from './catalog-generate';
import '../server/modules/pricing/tables';

/**
 * Catalog search benchmark: generates 100,000 SKUs, serves the real app and drives
 * /api/catalog/search as a signed-in buyer (own prices and visibility, facets on half the
 * requests) with a mix of Chinese words, pinyin initials, full pinyin, SKU code prefixes and
 * filters. Phase 1 holds a fixed rate (default 200 req/s) and reports p50/p95/p99; phase 2 runs
 * flat out and reports requests per second. Results go to bench/results/catalog-search.json.
 *
 *   npx tsx bench/catalog-search.ts                 # PGlite in memory
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/catalog-search.ts
 * Options (env): BENCH_SKUS (100000), BENCH_RATE (200), BENCH_SECONDS (20), BENCH_MIX (`basic`, or
 * `typed`: the same mix plus the ways issue 23 says buyers type — glued brand+word, synonyms,
 * initials that skip a word, SKU codes without separators or in lower case, one-character typos;
 * its figures are written as `<engine>-typed`).
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const SKUS = Number(process.env.BENCH_SKUS ?? 100_000);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const MIX = process.env.BENCH_MIX === 'typed' ? 'typed' : 'basic';
const schema = 'bench_catalog';

const { database } = await openBenchDatabase(schema);
const fx = await seedFixtures(database);
const t0 = Date.now();
const gen = await generateCatalog(database.db, SKUS);
const genSeconds = (Date.now() - t0) / 1000;
// a customer contract list on every 10th SKU, so the buyer's own price is really computed
await sql`insert into price_lists (name, kind, company_id) values ('bench', 'customer', ${fx.companyA})`.execute(database.db);
await sql`insert into price_list_items (price_list_id, sku_id, min_qty, fixed_price)
  select (select max(id) from price_lists), id, 1, base_price * 9 / 10 from skus where id % 10 = 0`.execute(database.db);
await analyze(database.db);
console.log(`generated ${gen.products} products / ${gen.skus} SKUs in ${genSeconds.toFixed(1)} s on ${database.kind}`);

const config = { ...loadConfig({}), loginRateLimitPerMinute: 1_000_000, logLevel: 'warn' };
const app = await buildApp({ config, database, logger: false });
const address = await app.listen({ port: 0, host: '127.0.0.1' });
const login = await fetch(`${address}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'buyerA', password: fx.password }) });
const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;

const words = ['矿泉水', '牛奶', '方便面', '可乐 330', '酱油', '薯片', '啤酒', '花生油', '酸奶', '红烧牛肉面', '康师傅', '农夫山泉 550ml', '巧克力', '坚果', '绿茶', '大米 5kg'];
const initials = ['kqs', 'nn', 'fbm', 'jy', 'sp', 'pj', 'hsy', 'ksf', 'nfsq', 'qkl'];
const pinyin = ['kuangquanshui', 'niunai', 'fangbianmian', 'kele', 'jiangyou', 'shupian', 'pijiu', 'suannai'];
const codes = gen.codes.slice(0, 60).map((c) => c.slice(0, 6));
// issue 23's patterns, on this catalog's words: glued (with a word between), synonyms, initials
// skipping a word, codes typed another way, typos
const typed = MIX === 'typed' ? [
  '农夫山泉矿泉水', '康师傅绿茶', '伊利纯牛奶250ml', '乐事薯片黄瓜', '可口可乐330ml', '蒙牛有机纯牛奶', '元气森林可乐',
  '泡面', '速食面', '汽水', '番茄味薯片', 'yljd', 'nfkqs', 'ksflc',
  ...gen.codes.slice(60, 90).map((c) => c.replace('-', '').toLowerCase()),
  '矿全水', '可口可东', '伊利纯牛那',
] : [];
const qs = [...words, ...initials, ...pinyin, ...codes, ...typed];
const paths: string[] = [];
for (let i = 0; i < 600; i++) {
  const q = qs[(i * 7) % qs.length]!;
  const extra = i % 5 === 1 ? '&sort=price_asc' : i % 5 === 2 ? '&inStock=0&priceMax=5000' : i % 5 === 3 ? '&sort=sales' : '';
  paths.push(`/api/catalog/search?q=${encodeURIComponent(q)}&pageSize=20${i % 2 ? '&facets=1' : ''}${extra}`);
}

const load = (opts: { rate?: number; seconds: number; connections: number }) => new Promise<Record<string, unknown>>((resolve, reject) => {
  const child = fork(path.join(here, 'search-load.ts'), [JSON.stringify({ url: address, cookie, paths, ...opts })], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load runner exited ${code}`))));
});

// Cold: every distinct request once (4 at a time), before anything is cached — what the first
// buyer to ask a question waits. Afterwards the phases run warm, as popular queries are in use.
const coldTimes: number[] = [];
const coldByPath: { path: string; ms: number }[] = [];
{
  let next = 0;
  const unique = [...new Set(paths)];
  await Promise.all(Array.from({ length: 4 }, async () => {
    while (next < unique.length) {
      const p = unique[next++]!;
      const t1 = performance.now();
      const r = await fetch(`${address}${p}`, { headers: { cookie } });
      await r.arrayBuffer();
      coldTimes.push(performance.now() - t1);
      coldByPath.push({ path: decodeURIComponent(p), ms: Math.round(performance.now() - t1) });
    }
  }));
  coldTimes.sort((a, b) => a - b);
}
const cpct = (q: number) => Math.round(coldTimes[Math.min(coldTimes.length - 1, Math.floor((q / 100) * coldTimes.length))]! * 100) / 100;
const cold = {
  requests: coldTimes.length, concurrency: 4, latencyMs: { p50: cpct(50), p95: cpct(95), p99: cpct(99), max: cpct(100) },
  slowest: coldByPath.sort((x, y) => y.ms - x.ms).slice(0, 8),
};
const loadBefore = os.loadavg().map((x) => Math.round(x * 100) / 100);
await load({ seconds: 3, connections: 4 }); // warm-up
const fixedRate = await load({ rate: RATE, seconds: SECONDS, connections: 16 });
const maxThroughput = await load({ seconds: Math.max(10, SECONDS / 2), connections: 16 });
const loadAfter = os.loadavg().map((x) => Math.round(x * 100) / 100);
await app.close();
await database.close();

const result = {
  engine: database.kind, at: new Date().toISOString(), machine: '2 cores (shared)', loadAverage: { before: loadBefore, after: loadAfter, note: '1, 5 and 15 minute load averages of the machine (other work included) before the warm phases and after them' }, products: gen.products, skus: gen.skus, generateSeconds: genSeconds,
  queries: { distinct: qs.length, mix: `Chinese words, pinyin initials, full pinyin, SKU code prefixes${MIX === 'typed' ? ', glued brand+word, synonyms, skipped initials, codes without separators, typos' : ''}; half with facets; sorts and price filters` },
  cache: 'a buyer\'s matches are cached per catalog version (search-cache.ts); cold = each distinct request\'s first time, the phases after run warm',
  cold, fixedRate: { targetReqPerSec: RATE, seconds: SECONDS, ...fixedRate }, maxThroughput,
};
console.log(JSON.stringify(result, null, 2));
writeResult('catalog-search', MIX === 'typed' ? `${database.kind}-typed` : database.kind, result);
process.exit(0);
