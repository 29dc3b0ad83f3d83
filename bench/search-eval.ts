import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openBenchDatabase, writeResult } from './lib';
import { seedFixtures } from '../server/test/fixtures';
import { searchProducts } from '../server/modules/catalog/search';
import type { Actor } from '../server/modules/auth/actor';
import { queries, type EvalQuery } from './search-eval/queries';
import { loadEvalCatalogs } from './search-eval/load';
import { holdoutCatalogs, holdoutQueries } from './search-eval/holdout';
import { catalogs as tunedCatalogs } from './search-eval/catalogs';
import { unseen2Catalogs, unseen2Queries } from './search-eval/unseen2';
import { unseen3Catalogs, unseen3Queries } from './search-eval/unseen3';
import '../server/modules/pricing/tables';

/**
 * Search quality evaluation: loads the invented catalogs of bench/search-eval/catalogs.ts (four
 * trades in one catalog, so trades also compete) and runs bench/search-eval/queries.ts through
 * the real search service. Scores per query kind: hit@1, hit@5, MRR (over the top 20) and
 * zero-result count, for this search and a plain baseline (every space-separated word as a
 * case-insensitive substring of name, brand, category or spec; shorter names first).
 *
 *   npx tsx bench/search-eval.ts                  # this tree's search + the plain baseline
 *   npx tsx bench/search-eval.ts --ref <commit>   # also the search of another commit (e.g. the one before #23)
 *   npx tsx bench/search-eval.ts --set holdout   # the held-out trades (search-eval/holdout.ts)
 *   npx tsx bench/search-eval.ts --set unseen2   # a second held-out set of four other trades (search-eval/unseen2.ts)
 *   npx tsx bench/search-eval.ts --set unseen3   # a third: pharmacy, 3C accessories, farm inputs, frozen food (search-eval/unseen3.ts)
 *   BENCH_DATABASE_URL=postgres://… npx tsx bench/search-eval.ts   # on PostgreSQL
 * Figures go to bench/results/search-eval.json; --verbose prints every query's top 3.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const label = arg('--label') ?? 'this';
const out = arg('--out');
const verbose = args.includes('--verbose');
// --set holdout: the held-out trades of search-eval/holdout.ts, never used to tune the ranking
// --set unseen2: a second held-out set of four other trades (search-eval/unseen2.ts)
const sets = {
  tuned: { catalogs: tunedCatalogs, queries, file: 'search-eval' },
  holdout: { catalogs: holdoutCatalogs, queries: holdoutQueries, file: 'search-eval-holdout' },
  unseen2: { catalogs: unseen2Catalogs, queries: unseen2Queries, file: 'search-eval-unseen2' },
  unseen3: { catalogs: unseen3Catalogs, queries: unseen3Queries, file: 'search-eval-unseen3' },
};
const setArg = arg('--set');
const set: keyof typeof sets = setArg === 'holdout' || setArg === 'unseen2' || setArg === 'unseen3' ? setArg : 'tuned';
const evalQueries = sets[set].queries;
// a wanted name that is no product of the set would count as a miss for ever: refuse the set
const setNames = new Set(sets[set].catalogs.flatMap((c) => c.products.map((p) => p[2])));
const unknown = evalQueries.flatMap((e) => e.want.filter((w) => !setNames.has(w)).map((w) => `${e.q} → ${w}`));
if (unknown.length) throw new Error(`wanted names that are no product of the set:\n${unknown.join('\n')}`);

type Searcher = (q: string) => Promise<{ names: string[]; total: number }>;

interface Score { queries: number; hit1: number; hit5: number; mrr: number; zero: number }
const empty = (): Score => ({ queries: 0, hit1: 0, hit5: 0, mrr: 0, zero: 0 });

async function score(search: Searcher, list: EvalQuery[]) {
  const byKind: Record<string, Score> = {};
  const all = empty();
  const misses: { q: string; kind: string; top: string[] }[] = [];
  for (const item of list) {
    const { names, total } = await search(item.q);
    const rank = names.findIndex((n) => item.want.includes(n)) + 1;
    for (const s of [all, (byKind[item.kind] ??= empty())]) {
      s.queries++;
      if (rank === 1) s.hit1++;
      if (rank >= 1 && rank <= 5) s.hit5++;
      if (rank >= 1) s.mrr += 1 / rank;
      if (total === 0) s.zero++;
    }
    if (rank !== 1) misses.push({ q: item.q, kind: item.kind, top: names.slice(0, 3) });
    if (verbose) console.log(`${rank === 1 ? 'ok ' : rank ? `#${rank} ` : '-- '} ${item.kind.padEnd(13)} ${item.q.padEnd(14)} → ${names.slice(0, 3).join(' | ')}`);
  }
  const fmt = (s: Score) => ({ queries: s.queries, hit1: +(s.hit1 / s.queries).toFixed(3), hit5: +(s.hit5 / s.queries).toFixed(3), mrr: +(s.mrr / s.queries).toFixed(3), zeroResults: s.zero });
  return { all: fmt(all), byKind: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, fmt(v)])), notFirst: misses };
}

if (arg('--ref')) {
  // The same evaluation through another commit's search: a throw-away worktree of that commit
  // with these evaluation files copied in.
  const ref = arg('--ref')!;
  const root = path.resolve(here, '..');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ordo-eval-'));
  execFileSync('git', ['-C', root, 'worktree', 'add', '--detach', dir, ref], { stdio: 'inherit' });
  try {
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
    fs.cpSync(path.join(here, 'search-eval.ts'), path.join(dir, 'bench', 'search-eval.ts'));
    fs.cpSync(path.join(here, 'search-eval'), path.join(dir, 'bench', 'search-eval'), { recursive: true });
    execFileSync('npx', ['tsx', 'bench/search-eval.ts', '--label', `previous (${ref.slice(0, 12)})`, '--out', path.join(here, 'results', 'search-eval.previous.tmp'), '--set', set, ...(verbose ? ['--verbose'] : [])], { cwd: dir, stdio: 'inherit' });
  } finally {
    execFileSync('git', ['-C', root, 'worktree', 'remove', '--force', dir], { stdio: 'inherit' });
  }
}

const { database, dropSchema } = await openBenchDatabase('bench_search_eval');
const db = database.db;
const fx = await seedFixtures(database);
const actor: Actor = { userId: fx.users.admin, login: 'admin', name: 'admin', role: 'admin', companyId: null, via: 'session', scopes: null };

const t0 = Date.now();
const products = await loadEvalCatalogs(db, actor, sets[set].catalogs);
const loadSeconds = (Date.now() - t0) / 1000;

const engine: Searcher = async (q) => {
  const r = await searchProducts(db, { companyId: null, buyerView: false, stockAudience: 'staff' }, { q, sort: 'relevance', page: 1, pageSize: 20 });
  return { names: r.items.map((i) => i.name), total: r.total };
};
const baseline: Searcher = async (q) => {
  const words = q.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const conds = words.map((w) => sql`lower(p.name || ' ' || coalesce(b.name, '') || ' ' || coalesce(c.name, '') || ' ' || coalesce((select string_agg(s.spec_text, ' ') from skus s where s.product_id = p.id), '')) like ${`%${w}%`}`);
  const rows = await sql<{ name: string }>`select p.name from products p left join brands b on b.id = p.brand_id left join categories c on c.id = p.category_id
    where ${sql.join(conds, sql` and `)} order by length(p.name), p.id limit 20`.execute(db);
  return { names: rows.rows.map((r) => r.name), total: rows.rows.length };
};

const at = new Date().toISOString();
const timed = async (s: Searcher) => {
  const t1 = performance.now();
  const r = await score(s, evalQueries);
  return { ...r, msPerQuery: +((performance.now() - t1) / evalQueries.length).toFixed(2) };
};
const mine = await timed(engine);
const result: Record<string, unknown> = { at, set, engine: database.kind, products, loadSeconds, search: mine };
if (!out) result.baseline = await timed(baseline);
await dropSchema();
await database.close();

if (out) {
  fs.writeFileSync(out, JSON.stringify({ label, ...result }));
} else {
  const prevFile = path.join(here, 'results', 'search-eval.previous.tmp');
  if (fs.existsSync(prevFile)) {
    const prev = JSON.parse(fs.readFileSync(prevFile, 'utf8')) as { label: string; search: unknown };
    result.previous = { label: prev.label, ...(prev.search as object) };
    fs.rmSync(prevFile);
  }
  const file = writeResult(sets[set].file, database.kind, result);
  const line = (name: string, r: { all: Record<string, number> }) => console.log(`${name.padEnd(28)} hit@1 ${r.all.hit1}  hit@5 ${r.all.hit5}  MRR ${r.all.mrr}  zero ${r.all.zeroResults}/${r.all.queries}`);
  line('this search', mine);
  if (result.previous) line((result.previous as { label: string }).label, result.previous as { all: Record<string, number> });
  line('plain baseline (substring)', result.baseline as { all: Record<string, number> });
  console.log('per kind (this search):');
  for (const [k, v] of Object.entries(mine.byKind)) console.log(`  ${k.padEnd(14)} hit@1 ${v.hit1}  hit@5 ${v.hit5}  MRR ${v.mrr}  zero ${v.zeroResults}/${v.queries}`);
  console.log(`→ ${file}`);
}
