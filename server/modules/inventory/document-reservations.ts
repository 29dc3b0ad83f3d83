import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError } from '../../lib/errors';
import { actorLabel } from '../../lib/actor-label';
import type { Actor } from '../auth/actor';
import { assertQty, emitStockEvents, type LevelChange } from './stock';
import { settle, type ResRow } from './reservations';
import './messages';

/**
 * Reservations held for a document other than the order (issue 14: an after-sales exchange or
 * reissue reserves its replacement at approval and ships it later). Same guarantees as an
 * order's: rows locked in (sku, warehouse) order, a relative guarded update
 * (`reserved = reserved + q WHERE on_hand - reserved >= q`), all or nothing, and the undo
 * (release) beside it. The rows carry the original order and line (for the ledger and the order's
 * story) and the document; the order's own shipping and releasing never take them.
 */
export interface DocumentRef {
  documentType: string;
  documentId: number;
}
export interface DocumentLine {
  orderLineId: number;
  skuId: number;
  /** base units */
  qty: number;
}
export interface DocumentAllocation extends DocumentLine {
  warehouseId: number;
}

const assertRef = (d: DocumentRef) => {
  if (!d.documentType || !Number.isSafeInteger(d.documentId) || d.documentId <= 0) throw new Error(`bad document reference ${d.documentType}:${d.documentId}`);
};

/**
 * Reserves each line in one warehouse: `warehouseId` when given, else the first active warehouse
 * by priority that can fill it. INSUFFICIENT_STOCK (409) names the short SKU and what is
 * available, having written nothing (the caller's transaction rolls back).
 */
export async function reserveForDocument(
  trx: Transaction<DB>,
  doc: DocumentRef & { orderId: number; warehouseId?: number | null; lines: DocumentLine[] },
): Promise<DocumentAllocation[]> {
  assertRef(doc);
  doc.lines.forEach((l, i) => assertQty(l.qty, `lines.${i}.qty`));
  if (!doc.lines.length) return [];
  const skuIds = [...new Set(doc.lines.map((l) => l.skuId))];
  const { rows } = await sql<{ sku_id: number; warehouse_id: number; available: number; safety_stock: number; priority: number }>`
    select s.sku_id, s.warehouse_id, s.on_hand - s.reserved as available, s.safety_stock, w.priority
    from stock_levels s join warehouses w on w.id = s.warehouse_id and w.active
    where s.sku_id = any(${skuIds}::bigint[]) ${doc.warehouseId ? sql`and s.warehouse_id = ${doc.warehouseId}` : sql``}
    order by s.sku_id, s.warehouse_id
    for update of s`.execute(trx);
  const candidates = [...rows].sort((a, b) => a.priority - b.priority || a.warehouse_id - b.warehouse_id);
  const left = new Map(rows.map((r) => [`${r.sku_id}:${r.warehouse_id}`, r.available]));
  const plan: DocumentAllocation[] = [];
  for (const l of doc.lines) {
    const c = candidates.find((r) => r.sku_id === l.skuId && left.get(`${r.sku_id}:${r.warehouse_id}`)! >= l.qty);
    if (!c) {
      const sku = await trx.selectFrom('skus').select('code').where('id', '=', l.skuId).executeTakeFirst();
      const available = Math.max(0, ...candidates.filter((r) => r.sku_id === l.skuId).map((r) => left.get(`${r.sku_id}:${r.warehouse_id}`)!));
      throw new AppError('INSUFFICIENT_STOCK', 409, { code: sku?.code ?? l.skuId, requested: l.qty, available }, [{ skuId: l.skuId, code: sku?.code ?? null, requested: l.qty, available }]);
    }
    left.set(`${c.sku_id}:${c.warehouse_id}`, left.get(`${c.sku_id}:${c.warehouse_id}`)! - l.qty);
    plan.push({ ...l, warehouseId: c.warehouse_id });
  }
  const per = new Map<string, { skuId: number; warehouseId: number; qty: number }>();
  for (const p of plan) {
    const k = `${p.skuId}:${p.warehouseId}`;
    const a = per.get(k) ?? { skuId: p.skuId, warehouseId: p.warehouseId, qty: 0 };
    a.qty += p.qty;
    per.set(k, a);
  }
  const upd = await sql<{ sku_id: number; warehouse_id: number; available: number; safety_stock: number; qty: number }>`
    update stock_levels s set reserved = s.reserved + v.qty, updated_at = now()
    from (values ${sql.join([...per.values()].map((a) => sql`(${a.skuId}::bigint, ${a.warehouseId}::bigint, ${a.qty}::int)`))}) v(sku_id, warehouse_id, qty)
    where s.sku_id = v.sku_id and s.warehouse_id = v.warehouse_id and s.on_hand - s.reserved >= v.qty
    returning s.sku_id, s.warehouse_id, s.on_hand - s.reserved as available, s.safety_stock, v.qty`.execute(trx);
  if (upd.rows.length !== per.size) throw new Error('stock changed under a lock');
  await trx.insertInto('reservations').values(plan.map((p) => ({
    order_id: doc.orderId, order_line_id: p.orderLineId, sku_id: p.skuId, warehouse_id: p.warehouseId, qty: p.qty, document_type: doc.documentType, document_id: doc.documentId,
  }))).execute();
  await emitStockEvents(trx, upd.rows.map((r): LevelChange => ({ skuId: r.sku_id, warehouseId: r.warehouse_id, before: r.available + r.qty, after: r.available, safetyStock: r.safety_stock })), 'reserve');
  return plan;
}

