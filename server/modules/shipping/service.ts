import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError, notFound, validation } from '../../lib/errors';
import { registerMessages } from '../../lib/i18n';
import type { Actor } from '../auth/actor';
import { consume, reservedForOrder } from '../inventory/reservations';
import { assertShippable } from '../inventory/presale';
import { audit } from '../platform/audit';
import { applyOrderEvent, assertOrderAccess, lockOrder, orderLinesToShip, recordShipped } from '../orders';

import './tables';
import '../inventory/tables';

type Db = Kysely<DB> | Transaction<DB>;
export const SHIPMENT_ENTITY = '发货单 / shipment';

registerMessages({
  ORDER_NOT_SHIPPABLE: { zh: '订单 {number} 当前状态为 {status}，不能发货', en: 'Order {number} is {status} and cannot be shipped' },
  SHIP_QTY_EXCEEDS: {
    zh: '订单行 {lineNo}（{code}）还可发 {open}，本次 {qty} 超出了',
    en: 'Order line {lineNo} ({code}) has {open} left to ship; {qty} is too many',
  },
  SHIP_WRONG_WAREHOUSE: {
    zh: '订单行 {lineNo}（{code}）在该仓库只预留了 {reserved}，不能发 {qty}',
    en: 'Order line {lineNo} ({code}) has only {reserved} reserved in this warehouse; cannot ship {qty}',
  },
  SHIPMENT_RECEIVED: { zh: '发货单 {number} 已签收', en: 'Shipment {number} is already confirmed received' },
  RECEIPT_QTY_EXCEEDS: {
    zh: '订单行 {orderLineId}：实收 {received} + 破损 {damaged} 超过发货数量 {qty}',
    en: 'Order line {orderLineId}: received {received} + damaged {damaged} is more than the {qty} shipped',
  },
});

export interface ShipmentInput {
  warehouseId: number;
  carrier: string;
  trackingNo?: string | null;
  estimatedDelivery?: string | null;
  lines: { orderLineId: number; qty: number }[];
  /** when it left (demo data and imports); default now */
  shippedAt?: Date;
}

/**
 * Ships (part of) an order from one warehouse: consumes the reservations, records the shipment
 * and its lines, reports the shipped quantities to orders and moves the order to partially shipped
 * or shipped through the transition table — all in one transaction.
 */
