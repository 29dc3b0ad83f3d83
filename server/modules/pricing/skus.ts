import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { DB } from '../../lib/db-types';
import { paginate, type PageParams } from '../../lib/pagination';
import type { Actor } from '../auth/actor';
import { assertCustomerAccess } from '../customers/companies';
import { resolvePrices } from './resolve';
import { visibleSkuIds } from './visibility';
import '../catalog/tables';
import './tables';

const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Staff SKU lookup for the price-list editor, the visibility editor and a customer's price
 * view: by SKU code, barcode or product name. With a customer, each SKU also carries that
 * customer's resolved price at quantity 1 (through resolvePrices, the one price function) and
 * whether the customer may see it; a sales rep may only ask for their own customers (404).
 */
export async function searchSkus(db: Kysely<DB>, actor: Actor, q: { q?: string; companyId?: number } & PageParams) {
  if (q.companyId != null) await assertCustomerAccess(db, actor, q.companyId);
  let qb = db
    .selectFrom('skus as s')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .select([
      's.id as skuId', 's.code as skuCode', 'p.id as productId', 'p.name as productName', 's.spec_text as specText', 's.base_price as basePrice',
      's.retail_price as retailPrice', 's.active', 'p.on_shelf as onShelf',
      sql<boolean>`exists (select 1 from product_visibility pv where pv.product_id = p.id)`.as('restricted'),
    ]);
  if (q.q) qb = qb.where((eb) => eb.or([eb('s.code', 'ilike', like(q.q!)), eb('p.name', 'ilike', like(q.q!)), eb('s.barcode', '=', q.q!)]));
  const ordered = qb.orderBy('s.code').orderBy('s.id');
  type Row = Awaited<ReturnType<typeof ordered.executeTakeFirstOrThrow>>;
  const p = await paginate(ordered as unknown as SelectQueryBuilder<DB, 'skus', Row>, q);
  const companyId = q.companyId ?? null;
  const ids = p.items.map((r) => r.skuId);
  const prices = companyId != null ? await resolvePrices(db, companyId, ids.map((skuId) => ({ skuId, qty: 1 }))) : null;
  const visible = companyId != null ? await visibleSkuIds(db, companyId, ids) : null;
  return {
    ...p,
    items: p.items.map((r) => {
      const price = prices?.get(r.skuId);
      return {
        ...r,
        price: price ? { unitPrice: price.unitPrice, ruleKind: price.rule.kind, detail: price.rule.detail, nextBreak: price.nextBreak } : null,
        visible: visible ? visible.has(r.skuId) : null,
      };
    }),
  };
}

/** Products that carry visibility rules (everything else is visible to every customer). */
export async function listRestrictedProducts(db: Kysely<DB>, q: { q?: string } & PageParams) {
  let qb = db
    .selectFrom('products as p')
    .select((eb) => [
      'p.id as productId', 'p.name as productName',
      eb.selectFrom('product_visibility as v').select(eb.fn.countAll<number>().as('n')).whereRef('v.product_id', '=', 'p.id').where('v.tier_id', 'is not', null).as('tiers'),
      eb.selectFrom('product_visibility as v').select(eb.fn.countAll<number>().as('n')).whereRef('v.product_id', '=', 'p.id').where('v.province', 'is not', null).as('regions'),
      eb.selectFrom('product_visibility as v').select(eb.fn.countAll<number>().as('n')).whereRef('v.product_id', '=', 'p.id').where('v.company_id', 'is not', null).as('companies'),
    ])
    .where(sql<boolean>`exists (select 1 from product_visibility pv where pv.product_id = p.id)`);
  if (q.q) qb = qb.where('p.name', 'ilike', like(q.q));
  const ordered = qb.orderBy('p.id');
  type Row = Awaited<ReturnType<typeof ordered.executeTakeFirstOrThrow>>;
  const p = await paginate(ordered as unknown as SelectQueryBuilder<DB, 'products', Row>, q);
  return { ...p, items: p.items.map((r) => ({ ...r, tiers: Number(r.tiers ?? 0), regions: Number(r.regions ?? 0), companies: Number(r.companies ?? 0) })) };
}
