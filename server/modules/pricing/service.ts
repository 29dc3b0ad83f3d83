import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../lib/db-types';
import { notFound, validation } from '../../lib/errors';
import { audit } from '../platform/audit';
import { emit } from '../platform/outbox';
import type { Actor } from '../auth/actor';
import { assertCustomerAccess } from '../customers/companies';
import { loadPriceData, priceBreaks, resolvePrices, compareLists, type ResolvedPrice } from './resolve';
import { sellableSkuIds, visibleSkuIds } from './visibility';
import type { visibilityBody } from './schemas';

const SKU_ENTITY = '商品 / product';

/**
 * Staff explanation of one price: the resolved price with its rule and next break, the
 * quantity-break table and every list entry that was considered, in precedence order.
 */
export async function explainPrice(db: Kysely<DB>, actor: Actor, q: { companyId?: number; skuId: number; qty: number; at?: Date }) {
  const companyId = q.companyId ?? null;
  if (companyId != null) await assertCustomerAccess(db, actor, companyId);
  const at = q.at ?? new Date();
  const resolved = (await resolvePrices(db, companyId, [{ skuId: q.skuId, qty: q.qty }], at)).get(q.skuId);
  if (!resolved) throw notFound(SKU_ENTITY);
  const [breaks, data, visible, company] = [
    await priceBreaks(db, companyId, q.skuId, at),
    await loadPriceData(db, companyId, [q.skuId], at),
    await visibleSkuIds(db, companyId, [q.skuId]),
    companyId == null
      ? null
      : await db.selectFrom('companies as c').leftJoin('customer_tiers as t', 't.id', 'c.tier_id')
        .select(['c.id', 'c.code', 'c.name', 'c.tier_id as tierId', 't.name as tierName', 't.discount_bp as tierDiscountBp']).where('c.id', '=', companyId).executeTakeFirst(),
  ];
  const sku = data.skus[0];
  const lists = data.company?.lists ?? new Map();
  const candidates = (sku?.entries ?? [])
    .map((e) => ({ ...e, list: lists.get(e.listId)! }))
    .filter((e) => e.list)
    .sort((a, b) => compareLists(a.list, b.list) || b.minQty - a.minQty)
    .map((e) => ({
      priceListId: e.listId, name: e.list.name, kind: e.list.kind, minQty: e.minQty, fixedPrice: e.fixedPrice, discountBp: e.discountBp,
      applies: e.minQty <= q.qty, chosen: resolved.rule.priceListId === e.listId && resolved.rule.minQty === e.minQty,
    }));
  return { at: at.toISOString(), company: company ?? null, visible: visible.has(q.skuId), resolved, breaks, candidates };
}

/** The portal view of prices: the caller's company, visible on-shelf SKUs only, without internal list names. */
export function portalView(r: ResolvedPrice) {
  return { ...r, rule: { kind: r.rule.kind, minQty: r.rule.minQty, detail: '' } };
}

export async function myPrices(db: Kysely<DB>, companyId: number, items: { skuId: number; qty: number }[]) {
  const visible = await sellableSkuIds(db, companyId, items.map((i) => i.skuId));
  const wanted = items.filter((i) => visible.has(i.skuId));
  const m = await resolvePrices(db, companyId, wanted);
  return wanted.map((i) => m.get(i.skuId)).filter((x): x is ResolvedPrice => !!x).map(portalView);
}

export async function myPrice(db: Kysely<DB>, companyId: number, skuId: number, qty: number) {
  const visible = await sellableSkuIds(db, companyId, [skuId]);
  if (!visible.has(skuId)) throw notFound(SKU_ENTITY);
  const r = (await resolvePrices(db, companyId, [{ skuId, qty }])).get(skuId);
  if (!r) throw notFound(SKU_ENTITY);
  const breaks = (await priceBreaks(db, companyId, skuId)).map((b) => ({ minQty: b.minQty, unitPrice: b.unitPrice }));
  return { ...portalView(r), breaks };
}

export async function getVisibility(db: Kysely<DB>, productId: number) {
  const p = await db.selectFrom('products').select('id').where('id', '=', productId).executeTakeFirst();
  if (!p) throw notFound(SKU_ENTITY);
  const rows = await db.selectFrom('product_visibility').selectAll().where('product_id', '=', productId).orderBy('id').execute();
  return {
    productId,
    restricted: rows.length > 0,
    tierIds: rows.filter((r) => r.tier_id != null).map((r) => r.tier_id!),
    regions: rows.filter((r) => r.province != null).map((r) => ({ province: r.province!, city: r.city })),
    companyIds: rows.filter((r) => r.company_id != null).map((r) => r.company_id!),
  };
}

/** Replaces a product's visibility rules; all lists empty = visible to every customer. */
export async function putVisibility(db: Kysely<DB>, actor: Actor, productId: number, input: z.infer<typeof visibilityBody>) {
  const before = await getVisibility(db, productId);
  const tierIds = [...new Set(input.tierIds)];
  const companyIds = [...new Set(input.companyIds)];
  const issues: { path: string; message: string }[] = [];
  if (tierIds.length) {
    const known = new Set((await db.selectFrom('customer_tiers').select('id').where('id', 'in', tierIds).execute()).map((r) => Number(r.id)));
    tierIds.forEach((id, i) => known.has(id) || issues.push({ path: `tierIds.${i}`, message: 'unknown tier' }));
  }
  if (companyIds.length) {
    const known = new Set((await db.selectFrom('companies').select('id').where('id', 'in', companyIds).execute()).map((r) => Number(r.id)));
    companyIds.forEach((id, i) => known.has(id) || issues.push({ path: `companyIds.${i}`, message: 'unknown customer' }));
  }
  if (issues.length) throw validation(issues);
  const regions = [...new Map(input.regions.map((r) => [`${r.province}/${r.city ?? ''}`, r])).values()];
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('product_visibility').where('product_id', '=', productId).execute();
    const rows = [
      ...tierIds.map((tier_id) => ({ product_id: productId, tier_id, province: null, city: null, company_id: null })),
      ...regions.map((r) => ({ product_id: productId, tier_id: null, province: r.province, city: r.city ?? null, company_id: null })),
      ...companyIds.map((company_id) => ({ product_id: productId, tier_id: null, province: null, city: null, company_id })),
    ];
    if (rows.length) await trx.insertInto('product_visibility').values(rows).execute();
    await audit(trx, actor, { action: 'product.visibility', entityType: 'product', entityId: productId, before, after: input });
    await emit(trx, 'catalog.visibility_changed', { productId });
  });
  return getVisibility(db, productId);
}
