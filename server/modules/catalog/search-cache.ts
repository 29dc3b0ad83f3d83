import { LRUCache } from 'lru-cache';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';

/**
 * Buyers' search matches, cached per catalog version. A search is two stages: matching and
 * ordering every product (the cost: tsquery rechecks, visibility, price keys, facets), then
 * prices, stock and sales for the one page shown. The first stage of a buyer's query is kept
 * here, keyed by the catalog version (a row every catalog, pricing and visibility write bumps
 * by trigger) — so a cached answer never outlives a change to what it was computed from — and
 * expires after TTL_MS anyway. The second stage is always live. Matches that depend on stock or
 * sales, which every order moves and the version does not follow, live only seconds
 * (STOCK_TTL_MS, SALES_TTL_MS): a product sold out a moment ago may still be listed under 'in
 * stock only', with its live 缺货 mark.
 */
export interface Matches {
  /** product ids in result order, up to the deepest page that may be asked for */
  ids: number[];
  total: number;
  fuzzy: boolean;
  facets: { brands: { id: number; name: string; count: number }[]; categories: { id: number; name: string; count: number }[] } | null;
}

const TTL_MS = 60_000;
export const STOCK_TTL_MS = 3_000;
export const SALES_TTL_MS = 15_000;

interface State {
  done: LRUCache<string, Matches>;
  running: Map<string, Promise<Matches>>;
}
// One cache per database handle: tests run several databases in one process.
const states = new WeakMap<object, State>();

function stateOf(db: Kysely<DB>): State {
  let s = states.get(db);
  if (!s) {
    s = {
      // bounded by the ids held, not by entries: a broad query holds thousands, a narrow one a few
      done: new LRUCache<string, Matches>({ maxSize: 2_000_000, sizeCalculation: (m) => m.ids.length + 1, ttl: TTL_MS }),
      running: new Map(),
    };
    states.set(db, s);
  }
  return s;
}

export async function catalogVersion(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ v: string }>`select v::text as v from catalog_version where id = 1`.execute(db);
  return rows[0]?.v ?? '0';
}

/**
 * The cached matches for `key` at the current catalog version, computing them once if missing.
 * `ttlMs` shortens the life of matches that depend on what the version does not follow.
 */
export async function cachedMatches(db: Kysely<DB>, key: string, compute: () => Promise<Matches>, ttlMs = TTL_MS): Promise<Matches> {
  const state = stateOf(db);
  const k = `${await catalogVersion(db)}|${key}`;
  const hit = state.done.get(k);
  if (hit) return hit;
  // Concurrent misses of one query wait for the same computation instead of each running it.
  let p = state.running.get(k);
  if (!p) {
    p = compute().then(
      (m) => { state.done.set(k, m, { ttl: ttlMs }); state.running.delete(k); return m; },
      (e: unknown) => { state.running.delete(k); throw e; },
    );
    state.running.set(k, p);
  }
  return p;
}
