import fs from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase } from '../server/lib/db';
import { migrate } from '../server/lib/migrate';
import { searchProducts } from '../server/modules/catalog/search';
import '../server/modules/pricing/tables';

/**
 * Where a never-seen search's time goes on PostgreSQL: runs each query given as company CA's
 * buyer (on bench/catalog-search.ts's catalog), records the statements the search sends, then
 * prints EXPLAIN (ANALYZE, BUFFERS) of each with its values, under the search sessions' settings
 * (JIT off, generic plans), and the search's own time measured alone (first call: nothing cached).
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/search_bench npx tsx bench/search-explain.ts 矿泉水 fangbianmian
 * Options (env): FACETS=1 (ask for facets), SORT (relevance), PLAN=0 (timings only), FULL=1 (whole
 * statements and values), CPU=n (also run each statement n times and print its backend CPU per run,
 * from /proc/<pid>/schedstat: the server must run on this machine; three rounds, each round's figure).
 */
const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('BENCH_DATABASE_URL is required (the catalog bench/catalog-search.ts generated)');
const seen: { text: string; values: unknown[] }[] = [];
const original = pg.Client.prototype.query as (...a: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: unknown }).query = function (this: pg.Client, ...a: unknown[]) {
  const [first, second] = a;
  if (typeof first === 'string' && Array.isArray(second)) seen.push({ text: first, values: second });
  else if (first && typeof first === 'object' && 'text' in first) seen.push({ text: String((first as { text: string }).text), values: ((first as { values?: unknown[] }).values) ?? [] });
  return original.apply(this, a);
};
const database = await openDatabase({ databaseUrl: url, schema: 'bench_catalog', poolSize: 4 });
await migrate(database);
const db = database.db;
const companyId = Number((await sql<{ id: number }>`select id from companies where code = 'CA'`.execute(db)).rows[0]!.id);
const sort = (process.env.SORT ?? 'relevance') as 'relevance';
const client = new pg.Client({ connectionString: url, options: '-c search_path=bench_catalog,public -c jit=off -c plan_cache_mode=force_generic_plan -c pg_trgm.word_similarity_threshold=0.5' });
await client.connect();
for (const q of process.argv.slice(2)) {
  seen.length = 0;
  const t0 = performance.now();
  const r = await searchProducts(db, { companyId, buyerView: true }, { q, sort, page: 1, pageSize: 20, facets: process.env.FACETS === '1' });
  const ms = performance.now() - t0;
  const t1 = performance.now();
  await searchProducts(db, { companyId, buyerView: true }, { q, sort, page: 1, pageSize: 20, facets: process.env.FACETS !== '1' }).catch(() => null);
  console.log(`\n=== ${q}: total ${r.total}, first ${r.items.slice(0, 3).map((i) => i.name).join(' | ')}; ${ms.toFixed(1)} ms cold, ${(performance.now() - t1).toFixed(1)} ms again (facets the other way: another cache key)`);
  if (process.env.PLAN === '0') continue;
  for (const s of seen.filter((x) => x.values.length > 0 && /from products? p|from product_search p|unnest/.test(x.text))) {
    const types = s.values.map(() => 'unknown').join(',');
    await client.query('deallocate all');
    await client.query(`prepare x(${types}) as ${s.text}`);
    const lit = s.values.map((v) => (v == null ? 'null' : `'${(Array.isArray(v) ? `{${v.join(',')}}` : v instanceof Date ? v.toISOString() : String(v)).replace(/'/g, "''")}'`));
    const plan = await client.query(`explain (analyze, buffers) execute x(${lit.join(',')})`);
    console.log(process.env.FULL === '1' ? `--- ${s.text}\n    values ${JSON.stringify(s.values)}` : `--- ${s.text.replace(/\s+/g, ' ').slice(0, 160)}…\n    values ${JSON.stringify(s.values).slice(0, 300)}`);
    console.log(plan.rows.map((p: Record<string, string>) => p['QUERY PLAN']).join('\n'));
    const runs = Number(process.env.CPU ?? 0);
    if (runs > 0) {
      const pid = (await client.query('select pg_backend_pid() as pid')).rows[0].pid as number;
      const cpuMs = () => Number(fs.readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
      const rounds: number[] = [];
      for (let round = 0; round < 3; round++) {
        const c0 = cpuMs();
        for (let i = 0; i < runs; i++) await client.query(`execute x(${lit.join(',')})`);
        rounds.push(Math.round(((cpuMs() - c0) / runs) * 10) / 10);
      }
      console.log(`backend CPU per run (${runs} runs × 3 rounds, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}): ${rounds.join(' / ')} ms`);
    }
  }
}
await client.end();
await database.close();
