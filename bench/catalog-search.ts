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
import { FIXTURE_PASSWORD, seedFixtures } from '../server/test/fixtures';
import { openDatabase } from '../server/lib/db';
import { migrate } from '../server/lib/migrate';
import { generateCatalog } from './catalog-generate';
import { coldQueries } from './search-cold-queries';
import '../server/modules/pricing/tables';
import { warmSearch } from '../server/modules/catalog/search';

/**
 * Catalog search benchmark: generates 100,000 SKUs, serves the real app and drives
 * /api/catalog/search as a signed-in buyer (own prices and visibility, facets on half the
 * requests) with a mix of Chinese words, pinyin initials, full pinyin, SKU code prefixes and
 * filters. First every distinct request once (cold: nothing cached); then never-seen queries at
 * the fixed rate (coldAtRate: bench/search-cold-queries.ts, each query string once); then the warm
 * mix at the fixed rate (default 200 req/s) with p50/p95/p99; then the warm mix with a share of
 * never-seen queries in it (mixedAtRate, BENCH_NEW_SHARE, default 0.2); last flat out, requests per second.
 * Each phase also reports CPU ms per request in this process (the server) and in the app's
 * PostgreSQL sessions, which the machine's load moves less than latency. Results go to
 * bench/results/catalog-search.json.
 *
 *   npx tsx bench/catalog-search.ts                 # PGlite in memory
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/catalog-search.ts
 * Options (env): BENCH_SKUS (100000), BENCH_RATE (200), BENCH_SECONDS (20), BENCH_COLD_SECONDS (10),
 * BENCH_REUSE=1 (search the catalog the last run left in the schema), BENCH_MIX (`basic`, or
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

// the app's database sessions carry this name, so their CPU time can be read (PostgreSQL on this machine)
process.env.PGAPPNAME = 'ordo-bench-search';
// BENCH_REUSE=1 (PostgreSQL): search the catalog a previous run generated in the schema (its
// migrations brought up to date) instead of generating it again; the figures say so.
const reuse = process.env.BENCH_REUSE === '1' && !!process.env.BENCH_DATABASE_URL;
const { database } = reuse
  ? { database: await openDatabase({ databaseUrl: process.env.BENCH_DATABASE_URL, schema, poolSize: 16 }) }
  : await openBenchDatabase(schema);
let fx: { companyA: number; password: string };
let gen: { products: number; skus: number; codes: string[] };
const t0 = Date.now();
if (reuse) {
  await migrate(database);
  fx = { companyA: Number((await sql<{ id: number }>`select id from companies where code = 'CA'`.execute(database.db)).rows[0]!.id), password: FIXTURE_PASSWORD };
  const n = (await sql<{ p: number; s: number }>`select (select count(*) from products) as p, (select count(*) from skus) as s`.execute(database.db)).rows[0]!;
  const codes = (await sql<{ code: string }>`select code from skus where substring(code, 2, 6)::int % 37 = 0 order by code limit 2000`.execute(database.db)).rows.map((r) => r.code);
  gen = { products: Number(n.p), skus: Number(n.s), codes };
} else {
  fx = await seedFixtures(database);
  gen = await generateCatalog(database.db, SKUS);
  // a customer contract list on every 10th SKU, so the buyer's own price is really computed
  await sql`insert into price_lists (name, kind, company_id) values ('bench', 'customer', ${fx.companyA})`.execute(database.db);
  await sql`insert into price_list_items (price_list_id, sku_id, min_qty, fixed_price)
    select (select max(id) from price_lists), id, 1, base_price * 9 / 10 from skus where id % 10 = 0`.execute(database.db);
}
const genSeconds = (Date.now() - t0) / 1000;
await analyze(database.db);
console.log(`${reuse ? 'reused' : 'generated'} ${gen.products} products / ${gen.skus} SKUs in ${genSeconds.toFixed(1)} s on ${database.kind}`);

const config = { ...loadConfig({}), loginRateLimitPerMinute: 1_000_000, logLevel: 'warn' };
const app = await buildApp({ config, database, logger: false });
// as server/main.ts does at start (there in the background): vocabulary, synonyms, typo words
await warmSearch(database.read);
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
const pathOf = (q: string, i: number) => {
  const extra = i % 5 === 1 ? '&sort=price_asc' : i % 5 === 2 ? '&inStock=0&priceMax=5000' : i % 5 === 3 ? '&sort=sales' : '';
  return `/api/catalog/search?q=${encodeURIComponent(q)}&pageSize=20${i % 2 ? '&facets=1' : ''}${extra}`;
};
const paths: string[] = [];
for (let i = 0; i < 600; i++) paths.push(pathOf(qs[(i * 7) % qs.length]!, i));

const load = (opts: { rate?: number; seconds: number; connections: number; paths?: string[] }) => new Promise<Record<string, unknown>>((resolve, reject) => {
  // the paths go through a file: thousands of never-seen queries do not fit in an argument
  const pathsFile = path.join(os.tmpdir(), `ordo-search-paths-${process.pid}.json`);
  fs.writeFileSync(pathsFile, JSON.stringify(opts.paths ?? paths));
  const child = fork(path.join(here, 'search-load.ts'), [JSON.stringify({ url: address, cookie, pathsFile, rate: opts.rate, seconds: opts.seconds, connections: opts.connections })], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load runner exited ${code}`))));
});

/**
 * CPU time spent per request in this process (the server: the load generator is a child) and in
 * the app's PostgreSQL sessions (their /proc schedstat, when the server runs on this machine):
 * less sensitive to the machine's load than latency.
 */
