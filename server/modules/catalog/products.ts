import { sql, type Kysely, type Transaction } from 'kysely';
import sanitizeHtml from 'sanitize-html';
import type { z } from 'zod';
import type { DB } from '../../lib/db-types';
import { AppError, conflict, isUniqueViolation, notFound, validation, type FieldIssue } from '../../lib/errors';
import { audit } from '../platform/audit';
import { emit } from '../platform/outbox';
import type { Actor } from '../auth/actor';
import type { productBody, productPatch, skuBody } from './schemas';
import { imagesOf, imageView } from './images';
import { reindexProducts } from './reindex';
import './tables';
import './messages';

export const PRODUCT_ENTITY = '商品 / product';
export const PRODUCT_CHANGED = 'catalog.product_changed';
type Q = Kysely<DB> | Transaction<DB>;
type SkuInput = z.infer<typeof skuBody>;
type ProductInput = z.infer<typeof productBody>;

/** Rich descriptions keep formatting, tables and images; scripts, handlers and javascript: URLs never survive. */
export function sanitizeDescription(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: ['p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'h2', 'h3', 'h4', 'ul', 'ol', 'li', 'blockquote', 'hr', 'span', 'div',
      'table', 'thead', 'tbody', 'tr', 'th', 'td', 'img', 'a'],
    allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt', 'width', 'height'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowProtocolRelative: false,
    transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }) },
  }).trim();
}

const specText = (specs: Record<string, string> | undefined) => Object.values(specs ?? {}).join(' / ');

/** Checks a product's SKUs as a whole before anything is written (codes, units). */
function checkSkus(skus: SkuInput[], baseUnit: string) {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  skus.forEach((s, i) => {
    const code = s.code.toLowerCase();
    if (seen.has(code)) throw new AppError('SKU_CODE_DUPLICATE', 400, { code: s.code }, [{ path: `skus.${i}.code`, message: 'duplicate code' }]);
    seen.add(code);
    const names = new Set<string>([baseUnit]);
    for (const [j, u] of (s.units ?? []).entries()) {
      if (u.unit === baseUnit && u.factor !== 1) issues.push({ path: `skus.${i}.units.${j}.factor`, message: `the base unit ${baseUnit} has factor 1` });
      else if (u.unit !== baseUnit && names.has(u.unit)) issues.push({ path: `skus.${i}.units.${j}.unit`, message: `unit ${u.unit} appears twice` });
      else if (u.unit !== baseUnit && u.factor === 1) issues.push({ path: `skus.${i}.units.${j}.factor`, message: 'a selling unit other than the base unit needs a factor above 1' });
      names.add(u.unit);
    }
  });
  if (issues.length) throw new AppError('SKU_UNIT_INVALID', 400, { reason: issues.map((x) => x.message).join('; ') }, issues);
}

async function checkRefs(db: Q, input: { categoryId?: number | null; brandId?: number | null }) {
  const issues: FieldIssue[] = [];
  if (input.categoryId != null && !(await db.selectFrom('categories').select('id').where('id', '=', input.categoryId).executeTakeFirst())) issues.push({ path: 'categoryId', message: 'unknown category' });
  if (input.brandId != null && !(await db.selectFrom('brands').select('id').where('id', '=', input.brandId).executeTakeFirst())) issues.push({ path: 'brandId', message: 'unknown brand' });
  if (issues.length) throw validation(issues);
}

/** Codes already used by other SKUs (any product): a precise 409 before the unique index fires. */
async function assertCodesFree(db: Q, skus: SkuInput[]) {
  const taken = await db.selectFrom('skus').select(['id', 'code'])
    .where(sql`lower(code)`, 'in', skus.map((s) => s.code.toLowerCase()))
    .execute();
  for (const t of taken) {
    const i = skus.findIndex((s) => s.code.toLowerCase() === t.code.toLowerCase());
    if (skus[i]?.id !== t.id) throw conflict('SKU_CODE_TAKEN', { code: t.code }, [{ path: `skus.${i}.code`, message: 'already used' }]);
  }
}

async function writeUnits(trx: Transaction<DB>, skuId: number, baseUnit: string, extras: { unit: string; factor: number }[]) {
  await trx.deleteFrom('sku_units').where('sku_id', '=', skuId).execute();
  const rows = [{ sku_id: skuId, unit: baseUnit, factor: 1 }, ...extras.filter((u) => u.unit !== baseUnit).map((u) => ({ sku_id: skuId, unit: u.unit, factor: u.factor }))];
  await trx.insertInto('sku_units').values(rows).execute();
}

