import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { isEmbedded, keepsPlans, NAMED, tunedSessions } from '../../lib/db';
import { AppError, badRequest } from '../../lib/errors';
import { customerPriceSql, visibleProductSql } from '../pricing';
import { productInStock } from '../inventory/stock';
import { productStockSql, productStockViewsFrom, stockDisplaySql, type CustomerDisplaySettings, type StockAudience } from '../inventory/customer-stock';
import { descendantsSql } from './categories';
import { imagesOf, imageView } from './images';
import { parseQuery, type ParsedQuery, type QueryContext, type RankTest } from './search-query';
import { queryContext } from './search-lexicon';
import { logMiss, zeroResultHelp } from './search-help';
import { typoCandidates, TYPO_MATCHES } from './search-typo';
import { MAX_PAGE_SIZE } from './schemas';
import { cachedMatches, catalogVersion, catalogVersionNow, sawCatalogVersion, SALES_TTL_MS, STOCK_TTL_MS, type Matches } from './search-cache';
import './tables';
import './messages';

/**
 * Catalog search over products. One place decides what a buyer sees: on-shelf products with an
 * active SKU that pricing's visibility rules show to the buyer's company, at the buyer's own
 * price (pricing's customerPriceSql — the one change point for price). Staff lists use the same
 * query without the buyer rules.
 *
 * Matching: every word of the query (search-query.ts cuts glued input into words and adds
 * synonyms) must match the product's search document (search-text.ts). When nothing matches, a
 * second pass asks only for every Chinese character typed; then a third accepts one wrong
 * Chinese character, homophones (same pinyin) and pg_trgm-similar pinyin, and says so
 * (`fuzzy: true`). Ranking rules: docs/search.md.
 */
export interface SearchInput {
  q?: string;
  categoryId?: number;
  brandId?: number[];
  tag?: string[];
  priceMin?: number;
  priceMax?: number;
  inStock?: boolean;
  isNew?: boolean;
  onShelf?: boolean;
  sort: 'relevance' | 'sales' | 'price_asc' | 'price_desc' | 'newest';
  page: number;
  pageSize: number;
  facets?: boolean;
}

/** Whose view: a customer company (portal, or staff ordering for it) or staff (null, all products). */
export interface SearchScope {
  companyId: number | null;
  /** true: the buyer's view (on shelf, visible, active SKUs only) */
  buyerView: boolean;
  /** who reads the stock of the hits: customers what the display setting allows (the default), staff the number */
  stockAudience?: StockAudience;
}

export const MAX_RESULT_WINDOW = 5000;
/** the ids a buyer's first search of a query keeps (pages 1–10 of 20) */
const SHALLOW_IDS = 200;

type Cond = RawBuilder<unknown>;
const NO_CONTEXT: QueryContext = { vocabulary: new Set(), synonyms: new Map() };

/**
 * A query understood once per catalog context: a repeated search is served from cached matches,
 * and parsing it again (segmenting against the vocabulary, expanding synonyms, building the rank
 * tests) was the larger part of its own Node work. A new context (a catalog or synonym change)
 * starts an empty map; each keeps the last PARSED_KEEP queries.
 */
const parsedBy = new WeakMap<QueryContext, Map<string, ParsedQuery>>();
const PARSED_KEEP = 2000;
function understood(text: string, ctx: QueryContext): ParsedQuery {
  let m = parsedBy.get(ctx);
  if (!m) parsedBy.set(ctx, (m = new Map()));
  let p = m.get(text);
  if (!p) {
    p = parseQuery(text, ctx);
    if (m.size >= PARSED_KEEP) m.delete(m.keys().next().value!);
    m.set(text, p);
  }
  return p;
}
type Q = Kysely<DB> | Transaction<DB>;

const and = (conds: Cond[]) => (conds.length ? sql.join(conds, sql` and `) : sql`true`);

/**
 * `db` may be a read replica (DATABASE_READ_URL: the portal's search and suggestions); `primary`
 * takes the one write a search makes (a buyer's zero-result query, for the supplier's report).
 */