// Each session's CPU as last read: a session the pool closes while idle (after 10 s; the search
// has sessions of its own beside the app's) keeps its last reading instead of leaving the sum.
const sessionCpu = new Map<string, number>();
const sampleSessions = async () => {
  const { rows } = await sql<{ pid: number; since: string }>`select pid, backend_start::text as since from pg_stat_activity where application_name = 'ordo-bench-search'`.execute(database.db);
  for (const r of rows) {
    try { sessionCpu.set(`${r.pid}/${r.since}`, Number(fs.readFileSync(`/proc/${r.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6); } catch { /* ended meanwhile */ }
  }
};
const sampler = database.kind === 'postgres' ? setInterval(() => void sampleSessions().catch(() => undefined), 1000) : null;
sampler?.unref();
const backendCpuMs = async () => {
  if (database.kind !== 'postgres') return null;
  await sampleSessions();
  return [...sessionCpu.values()].reduce((a, b) => a + b, 0);
};
const cpuMeter = async () => {
  const node = process.cpuUsage();
  const pg0 = await backendCpuMs();
  return async (requests: number) => {
    const n = process.cpuUsage(node);
    const pg1 = await backendCpuMs();
    const per = (x: number) => Math.round((x / requests) * 100) / 100;
    return { nodeMsPerRequest: per((n.user + n.system) / 1000), postgresMsPerRequest: pg0 == null || pg1 == null ? null : per(pg1 - pg0) };
  };
};

// Cold: every distinct request once (4 at a time), before anything is cached — what the first
// buyer to ask a question waits. Afterwards the phases run warm, as popular queries are in use.
const coldTimes: number[] = [];
const coldByPath: { path: string; ms: number }[] = [];
const coldCpu = await cpuMeter();
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
  cpu: await coldCpu(coldTimes.length),
  slowest: coldByPath.sort((x, y) => y.ms - x.ms).slice(0, 8),
};

// Cold at a fixed rate: never-seen queries (each query string once, made from the catalog's words,
// pinyin, initials, sizes and codes) at the warm phase's rate — a load of new questions.
const COLD_SECONDS = Number(process.env.BENCH_COLD_SECONDS ?? 10);
const coldPaths = coldQueries(gen.codes, Math.round(RATE * COLD_SECONDS)).map((q, i) => pathOf(q, i));
const coldRateLoad = os.loadavg().map((x) => Math.round(x * 100) / 100);
const coldRateCpu = await cpuMeter();
const coldRateRun = await load({ rate: RATE, seconds: Math.min(COLD_SECONDS, coldPaths.length / RATE), connections: 16, paths: coldPaths });
const coldAtRate = {
  targetReqPerSec: RATE, distinctQueries: coldPaths.length, loadAverageBefore: coldRateLoad, ...coldRateRun,
  cpu: await coldRateCpu(Number(coldRateRun.requests)),
  mix: 'single words, word+word and brand+word glued or spaced, full pinyin, initials (brand + head word too), a word with a size, SKU code prefixes and codes without the dash, one-character typos; half with facets; price sort, price filter, sales sort',
};
const loadBefore = os.loadavg().map((x) => Math.round(x * 100) / 100);
await load({ seconds: 3, connections: 4 }); // warm-up
const warmCpu = await cpuMeter();
const fixedRate = await load({ rate: RATE, seconds: SECONDS, connections: 16 });
fixedRate.cpu = await warmCpu(Number(fixedRate.requests));
// Mixed at the fixed rate: what a live portal sees. Most searches repeat what buyers asked before
// (popular words, the items they reorder), some are new: BENCH_NEW_SHARE (0.2) of the requests are
// never-seen queries (not the coldAtRate ones, so nothing of them is cached), evenly spread, the
// rest the warm mix. Pure never-seen load is coldAtRate above.
const NEW_SHARE = Number(process.env.BENCH_NEW_SHARE ?? 0.2);
const mixedTotal = RATE * SECONDS;
const fresh = coldQueries(gen.codes, coldPaths.length + Math.ceil(mixedTotal * NEW_SHARE) + 1).slice(coldPaths.length);
const mixedPaths: string[] = [];
for (let i = 0, f = 0; i < mixedTotal; i++) {
  const wantFresh = Math.floor((i + 1) * NEW_SHARE) > Math.floor(i * NEW_SHARE) && f < fresh.length;
  mixedPaths.push(wantFresh ? pathOf(fresh[f]!, f++) : paths[i % paths.length]!);
}
const mixedCpu = await cpuMeter();
const mixedRun = await load({ rate: RATE, seconds: SECONDS, connections: 16, paths: mixedPaths });
const mixedAtRate = {
  targetReqPerSec: RATE, seconds: SECONDS, newShare: NEW_SHARE, neverSeenQueries: mixedPaths.filter((x) => !paths.includes(x)).length, ...mixedRun,
  cpu: await mixedCpu(Number(mixedRun.requests)),
};
const maxThroughput = await load({ seconds: Math.max(10, SECONDS / 2), connections: 16 });
const loadAfter = os.loadavg().map((x) => Math.round(x * 100) / 100);
await app.close();
if (sampler) clearInterval(sampler);
await database.close();

const result = {
  engine: database.kind, at: new Date().toISOString(), machine: '2 cores (shared)', loadAverage: { before: loadBefore, after: loadAfter, note: '1, 5 and 15 minute load averages of the machine (other work included) before the warm phases and after them' }, products: gen.products, skus: gen.skus, generateSeconds: reuse ? null : genSeconds, reusedCatalog: reuse,
  queries: { distinct: qs.length, mix: `Chinese words, pinyin initials, full pinyin, SKU code prefixes${MIX === 'typed' ? ', glued brand+word, synonyms, skipped initials, codes without separators, typos' : ''}; half with facets; sorts and price filters` },
  cache: 'a buyer\'s matches are cached per catalog version (search-cache.ts); cold = each distinct request\'s first time (4 at a time); coldAtRate = never-seen queries at the fixed rate; fixedRate runs warm; mixedAtRate = the warm mix with BENCH_NEW_SHARE never-seen queries in it',
  cold, coldAtRate, fixedRate: { targetReqPerSec: RATE, seconds: SECONDS, ...fixedRate }, mixedAtRate, maxThroughput,
};
console.log(JSON.stringify(result, null, 2));
writeResult('catalog-search', MIX === 'typed' ? `${database.kind}-typed` : database.kind, result);
process.exit(0);
