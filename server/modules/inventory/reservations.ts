import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError } from '../../lib/errors';
import { actorLabel } from '../../lib/actor-label';
import type { Actor } from '../auth/actor';
import { assertQty, availableBySku, emitStockEvents, type LevelChange } from './stock';
import { allocateWaits, cancelWaits } from './presale';
import './messages';

/**
 * Stock reservations for order lines. Every function takes the caller's transaction (the
 * order's), locks the stock rows it touches in (sku id, warehouse id) order — so two orders
 * taking the same SKUs in opposite order queue instead of deadlocking — and changes stock
 * only by relative, guarded updates (`reserved = reserved + q WHERE on_hand - reserved >= q`).
 */
export { availableBySku };

export interface ReserveLine {
  orderLineId: number;
  skuId: number;
  /** base units */
  qty: number;
}
export interface Allocation {
  orderLineId: number;
  warehouseId: number;
  qty: number;
}
export interface ShortageDetail {
  skuId: number;
  code: string;
  requested: number;
  available: number;
}

/** Supplier setting: may one order line be filled from several warehouses? Default no. */
export const ALLOW_SPLIT_SETTING = 'inventory.allowSplit';

const assertId = (v: unknown, path: string) => {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) {
    throw new AppError('VALIDATION', 400, {}, [{ path, message: 'must be a positive integer id' }]);
  }
};

/**
 * Reserves every line of an order, all or nothing. Allocation per line: the active warehouse
 * serving the customer's province (by priority) if it can fill the line, else the first active
 * warehouse by priority that can; split across warehouses only when ALLOW_SPLIT_SETTING is on.
 * On shortage throws INSUFFICIENT_STOCK (409) naming what is available, having written nothing.
 */
export async function reserve(
  trx: Transaction<DB>,
  input: { orderId: number; companyId: number; lines: ReserveLine[] },
): Promise<Allocation[]> {
  assertId(input.orderId, 'orderId');
  assertId(input.companyId, 'companyId');
  if (input.lines.length === 0) return [];
  const seen = new Set<number>();
  input.lines.forEach((l, i) => {
    assertId(l.orderLineId, `lines.${i}.orderLineId`);
    assertId(l.skuId, `lines.${i}.skuId`);
    assertQty(l.qty, `lines.${i}.qty`);
    if (seen.has(l.orderLineId)) throw new AppError('DUPLICATE_ORDER_LINE', 400, { orderLineId: l.orderLineId });
    seen.add(l.orderLineId);
  });
  const lines = [...input.lines].sort((a, b) => a.orderLineId - b.orderLineId);
  // One call: inventory_reserve (migrations/202612070211) plans and writes under row locks.
  const { rows } = await sql<{ r: Allocation[] | { refusal: { code: string; status: number; params: Record<string, unknown>; details: ShortageDetail[] } } }>`
    select inventory_reserve(${input.orderId}::bigint, ${input.companyId}::bigint, ${lines.map((l) => l.orderLineId)}::bigint[],
      ${lines.map((l) => l.skuId)}::bigint[], ${lines.map((l) => l.qty)}::int[]) as r`.execute(trx);
  const r = rows[0]!.r;
  if (!Array.isArray(r)) throw new AppError(r.refusal.code, r.refusal.status, r.refusal.params, r.refusal.details);
  return r;
}

export type ResRow = { id: number; order_line_id: number; sku_id: number; warehouse_id: number; outstanding: number; consumed_qty: number; priority: number };

/** Locks the order's active reservations (optionally some lines), highest-priority warehouse first. */
async function lockReservations(trx: Transaction<DB>, orderId: number, lineIds?: number[]): Promise<ResRow[]> {
  const { rows } = await sql<ResRow>`
    select r.id, r.order_line_id, r.sku_id, r.warehouse_id, r.qty - r.consumed_qty - r.released_qty as outstanding, r.consumed_qty, w.priority
    from reservations r join warehouses w on w.id = r.warehouse_id
    where r.order_id = ${orderId} and r.status = 'active' and r.document_type is null
      ${lineIds ? sql`and r.order_line_id in (${sql.join(lineIds.length ? lineIds : [0])})` : sql``}
    order by r.id
    for update of r`.execute(trx);
  return rows.sort((a, b) => a.priority - b.priority || a.warehouse_id - b.warehouse_id || a.id - b.id);
}

