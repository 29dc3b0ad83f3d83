import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { notFound } from '../../lib/errors';
import { skuFacts } from '../orders/orderable';
import { isProductVisible, resolvePrices } from '../pricing';
import '../catalog/tables';
import '../customers/tables';
import './tables';

/**
 * 经常一起买 and 同类客户也在订. Privacy rule: a company's own counts may be used as they are;
 * other companies' counts only in aggregate, when at least MIN_COMPANIES different companies
 * stand behind a recommendation — so nothing shown can be traced to one other customer. Only
 * products the customer may see and that are on sale are returned, at the customer's own price.
 */
export const MIN_COMPANIES = 3;
const LIMIT = 8;

export interface RelatedItem {
  skuId: number; productId: number; code: string; name: string; specText: string; image: string | null; baseUnit: string; unitPrice: number;
}

async function present(db: Kysely<DB>, companyId: number, ranked: number[], exclude: Set<number>, limit: number): Promise<RelatedItem[]> {
  const ids = ranked.filter((id) => !exclude.has(id));
  const facts = await skuFacts(db, ids, companyId);
  // one SKU per product: a product page shows the product
  const seen = new Set<number>();
  const chosen = ids.map((id) => facts.get(id)).filter((f) => f && f.visible && f.onShelf && !seen.has(f.productId) && seen.add(f.productId)).slice(0, limit);
  const prices = await resolvePrices(db, companyId, chosen.map((f) => ({ skuId: f!.skuId, qty: 1 })));
  return chosen.map((f) => ({
    skuId: f!.skuId, productId: f!.productId, code: f!.code, name: f!.name, specText: f!.specText, image: f!.image, baseUnit: f!.baseUnit,
    unitPrice: prices.get(f!.skuId)?.unitPrice ?? 0,
  }));
}

/** SKUs most often in the same received order as any of `skuIds`. */
export async function boughtTogether(db: Kysely<DB>, companyId: number, skuIds: number[], limit = LIMIT): Promise<RelatedItem[]> {
  if (skuIds.length === 0) return [];
  const rows = await db.selectFrom('reco_basket_pairs')
    .select([
      'other_sku_id as skuId',
      sql<number>`count(distinct company_id)::int`.as('companies'),
      sql<number>`sum(orders)::int`.as('all'),
      sql<number>`coalesce(sum(orders) filter (where company_id = ${companyId}), 0)::int`.as('own'),
    ])
    .where('sku_id', 'in', skuIds)
    .groupBy('other_sku_id')
    .execute();
  const ranked = rows
    .map((r) => ({ id: r.skuId, score: r.companies >= MIN_COMPANIES ? r.all : r.own }))
    .filter((r) => r.score > 0)
    .sort((a, b) => b.score - a.score || a.id - b.id)
    .map((r) => r.id);
  return present(db, companyId, ranked, new Set(skuIds), limit);
}

/**
 * What companies like this one order (same tier and province; else same tier; else same
 * province), by how many of them order it, leaving out what this company already orders.
 */
export async function customersLikeYou(db: Kysely<DB>, companyId: number, exclude: number[], limit = LIMIT): Promise<RelatedItem[]> {
  const me = await db.selectFrom('companies').select(['tier_id', 'province']).where('id', '=', companyId).executeTakeFirst();
  if (!me) return [];
  const own = (await db.selectFrom('reco_company_skus').select('sku_id').where('company_id', '=', companyId).execute()).map((r) => r.sku_id);
  const skip = new Set([...exclude, ...own]);
  const groups: { tier: boolean; province: boolean }[] = [{ tier: true, province: true }, { tier: true, province: false }, { tier: false, province: true }];
  for (const g of groups) {
    if ((g.tier && me.tier_id == null) || (g.province && !me.province)) continue;
    const rows = await db.selectFrom('reco_company_skus as s')
      .innerJoin('companies as c', 'c.id', 's.company_id')
      .select(['s.sku_id as skuId', sql<number>`count(distinct s.company_id)::int`.as('companies')])
      .where('s.company_id', '<>', companyId)
      .$if(g.tier, (q) => q.where('c.tier_id', '=', me.tier_id!))
      .$if(g.province, (q) => q.where('c.province', '=', me.province!))
      .groupBy('s.sku_id')
      .having(sql<number>`count(distinct s.company_id)`, '>=', MIN_COMPANIES)
      .orderBy(sql`count(distinct s.company_id)`, 'desc')
      .orderBy('s.sku_id')
      .limit(100)
      .execute();
    const items = await present(db, companyId, rows.map((r) => r.skuId), skip, limit);
    if (items.length) return items;
  }
  return [];
}

/** Both lists for a product page; 404 for a product the customer may not see. */
export async function productRecommendations(db: Kysely<DB>, companyId: number, productId: number) {
  if (!(await isProductVisible(db, companyId, productId))) throw notFound('商品 / product');
  const skus = (await db.selectFrom('skus').select('id').where('product_id', '=', productId).execute()).map((s) => s.id);
  if (skus.length === 0) throw notFound('商品 / product');
  return { together: await boughtTogether(db, companyId, skus), likeYou: await customersLikeYou(db, companyId, skus) };
}
