import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError, notFound } from '../../lib/errors';
import { registerMessages } from '../../lib/i18n';
import type { PageParams } from '../../lib/pagination';
import { audit } from '../platform/audit';
import { getSetting, setSetting } from '../platform/settings';
import type { Actor } from '../auth/actor';
import type { PresaleMode } from './tables';
import { SKU_ENTITY } from './levels';
import '../orders/tables';

/**
 * Pre-orders and backorders (issue 16). The supplier marks a SKU 缺货订购 (orders beyond stock) or
 * 预订 (orders before it arrives, with an expected date). Submission (inventory_reserve, migration
 * 202612070900) reserves what stock there is and queues the rest as stock_waits; stock arriving
 * in a warehouse (applyMovements: purchase receipt, adjustment, transfer in, stocktake gain,
 * return) or freed (release) is given to the queue in the same transaction by
 * inventory_allocate_waits — highest priority first, then first come first served — and the
 * customer is told (the 'inventory.wait_allocated' event; orders/stock-arrived.ts words the notice).
 */
type Q = Kysely<DB> | Transaction<DB>;

export const WAIT_ALLOCATED = 'inventory.wait_allocated';
export const PRESALE_ENTITY = '预订设置 / pre-order setting';
export const WAIT_ENTITY = '待到货订单行 / waiting line';
/** Supplier setting: an order with waiting lines ships what is allocated ('partial', default) or only once everything is ('complete'). */
export const BACKORDER_SHIPPING_SETTING = 'inventory.backorderShipping';
export type BackorderShipping = 'partial' | 'complete';

registerMessages({
  PRESALE_LIMIT: {
    zh: '商品 {code} 的预订名额不足：本单需排队 {requested}，还可预订 {left}',
    en: 'Not enough pre-order room for {code}: this order would queue {requested}, {left} left',
  },
  PRESALE_DATE_REQUIRED: { zh: '预订商品须填写预计到货日期', en: 'A pre-order needs an expected arrival date' },
  PRESALE_DATE_PAST: { zh: '预计到货日期 {date} 已过，请填写今天或以后的日期', en: 'The expected date {date} has passed; give today or a later date' },
  ORDER_WAITING_STOCK: {
    zh: '订单还有 {qty} 件在等待到货，按“整单发货”设置须全部到货后才能发货',
    en: '{qty} unit(s) of this order still wait for stock; under "ship complete" the order ships only when everything has arrived',
  },
});

export interface PresaleView {
  mode: PresaleMode;
  /** YYYY-MM-DD, or null (a backorder without a date) */
  expectedDate: string | null;
}

const dateText = (col: string) => sql<string | null>`to_char(${sql.ref(col)}, 'YYYY-MM-DD')`;

/** The pre-order / backorder setting of these SKUs (absent: ordinary SKUs), for storefront and cart. */
export async function presaleOf(db: Q, skuIds: number[]): Promise<Map<number, PresaleView>> {
  const ids = [...new Set(skuIds)];
  const out = new Map<number, PresaleView>();
  if (ids.length === 0) return out;
  const rows = await db.selectFrom('sku_presale').select(['sku_id', 'mode', dateText('expected_date').as('expected_date')]).where('sku_id', 'in', ids).execute();
  for (const r of rows) out.set(r.sku_id, { mode: r.mode, expectedDate: r.expected_date });
  return out;
}

const policyColumns = [
  'ps.sku_id as skuId', 'k.code', 'p.name', 'k.spec_text as specText', 'p.base_unit as baseUnit', 'ps.mode', dateText('ps.expected_date').as('expectedDate'),
  'ps.max_waiting as maxWaiting', 'ps.note', 'ps.updated_at as updatedAt',
  sql<number>`(select coalesce(sum(sw.qty - sw.allocated_qty), 0)::int from stock_waits sw where sw.sku_id = ps.sku_id and sw.status = 'waiting')`.as('waitingQty'),
  sql<number>`(select count(*)::int from stock_waits sw where sw.sku_id = ps.sku_id and sw.status = 'waiting')`.as('waitingLines'),
] as const;

function policies(db: Q) {
  return db.selectFrom('sku_presale as ps').innerJoin('skus as k', 'k.id', 'ps.sku_id').innerJoin('products as p', 'p.id', 'k.product_id').select(policyColumns);
}