/** Takes `take` (reservation id → qty) off the reservations and applies the stock update. */
export async function settle(trx: Transaction<DB>, take: Map<number, { r: ResRow; q: number }>, kind: 'release' | 'consume') {
  const perRow = new Map<string, { skuId: number; warehouseId: number; qty: number }>();
  for (const { r, q } of take.values()) {
    const k = `${r.sku_id}:${r.warehouse_id}`;
    const a = perRow.get(k) ?? { skuId: r.sku_id, warehouseId: r.warehouse_id, qty: 0 };
    a.qty += q;
    perRow.set(k, a);
  }
  const sorted = [...perRow.values()].sort((a, b) => a.skuId - b.skuId || a.warehouseId - b.warehouseId);
  const values = sql.join(sorted.map((a) => sql`(${a.skuId}::bigint, ${a.warehouseId}::bigint, ${a.qty}::int)`));
  const keys = sql.join(sorted.map((a) => sql`(${a.skuId}::bigint, ${a.warehouseId}::bigint)`));
  await sql`select 1 from stock_levels where (sku_id, warehouse_id) in (${keys}) order by sku_id, warehouse_id for update`.execute(trx);
  const col = kind === 'release' ? sql`released_qty` : sql`consumed_qty`;
  await sql`
    update reservations r set ${col} = ${col} + v.q, updated_at = now(),
      status = case when r.qty - r.consumed_qty - r.released_qty - v.q > 0 then 'active'
                    when r.consumed_qty ${kind === 'consume' ? sql`+ v.q` : sql``} = r.qty then 'consumed'
                    when r.consumed_qty ${kind === 'consume' ? sql`+ v.q` : sql``} = 0 then 'released'
                    else 'closed' end
    from (values ${sql.join([...take.values()].map(({ r, q }) => sql`(${r.id}::bigint, ${q}::int)`))}) v(id, q)
    where r.id = v.id`.execute(trx);
  const upd = await sql<{ sku_id: number; warehouse_id: number; on_hand: number; available: number; safety_stock: number; qty: number }>`
    update stock_levels s set
      reserved = s.reserved - v.qty,
      ${kind === 'consume' ? sql`on_hand = s.on_hand - v.qty,` : sql``}
      updated_at = now()
    from (values ${values}) v(sku_id, warehouse_id, qty)
    where s.sku_id = v.sku_id and s.warehouse_id = v.warehouse_id and s.reserved >= v.qty
    returning s.sku_id, s.warehouse_id, s.on_hand, s.on_hand - s.reserved as available, s.safety_stock, v.qty`.execute(trx);
  if (upd.rows.length !== sorted.length) throw new Error('reserved stock is out of step with reservations');
  return upd.rows;
}

function parseQtyMap(qtyByLine: Record<number, number> | undefined): Map<number, number> | null {
  if (!qtyByLine) return null;
  const m = new Map<number, number>();
  for (const [k, v] of Object.entries(qtyByLine)) {
    const id = Number(k);
    assertId(id, `qtyByLine.${k}`);
    assertQty(v, `qtyByLine.${k}`);
    m.set(id, v);
  }
  return m;
}

/**
 * Frees reserved stock (cancel, reject, line removed or reduced). Without orderLineIds and
 * qtyByLine: everything still reserved for the order. orderLineIds: those lines entirely.
 * qtyByLine: that many units of those lines (lowest-priority warehouse first); more than is
 * reserved is RESERVATION_EXCEEDED. Releasing what is no longer reserved is a no-op. The whole
 * order or whole lines also leave the pre-order / backorder queue (a partial release leaves it
 * as it is), and the freed stock goes to lines waiting for it.
 */
export async function release(
  trx: Transaction<DB>,
  input: { orderId: number; orderLineIds?: number[]; qtyByLine?: Record<number, number> },
): Promise<void> {
  assertId(input.orderId, 'orderId');
  input.orderLineIds?.forEach((id, i) => assertId(id, `orderLineIds.${i}`));
  const partial = parseQtyMap(input.qtyByLine);
  const lineFilter = input.orderLineIds || partial ? [...new Set([...(input.orderLineIds ?? []), ...(partial?.keys() ?? [])])] : undefined;
  const rows = await lockReservations(trx, input.orderId, lineFilter);
  const take = new Map<number, { r: ResRow; q: number }>();
  const lines = new Set(rows.map((r) => r.order_line_id));
  for (const line of lines) {
    const own = rows.filter((r) => r.order_line_id === line).reverse(); // lowest priority first
    const total = own.reduce((a, r) => a + r.outstanding, 0);
    let want = partial?.has(line) && !input.orderLineIds?.includes(line) ? partial.get(line)! : total;
    if (want > total) throw new AppError('RESERVATION_EXCEEDED', 409, { orderLineId: line, reserved: total, requested: want });
    for (const r of own) {
      const q = Math.min(want, r.outstanding);
      if (q > 0) take.set(r.id, { r, q });
      want -= q;
    }
  }
  for (const [line, q] of partial ?? []) {
    if (!lines.has(line) && !input.orderLineIds?.includes(line)) throw new AppError('RESERVATION_EXCEEDED', 409, { orderLineId: line, reserved: 0, requested: q });
  }
  // lines leaving the order (or the whole order) leave the pre-order / backorder queue too
  if (!partial || input.orderLineIds) await cancelWaits(trx, input.orderId, input.orderLineIds);
  if (take.size === 0) return;
  const rowsAfter = await settle(trx, take, 'release');
  // freed stock goes to lines waiting for it first
  const given = await allocateWaits(trx, rowsAfter.map((r) => ({ skuId: r.sku_id, warehouseId: r.warehouse_id })));
  const givenAt = (r: { sku_id: number; warehouse_id: number }) => given.find((g) => g.skuId === r.sku_id && g.warehouseId === r.warehouse_id)?.qty ?? 0;
  await emitStockEvents(trx, rowsAfter.map((r): LevelChange => ({ skuId: r.sku_id, warehouseId: r.warehouse_id, before: r.available - r.qty, after: r.available - givenAt(r), safetyStock: r.safety_stock })), 'release');
}

