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
  /** product ids in result order: the first few hundred, or down to the deepest page that may be asked for (search.ts) */
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
  /** the catalog version last seen, trusted until `until` (ms): a price list's window opening or closing */
  version: { v: string; until: number } | null;
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
      version: null,
    };
    states.set(db, s);
  }
  return s;
}

/**
 * The catalog version to look matches up by: the one last seen, without a round trip. The
 * version is read from its row only when none is known, after the page query reported a newer
 * one (sawCatalogVersion), or when a price list's validity window opens or closes — prices, and
 * so price filters and sorts, change then without any write.
 */
export async function catalogVersion(db: Kysely<DB>): Promise<string> {
  const s = stateOf(db);
  if (s.version && Date.now() < s.version.until) return s.version.v;
  const { rows } = await sql<{ v: string; next: number | null }>`select v::text as v,
      (select extract(epoch from min(t)) * 1000 from (select valid_from as t from price_lists where valid_from > now()
        union all select valid_to from price_lists where valid_to > now()) b)::float8 as next
    from catalog_version where id = 1`.execute(db);
  const next = rows[0]?.next ?? null;
  // the next boundary is part of the key: matches from before a window opened are not found after
  const v = `${rows[0]?.v ?? '0'}/${next ?? '-'}`;
  s.version = { v, until: Math.min(next ?? Infinity, Date.now() + TTL_MS) };
  return v;
}

/** The version as committed now, for a search whose page came out empty (no page query to read it). */
export async function catalogVersionNow(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ v: string }>`select v::text as v from catalog_version where id = 1`.execute(db);
  return rows[0]?.v ?? '0';
}

/**
 * Checks the version a query read in its own snapshot against the one the matches were looked up
 * by. False means the catalog changed since: the caller computes again at the new version. This
 * keeps a cached answer exact without reading the version before every search.
 */
export function sawCatalogVersion(db: Kysely<DB>, used: string, seen: string): boolean {
  if (used.slice(0, used.indexOf('/')) === seen) return true;
  stateOf(db).version = null;
  return false;
}

/**
 * The cached matches for `key` at catalog version `version`, computing them once if missing.
 * `ttlMs` shortens the life of matches that depend on what the version does not follow.
 */
export async function cachedMatches(db: Kysely<DB>, version: string, key: string, compute: () => Promise<Matches>, ttlMs = TTL_MS): Promise<Matches> {
  const state = stateOf(db);
  const k = `${version}|${key}`;
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
