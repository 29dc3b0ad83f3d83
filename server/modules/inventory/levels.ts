import { sql, type Kysely, type SelectQueryBuilder, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { notFound } from '../../lib/errors';
import type { PageParams } from '../../lib/pagination';
import { splitActorLabel } from '../../lib/actor-label';
import { audit } from '../platform/audit';
import type { Actor } from '../auth/actor';
import type { MovementType } from './tables';
import { getWarehouse } from './warehouses';
import { customerScope } from '../customers';
import '../catalog/tables';

type Q = Kysely<DB> | Transaction<DB>;
export const SKU_ENTITY = 'SKU';

export type StockStatus = 'out' | 'low' | 'ok';
export interface StockQuery extends PageParams {
  warehouseId?: number;
  categoryId?: number;
  status?: StockStatus;
  search?: string;
}

/** Runs a page of an aliased query plus its total (pagination.ts cannot type aliased tables). */
async function pageOf<O>(qb: SelectQueryBuilder<never, never, O>, { page, pageSize }: PageParams) {
  const [items, count] = await Promise.all([
    qb.limit(pageSize).offset((page - 1) * pageSize).execute(),
    qb.clearSelect().clearOrderBy().select(sql<number>`count(*)`.as('n')).executeTakeFirst(),
  ]);
  return { items: items as O[], total: Number((count as { n?: number } | undefined)?.n ?? 0), page, pageSize };
}

/** `%`, `_` and `\` typed by a person are literal in a LIKE pattern. */
export const likePattern = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** SQL: the category and all its descendants contain the product `p`. */
const inCategory = (categoryId: number) =>
  sql<boolean>`p.category_id in (with recursive c(id) as (select id from categories where id = ${categoryId} union all select k2.id from categories k2 join c on k2.parent_id = c.id) select id from c)`;

const statusSql = sql<StockStatus>`case when coalesce(sl.on_hand - sl.reserved, 0) <= 0 then 'out' when coalesce(sl.on_hand - sl.reserved, 0) < coalesce(sl.safety_stock, 0) then 'low' else 'ok' end`;

/**
 * Stock by SKU × warehouse: every active SKU in every active warehouse (or the one asked for,
 * active or not), including pairs that never held stock — they are out of stock, not missing.
 */
export function listStock(db: Q, q: StockQuery) {
  let qb = db
    .selectFrom('skus as k')
    .innerJoin('products as p', 'p.id', 'k.product_id')
    .innerJoin('warehouses as w', (j) => j.on(sql<boolean>`true`))
    .leftJoin('categories as c', 'c.id', 'p.category_id')
    .leftJoin('stock_levels as sl', (j) => j.onRef('sl.sku_id', '=', 'k.id').onRef('sl.warehouse_id', '=', 'w.id'))
    .select([
      'k.id as skuId', 'k.code as skuCode', 'p.name as productName', 'k.spec_text as specText', 'p.base_unit as unit', 'c.name as categoryName',
      'w.id as warehouseId', 'w.code as warehouseCode', 'w.name as warehouseName',
      sql<number>`coalesce(sl.on_hand, 0)`.as('onHand'),
      sql<number>`coalesce(sl.reserved, 0)`.as('reserved'),
      sql<number>`coalesce(sl.on_hand - sl.reserved, 0)`.as('available'),
      sql<number>`coalesce(sl.safety_stock, 0)`.as('safetyStock'),
      statusSql.as('status'),
      'sl.updated_at as updatedAt',
    ])
    .where('k.active', '=', true);
  qb = q.warehouseId ? qb.where('w.id', '=', q.warehouseId) : qb.where('w.active', '=', true);
  if (q.categoryId) qb = qb.where(inCategory(q.categoryId));
  if (q.status) qb = qb.where(statusSql, '=', q.status);
  if (q.search) {
    const like = likePattern(q.search);
    qb = qb.where((eb) => eb.or([eb('k.code', 'ilike', like), eb('p.name', 'ilike', like), eb('k.barcode', '=', q.search!)]));
  }
  return pageOf(qb.orderBy('k.code').orderBy('w.priority').orderBy('w.id') as unknown as SelectQueryBuilder<never, never, Awaited<ReturnType<typeof qb.executeTakeFirstOrThrow>>>, q);
}

/** A SKU's stock card: the SKU, its level in every warehouse and the totals. */
export async function skuStock(db: Q, skuId: number) {
  const sku = await db
    .selectFrom('skus as k')
    .innerJoin('products as p', 'p.id', 'k.product_id')
    .select(['k.id', 'k.code', 'p.name as productName', 'k.spec_text as specText', 'k.active', 'p.base_unit as unit'])
    .where('k.id', '=', skuId)
    .executeTakeFirst();
  if (!sku) throw notFound(SKU_ENTITY);
  const levels = await db
    .selectFrom('warehouses as w')
    .leftJoin('stock_levels as sl', (j) => j.onRef('sl.warehouse_id', '=', 'w.id').on('sl.sku_id', '=', skuId))
    .select([
      'w.id as warehouseId', 'w.code as warehouseCode', 'w.name as warehouseName', 'w.active',
      sql<number>`coalesce(sl.on_hand, 0)`.as('onHand'),
      sql<number>`coalesce(sl.reserved, 0)`.as('reserved'),
      sql<number>`coalesce(sl.on_hand - sl.reserved, 0)`.as('available'),
      sql<number>`coalesce(sl.safety_stock, 0)`.as('safetyStock'),
      statusSql.as('status'),
    ])
    .where((eb) => eb.or([eb('w.active', '=', true), eb('sl.on_hand', '>', 0)]))
    .orderBy('w.priority')
    .orderBy('w.id')
    .execute();
  const active = levels.filter((l) => l.active);
  const sum = (f: (l: (typeof levels)[number]) => number) => active.reduce((a, l) => a + f(l), 0);
  return { sku, levels, totals: { onHand: sum((l) => l.onHand), reserved: sum((l) => l.reserved), available: sum((l) => l.available) } };
}

export interface MovementQuery extends PageParams {
  skuId?: number;
  warehouseId?: number;
  type?: MovementType;
  documentType?: string;
  documentId?: number;
}

/**
 * The movement ledger, newest first, filtered by SKU, warehouse, type or document. A sales rep
 * reads the ledger too, but a shipment's number (the order's number) and order only for the
 * customers they serve: another rep's customer's orders are not theirs to see.
 */
/** The stock ledger, newest first; who made each movement is split into name and role (shown as a label). */
export async function listMovements(db: Q, q: MovementQuery, actor: Actor | null = null) {
  const scope = actor ? customerScope(actor) : { all: true as const };
  const hidden = 'salesRepId' in scope
    ? sql<boolean>`(m.order_id is not null and not exists (select 1 from orders o join companies c on c.id = o.company_id where o.id = m.order_id and c.sales_rep_id = ${scope.salesRepId}))`
    : sql<boolean>`false`;
  let qb = db
    .selectFrom('stock_movements as m')
    .innerJoin('skus as k', 'k.id', 'm.sku_id')
    .innerJoin('products as p', 'p.id', 'k.product_id')
    .innerJoin('warehouses as w', 'w.id', 'm.warehouse_id')
    .select([
      'm.id', 'm.at', 'm.sku_id as skuId', 'k.code as skuCode', 'p.name as productName', 'm.warehouse_id as warehouseId', 'w.name as warehouseName',
      'm.type', 'm.qty', 'm.on_hand_after as onHandAfter', 'm.document_type as documentType', 'm.document_id as documentId', sql<string | null>`case when ${hidden} then null else m.document_no end`.as('documentNo'), sql<number | null>`case when ${hidden} then null else m.order_id end`.as('orderId'), 'm.actor_label as actor', 'm.reason',
    ]);
  if (q.skuId) qb = qb.where('m.sku_id', '=', q.skuId);
  if (q.warehouseId) qb = qb.where('m.warehouse_id', '=', q.warehouseId);
  if (q.type) qb = qb.where('m.type', '=', q.type);
  if (q.documentType) qb = qb.where('m.document_type', '=', q.documentType);
  if (q.documentId) qb = qb.where('m.document_id', '=', q.documentId);
  const page = await pageOf(qb.orderBy('m.id', 'desc') as unknown as SelectQueryBuilder<never, never, Awaited<ReturnType<typeof qb.executeTakeFirstOrThrow>>>, q);
  return { ...page, items: page.items.map((m) => ({ ...m, ...splitActorLabel(m.actor) })) };
}

export async function assertSku(db: Q, skuId: number) {
  const s = await db.selectFrom('skus').select(['id', 'code']).where('id', '=', skuId).executeTakeFirst();
  if (!s) throw notFound(SKU_ENTITY);
  return s;
}

/** Sets the 安全库存 of a SKU in a warehouse (below it, the warehouse is alerted). */
export async function setSafetyStock(db: Kysely<DB>, actor: Actor | null, skuId: number, warehouseId: number, safetyStock: number) {
  await assertSku(db, skuId);
  await getWarehouse(db, warehouseId);
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('stock_levels').select('safety_stock').where('sku_id', '=', skuId).where('warehouse_id', '=', warehouseId).executeTakeFirst();
    await trx
      .insertInto('stock_levels')
      .values({ sku_id: skuId, warehouse_id: warehouseId, safety_stock: safetyStock })
      .onConflict((oc) => oc.columns(['sku_id', 'warehouse_id']).doUpdateSet({ safety_stock: safetyStock, updated_at: sql`now()` }))
      .execute();
    await audit(trx, actor, { action: 'stock.safety_stock', entityType: 'sku', entityId: skuId, before: { warehouseId, safetyStock: before?.safety_stock ?? 0 }, after: { warehouseId, safetyStock } });
    return { skuId, warehouseId, safetyStock };
  });
}
