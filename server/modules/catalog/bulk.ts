import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { audit } from '../platform/audit';
import { emit } from '../platform/outbox';
import type { Actor } from '../auth/actor';
import { PRODUCT_CHANGED } from './products';
import { reindexProducts, reindexWhere } from './reindex';
import { descendantsSql } from './categories';
import './tables';

/**
 * Set-based writes of categories, brands, products and SKUs for imports and the ERP sync API
 * (issue 19): a few statements per chunk, never a row at a time, and rows whose values are
 * already there are left alone (so a re-run writes nothing and reports "unchanged").
 * Every function runs in the caller's transaction.
 */
type Q = Kysely<DB> | Transaction<DB>;
export type Outcome = 'created' | 'updated' | 'unchanged';

const pathKey = (path: string[]) => path.join('/').toLowerCase();

/** Every category with its path as written (饮料/饮用水) and sort, in display order. */
export async function categoryPaths(db: Q): Promise<{ id: number; path: string[]; sort: number }[]> {
  const cats = await db.selectFrom('categories').select(['id', 'parent_id', 'name', 'sort']).orderBy('sort').orderBy('id').execute();
  const byId = new Map(cats.map((c) => [c.id, c]));
  return cats.map((c) => {
    const names: string[] = [];
    for (let x: typeof c | undefined = c; x && names.length < 20; x = x.parent_id == null ? undefined : byId.get(x.parent_id)) names.unshift(x.name);
    return { id: c.id, path: names, sort: c.sort };
  });
}

/** Every category as its path (饮料/饮用水, lower case) → id. */
export async function categoryPathIds(db: Q): Promise<Map<string, number>> {
  return new Map((await categoryPaths(db)).map((c) => [pathKey(c.path), c.id]));
}

/** Brands as the brand template lists them. */
export async function brandRowsForExport(db: Q) {
  return db.selectFrom('brands').select(['name', 'aliases', 'sort']).orderBy('sort').orderBy('id').execute();
}

/**
 * Creates the categories of the given paths that are missing (parents first, one insert per
 * level) and sets `sort` where given. Returns each path's id and outcome.
 */
export async function upsertCategoryPaths(trx: Transaction<DB>, actor: Actor, rows: { path: string[]; sort?: number | null }[]) {
  const ids = await categoryPathIds(trx);
  const outcome = new Map<string, Outcome>();
  const depth = Math.max(0, ...rows.map((r) => r.path.length));
  for (let d = 1; d <= depth; d++) {
    const missing = new Map<string, { parent: number | null; name: string }>();
    for (const r of rows) {
      if (r.path.length < d) continue;
      const key = pathKey(r.path.slice(0, d));
      if (ids.has(key) || missing.has(key)) continue;
      missing.set(key, { parent: d === 1 ? null : ids.get(pathKey(r.path.slice(0, d - 1)))!, name: r.path[d - 1]! });
    }
    if (!missing.size) continue;
    const list = [...missing];
    const made = await sql<{ id: number; ord: number }>`
      insert into categories (parent_id, name)
      select p, n from unnest(${list.map(([, m]) => m.parent)}::bigint[], ${list.map(([, m]) => m.name)}::text[]) with ordinality as v(p, n, ord)
      order by ord returning id`.execute(trx);
    made.rows.forEach((m, i) => {
      ids.set(list[i]![0], Number(m.id));
      outcome.set(list[i]![0], 'created');
    });
  }
  const sorts = rows.filter((r) => r.sort != null && r.path.length);
  if (sorts.length) {
    const changed = await sql<{ id: number }>`
      update categories c set sort = v.sort from unnest(${sorts.map((r) => ids.get(pathKey(r.path))!)}::bigint[], ${sorts.map((r) => r.sort!)}::int[]) as v(id, sort)
      where c.id = v.id and c.sort <> v.sort returning c.id`.execute(trx);
    const changedIds = new Set(changed.rows.map((r) => Number(r.id)));
    for (const r of sorts) {
      const k = pathKey(r.path);
      if (changedIds.has(ids.get(k)!) && outcome.get(k) !== 'created') outcome.set(k, 'updated');
    }
  }
  const created = [...outcome.values()].filter((o) => o === 'created').length;
  if (created || outcome.size) await audit(trx, actor, { action: 'category.import', entityType: 'category', entityId: null, after: { created, updated: outcome.size - created } });
  return { ids, outcome: (path: string[]) => outcome.get(pathKey(path)) ?? 'unchanged' };
}

