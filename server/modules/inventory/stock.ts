import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError } from '../../lib/errors';
import { actorLabel } from '../../lib/actor-label';
import { emit } from '../platform/outbox';
import type { Actor } from '../auth/actor';
import type { MovementType } from './tables';
import { allocateWaits } from './presale';
import './messages';

type Q = Kysely<DB> | Transaction<DB>;

export const MAX_QTY = 10_000_000;
export const STOCK_CHANGED = 'inventory.stock_changed';
export const LOW_STOCK = 'inventory.low_stock';

/** Refuses anything but a whole number in 1..MAX_QTY (services are called from other modules too). */
export function assertQty(q: unknown, path: string): asserts q is number {
  if (typeof q !== 'number' || !Number.isSafeInteger(q) || q <= 0 || q > MAX_QTY) {
    throw new AppError('INVALID_QUANTITY', 400, { path }, [{ path, message: 'must be a whole number from 1 to 10000000' }]);
  }
}

/** Available quantity per SKU: the sum over active warehouses of on_hand − reserved (0 if none). */
export async function availableBySku(db: Q, skuIds: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>(skuIds.map((id) => [id, 0]));
  if (skuIds.length === 0) return out;
  const rows = await db
    .selectFrom('stock_levels as s')
    .innerJoin('warehouses as w', (j) => j.onRef('w.id', '=', 's.warehouse_id').on('w.active', '=', true))
    .select(['s.sku_id', sql<number>`sum(s.on_hand - s.reserved)::bigint`.as('available')])
    .where('s.sku_id', 'in', [...new Set(skuIds)])
    .groupBy('s.sku_id')
    .execute();
  for (const r of rows) out.set(r.sku_id, Number(r.available));
  return out;
}

/**
 * SQL expression: the available quantity of the SKU whose id is `skuIdRef` (e.g. 'skus.id'),
 * over active warehouses. For catalog lists and "in stock only" filters:
 *   .where(availableSubquery('skus.id'), '>', 0)   or   .select(availableSubquery('s.id').as('available'))
 */
export const availableSubquery = (skuIdRef: string) =>
  sql<number>`(select coalesce(sum(sl.on_hand - sl.reserved), 0)::bigint from stock_levels sl join warehouses wh on wh.id = sl.warehouse_id and wh.active where sl.sku_id = ${sql.ref(skuIdRef)})`;

/** SQL boolean: some active warehouse has available stock of the SKU `skuIdRef`. */
export const skuInStock = (skuIdRef: string) =>
  sql<boolean>`exists (select 1 from stock_levels sl join warehouses wh on wh.id = sl.warehouse_id and wh.active where sl.sku_id = ${sql.ref(skuIdRef)} and sl.on_hand > sl.reserved)`;

/** SQL boolean: some active SKU of the product `productIdRef` is in stock ("in stock only" for product lists). */
export const productInStock = (productIdRef: string) =>
  sql<boolean>`exists (select 1 from skus sk join stock_levels sl on sl.sku_id = sk.id join warehouses wh on wh.id = sl.warehouse_id and wh.active where sk.product_id = ${sql.ref(productIdRef)} and sk.active and sl.on_hand > sl.reserved)`;

export interface LevelChange {
  skuId: number;
  warehouseId: number;
  /** available before and after */
  before: number;
  after: number;
  safetyStock: number;
}

/** Writes the events others react to: live stock for open pages, and low-stock alerts on crossing. */
export async function emitStockEvents(trx: Transaction<DB>, changes: LevelChange[], cause: string): Promise<void> {
  if (changes.length === 0) return;
  await emit(trx, STOCK_CHANGED, stockChangedPayload(changes.map((c) => c.skuId), cause));
  await emitLowStock(trx, changes, cause);
}

/** The STOCK_CHANGED event's payload, for callers that write it within their own statement. */
export const stockChangedPayload = (skuIds: number[], cause: string) => ({ skuIds: [...new Set(skuIds)], cause });

