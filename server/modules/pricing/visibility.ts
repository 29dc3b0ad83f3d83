import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError } from '../../lib/errors';
import { registerMessages } from '../../lib/i18n';
import '../customers/tables';
import '../catalog/tables';
import './tables';

/**
 * Product visibility. A product without product_visibility rows is visible to every customer.
 * A product with rows is visible only to a company that matches at least one row: its tier,
 * its region (province, or province + city), or the company itself. Staff (companyId null) see
 * everything. Hidden products must never appear in search, pages or carts, and ordering them
 * is refused (assertOrderable).
 */
type Db = Kysely<DB> | Transaction<DB>;

registerMessages({
  SKU_NOT_AVAILABLE: { zh: '以下商品不可订购：{codes}', en: 'These products cannot be ordered: {codes}' },
});

/** The SQL condition "product p is visible to company cid" (p = a products.id expression). */
function visibleSql(productId: Expression<number>, companyId: number) {
  return sql<SqlBool>`(not exists (select 1 from product_visibility pv where pv.product_id = ${productId})
    or exists (
      select 1 from product_visibility pv join companies vc on vc.id = ${companyId}
      where pv.product_id = ${productId}
        and (pv.company_id = vc.id
          or pv.tier_id = vc.tier_id
          or (pv.province = vc.province and (pv.city is null or pv.city = vc.city)))
    ))`;
}

/** Raw SQL form for queries that alias products (e.g. `p.id`): visibleProductSql(cid, sql.ref('p.id')). */
export function visibleProductSql(companyId: number | null, productId: Expression<number>) {
  return companyId == null ? sql<SqlBool>`true` : visibleSql(productId, companyId);
}

/**
 * A Kysely where-callback for a query with `products` in scope, e.g.
 *   db.selectFrom('products').where(visibleProductsFilter(actor.companyId))
 */
export function visibleProductsFilter(companyId: number | null): (eb: ExpressionBuilder<DB, 'products'>) => Expression<SqlBool> {
  return (eb) => (companyId == null ? sql<SqlBool>`true` : visibleSql(eb.ref('products.id'), companyId));
}

/** The subset of skuIds the company may see (and order). Unknown ids are left out. */
export async function visibleSkuIds(db: Db, companyId: number | null, skuIds: number[]): Promise<Set<number>> {
  if (skuIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('skus')
    .select('skus.id')
    .where('skus.id', 'in', [...new Set(skuIds)])
    .$if(companyId != null, (qb) => qb.where((eb) => visibleSql(eb.ref('skus.product_id'), companyId!)))
    .execute();
  return new Set(rows.map((r) => Number(r.id)));
}

/**
 * The subset of skuIds whose price a customer may read (issue 22): visible to the company, the
 * product on the shelf and the SKU active. An off-shelf SKU is as unknown as a missing one: no
 * price, no id. Staff (companyId null) may read every price.
 */
export async function sellableSkuIds(db: Db, companyId: number | null, skuIds: number[]): Promise<Set<number>> {
  if (companyId == null) return visibleSkuIds(db, null, skuIds);
  if (skuIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('skus')
    .innerJoin('products', 'products.id', 'skus.product_id')
    .select('skus.id')
    .where('skus.id', 'in', [...new Set(skuIds)])
    .where('skus.active', '=', true)
    .where('products.on_shelf', '=', true)
    .where((eb) => visibleSql(eb.ref('skus.product_id'), companyId))
    .execute();
  return new Set(rows.map((r) => Number(r.id)));
}

/** Product-level check for product pages: false means answer 404. */
export async function isProductVisible(db: Db, companyId: number | null, productId: number): Promise<boolean> {
  if (companyId == null) return true;
  const r = await db
    .selectFrom('products')
    .select('products.id')
    .where('products.id', '=', productId)
    .where(visibleProductsFilter(companyId))
    .executeTakeFirst();
  return !!r;
}

/** Refuses (422 SKU_NOT_AVAILABLE) when any SKU is unknown or hidden from the company. */
export async function assertOrderable(db: Db, companyId: number | null, skuIds: number[]): Promise<void> {
  const visible = await visibleSkuIds(db, companyId, skuIds);
  const missing = [...new Set(skuIds)].filter((id) => !visible.has(id));
  // Ids only: naming a hidden product's code would reveal it.
  if (missing.length) throw new AppError('SKU_NOT_AVAILABLE', 422, { codes: missing.map((id) => `#${id}`).join(', ') }, { skuIds: missing });
}