/** Brand name (lower case) → id. */
export async function brandIds(db: Q): Promise<Map<string, number>> {
  return new Map((await db.selectFrom('brands').select(['id', 'name']).execute()).map((b) => [b.name.toLowerCase(), b.id]));
}

/** Creates missing brands and sets aliases / sort where given; brands named like an existing one (any case) are that brand. */
export async function upsertBrands(trx: Transaction<DB>, actor: Actor, rows: { name: string; aliases?: string[] | null; sort?: number | null }[]) {
  const outcome = new Map<string, Outcome>();
  const uniq = [...new Map(rows.map((r) => [r.name.toLowerCase(), r])).values()];
  if (uniq.length) {
    const made = await sql<{ name: string }>`
      insert into brands (name) select n from unnest(${uniq.map((r) => r.name)}::text[]) as v(n)
      on conflict (lower(name)) do nothing returning name`.execute(trx);
    for (const m of made.rows) outcome.set(m.name.toLowerCase(), 'created');
  }
  const withAliases = uniq.filter((r) => r.aliases != null);
  if (withAliases.length) {
    const changed = await sql<{ name: string }>`
      update brands b set aliases = v.a from (select n, coalesce((select array_agg(x order by o) from unnest(string_to_array(a, '|')) with ordinality t(x, o) where x <> ''), '{}') as a
        from unnest(${withAliases.map((r) => r.name)}::text[], ${withAliases.map((r) => r.aliases!.join('|'))}::text[]) as u(n, a)) v
      where lower(b.name) = lower(v.n) and b.aliases is distinct from v.a returning b.name`.execute(trx);
    for (const c of changed.rows) if (!outcome.has(c.name.toLowerCase())) outcome.set(c.name.toLowerCase(), 'updated');
    if (changed.rows.length) await reindexWhere(trx, sql`lower(b.name) in (${sql.join(changed.rows.map((c) => c.name.toLowerCase()))})`);
  }
  const withSort = uniq.filter((r) => r.sort != null);
  if (withSort.length) {
    const changed = await sql<{ name: string }>`
      update brands b set sort = v.s from unnest(${withSort.map((r) => r.name)}::text[], ${withSort.map((r) => r.sort!)}::int[]) as v(n, s)
      where lower(b.name) = lower(v.n) and b.sort <> v.s returning b.name`.execute(trx);
    for (const c of changed.rows) if (!outcome.has(c.name.toLowerCase())) outcome.set(c.name.toLowerCase(), 'updated');
  }
  if (outcome.size) await audit(trx, actor, { action: 'brand.import', entityType: 'brand', entityId: null, after: { changed: outcome.size } });
  return { ids: await brandIds(trx), outcome: (name: string) => outcome.get(name.toLowerCase()) ?? 'unchanged' };
}

export interface BulkSku {
  code: string;
  barcode: string | null;
  specs: Record<string, string>;
  basePrice: number;
  retailPrice: number | null;
  weightGrams: number | null;
  moq: number;
  orderMultiple: number;
  /** selling units other than the base unit, e.g. 箱 = 24 */
  units: { unit: string; factor: number }[];
}
export interface BulkProduct {
  /** 商品编码; null: the product is found through its SKUs, else created */
  code: string | null;
  name: string;
  subtitle: string | null;
  categoryId: number | null;
  brandId: number | null;
  baseUnit: string;
  tags: string[];
  onShelf: boolean;
  isNew: boolean;
  skus: BulkSku[];
}