export async function createShipment(db: Kysely<DB>, actor: Actor, orderId: number, input: ShipmentInput) {
  return db.transaction().execute(async (trx) => {
    const order = await lockOrder(trx, actor, orderId);
    if (order.status !== 'picking' && order.status !== 'partially_shipped') throw new AppError('ORDER_NOT_SHIPPABLE', 409, { number: order.number, status: order.status });
    const wh = await trx.selectFrom('warehouses').select(['id', 'name']).where('id', '=', input.warehouseId).executeTakeFirst();
    if (!wh) throw validation([{ path: 'body.warehouseId', message: 'unknown warehouse' }]);
    const seen = new Set<number>();
    input.lines.forEach((l, i) => {
      if (seen.has(l.orderLineId)) throw validation([{ path: `body.lines.${i}.orderLineId`, message: 'appears twice' }]);
      seen.add(l.orderLineId);
    });
    await assertShippable(trx, orderId);
    const lines = await orderLinesToShip(trx, orderId);
    const reserved = await reservedForOrder(trx, orderId);
    input.lines.forEach((l, i) => {
      const line = lines.find((x) => x.id === l.orderLineId);
      if (!line) throw validation([{ path: `body.lines.${i}.orderLineId`, message: 'not a line of this order' }]);
      const open = line.qty - line.shipped_qty;
      if (l.qty > open) throw new AppError('SHIP_QTY_EXCEEDS', 409, { lineNo: line.line_no, code: line.sku_code, open, qty: l.qty });
      const here = reserved.filter((r) => r.orderLineId === l.orderLineId && r.warehouseId === input.warehouseId).reduce((a, r) => a + r.qty, 0);
      if (l.qty > here) throw new AppError('SHIP_WRONG_WAREHOUSE', 409, { lineNo: line.line_no, code: line.sku_code, reserved: here, qty: l.qty });
    });
    // the order's own shipments (a replacement's are numbered after its document)
    const n = await trx.selectFrom('shipments').select((eb) => eb.fn.countAll<number>().as('n')).where('order_id', '=', orderId).where('document_type', 'is', null).executeTakeFirstOrThrow();
    const shipment = await trx
      .insertInto('shipments')
      .values({
        number: `${order.number}-${Number(n.n) + 1}`, order_id: orderId, warehouse_id: input.warehouseId, carrier: input.carrier,
        tracking_no: input.trackingNo ?? null, estimated_delivery: input.estimatedDelivery ?? null,
        received_at: null, received_by_user_id: null, receipt_note: null, created_by_user_id: actor.userId, ...(input.shippedAt ? { shipped_at: input.shippedAt } : {}),
      })
      .returning(['id', 'number'])
      .executeTakeFirstOrThrow();
    await trx.insertInto('shipment_lines').values(input.lines.map((l) => ({ shipment_id: shipment.id, order_line_id: l.orderLineId, qty: l.qty, received_qty: null, discrepancy_note: null }))).execute();
    const taken = await consume(trx, { orderId, documentType: 'shipment', documentId: shipment.id, documentNo: shipment.number, lines: input.lines.map(({ orderLineId, qty }) => ({ orderLineId, qty })), actor });
    // consume takes from the highest-priority warehouse first; a line split across warehouses must come from this one
    if (taken.some((a) => a.warehouseId !== input.warehouseId)) {
      const l = lines.find((x) => x.id === taken.find((a) => a.warehouseId !== input.warehouseId)!.orderLineId)!;
      throw new AppError('SHIP_WRONG_WAREHOUSE', 409, { lineNo: l.line_no, code: l.sku_code, reserved: 0, qty: 0 });
    }
    await recordShipped(trx, order, input.lines);
    const allShipped = lines.every((line) => line.shipped_qty + (input.lines.find((l) => l.orderLineId === line.id)?.qty ?? 0) >= line.qty);
    await audit(trx, actor, { action: 'shipment.create', entityType: 'shipment', entityId: shipment.id, after: { orderId, ...input } });
    const tracking = input.trackingNo ? `${input.carrier} ${input.trackingNo}` : input.carrier;
    await applyOrderEvent(trx, actor, orderId, allShipped ? 'ship_complete' : 'ship_part', {
      note: `${shipment.number} · ${tracking}`,
      data: { shipmentId: shipment.id },
      now: input.shippedAt,
      notice: { zh: `发货单 ${shipment.number}，${tracking}${input.estimatedDelivery ? `，预计 ${input.estimatedDelivery} 送达` : ''}`, en: `Shipment ${shipment.number}, ${tracking}${input.estimatedDelivery ? `, expected ${input.estimatedDelivery}` : ''}` },
    });
    return shipment.id;
  });
}

const shipmentColumns = [
  'shipments.id', 'shipments.number', 'shipments.order_id as orderId', 'shipments.warehouse_id as warehouseId', 'warehouses.name as warehouseName',
  'shipments.carrier', 'shipments.tracking_no as trackingNo', 'shipments.shipped_at as shippedAt', 'shipments.status', 'shipments.received_at as receivedAt',
  'shipments.auto_received as autoReceived', 'shipments.receipt_note as receiptNote',
  'shipments.document_type as documentType', 'shipments.document_id as documentId', 'shipments.document_no as documentNo',
  sql<string | null>`to_char(shipments.estimated_delivery, 'YYYY-MM-DD')`.as('estimatedDelivery'),
] as const;