const skuRow = (s: SkuInput) => ({
  code: s.code, barcode: s.barcode ?? null, specs: JSON.stringify(s.specs ?? {}), spec_text: specText(s.specs),
  base_price: s.basePrice, retail_price: s.retailPrice ?? null, weight_grams: s.weightGrams ?? null,
  moq: s.moq ?? 1, order_multiple: s.orderMultiple ?? 1, active: s.active ?? true,
});

/**
 * Inserts or updates the given SKUs of a product. SKUs of the product left out are deactivated
 * (orders keep referring to them) unless keepOthers (imports add and update, never remove).
 */
export async function writeSkus(trx: Transaction<DB>, productId: number, baseUnit: string, skus: SkuInput[], baseUnitChanged: boolean, opts: { keepOthers?: boolean } = {}) {
  const existing = await trx.selectFrom('skus').select('id').where('product_id', '=', productId).execute();
  const own = new Set(existing.map((e) => e.id));
  const kept = new Set<number>();
  for (const [i, s] of skus.entries()) {
    if (s.id != null && !own.has(s.id)) throw validation([{ path: `skus.${i}.id`, message: 'not a SKU of this product' }]);
    let skuId = s.id;
    if (skuId != null) {
      await trx.updateTable('skus').set({ ...skuRow(s), updated_at: new Date() }).where('id', '=', skuId).execute();
      kept.add(skuId);
    } else {
      skuId = (await trx.insertInto('skus').values({ ...skuRow(s), product_id: productId }).returning('id').executeTakeFirstOrThrow()).id;
    }
    if (s.units || s.id == null || baseUnitChanged) {
      const extras = s.units ?? (await trx.selectFrom('sku_units').select(['unit', 'factor']).where('sku_id', '=', skuId).where('factor', '>', 1).execute());
      await writeUnits(trx, skuId, baseUnit, extras);
    }
  }
  if (opts.keepOthers) return;
  const dropped = existing.map((e) => e.id).filter((id) => !kept.has(id));
  if (dropped.length) await trx.updateTable('skus').set({ active: false, updated_at: new Date() }).where('id', 'in', dropped).execute();
}

export async function createProduct(db: Kysely<DB>, actor: Actor, input: ProductInput) {
  const baseUnit = input.baseUnit ?? '件';
  checkSkus(input.skus, baseUnit);
  await checkRefs(db, input);
  await assertCodesFree(db, input.skus);
  try {
    const id = await db.transaction().execute(async (trx) => {
      const p = await trx.insertInto('products').values({
        name: input.name, subtitle: input.subtitle ?? null, category_id: input.categoryId ?? null, brand_id: input.brandId ?? null,
        description_html: sanitizeDescription(input.descriptionHtml ?? ''), params: JSON.stringify(input.params ?? []), tags: [...new Set(input.tags ?? [])],
        base_unit: baseUnit, on_shelf: input.onShelf ?? true, is_new: input.isNew ?? false,
      }).returning('id').executeTakeFirstOrThrow();
      await writeSkus(trx, p.id, baseUnit, input.skus.map((s) => ({ ...s, id: undefined })), false);
      await reindexProducts(trx, [p.id]);
      await audit(trx, actor, { action: 'product.create', entityType: 'product', entityId: p.id, after: { ...input, descriptionHtml: undefined } });
      await emit(trx, PRODUCT_CHANGED, { productIds: [p.id], reason: 'create' });
      return p.id;
    });
    return getProduct(db, id);
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('SKU_CODE_TAKEN', { code: input.skus.map((s) => s.code).join(', ') });
    throw e;
  }
}