/** LOW_STOCK events for the levels that fell below their safety stock with this change. */
export async function emitLowStock(trx: Transaction<DB>, changes: LevelChange[], cause: string): Promise<void> {
  const crossed = changes.filter((c) => c.safetyStock > 0 && c.after < c.safetyStock && c.before >= c.safetyStock);
  if (crossed.length === 0) return;
  const info = await trx
    .selectFrom('skus as k')
    .innerJoin('products as p', 'p.id', 'k.product_id')
    .select(['k.id', 'k.code', 'p.name'])
    .where('k.id', 'in', crossed.map((c) => c.skuId))
    .execute();
  const whs = await trx.selectFrom('warehouses').select(['id', 'code', 'name']).where('id', 'in', crossed.map((c) => c.warehouseId)).execute();
  for (const c of crossed) {
    const k = info.find((i) => i.id === c.skuId);
    const w = whs.find((i) => i.id === c.warehouseId);
    await emit(trx, LOW_STOCK, {
      skuId: c.skuId, skuCode: k?.code ?? null, productName: k?.name ?? null,
      warehouseId: c.warehouseId, warehouseCode: w?.code ?? null, warehouseName: w?.name ?? null,
      available: c.after, safetyStock: c.safetyStock, cause,
    });
  }
}

export interface Movement {
  skuId: number;
  warehouseId: number;
  type: MovementType;
  /** signed change of on_hand, never 0 */
  qty: number;
  documentType?: string | null;
  documentId?: number | null;
  /** the document's own number (PO000003, PD000012, …); none for opening stock */
  documentNo?: string | null;
  reason?: string | null;
}

/**
 * Applies on-hand changes and writes one ledger row for each, in one transaction. Rows are
 * locked in (sku, warehouse) order first; a change that would take on hand below what is
 * reserved (or below zero) is refused before anything is written. The update itself is
 * relative (`on_hand = on_hand + q`), never a value computed here.
 */