/** The shipments of an order with their lines and tracking events (order detail, portal tracking). */
export async function listShipments(db: Db, actor: Actor, orderId: number) {
  await assertOrderAccess(db, actor, orderId);
  return shipmentsOf(db, orderId);
}

/** An order's own shipments (one of them with `shipmentId`, also a replacement's), with lines and tracking events. */
export async function shipmentsOf(db: Db, orderId: number, shipmentId?: number) {
  return loadShipments(db, (q) => (shipmentId ? q.where('shipments.id', '=', shipmentId) : q.where('shipments.document_type', 'is', null)).where('shipments.order_id', '=', orderId));
}

/** The shipments that carried a document (an after-sales replacement), with lines and tracking events. */
export async function documentShipments(db: Db, doc: { documentType: string; documentId: number }) {
  return loadShipments(db, (q) => q.where('shipments.document_type', '=', doc.documentType).where('shipments.document_id', '=', doc.documentId));
}

const shipmentBase = (db: Db) => db.selectFrom('shipments').innerJoin('warehouses', 'warehouses.id', 'shipments.warehouse_id').select(shipmentColumns);

async function loadShipments(db: Db, where: (q: ReturnType<typeof shipmentBase>) => ReturnType<typeof shipmentBase>) {
  const rows = await where(shipmentBase(db)).orderBy('shipments.id').execute();
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const lines = await db
    .selectFrom('shipment_lines')
    .innerJoin('order_lines', 'order_lines.id', 'shipment_lines.order_line_id')
    .select([
      'shipment_lines.shipment_id as shipmentId', 'shipment_lines.order_line_id as orderLineId', 'order_lines.line_no as lineNo', 'order_lines.sku_code as skuCode',
      'order_lines.name', 'order_lines.spec_text as specText', 'order_lines.unit', 'order_lines.unit_factor as unitFactor', 'order_lines.base_unit as baseUnit', 'order_lines.qty as orderedQty', 'shipment_lines.qty', 'shipment_lines.received_qty as receivedQty',
      'shipment_lines.damaged_qty as damagedQty', 'shipment_lines.discrepancy_note as discrepancyNote',
    ])
    .where('shipment_lines.shipment_id', 'in', ids)
    .orderBy('order_lines.line_no')
    .execute();
  const events = await db
    .selectFrom('tracking_events')
    .select(['id', 'shipment_id as shipmentId', 'at', 'place', 'description', 'source'])
    .where('shipment_id', 'in', ids)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, lines: lines.filter((l) => l.shipmentId === r.id), tracking: events.filter((e) => e.shipmentId === r.id) }));
}

/** Finds a shipment the actor may see (through its order's scope); 404 otherwise. */
export async function shipmentForActor(db: Db, actor: Actor, shipmentId: number) {
  const s = await db.selectFrom('shipments').select(['id', 'order_id', 'number', 'status', 'document_type', 'document_id', 'document_no']).where('id', '=', shipmentId).executeTakeFirst();
  if (!s) throw notFound(SHIPMENT_ENTITY);
  try {
    await assertOrderAccess(db, actor, s.order_id);
  } catch {
    throw notFound(SHIPMENT_ENTITY);
  }
  return s;
}

/** Adds a tracking event (staff, or a carrier integration through an API token). */
export async function addTracking(db: Kysely<DB>, actor: Actor, shipmentId: number, input: { at?: string | null; place?: string | null; description: string }) {
  await shipmentForActor(db, actor, shipmentId);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('tracking_events')
      .values({
        shipment_id: shipmentId, at: input.at ? new Date(input.at) : new Date(), place: input.place ?? null, description: input.description,
        source: actor.via === 'token' ? 'integration' : 'staff', created_by_user_id: actor.userId,
      })
      .returning(['id', 'shipment_id as shipmentId', 'at', 'place', 'description', 'source'])
      .executeTakeFirstOrThrow();
    await audit(trx, actor, { action: 'shipment.tracking', entityType: 'shipment', entityId: shipmentId, after: input });
    return row;
  });
}