/**
 * Ships reserved stock: on_hand −= q and reserved −= q per warehouse (highest priority first),
 * one 'shipment' ledger row per warehouse touched, pointing at the shipping document (by id and
 * by its number) and at the order, so the ledger can name the shipment and link to the order.
 */
export async function consume(
  trx: Transaction<DB>,
  input: { orderId: number; documentType: string; documentId: number; documentNo: string; lines: { orderLineId: number; qty: number }[]; actor?: Actor | null },
): Promise<Allocation[]> {
  assertId(input.orderId, 'orderId');
  assertId(input.documentId, 'documentId');
  const want = new Map<number, number>();
  input.lines.forEach((l, i) => {
    assertId(l.orderLineId, `lines.${i}.orderLineId`);
    assertQty(l.qty, `lines.${i}.qty`);
    if (want.has(l.orderLineId)) throw new AppError('DUPLICATE_ORDER_LINE', 400, { orderLineId: l.orderLineId });
    want.set(l.orderLineId, l.qty);
  });
  if (want.size === 0) return [];
  const rows = await lockReservations(trx, input.orderId, [...want.keys()]);
  const take = new Map<number, { r: ResRow; q: number }>();
  const out: Allocation[] = [];
  for (const [line, qty] of [...want].sort((a, b) => a[0] - b[0])) {
    const own = rows.filter((r) => r.order_line_id === line);
    const total = own.reduce((a, r) => a + r.outstanding, 0);
    if (qty > total) throw new AppError('RESERVATION_EXCEEDED', 409, { orderLineId: line, reserved: total, requested: qty });
    let rest = qty;
    for (const r of own) {
      const q = Math.min(rest, r.outstanding);
      if (q > 0) {
        take.set(r.id, { r, q });
        const prev = out.find((o) => o.orderLineId === line && o.warehouseId === r.warehouse_id);
        if (prev) prev.qty += q;
        else out.push({ orderLineId: line, warehouseId: r.warehouse_id, qty: q });
      }
      rest -= q;
    }
  }
  const after = await settle(trx, take, 'consume');
  const actor = input.actor ?? null;
  await trx
    .insertInto('stock_movements')
    .values(after.map((r) => ({
      sku_id: r.sku_id, warehouse_id: r.warehouse_id, type: 'shipment' as const, qty: -r.qty, on_hand_after: r.on_hand,
      document_type: input.documentType, document_id: input.documentId, document_no: input.documentNo, order_id: input.orderId,
      actor_user_id: actor?.userId ?? null, actor_label: actorLabel(actor), reason: null,
    })))
    .execute();
  return out;
}

/** What is still reserved for an order, per line and warehouse (order detail, shipping screens). */
export async function reservedForOrder(db: Kysely<DB> | Transaction<DB>, orderId: number): Promise<Allocation[]> {
  const rows = await db
    .selectFrom('reservations')
    .select(['order_line_id', 'warehouse_id', sql<number>`sum(qty - consumed_qty - released_qty)::int`.as('qty')])
    .where('order_id', '=', orderId)
    .where('status', '=', 'active')
    .where('document_type', 'is', null)
    .groupBy(['order_line_id', 'warehouse_id'])
    .orderBy('order_line_id')
    .orderBy('warehouse_id')
    .execute();
  return rows.map((r) => ({ orderLineId: r.order_line_id, warehouseId: r.warehouse_id, qty: r.qty }));
}