export async function searchProducts(db: Kysely<DB>, scope: SearchScope, input: SearchInput, primary: Kysely<DB> = db) {
  if (input.priceMin != null && input.priceMax != null && input.priceMin > input.priceMax) {
    throw badRequest('PRICE_RANGE_INVALID', {}, [{ path: 'priceMin', message: 'must not be above priceMax' }]);
  }
  if (input.page * input.pageSize > MAX_RESULT_WINDOW + input.pageSize) throw new AppError('PAGE_TOO_DEEP', 400, { max: MAX_RESULT_WINDOW });
  const price = customerPriceSql(scope.companyId, 's');
  // Matching, filters, counts and facets read the narrow product_search (migration 202612072330:
  // the document and the filter columns, kept in step with products by a trigger) as `p`; only
  // the page's rows are read from products.
  const base: Cond[] = [];
  if (scope.buyerView) {
    // an active SKU and visibility rows at all: flags that triggers keep (migration 202612072200,
    // copied to product_search), not a subquery per match
    base.push(sql`p.on_shelf`, sql`p.has_active_sku`, sql`(not p.visibility_limited or ${visibleProductSql(scope.companyId, sql.ref('p.product_id'))})`);
  } else if (input.onShelf !== undefined) base.push(sql`p.on_shelf = ${input.onShelf}`);
  if (input.priceMin != null || input.priceMax != null) {
    // only the bounds given: each is the price expression again per SKU (prices are never negative)
    const bounds = [...(input.priceMin != null ? [sql`${price} >= ${input.priceMin}`] : []), ...(input.priceMax != null ? [sql`${price} <= ${input.priceMax}`] : [])];
    base.push(sql`exists (select 1 from skus s where s.product_id = p.product_id and s.active and ${and(bounds)})`);
  }
  if (input.inStock) base.push(productInStock('p.product_id'));
  if (input.tag?.length) base.push(sql`p.tags && ${sql.val(input.tag)}::text[]`);
  if (input.isNew) base.push(sql`p.is_new`);
  const brandCond = input.brandId?.length ? sql`p.brand_id in (${sql.join(input.brandId)})` : null;
  const categoryCond = input.categoryId != null ? sql`p.category_id in ${descendantsSql(input.categoryId)}` : null;

  const text = input.q?.trim() ? input.q : null;
  if (text && !understood(text, NO_CONTEXT).strict) return { items: [], total: 0, page: input.page, pageSize: input.pageSize, fuzzy: false, facets: input.facets ? { brands: [], categories: [] } : null, help: null };
  // The query is understood with the vocabulary and synonyms of the catalog version its matches
  // are computed at (a synonym added a moment ago applies to the next search).
  let parsed: ParsedQuery | null = null;
  let strictCond: Cond | null = null;
  const understandAt = async (version: string) => {
    parsed = text ? understood(text, await queryContext(db, version.split('/')[0]!)) : null;
    strictCond = parsed?.strict ? sql`p.search_tsv @@ ${parsed.strict}::tsquery` : null;
  };

  const sales = (alias: string) => sql`(select coalesce(sum(ol.qty), 0) from order_lines ol join orders o on o.id = ol.order_id join skus s on s.id = ol.sku_id
    where s.product_id = ${sql.ref(alias)} and o.submitted_at >= now() - interval '30 days' and o.status not in ('cancelled', 'rejected'))`;
  const minPrice = (alias: string) => sql`(select min(${price}) from skus s where s.product_id = ${sql.ref(alias)} and s.active)`;

  // Stage 1: match once, then order, count and (when asked) facet that one set, for `limit` ids
  // from `offset`. The match is a materialized CTE of narrow rows: the ranking's tsvector tests
  // run once per match and the search document does not travel through the sort, and the facets
  // do not match again. With a brand filter and facets, the set holds every brand (brands count
  // the results with every filter but the brand one) and `in_brand` marks the results.
  const matchSet = async (q: Q, match: Cond | null, limit: number, offset: number, typo = false, candidates: number[] = []): Promise<Matches> => {
    // Relevance from cheap boolean matches (ts_rank over every match was the main cost of broad
    // queries): the rules of docs/search.md as weighted tsquery tests, shorter names last.
    const tests = (list: RankTest[]) => list.map((r) => sql`(p.search_tsv @@ ${r.q}::tsquery)::int * ${sql.lit(r.weight)}`);
    // The tie-break by name length is a float8 outside the typo pass: sorting thousands of numeric
    // keys cost more than the tests (the order is the same: whole-number weights plus a fraction
    // ≤ 0.1 that shrinks with length). The typo pass keeps its expression as it was.
    const rank = parsed
      ? typo
        ? sql`${sql.join([...tests(parsed.rank), ...tests(parsed.fuzzyRank)], sql` + `)}
          ${parsed.pinyin ? sql`+ word_similarity(${parsed.pinyin}, p.search_ascii) * 4` : sql``} + 1.0 / (10 + p.name_length)`
        : sql`${sql.join(tests(parsed.rank), sql` + `)} + 1.0::float8 / (10 + p.name_length)`
      : sql`0`;
    const key = { relevance: parsed ? rank : null, sales: sales('p.product_id'), price_asc: minPrice('p.product_id'), price_desc: minPrice('p.product_id'), newest: null }[input.sort];
    const order = {
      relevance: parsed ? sql`k desc, id desc` : sql`created_at desc, id desc`,
      sales: sql`k desc, id desc`,
      price_asc: sql`k asc nulls last, id asc`,
      price_desc: sql`k desc nulls last, id desc`,
      newest: sql`created_at desc, id desc`,
    }[input.sort];
    const allBrands = !!input.facets && !!brandCond;
    const filters = (m: Cond | null) => [...base, ...(m ? [m] : []), ...(categoryCond ? [categoryCond] : []), ...(brandCond && !allBrands ? [brandCond] : [])];
    // the typo pass's candidates by similar words (search-typo.ts), the most similar first: the
    // first TYPO_MATCHES that pass the filters
    const conds = filters(candidates.length && match
      ? sql`(${match} or p.product_id = any(array(select p.product_id from unnest(${sql.val(candidates)}::bigint[]) with ordinality c(id, ord)
          join product_search p on p.product_id = c.id where ${and(filters(null))} order by c.ord limit ${sql.lit(TYPO_MATCHES)})))`
      : match);
    const inBrand = allBrands ? brandCond! : sql`true`;
    // the order key only for the results (a sales or price key is a subquery per product)
    const k = key ? (allBrands ? sql`case when ${inBrand} then ${key} end` : key) : sql`null::int`;
    const facets = input.facets
      ? sql`(select coalesce(json_agg(x order by x.count desc, x.id), '[]') from (select b.id, b.name, count(*)::int as count from m join brands b on b.id = m.brand_id
            group by b.id, b.name order by count desc, b.id limit 30) x) as brands,
          (select coalesce(json_agg(x order by x.count desc, x.id), '[]') from (select c.id, c.name, count(*)::int as count from m join categories c on c.id = m.category_id
            where m.in_brand group by c.id, c.name order by count desc, c.id limit 30) x) as categories`
      : sql`null as brands, null as categories`;
    type Facet = { id: number; name: string; count: number }[];
    const { rows } = await sql<{ ids: (number | string)[]; total: number | string; brands: Facet | null; categories: Facet | null }>`${sql.raw(NAMED)}
      with m as materialized (select p.product_id as id, p.created_at, p.brand_id, p.category_id, ${inBrand} as in_brand, ${k} as k from product_search p where ${and(conds)})
      select array(select id from m where in_brand order by ${order} limit ${limit} offset ${offset}) as ids,
        (select count(*) from m where in_brand) as total, ${facets}`.execute(q);
    const r = rows[0]!;
    return { ids: r.ids.map(Number), total: Number(r.total), fuzzy: typo, facets: input.facets ? { brands: r.brands ?? [], categories: r.categories ?? [] } : null };
  };

  // Settings for the passes: JIT off (the planner's estimate of a price filter or key crosses
  // jit_above_cost, and compiling took longer than running: 137 of 214 ms). On a PostgreSQL server the match statements are named (prepared per connection) and
  // planned once for all values (a generic plan: planning was 1.3 of a never-seen query's 6 ms;
  // the match is a GIN index scan whatever the words). There the search runs on sessions that
  // start with these settings (tunedSessions: one round trip per statement, not BEGIN, set_config,
  // the statement and COMMIT). With ORDO_PREPARED=0 a transaction sets them; PGlite (no JIT, no
  // kept plans) needs none. (The typo pass set pg_trgm's threshold too, for `<%`: search-typo.ts
  // finds its Latin candidates now.)
  const tuned = tunedSessions(db, { jit: 'off', plan_cache_mode: 'force_generic_plan' });
  const genericPlans = keepsPlans(db) ? sql`, set_config('plan_cache_mode', 'force_generic_plan', true)` : sql``;
  const inTransaction = <T>(fn: (q: Q) => Promise<T>) => db.transaction().execute(async (trx) => {
    await sql`select set_config('jit', 'off', true)${genericPlans}`.execute(trx);
    return fn(trx);
  });
  const passes = async (q: Q, limit: number, offset: number): Promise<Matches> => {
    const res = await matchSet(q, strictCond, limit, offset);
    const p: ParsedQuery | null = parsed;
    if (!p || res.total > 0) return res;
    // Words glued in a way no vocabulary knows: every character typed, anywhere in the product.
    if (p.loose) {
      const loose = await matchSet(q, sql`p.search_tsv @@ ${p.loose}::tsquery`, limit, offset);
      if (loose.total > 0) return loose;
    }
    // Nothing matched: the tolerant pass. Latin terms (pinyin or a brand with a typo) by the
    // products of the catalog's similar words (search-typo.ts: a bounded set, not a trigram
    // recheck of every product's text).
    const similar = p.latin.length ? await typoCandidates(db, p.latin) : [];
    return matchSet(q, sql`p.search_tsv @@ ${p.fuzzy}::tsquery`, limit, offset, true, similar);
  };
  const matches = (limit: number, offset: number): Promise<Matches> => {
    if (tuned) return passes(tuned, limit, offset);
    if (isEmbedded(db)) return passes(db, limit, offset);
    return inTransaction((trx) => passes(trx, limit, offset));
  };

  // Stage 2: prices, stock and sales for the page shown, in stage 1's order, the catalog
  // version read in the same snapshot, and the stock display setting (one statement).
  // Named on a PostgreSQL server: its plan (1.6 of its 1.7 ms) is made once per connection.
  const pageDb = tuned ?? db;
  const page = async (ids: number[]) => (await sql<{
    id: number; name: string; subtitle: string | null; brandId: number | null; brandName: string | null; categoryId: number | null; images: unknown;
    tags: string[]; isNew: boolean; onShelf: boolean; baseUnit: string; minPrice: number | null; maxPrice: number | null; skuCount: number;
    inStock: boolean; sales30d: number; createdAt: Date; catalogVersion: string; available: number; safety: number; stockDisplay: Partial<CustomerDisplaySettings> | null;
  }>`${sql.raw(NAMED)}select p.id, p.name, p.subtitle, p.brand_id as "brandId", b.name as "brandName", p.category_id as "categoryId", p.images, p.tags,
      p.is_new as "isNew", p.on_shelf as "onShelf", p.base_unit as "baseUnit", p.created_at as "createdAt",
      sp.min as "minPrice", sp.max as "maxPrice", sp.n::int as "skuCount",
      ${productInStock('p.id')} as "inStock", ${sales('p.id')} as sales30d, (select v::text from catalog_version where id = 1) as "catalogVersion",
      st.available, st.safety, ${stockDisplaySql} as "stockDisplay"
    from unnest(${sql.val(ids)}::bigint[]) with ordinality as pg(id, ord)
    join products p on p.id = pg.id left join brands b on b.id = p.brand_id
    -- one pass over the product's SKUs for the price range and count (one price expression to plan, not two)
    cross join lateral (select min(x.price) as min, max(x.price) as max, count(*) as n
      from (select ${price} as price from skus s where s.product_id = p.id and s.active) x) sp
    cross join lateral ${productStockSql('p.id')} st
    order by pg.ord`.execute(pageDb)).rows;

  // A buyer's matches are cached whole (the ids of the first pages, or of every page when a deeper
  // one is asked for; stock- and sales-dependent ones only seconds); staff searches (staff just edited something) are computed per page.
  const offset = (input.page - 1) * input.pageSize;
  let found: Matches;
  let rows: Awaited<ReturnType<typeof page>>;
  if (scope.buyerView && scope.companyId != null) {
    const key = JSON.stringify([scope.companyId, input.q?.trim() ?? '', input.categoryId ?? null, input.brandId ?? [], input.tag ?? [],
      input.priceMin ?? null, input.priceMax ?? null, !!input.isNew, !!input.inStock, input.sort, !!input.facets]);
    const ttl = input.inStock ? STOCK_TTL_MS : input.sort === 'sales' ? SALES_TTL_MS : undefined;
    // The version in memory picks the cached matches; the page query reads the real one. When the
    // catalog has changed since, the matches are computed again at the new version (once: a
    // second change racing the retry is caught by the next search).
    for (let attempt = 0; ; attempt++) {
      const version = await catalogVersion(db);
      await understandAt(version);
      // The first pages' ids (most buyers read no further) are a top-N of a few hundred, not of
      // thousands: a broad query's sort was a sixth of its matching. A deeper page asks for every id
      // down to the deepest (cached apart); both are cut from the same order.
      const depth = offset + input.pageSize <= SHALLOW_IDS ? SHALLOW_IDS : MAX_RESULT_WINDOW + MAX_PAGE_SIZE;
      found = await cachedMatches(db, version, `${depth}|${key}`, () => matches(depth, 0), ttl);
      const pageIds = found.ids.slice(offset, offset + input.pageSize);
      rows = pageIds.length ? await page(pageIds) : [];
      const seen = rows[0]?.catalogVersion ?? (await catalogVersionNow(db));
      if (sawCatalogVersion(db, version, seen) || attempt === 1) break;
    }
  } else {
    // staff (who may have just changed a synonym) read the version as committed
    await understandAt(await catalogVersionNow(db));
    found = await matches(input.pageSize, offset);
    rows = found.ids.length ? await page(found.ids) : [];
  }

  // Nothing found: help the buyer on, and tell the supplier (only queries without other filters
  // are misses of the catalog's words; a filter that empties a list is the buyer's choice).
  let help = null;
  if (parsed && found.total === 0 && input.page === 1) {
    help = await zeroResultHelp(db, input.q!, parsed);
    const filtered = input.categoryId != null || !!input.brandId?.length || !!input.tag?.length || input.priceMin != null || input.priceMax != null || !!input.inStock || !!input.isNew;
    if (scope.buyerView && scope.companyId != null && !filtered) await logMiss(primary, scope.companyId, input.q!);
  }
  const stock = productStockViewsFrom(rows[0]?.stockDisplay ?? null, rows, scope.stockAudience ?? 'customer');
  return {
    items: rows.map((r) => {
      const img = imagesOf(r.images)[0];
      return {
        id: r.id, name: r.name, subtitle: r.subtitle, brandId: r.brandId, brandName: r.brandName, categoryId: r.categoryId,
        image: img ? imageView(img) : null, tags: r.tags ?? [], isNew: r.isNew, onShelf: r.onShelf, baseUnit: r.baseUnit,
        minPrice: r.minPrice == null ? null : Number(r.minPrice), maxPrice: r.maxPrice == null ? null : Number(r.maxPrice),
        skuCount: Number(r.skuCount), inStock: !!r.inStock, stock: stock.get(Number(r.id)) ?? { level: null, qty: null }, sales30d: Number(r.sales30d), createdAt: new Date(r.createdAt).toISOString(),
      };
    }),
    total: found.total, page: input.page, pageSize: input.pageSize, fuzzy: found.fuzzy, facets: found.facets, help,
  };
}