export async function updateProduct(db: Kysely<DB>, actor: Actor, id: number, input: z.infer<typeof productPatch>) {
  const before = await getProduct(db, id);
  const baseUnit = input.baseUnit ?? before.baseUnit;
  if (input.skus) {
    checkSkus(input.skus, baseUnit);
    await assertCodesFree(db, input.skus);
  }
  await checkRefs(db, input);
  const row: Record<string, unknown> = {};
  if (input.name !== undefined) row.name = input.name;
  if (input.subtitle !== undefined) row.subtitle = input.subtitle;
  if (input.categoryId !== undefined) row.category_id = input.categoryId;
  if (input.brandId !== undefined) row.brand_id = input.brandId;
  if (input.descriptionHtml !== undefined) row.description_html = sanitizeDescription(input.descriptionHtml);
  if (input.params !== undefined) row.params = JSON.stringify(input.params);
  if (input.tags !== undefined) row.tags = [...new Set(input.tags)];
  if (input.baseUnit !== undefined) row.base_unit = input.baseUnit;
  if (input.onShelf !== undefined) row.on_shelf = input.onShelf;
  if (input.isNew !== undefined) row.is_new = input.isNew;
  if (input.images !== undefined) {
    const have = new Map(before.images.map((i) => [i.id, { id: i.id, w: i.width, h: i.height }]));
    const unknown = input.images.findIndex((x) => !have.has(x));
    if (unknown >= 0) throw validation([{ path: `images.${unknown}`, message: 'not an image of this product' }]);
    row.images = JSON.stringify([...new Set(input.images)].map((x) => have.get(x)));
  }
  try {
    await db.transaction().execute(async (trx) => {
      if (Object.keys(row).length) await trx.updateTable('products').set({ ...row, updated_at: new Date() } as never).where('id', '=', id).execute();
      if (input.skus) await writeSkus(trx, id, baseUnit, input.skus, baseUnit !== before.baseUnit);
      else if (baseUnit !== before.baseUnit) await writeSkus(trx, id, baseUnit, before.skus.filter((s) => s.active).map((s) => ({ ...s, units: undefined, specs: s.specs })), true);
      await reindexProducts(trx, [id]);
      await audit(trx, actor, { action: 'product.update', entityType: 'product', entityId: id, before: { ...before, descriptionHtml: undefined }, after: { ...input, descriptionHtml: undefined } });
      await emit(trx, PRODUCT_CHANGED, { productIds: [id], reason: 'update' });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('SKU_CODE_TAKEN', { code: (input.skus ?? []).map((s) => s.code).join(', ') });
    throw e;
  }
  return getProduct(db, id);
}

/** Puts products on or off the shelf in one go; unknown ids are a 404 and nothing changes. */
export async function setShelf(db: Kysely<DB>, actor: Actor, ids: number[], onShelf: boolean) {
  const unique = [...new Set(ids)];
  return db.transaction().execute(async (trx) => {
    const found = await trx.selectFrom('products').select('id').where('id', 'in', unique).execute();
    if (found.length !== unique.length) throw notFound(PRODUCT_ENTITY);
    await trx.updateTable('products').set({ on_shelf: onShelf, updated_at: new Date() }).where('id', 'in', unique).execute();
    await audit(trx, actor, { action: onShelf ? 'product.shelve' : 'product.unshelve', entityType: 'product', entityId: null, after: { ids: unique } });
    await emit(trx, PRODUCT_CHANGED, { productIds: unique, reason: onShelf ? 'on_shelf' : 'off_shelf' });
    return { updated: unique.length };
  });
}

/** The full product as staff see it (all SKUs, base prices). */
export async function getProduct(db: Q, id: number) {
  const p = await db.selectFrom('products as p').leftJoin('brands as b', 'b.id', 'p.brand_id')
    .select(['p.id', 'p.name', 'p.subtitle', 'p.category_id', 'p.brand_id', 'b.name as brandName', 'p.description_html', 'p.images', 'p.params', 'p.tags',
      'p.base_unit', 'p.on_shelf', 'p.is_new', 'p.created_at', 'p.updated_at'])
    .where('p.id', '=', id).executeTakeFirst();
  if (!p) throw notFound(PRODUCT_ENTITY);
  const skus = await db.selectFrom('skus').selectAll().where('product_id', '=', id).orderBy('id').execute();
  const units = skus.length ? await db.selectFrom('sku_units').selectAll().where('sku_id', 'in', skus.map((s) => s.id)).orderBy('factor').execute() : [];
  const path = p.category_id == null ? [] : (await sql<{ name: string }>`
    with recursive up(id, parent_id, name, depth) as (
      select id, parent_id, name, 0 from categories where id = ${p.category_id}
      union all select c.id, c.parent_id, c.name, up.depth + 1 from categories c join up on c.id = up.parent_id where up.depth < 20)
    select name from up order by depth desc`.execute(db)).rows.map((r) => r.name);
  return {
    id: p.id, name: p.name, subtitle: p.subtitle, categoryId: p.category_id, categoryPath: path, brandId: p.brand_id, brandName: p.brandName ?? null,
    descriptionHtml: p.description_html, images: imagesOf(p.images).map(imageView), params: (p.params as { name: string; value: string }[]) ?? [],
    tags: p.tags ?? [], baseUnit: p.base_unit, onShelf: p.on_shelf, isNew: p.is_new,
    createdAt: new Date(p.created_at).toISOString(), updatedAt: new Date(p.updated_at).toISOString(),
    skus: skus.map((s) => ({
      id: s.id, code: s.code, barcode: s.barcode, specs: (s.specs as Record<string, string>) ?? {}, specText: s.spec_text, basePrice: s.base_price,
      retailPrice: s.retail_price, weightGrams: s.weight_grams, moq: s.moq, orderMultiple: s.order_multiple, active: s.active,
      units: units.filter((u) => u.sku_id === s.id).map((u) => ({ unit: u.unit, factor: u.factor })),
    })),
  };
}
