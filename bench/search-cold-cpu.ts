import fs from 'node:fs';
import os from 'node:os';
import { sql } from 'kysely';
import { openDatabase } from '../server/lib/db';
import { migrate } from '../server/lib/migrate';
import { searchProducts, warmSearch, type SearchInput } from '../server/modules/catalog/search';
import { coldQueries } from './search-cold-queries';
import '../server/modules/pricing/tables';

/**
 * CPU per never-seen search query, one at a time: the catalog that
 * bench/catalog-search.ts left in its schema (run that first on the same BENCH_DATABASE_URL),
 * searched through the search service (no HTTP) as company CA's buyer with the cold-at-rate mix
 * (bench/search-cold-queries.ts, the same request variants). Reports Node CPU and the PostgreSQL
 * session's CPU (its /proc schedstat: the server must run on this machine) per query, and the
 * wall time per statement kind. Sequential, so the load of other work moves
 * these figures less than latency at a rate; still compare before/after in the same conditions.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/search_bench npx tsx bench/search-cold-cpu.ts
 * Options (env): BENCH_QUERIES (1000), BENCH_OFFSET (0: which slice of the never-seen queries),
 * BENCH_SLOWEST (10: how many of the slowest queries to list).
 */
const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('BENCH_DATABASE_URL is required (PostgreSQL on this machine)');
const N = Number(process.env.BENCH_QUERIES ?? 1000);
const OFFSET = Number(process.env.BENCH_OFFSET ?? 0);
process.env.PGAPPNAME = 'ordo-bench-search-cpu';
{
  // migrations (new ones since the catalog was generated) need two connections: the lock's and the work's
  const m = await openDatabase({ databaseUrl: url, schema: 'bench_catalog', poolSize: 2 });
  await migrate(m);
  await m.close();
}
const database = await openDatabase({ databaseUrl: url, schema: 'bench_catalog', poolSize: 1 });
const db = database.db;
const companyId = Number((await sql<{ id: number }>`select id from companies where code = 'CA'`.execute(db)).rows[0]!.id);
const codes = (await sql<{ code: string }>`select code from skus where substring(code, 2, 6)::int % 37 = 0 order by code limit 2000`.execute(db)).rows.map((r) => r.code);
// the same never-seen queries and variants as catalog-search.ts's coldAtRate phase
const qs = coldQueries(codes, OFFSET + N).slice(OFFSET);
const inputOf = (q: string, i: number): SearchInput => ({
  q, page: 1, pageSize: 20, facets: i % 2 === 1,
  sort: i % 5 === 1 ? 'price_asc' : i % 5 === 3 ? 'sales' : 'relevance',
  ...(i % 5 === 2 ? { inStock: false, priceMax: 5000 } : {}),
});

// every session of this process (the search may run on sessions of its own: tunedSessions in server/lib/db.ts)
const backendMs = async () => {
  const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity where application_name = ${process.env.PGAPPNAME}`.execute(db);
  return rows.reduce((ms, r) => ms + Number(fs.readFileSync(`/proc/${r.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6, 0);
};
const scope = { companyId, buyerView: true };
// warm the process (jieba, vocabulary, typo words as server/main.ts does at start, plans) on other queries
await warmSearch(db);
for (const [i, q] of coldQueries(codes, 20).entries()) await searchProducts(db, scope, inputOf(`${q} 热身`, i));

const load = os.loadavg().map((x) => Math.round(x * 100) / 100);
const node0 = process.cpuUsage();
const pg0 = await backendMs();
const t0 = performance.now();
const times: number[] = [];
const each: { q: string; ms: number; total: number; fuzzy: boolean }[] = [];
let found = 0;
for (const [i, q] of qs.entries()) {
  const t = performance.now();
  const r = await searchProducts(db, scope, inputOf(q, i + OFFSET));
  times.push(performance.now() - t);
  each.push({ q, ms: Math.round((performance.now() - t) * 10) / 10, total: r.total, fuzzy: r.fuzzy });
  if (r.total > 0) found++;
}
const wall = performance.now() - t0;
const node = process.cpuUsage(node0);
const pg1 = await backendMs();
times.sort((a, b) => a - b);
const pct = (p: number) => Math.round(times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]! * 100) / 100;
const per = (x: number) => Math.round((x / qs.length) * 100) / 100;
console.log(JSON.stringify({
  queries: qs.length, withResults: found, loadAverageBefore: load, loadAverageAfter: os.loadavg().map((x) => Math.round(x * 100) / 100),
  nodeCpuMsPerQuery: per((node.user + node.system) / 1000), postgresCpuMsPerQuery: per(pg1 - pg0), wallMsPerQuery: per(wall),
  latencyMs: { p50: pct(50), p95: pct(95), p99: pct(99), max: pct(100) },
  // the slowest queries, with how many products they matched and whether the typo pass found them
  slowest: each.sort((a, b) => b.ms - a.ms).slice(0, Number(process.env.BENCH_SLOWEST ?? 10)).map((x) => `${x.q} ${x.ms} ms, ${x.total}${x.fuzzy ? ' fuzzy' : ''}`),
}, null, 2));
await database.close();