/**
 * Readies what a process's first searches would otherwise pay for, in the background at start
 * (server/main.ts): the query context (catalog vocabulary and synonyms, with their pinyin) and the
 * typo pass's words (search-typo.ts, about 250 ms of Node CPU on a 100,000-SKU catalog).
 */
export async function warmSearch(db: Kysely<DB>): Promise<void> {
  await queryContext(db, await catalogVersionNow(db));
  await typoCandidates(db, ['warm']);
}

/** Autocomplete: a few product names, brands and categories for what has been typed so far. */
export async function suggest(db: Kysely<DB>, scope: SearchScope, q: string, primary: Kysely<DB> = db) {
  const text = q.trim();
  if (!text) return [];
  const [products, brands, cats] = await Promise.all([
    searchProducts(db, scope, { q: text, sort: 'relevance', page: 1, pageSize: 6 }, primary),
    sql<{ id: number; name: string }>`select id, name from brands where strpos(lower(name), lower(${text})) > 0 order by sort, id limit 3`.execute(db),
    sql<{ id: number; name: string }>`select id, name from categories where strpos(lower(name), lower(${text})) > 0 order by sort, id limit 3`.execute(db),
  ]);
  // brands and categories also match by pinyin through the products found
  const brandIds = new Set(brands.rows.map((b) => b.id));
  const extraBrands = products.items.filter((p) => p.brandId != null && p.brandName && !brandIds.has(p.brandId) && brandIds.add(p.brandId)).slice(0, 2);
  return [
    ...brands.rows.map((b) => ({ type: 'brand' as const, id: b.id, text: b.name })),
    ...extraBrands.map((p) => ({ type: 'brand' as const, id: p.brandId!, text: p.brandName! })),
    ...cats.rows.map((c) => ({ type: 'category' as const, id: c.id, text: c.name })),
    ...products.items.map((p) => ({ type: 'product' as const, id: p.id, text: p.name })),
  ];
}
