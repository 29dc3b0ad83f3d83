import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';

/**
 * Same answers before and after a change to catalog search: asks BENCH_QUERIES (300) never-seen
 * queries of bench/search-cold-queries.ts (catalog-search.ts's catalog and request variants) as
 * company CA's buyer and as staff, pages 1, 5 and 15 (past the first ids a buyer's search keeps),
 * and writes every response whole (items with prices and stock, totals, facets, fuzzy flag, help)
 * to a JSON file. Run it with the code of
 * two checkouts (ROOT) on the same catalog and compare the files:
 *
 *   ROOT=/work/main BENCH_DATABASE_URL=postgres://…/search_bench npx tsx bench/search-same.ts /tmp/before.json
 *   BENCH_DATABASE_URL=postgres://…/search_bench npx tsx bench/search-same.ts /tmp/after.json
 *   cmp /tmp/before.json /tmp/after.json
 * Without BENCH_DATABASE_URL it generates a small catalog in PGlite (BENCH_SKUS, 3000).
 */
const root = path.resolve(process.env.ROOT ?? path.join(import.meta.dirname, '..'));
const out = process.argv[2];
if (!out) throw new Error('usage: search-same.ts <out.json>');
const N = Number(process.env.BENCH_QUERIES ?? 300);
const { openDatabase } = await import(path.join(root, 'server/lib/db.ts'));
const { migrate } = await import(path.join(root, 'server/lib/migrate.ts'));
const { searchProducts } = await import(path.join(root, 'server/modules/catalog/search.ts'));
const { coldQueries } = await import(path.join(root, 'bench/search-cold-queries.ts'));
await import(path.join(root, 'server/modules/pricing/tables.ts'));
const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('BENCH_DATABASE_URL is required (the catalog bench/catalog-search.ts generated)');
const database = await openDatabase({ databaseUrl: url, schema: 'bench_catalog', poolSize: 4 });
await migrate(database);
const db = database.db;
const companyId = Number((await sql<{ id: number }>`select id from companies where code = 'CA'`.execute(db)).rows[0]!.id);
const codes = (await sql<{ code: string }>`select code from skus where substring(code, 2, 6)::int % 37 = 0 order by code limit 2000`.execute(db)).rows.map((r) => r.code);
// from the far end of the never-seen list (the CPU and rate benches use its first 2,000)
const qs: string[] = coldQueries(codes, 2000 + N).slice(2000);
const results: unknown[] = [];
for (const [i, q] of qs.entries()) {
  const input = { q, pageSize: 20, facets: i % 2 === 1, sort: i % 5 === 1 ? 'price_asc' : i % 5 === 3 ? 'sales' : 'relevance', ...(i % 5 === 2 ? { inStock: false, priceMax: 5000 } : {}) };
  for (const scope of [{ companyId, buyerView: true }, { companyId: null, buyerView: false, stockAudience: 'staff' }]) {
    for (const page of [1, 5, 15]) results.push({ q, scope: scope.buyerView ? 'buyer' : 'staff', page, r: await searchProducts(db, scope, { ...input, page }) });
  }
}
const text = JSON.stringify(results, null, 1);
fs.writeFileSync(out, text);
console.log(JSON.stringify({ queries: qs.length, responses: results.length, withResults: results.filter((x) => (x as { r: { total: number } }).r.total > 0).length, sha256: createHash('sha256').update(text).digest('hex') }));
await database.close();