export async function applyMovements(trx: Transaction<DB>, actor: Actor | null, movements: Movement[], cause = 'movement'): Promise<{ id: number; onHandAfter: number }[]> {
  if (movements.length === 0) return [];
  for (const m of movements) if (!Number.isSafeInteger(m.qty) || m.qty === 0 || Math.abs(m.qty) > MAX_QTY) throw new Error(`bad movement qty ${m.qty}`);
  const keys = [...new Map(movements.map((m) => [`${m.skuId}:${m.warehouseId}`, m])).values()].sort(
    (a, b) => a.skuId - b.skuId || a.warehouseId - b.warehouseId,
  );
  const locked = await sql<{ sku_id: number; warehouse_id: number; on_hand: number; reserved: number; safety_stock: number }>`
    select sl.sku_id, sl.warehouse_id, sl.on_hand, sl.reserved, sl.safety_stock from stock_levels sl
    join unnest(${keys.map((k) => k.skuId)}::bigint[], ${keys.map((k) => k.warehouseId)}::bigint[]) as v(sku_id, warehouse_id)
      on sl.sku_id = v.sku_id and sl.warehouse_id = v.warehouse_id
    order by sl.sku_id, sl.warehouse_id
    for update of sl`.execute(trx);
  // (Two arrays, not a list of (sku, warehouse) tuples: PGlite loses its transaction state on a
  // row-IN list of a few hundred tuples.)
  const state = new Map<string, { onHand: number; reserved: number; safety: number; start: number }>();
  for (const r of locked.rows) state.set(`${r.sku_id}:${r.warehouse_id}`, { onHand: r.on_hand, reserved: r.reserved, safety: r.safety_stock, start: r.on_hand - r.reserved });
  const afters: number[] = [];
  for (const m of movements) {
    const k = `${m.skuId}:${m.warehouseId}`;
    let s = state.get(k);
    if (!s) state.set(k, (s = { onHand: 0, reserved: 0, safety: 0, start: 0 }));
    if (s.onHand + m.qty < s.reserved) {
      const [sku, wh] = await Promise.all([
        trx.selectFrom('skus').select('code').where('id', '=', m.skuId).executeTakeFirst(),
        trx.selectFrom('warehouses').select('name').where('id', '=', m.warehouseId).executeTakeFirst(),
      ]);
      throw new AppError('STOCK_BELOW_RESERVED', 409, { code: sku?.code ?? m.skuId, warehouse: wh?.name ?? m.warehouseId, onHand: s.onHand, reserved: s.reserved, qty: m.qty }, [
        { skuId: m.skuId, code: sku?.code ?? null, warehouseId: m.warehouseId, onHand: s.onHand, reserved: s.reserved, available: s.onHand - s.reserved, qty: m.qty },
      ]);
    }
    s.onHand += m.qty;
    afters.push(s.onHand);
  }
  const net = keys.map((k) => ({ k, q: movements.filter((m) => m.skuId === k.skuId && m.warehouseId === k.warehouseId).reduce((a, m) => a + m.qty, 0) }));
  // Existing rows (locked above) are updated relatively; the guard still holds the invariant if
  // a caller forgot the transaction. New rows are inserted: PostgreSQL checks the proposed row of
  // an INSERT … ON CONFLICT against CHECK constraints, so a negative change cannot go that way.
  const existing = new Set(locked.rows.map((r) => `${r.sku_id}:${r.warehouse_id}`));
  const upd = net.filter(({ k }) => existing.has(`${k.skuId}:${k.warehouseId}`));
  const ins = net.filter(({ k }) => !existing.has(`${k.skuId}:${k.warehouseId}`));
  if (upd.length) {
    const r = await sql<{ n: number }>`
      with v(sku_id, warehouse_id, qty) as (values ${sql.join(upd.map(({ k, q }) => sql`(${k.skuId}::bigint, ${k.warehouseId}::bigint, ${q}::int)`))}),
      u as (
        update stock_levels sl set on_hand = sl.on_hand + v.qty, updated_at = now()
        from v where sl.sku_id = v.sku_id and sl.warehouse_id = v.warehouse_id and sl.on_hand + v.qty >= sl.reserved
        returning 1)
      select count(*)::int as n from u`.execute(trx);
    if (Number(r.rows[0]?.n) !== upd.length) throw new Error('stock level changed while locked');
  }
  if (ins.length) {
    await trx
      .insertInto('stock_levels')
      .values(ins.map(({ k, q }) => ({ sku_id: k.skuId, warehouse_id: k.warehouseId, on_hand: q })))
      // q ≥ 0 here (checked above from 0); a row another transaction created meanwhile just grows
      .onConflict((oc) => oc.columns(['sku_id', 'warehouse_id']).doUpdateSet({ on_hand: sql`stock_levels.on_hand + excluded.on_hand`, updated_at: sql`now()` }))
      .execute();
  }
  const ids = await trx
    .insertInto('stock_movements')
    .values(
      movements.map((m, i) => ({
        sku_id: m.skuId, warehouse_id: m.warehouseId, type: m.type, qty: m.qty, on_hand_after: afters[i]!,
        document_type: m.documentType ?? null, document_id: m.documentId ?? null, document_no: m.documentNo ?? null,
        actor_user_id: actor?.userId ?? null, actor_label: actorLabel(actor), reason: m.reason ?? null,
      })),
    )
    .returning('id')
    .execute();
  // stock that arrived goes to the lines waiting for it (pre-orders, backorders) in this transaction
  const given = await allocateWaits(trx, net.filter(({ q }) => q > 0).map(({ k }) => ({ skuId: k.skuId, warehouseId: k.warehouseId })));
  for (const g of given) state.get(`${g.skuId}:${g.warehouseId}`)!.reserved += g.qty;
  await emitStockEvents(
    trx,
    [...state].map(([k, s]) => {
      const [skuId, warehouseId] = k.split(':').map(Number) as [number, number];
      return { skuId, warehouseId, before: s.start, after: s.onHand - s.reserved, safetyStock: s.safety };
    }),
    cause,
  );
  return ids.map((r, i) => ({ id: r.id, onHandAfter: afters[i]! }));
}