/** Every SKU on pre-order or backorder, with how much waits for it. */
export async function listPresale(db: Q, q: PageParams & { mode?: PresaleMode }) {
  let qb = policies(db);
  if (q.mode) qb = qb.where('ps.mode', '=', q.mode);
  const [items, count] = await Promise.all([
    qb.orderBy('k.code').orderBy('ps.sku_id').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    qb.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n), page: q.page, pageSize: q.pageSize };
}

export async function getPresale(db: Q, skuId: number) {
  const r = await policies(db).where('ps.sku_id', '=', skuId).executeTakeFirst();
  if (!r) throw notFound(PRESALE_ENTITY);
  return r;
}

export interface PresaleInput {
  mode: PresaleMode;
  expectedDate?: string | null;
  maxWaiting?: number | null;
  note?: string | null;
}

/**
 * Puts a SKU on pre-order or backorder (or changes it). A pre-order needs an expected date, not in
 * the past (supplier's day). Lines already waiting keep the date they were promised.
 */
export async function putPresale(db: Kysely<DB>, actor: Actor, skuId: number, input: PresaleInput, today: string) {
  const sku = await db.selectFrom('skus').select('id').where('id', '=', skuId).executeTakeFirst();
  if (!sku) throw notFound(SKU_ENTITY);
  if (input.mode === 'preorder' && !input.expectedDate) throw new AppError('PRESALE_DATE_REQUIRED', 422, {}, [{ path: 'body.expectedDate', message: 'required for a pre-order' }]);
  if (input.expectedDate && input.expectedDate < today) throw new AppError('PRESALE_DATE_PAST', 422, { date: input.expectedDate }, [{ path: 'body.expectedDate', message: `before ${today}` }]);
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('sku_presale').selectAll().where('sku_id', '=', skuId).forUpdate().executeTakeFirst();
    const row = { mode: input.mode, expected_date: input.expectedDate ?? null, max_waiting: input.maxWaiting ?? null, note: input.note ?? null, updated_by_user_id: actor.userId };
    await trx.insertInto('sku_presale').values({ sku_id: skuId, ...row })
      .onConflict((oc) => oc.column('sku_id').doUpdateSet({ ...row, updated_at: sql`now()` })).execute();
    await audit(trx, actor, { action: 'inventory.presale.put', entityType: 'sku', entityId: skuId, before: before ?? null, after: input });
    return getPresale(trx, skuId);
  });
}

/** Takes a SKU off pre-order / backorder: new orders need stock again; lines already waiting keep their place. */
export async function deletePresale(db: Kysely<DB>, actor: Actor, skuId: number) {
  await db.transaction().execute(async (trx) => {
    const before = await trx.deleteFrom('sku_presale').where('sku_id', '=', skuId).returningAll().executeTakeFirst();
    if (!before) throw notFound(PRESALE_ENTITY);
    await audit(trx, actor, { action: 'inventory.presale.delete', entityType: 'sku', entityId: skuId, before, after: null });
  });
}

const waitColumns = [
  'sw.id', 'sw.order_id as orderId', 'sw.order_line_id as orderLineId', 'sw.company_id as companyId', 'c.name as companyName', 'sw.sku_id as skuId', 'k.code',
  'p.name', 'p.base_unit as baseUnit', 'sw.mode', dateText('sw.expected_date').as('expectedDate'), 'sw.priority', 'sw.qty', 'sw.allocated_qty as allocatedQty',
  'sw.status', 'sw.created_at as createdAt', 'sw.allocated_at as allocatedAt', 'o.number as orderNumber', 'o.status as orderStatus',
] as const;

function waits(db: Q) {
  return db.selectFrom('stock_waits as sw').innerJoin('skus as k', 'k.id', 'sw.sku_id').innerJoin('products as p', 'p.id', 'k.product_id')
    .innerJoin('companies as c', 'c.id', 'sw.company_id').innerJoin('orders as o', 'o.id', 'sw.order_id').select(waitColumns);
}

/** The queue: waiting lines (or all) in the order stock will go to them. */
export async function listWaits(db: Q, q: PageParams & { skuId?: number; status?: 'waiting' | 'allocated' | 'cancelled' }) {
  let qb = waits(db);
  if (q.skuId) qb = qb.where('sw.sku_id', '=', q.skuId);
  if (q.status) qb = qb.where('sw.status', '=', q.status);
  const [items, count] = await Promise.all([
    qb.orderBy('sw.sku_id').orderBy('sw.priority', 'desc').orderBy('sw.id').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    qb.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n), page: q.page, pageSize: q.pageSize };
}