async function lockDocument(trx: Transaction<DB>, doc: DocumentRef): Promise<ResRow[]> {
  const { rows } = await sql<ResRow>`
    select r.id, r.order_line_id, r.sku_id, r.warehouse_id, r.qty - r.consumed_qty - r.released_qty as outstanding, r.consumed_qty, 0 as priority
    from reservations r
    where r.document_type = ${doc.documentType} and r.document_id = ${doc.documentId} and r.status = 'active'
    order by r.id
    for update of r`.execute(trx);
  return rows;
}

/** What a document still holds, per line and warehouse. */
export async function reservedForDocument(trx: Kysely<DB> | Transaction<DB>, doc: DocumentRef): Promise<DocumentAllocation[]> {
  const rows = await trx
    .selectFrom('reservations')
    .select(['order_line_id', 'sku_id', 'warehouse_id', sql<number>`sum(qty - consumed_qty - released_qty)::int`.as('qty')])
    .where('document_type', '=', doc.documentType)
    .where('document_id', '=', doc.documentId)
    .where('status', '=', 'active')
    .groupBy(['order_line_id', 'sku_id', 'warehouse_id'])
    .orderBy('order_line_id')
    .execute();
  return rows.map((r) => ({ orderLineId: r.order_line_id, skuId: r.sku_id, warehouseId: r.warehouse_id, qty: r.qty }));
}

/** Frees everything the document still holds (cancelled request, units refused at inspection). A no-op when nothing is held. */
export async function releaseForDocument(trx: Transaction<DB>, doc: DocumentRef, qtyByLine?: Map<number, number>): Promise<void> {
  assertRef(doc);
  const rows = await lockDocument(trx, doc);
  const take = new Map<number, { r: ResRow; q: number }>();
  const want = new Map(qtyByLine ?? rows.map((r) => [r.order_line_id, Number.MAX_SAFE_INTEGER]));
  for (const r of rows) {
    const q = Math.min(want.get(r.order_line_id) ?? 0, r.outstanding);
    if (q > 0) take.set(r.id, { r, q });
    if (want.has(r.order_line_id)) want.set(r.order_line_id, want.get(r.order_line_id)! - q);
  }
  if (!take.size) return;
  const after = await settle(trx, take, 'release');
  await emitStockEvents(trx, after.map((r): LevelChange => ({ skuId: r.sku_id, warehouseId: r.warehouse_id, before: r.available - r.qty, after: r.available, safetyStock: r.safety_stock })), 'release');
}

/**
 * Ships what the document holds, per line `qtyByLine` (base units): on_hand and reserved go down,
 * one 'shipment' ledger row per (sku, warehouse) naming the document and the order. More than is
 * held is RESERVATION_EXCEEDED. Returns what left which warehouse.
 */
export async function consumeForDocument(
  trx: Transaction<DB>,
  doc: DocumentRef & { orderId: number; documentNo: string; actor: Actor | null; qtyByLine: Map<number, number> },
): Promise<DocumentAllocation[]> {
  assertRef(doc);
  const rows = await lockDocument(trx, doc);
  const take = new Map<number, { r: ResRow; q: number }>();
  const out: DocumentAllocation[] = [];
  for (const [line, qty] of [...doc.qtyByLine].sort((a, b) => a[0] - b[0])) {
    assertQty(qty, `qtyByLine.${line}`);
    const own = rows.filter((r) => r.order_line_id === line);
    const held = own.reduce((a, r) => a + r.outstanding, 0);
    if (qty > held) throw new AppError('RESERVATION_EXCEEDED', 409, { orderLineId: line, reserved: held, requested: qty });
    let rest = qty;
    for (const r of own) {
      const q = Math.min(rest, r.outstanding);
      if (q > 0) {
        take.set(r.id, { r, q });
        out.push({ orderLineId: line, skuId: r.sku_id, warehouseId: r.warehouse_id, qty: q });
      }
      rest -= q;
    }
  }
  if (!take.size) return [];
  const after = await settle(trx, take, 'consume');
  await trx.insertInto('stock_movements').values(after.map((r) => ({
    sku_id: r.sku_id, warehouse_id: r.warehouse_id, type: 'shipment' as const, qty: -r.qty, on_hand_after: r.on_hand,
    document_type: doc.documentType, document_id: doc.documentId, document_no: doc.documentNo, order_id: doc.orderId,
    actor_user_id: doc.actor?.userId ?? null, actor_label: actorLabel(doc.actor), reason: null,
  }))).execute();
  return out;
}