const specText = (specs: Record<string, string>) => Object.values(specs).join(' / ');
const unitsKey = (units: { unit: string; factor: number }[]) => units.map((u) => `${u.unit}=${u.factor}`).sort().join('|');
const canon = (o: unknown) => JSON.stringify(Object.entries((o ?? {}) as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
const same = <T>(a: T[], b: T[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Existing products and SKUs the given codes name: what an import would update. */
export async function existingForProducts(db: Q, productCodes: string[], skuCodes: string[]) {
  const products = productCodes.length
    ? await db.selectFrom('products').select(['id', 'code', 'name', 'base_unit']).where(sql<boolean>`lower(code) = any(${productCodes.map((c) => c.toLowerCase())}::text[])`).execute()
    : [];
  const skus = skuCodes.length
    ? await db.selectFrom('skus as s').innerJoin('products as p', 'p.id', 's.product_id')
      .select(['s.id', 's.code', 's.product_id', 'p.code as product_code', 'p.base_unit'])
      .where(sql<boolean>`lower(s.code) = any(${skuCodes.map((c) => c.toLowerCase())}::text[])`).execute()
    : [];
  return {
    productByCode: new Map(products.map((p) => [p.code!.toLowerCase(), p])),
    skuByCode: new Map(skus.map((s) => [s.code.toLowerCase(), s])),
  };
}

/**
 * Inserts or updates products with their SKUs, in a handful of statements per call. A product is
 * found by its code, else by the product one of its SKU codes already belongs to, else created;
 * a SKU is found by its code (and moved to this product when it was filed under another).
 * SKUs not named are kept. Returns each SKU code's outcome.
 */
export async function upsertProducts(trx: Transaction<DB>, actor: Actor, products: BulkProduct[], reason = 'import') {
  const { productByCode, skuByCode } = await existingForProducts(trx, products.map((p) => p.code).filter((c): c is string => !!c), products.flatMap((p) => p.skus.map((s) => s.code)));
  const pid = products.map((p) => (p.code ? productByCode.get(p.code.toLowerCase())?.id : undefined) ?? p.skus.map((s) => skuByCode.get(s.code.toLowerCase())?.product_id).find((x) => x != null) ?? null);
  const knownIds = [...new Set(pid.filter((x): x is number => x != null))];
  const before = knownIds.length
    ? await trx.selectFrom('products').select(['id', 'code', 'name', 'subtitle', 'category_id', 'brand_id', 'base_unit', 'tags', 'on_shelf', 'is_new']).where('id', 'in', knownIds).execute()
    : [];
  const beforeOf = new Map(before.map((b) => [b.id, b]));
  const touched = new Set<number>();
  const productOutcome = new Map<number, Outcome>();

  // new products: one insert
  const fresh = products.map((p, i) => ({ p, i })).filter(({ i }) => pid[i] == null);
  if (fresh.length) {
    const made = await sql<{ id: number }>`
      insert into products (code, name, subtitle, category_id, brand_id, base_unit, tags, on_shelf, is_new)
      select c, n, st, cat, br, bu, string_to_array(tg, '|'), os, nw
      from unnest(${fresh.map(({ p }) => p.code)}::text[], ${fresh.map(({ p }) => p.name)}::text[], ${fresh.map(({ p }) => p.subtitle)}::text[],
        ${fresh.map(({ p }) => p.categoryId)}::bigint[], ${fresh.map(({ p }) => p.brandId)}::bigint[], ${fresh.map(({ p }) => p.baseUnit)}::text[],
        ${fresh.map(({ p }) => p.tags.join('|'))}::text[], ${fresh.map(({ p }) => p.onShelf)}::boolean[], ${fresh.map(({ p }) => p.isNew)}::boolean[])
        with ordinality as v(c, n, st, cat, br, bu, tg, os, nw, ord)
      order by ord returning id`.execute(trx);
    made.rows.forEach((m, k) => {
      pid[fresh[k]!.i] = Number(m.id);
      touched.add(Number(m.id));
      productOutcome.set(Number(m.id), 'created');
    });
  }
  // changed products: one update
  const changed = products.map((p, i) => ({ p, id: pid[i]! })).filter(({ p, id }) => {
    const b = beforeOf.get(id);
    if (!b) return false;
    return (p.code != null && b.code !== p.code) || b.name !== p.name || b.subtitle !== p.subtitle || b.category_id !== p.categoryId || b.brand_id !== p.brandId
      || b.base_unit !== p.baseUnit || !same(b.tags ?? [], p.tags) || b.on_shelf !== p.onShelf || b.is_new !== p.isNew;
  });
  if (changed.length) {
    await sql`
      update products t set code = coalesce(v.c, t.code), name = v.n, subtitle = v.st, category_id = v.cat, brand_id = v.br, base_unit = v.bu,
        tags = string_to_array(v.tg, '|'), on_shelf = v.os, is_new = v.nw, updated_at = now()
      from unnest(${changed.map(({ id }) => id)}::bigint[], ${changed.map(({ p }) => p.code)}::text[], ${changed.map(({ p }) => p.name)}::text[], ${changed.map(({ p }) => p.subtitle)}::text[],
        ${changed.map(({ p }) => p.categoryId)}::bigint[], ${changed.map(({ p }) => p.brandId)}::bigint[], ${changed.map(({ p }) => p.baseUnit)}::text[],
        ${changed.map(({ p }) => p.tags.join('|'))}::text[], ${changed.map(({ p }) => p.onShelf)}::boolean[], ${changed.map(({ p }) => p.isNew)}::boolean[])
        as v(id, c, n, st, cat, br, bu, tg, os, nw)
      where t.id = v.id`.execute(trx);
    for (const { id } of changed) {
      touched.add(id);
      productOutcome.set(id, 'updated');
    }
  }

  // SKUs: compare with what is stored, then one insert and one update
  const lines = products.flatMap((p, i) => p.skus.map((s) => ({ s, productId: pid[i]!, baseUnit: p.baseUnit })));
  const existingIds = lines.map((l) => skuByCode.get(l.s.code.toLowerCase())?.id).filter((x): x is number => x != null);
  const stored = existingIds.length
    ? await trx.selectFrom('skus').select(['id', 'product_id', 'barcode', 'spec_text', 'specs', 'base_price', 'retail_price', 'weight_grams', 'moq', 'order_multiple', 'active']).where('id', 'in', existingIds).execute()
    : [];
  const storedOf = new Map(stored.map((s) => [s.id, s]));
  const storedUnits = existingIds.length ? await trx.selectFrom('sku_units').select(['sku_id', 'unit', 'factor']).where('sku_id', 'in', existingIds).execute() : [];
  const unitsOf = new Map<number, { unit: string; factor: number }[]>();
  for (const u of storedUnits) unitsOf.set(u.sku_id, [...(unitsOf.get(u.sku_id) ?? []), u]);
  const outcome = new Map<string, Outcome>();
  const toInsert: typeof lines = [];
  const toUpdate: { l: (typeof lines)[number]; id: number }[] = [];
  const unitWrites: { id: number; baseUnit: string; units: BulkSku['units'] }[] = [];
  for (const l of lines) {
    const id = skuByCode.get(l.s.code.toLowerCase())?.id;
    const b = id == null ? undefined : storedOf.get(id);
    if (!b || id == null) {
      toInsert.push(l);
      continue;
    }
    const rowChanged = b.product_id !== l.productId || b.barcode !== l.s.barcode || canon(b.specs) !== canon(l.s.specs) || b.base_price !== l.s.basePrice
      || b.retail_price !== l.s.retailPrice || b.weight_grams !== l.s.weightGrams || b.moq !== l.s.moq || b.order_multiple !== l.s.orderMultiple || !b.active;
    const want = [{ unit: l.baseUnit, factor: 1 }, ...l.s.units];
    const unitsChanged = unitsKey(unitsOf.get(id) ?? []) !== unitsKey(want);
    if (rowChanged) toUpdate.push({ l, id });
    if (unitsChanged) unitWrites.push({ id, baseUnit: l.baseUnit, units: l.s.units });
    outcome.set(l.s.code.toLowerCase(), rowChanged || unitsChanged ? 'updated' : 'unchanged');
    if (rowChanged || unitsChanged) {
      touched.add(l.productId);
      if (b.product_id !== l.productId) touched.add(b.product_id);
    }
  }
  const skuCols = (ls: typeof lines) => sql`${ls.map((l) => l.s.code)}::text[], ${ls.map((l) => l.productId)}::bigint[], ${ls.map((l) => l.s.barcode)}::text[],
    ${ls.map((l) => JSON.stringify(l.s.specs))}::text[], ${ls.map((l) => specText(l.s.specs))}::text[], ${ls.map((l) => l.s.basePrice)}::bigint[],
    ${ls.map((l) => l.s.retailPrice)}::bigint[], ${ls.map((l) => l.s.weightGrams)}::int[], ${ls.map((l) => l.s.moq)}::int[], ${ls.map((l) => l.s.orderMultiple)}::int[]`;
  if (toInsert.length) {
    const made = await sql<{ id: number }>`
      insert into skus (code, product_id, barcode, specs, spec_text, base_price, retail_price, weight_grams, moq, order_multiple)
      select c, p, bc, sp::jsonb, stx, bp, rp, w, m, om from unnest(${skuCols(toInsert)}) with ordinality as v(c, p, bc, sp, stx, bp, rp, w, m, om, ord)
      order by ord returning id`.execute(trx);
    made.rows.forEach((m, k) => {
      const l = toInsert[k]!;
      unitWrites.push({ id: Number(m.id), baseUnit: l.baseUnit, units: l.s.units });
      outcome.set(l.s.code.toLowerCase(), 'created');
      touched.add(l.productId);
    });
  }
  if (toUpdate.length) {
    const ls = toUpdate.map((u) => u.l);
    await sql`
      update skus t set code = v.c, product_id = v.p, barcode = v.bc, specs = v.sp::jsonb, spec_text = v.stx, base_price = v.bp, retail_price = v.rp,
        weight_grams = v.w, moq = v.m, order_multiple = v.om, active = true, updated_at = now()
      from unnest(${toUpdate.map((u) => u.id)}::bigint[], ${skuCols(ls)}) as v(id, c, p, bc, sp, stx, bp, rp, w, m, om)
      where t.id = v.id`.execute(trx);
  }
  if (unitWrites.length) {
    await trx.deleteFrom('sku_units').where('sku_id', 'in', unitWrites.map((u) => u.id)).execute();
    const rows = unitWrites.flatMap((u) => [{ sku_id: u.id, unit: u.baseUnit, factor: 1 }, ...u.units.filter((x) => x.unit !== u.baseUnit).map((x) => ({ sku_id: u.id, unit: x.unit, factor: x.factor }))]);
    await sql`insert into sku_units (sku_id, unit, factor) select * from unnest(${rows.map((r) => r.sku_id)}::bigint[], ${rows.map((r) => r.unit)}::text[], ${rows.map((r) => r.factor)}::int[])`.execute(trx);
  }
  const ids = [...touched];
  if (ids.length) {
    await reindexProducts(trx, ids);
    await audit(trx, actor, { action: 'product.import', entityType: 'product', entityId: null, after: { products: ids.length, skusCreated: toInsert.length, skusUpdated: toUpdate.length } });
    await emit(trx, PRODUCT_CHANGED, { productIds: ids.slice(0, 5000), reason });
  }
  return { skuOutcome: (code: string) => outcome.get(code.toLowerCase()) ?? 'unchanged', productIds: pid as number[], productOutcome };
}

/** Products with their active SKUs and selling units, in the order of the product export. */
export async function productRowsForExport(db: Q, filter: { categoryId?: number; brandId?: number; skuCodes?: string[] } = {}) {
  return sql<{
    product_code: string | null; name: string; subtitle: string | null; category_id: number | null; brand: string | null; base_unit: string; tags: string[];
    on_shelf: boolean; is_new: boolean; code: string; barcode: string | null; specs: Record<string, string>; base_price: number; retail_price: number | null;
    weight_grams: number | null; moq: number; order_multiple: number; units: string | null;
  }>`
    select p.code as product_code, p.name, p.subtitle, p.category_id, b.name as brand, p.base_unit, p.tags, p.on_shelf, p.is_new,
      s.code, s.barcode, s.specs, s.base_price, s.retail_price, s.weight_grams, s.moq, s.order_multiple,
      (select string_agg(u.unit || '=' || u.factor, '|' order by u.factor) from sku_units u where u.sku_id = s.id and u.factor > 1) as units
    from skus s join products p on p.id = s.product_id left join brands b on b.id = p.brand_id
    where s.active
      ${filter.categoryId != null ? sql`and p.category_id in ${descendantsSql(filter.categoryId)}` : sql``}
      ${filter.brandId != null ? sql`and p.brand_id = ${filter.brandId}` : sql``}
      ${filter.skuCodes ? sql`and lower(s.code) = any(${filter.skuCodes}::text[])` : sql``}
    order by p.id, s.id`.execute(db).then((r) => r.rows);
}

/** SKU code (lower case) → id, for the given codes. */
export async function skuIdsByCode(db: Q, codes: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const uniq = [...new Set(codes.map((c) => c.toLowerCase()))];
  for (let i = 0; i < uniq.length; i += 20_000) {
    const rows = await db.selectFrom('skus').select(['id', 'code']).where(sql<boolean>`lower(code) = any(${uniq.slice(i, i + 20_000)}::text[])`).execute();
    for (const r of rows) out.set(r.code.toLowerCase(), r.id);
  }
  return out;
}