/** Demo seed only: an order placed in the past has queued since then (its waits' time follows the order's). */
export async function dateDemoWaits(db: Kysely<DB>, orderId: number, at: Date): Promise<void> {
  await db.updateTable('stock_waits').set({ created_at: at, updated_at: at }).where('order_id', '=', orderId).execute();
}

/** Moves a waiting line up or down the queue (higher priority is served first; equal priority: first come). */
export async function setWaitPriority(db: Kysely<DB>, actor: Actor, id: number, priority: number) {
  return db.transaction().execute(async (trx) => {
    const w = await trx.selectFrom('stock_waits').select(['id', 'sku_id', 'priority', 'status']).where('id', '=', id).executeTakeFirst();
    if (!w) throw notFound(WAIT_ENTITY);
    // the SKU's queue lock, as allocation takes it: a reorder never interleaves with an allocation
    await sql`select pg_advisory_xact_lock(160016, ${w.sku_id}::int)`.execute(trx);
    await trx.updateTable('stock_waits').set({ priority, updated_at: sql`now()` }).where('id', '=', id).execute();
    await audit(trx, actor, { action: 'inventory.wait.priority', entityType: 'stock_wait', entityId: id, before: { priority: w.priority }, after: { priority } });
    return waits(trx).where('sw.id', '=', id).executeTakeFirstOrThrow();
  });
}

/** What still waits for stock per order line (order detail, shipping), with the date promised. */
export async function waitsForOrder(db: Q, orderId: number): Promise<Map<number, { qty: number } & PresaleView>> {
  const rows = await db
    .selectFrom('stock_waits')
    .select(['order_line_id', 'mode', dateText('expected_date').as('expected_date'), sql<number>`sum(qty - allocated_qty)::int`.as('qty')])
    .where('order_id', '=', orderId)
    .where('status', '=', 'waiting')
    .groupBy(['order_line_id', 'mode', 'expected_date'])
    .execute();
  return new Map(rows.map((r) => [r.order_line_id, { qty: r.qty, mode: r.mode, expectedDate: r.expected_date }]));
}

/** Stops waiting: the order's lines (or those given) leave the queue (cancel, reject, lines removed). */
export async function cancelWaits(trx: Transaction<DB>, orderId: number, orderLineIds?: number[]): Promise<number> {
  if (orderLineIds && orderLineIds.length === 0) return 0;
  let q = trx.updateTable('stock_waits').set({ status: 'cancelled', updated_at: sql`now()` }).where('order_id', '=', orderId).where('status', '=', 'waiting');
  if (orderLineIds) q = q.where('order_line_id', 'in', orderLineIds);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/**
 * Gives stock that arrived or was freed in these (sku, warehouse) rows to the lines waiting for
 * it, in the caller's transaction. Returns what each row handed out (callers adjust the
 * availability they report). A no-op for SKUs nobody waits for.
 */
export async function allocateWaits(trx: Transaction<DB>, rows: { skuId: number; warehouseId: number }[]): Promise<{ skuId: number; warehouseId: number; qty: number }[]> {
  if (rows.length === 0) return [];
  const sorted = [...new Map(rows.map((r) => [`${r.skuId}:${r.warehouseId}`, r])).values()].sort((a, b) => a.skuId - b.skuId || a.warehouseId - b.warehouseId);
  const { rows: out } = await sql<{ r: { skuId: number; warehouseId: number; qty: number }[] }>`
    select inventory_allocate_waits(${sorted.map((r) => r.skuId)}::bigint[], ${sorted.map((r) => r.warehouseId)}::bigint[]) as r`.execute(trx);
  return out[0]!.r;
}

export async function getBackorderShipping(db: Q): Promise<BackorderShipping> {
  return (await getSetting<BackorderShipping>(db, BACKORDER_SHIPPING_SETTING, 'partial')) === 'complete' ? 'complete' : 'partial';
}
export const setBackorderShipping = (db: Q, v: BackorderShipping) => setSetting(db, BACKORDER_SHIPPING_SETTING, v);

/**
 * Shipping asks before a shipment: under 'complete' an order with lines still waiting for stock
 * does not ship (409 naming how much waits); under 'partial' it ships what is reserved.
 */
export async function assertShippable(trx: Q, orderId: number): Promise<void> {
  if ((await getBackorderShipping(trx)) !== 'complete') return;
  const waiting = [...(await waitsForOrder(trx, orderId)).values()].reduce((a, w) => a + w.qty, 0);
  if (waiting > 0) throw new AppError('ORDER_WAITING_STOCK', 409, { qty: waiting });
}
