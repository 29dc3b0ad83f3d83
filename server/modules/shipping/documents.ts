import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError } from '../../lib/errors';
import { registerMessages } from '../../lib/i18n';
import type { Actor } from '../auth/actor';
import { consumeForDocument, type DocumentAllocation, type DocumentRef } from '../inventory/document-reservations';
import { audit } from '../platform/audit';
import { reservedToPick } from './pick-rows';
import './tables';
import '../inventory/tables';
import '../orders/tables';
import '../customers/tables';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Shipments for documents other than the order (issue 14: an after-sales exchange or reissue
 * ships its replacement). Such a document holds its own stock reservations (inventory's document
 * reservations, tied to the original order's lines). Shipping owns the rest:
 *
 * - the document's source registers once (`registerShippingDocuments`) and tells shipping which
 *   of its documents may ship now, their number (SH…) and the console page that ships them;
 * - the warehouse's pick list shows those documents beside the orders, in the same queue and the
 *   same per-SKU totals;
 * - `shipDocument` (called inside the document's own transaction) ships what it holds as
 *   shipments of the original order carrying the document (number SH…-1, one per warehouse),
 *   with the ledger rows naming the document; tracking events and the delivery note work as for
 *   any shipment, and `receiveDocumentShipments` marks them received when the buyer confirms.
 *
 * The order's own shipping (numbering, receipt, delivered) never counts these shipments.
 */
export interface ShippingDocument {
  id: number;
  /** the document's own number (SH20261207-0001) */
  number: string;
  /** a short name of the document's kind for printed headings, e.g. 换货 or 补发 */
  title: string;
  /** the kind as a key the screens translate, e.g. exchange or reissue */
  kind: string;
  /** may ship now (an exchange once the goods came back, a reissue once approved) */
  ready: boolean;
  /** since when it is waiting to ship (the pick list orders by it) */
  since: Date | null;
  /** the console page where the warehouse ships it */
  link: string;
}
export interface ShippingDocumentSource {
  /** the reservations' and shipments' document_type, e.g. 'aftersales' */
  type: string;
  describe(db: Db, ids: number[]): Promise<ShippingDocument[]>;
}

const sources = new Map<string, ShippingDocumentSource>();

/** A module whose documents ship through the warehouse registers itself once, at load. */
export function registerShippingDocuments(source: ShippingDocumentSource): void {
  sources.set(source.type, source);
}

async function describe(db: Db, type: string, ids: number[]): Promise<Map<number, ShippingDocument>> {
  const src = sources.get(type);
  if (!src || !ids.length) return new Map();
  return new Map((await src.describe(db, ids)).map((d) => [d.id, d]));
}

registerMessages({
  SHIPMENT_TRACKING_PER_WAREHOUSE: {
    zh: '货物从 {warehouses} 分别发出，是不同的包裹：请为每个仓库分别填写承运商和运单号（运单号 {trackingNo} 不能共用）',
    en: 'The goods leave from {warehouses} as separate parcels: enter a carrier and tracking number per warehouse ({trackingNo} cannot be shared)',
  },
  SHIPMENT_PARCEL_NOT_SHIPPED: {
    zh: '仓库 {warehouse} 没有为此单预留的货物，不会从该仓库发货：请删除该仓库的运单',
    en: 'Nothing of this document is held in warehouse {warehouse}: remove its parcel',
  },
  SHIPMENT_OF_DOCUMENT: {
    zh: '发货单 {number} 是售后单 {documentNo} 的换货/补发，请在售后单中确认收货',
    en: 'Shipment {number} carries {documentNo} (a replacement); confirm it on that request',
  },
});

/** Per (document, order line) what a warehouse still holds for ready documents — the pick list's second half. */
export async function documentsToPick(db: Kysely<DB>, warehouseId: number) {
  const rows = await reservedToPick(db, warehouseId)
    .select(['r.document_type as documentType', 'r.document_id as documentId', 'o.number as orderNumber', 'o.status as orderStatus'])
    .where('r.document_type', 'is not', null)
    .groupBy(['r.document_type', 'r.document_id', 'o.id', 'c.name', 'l.id'])
    .orderBy('r.document_id')
    .orderBy('l.line_no')
    .execute();
  const out: { document: ShippingDocument & { type: string }; orderId: number; orderNumber: string; orderStatus: string; companyName: string; address: unknown; lines: typeof rows }[] = [];
  for (const type of [...new Set(rows.map((r) => r.documentType!))]) {
    const mine = rows.filter((r) => r.documentType === type);
    const docs = await describe(db, type, [...new Set(mine.map((r) => r.documentId!))]);
    for (const r of mine) {
      const d = docs.get(r.documentId!);
      if (!d?.ready) continue;
      let e = out.find((x) => x.document.type === type && x.document.id === d.id);
      if (!e) out.push((e = { document: { ...d, type }, orderId: r.orderId, orderNumber: r.orderNumber, orderStatus: r.orderStatus, companyName: r.companyName, address: r.address, lines: [] }));
      e.lines.push(r);
    }
  }
  return out;
}

/** One parcel's carrier and tracking number. */
export interface Parcel { carrier: string; trackingNo?: string | null }

export interface DocumentShipmentInput extends DocumentRef {
  /** the document's number: shipments are numbered after it (SH…-1), the ledger rows carry it */
  documentNo: string;
  orderId: number;
  /** the parcel of every warehouse not named in `parcels` */
  carrier: string;
  trackingNo?: string | null;
  /** per warehouse the goods leave from, its own parcel (goods held in two warehouses leave as two parcels) */
  parcels?: Map<number, Parcel>;
  /** base units per original order line, taken from what the document holds */
  qtyByLine: Map<number, number>;
  shippedAt?: Date;
}

/**
 * Ships what a document holds, in the caller's transaction: consumes its reservations (on hand and
 * reserved down, one 'shipment' ledger row per SKU and warehouse naming the document), and records
 * one shipment of the original order per warehouse the goods leave from, with its lines. More than
 * the document holds is RESERVATION_EXCEEDED and nothing stays written (the caller rolls back).
 */
export async function shipDocument(trx: Transaction<DB>, actor: Actor, input: DocumentShipmentInput) {
  const shipped = await consumeForDocument(trx, { documentType: input.documentType, documentId: input.documentId, orderId: input.orderId, documentNo: input.documentNo, actor, qtyByLine: input.qtyByLine });
  const byWarehouse = new Map<number, Map<number, number>>();
  for (const a of shipped) {
    const m = byWarehouse.get(a.warehouseId) ?? new Map<number, number>();
    m.set(a.orderLineId, (m.get(a.orderLineId) ?? 0) + a.qty);
    byWarehouse.set(a.warehouseId, m);
  }
  const parcelOf = await parcelsByWarehouse(trx, input, [...byWarehouse.keys()]);
  const before = await trx.selectFrom('shipments').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('document_type', '=', input.documentType).where('document_id', '=', input.documentId).executeTakeFirstOrThrow();
  let k = Number(before.n);
  const shipments: { id: number; number: string; warehouseId: number; carrier: string; trackingNo: string | null; lines: { orderLineId: number; qty: number }[] }[] = [];
  for (const [warehouseId, lines] of [...byWarehouse].sort((a, b) => a[0] - b[0])) {
    const { carrier, trackingNo } = parcelOf(warehouseId);
    const s = await trx.insertInto('shipments').values({
      number: `${input.documentNo}-${++k}`, order_id: input.orderId, warehouse_id: warehouseId, carrier, tracking_no: trackingNo,
      estimated_delivery: null, received_at: null, received_by_user_id: null, receipt_note: null, created_by_user_id: actor.userId,
      document_type: input.documentType, document_id: input.documentId, document_no: input.documentNo, ...(input.shippedAt ? { shipped_at: input.shippedAt } : {}),
    }).returning(['id', 'number']).executeTakeFirstOrThrow();
    const ls = [...lines].map(([orderLineId, qty]) => ({ orderLineId, qty }));
    await trx.insertInto('shipment_lines').values(ls.map((l) => ({ shipment_id: s.id, order_line_id: l.orderLineId, qty: l.qty, received_qty: null, discrepancy_note: null }))).execute();
    await audit(trx, actor, { action: 'shipment.create', entityType: 'shipment', entityId: s.id, after: { orderId: input.orderId, document: `${input.documentType}:${input.documentId}`, documentNo: input.documentNo, warehouseId, carrier, trackingNo, lines: ls } });
    shipments.push({ id: s.id, number: s.number, warehouseId, carrier, trackingNo, lines: ls });
  }
  return { shipments, shipped: shipped as DocumentAllocation[] };
}

/**
 * Which parcel leaves each warehouse: its own when named, else the default. One tracking number
 * on two warehouses' shipments would track only one of the parcels, so it is refused (409) with
 * the warehouses named; a parcel for a warehouse nothing leaves from is refused too (400).
 */
async function parcelsByWarehouse(trx: Transaction<DB>, input: DocumentShipmentInput, from: number[]) {
  const parcels = input.parcels ?? new Map<number, Parcel>();
  const names = new Map((await trx.selectFrom('warehouses').select(['id', 'name']).where('id', 'in', [...from, ...parcels.keys(), 0]).execute()).map((w) => [w.id, w.name]));
  for (const id of parcels.keys()) {
    if (!from.includes(id)) throw new AppError('SHIPMENT_PARCEL_NOT_SHIPPED', 400, { warehouse: names.get(id) ?? `#${id}` }, [{ warehouseId: id }]);
  }
  const of = (id: number) => {
    const p = parcels.get(id) ?? input;
    return { carrier: p.carrier, trackingNo: p.trackingNo || null };
  };
  const byTracking = new Map<string, number[]>();
  for (const id of from) {
    const no = of(id).trackingNo;
    if (no) byTracking.set(no, [...(byTracking.get(no) ?? []), id]);
  }
  for (const [trackingNo, ids] of byTracking) {
    if (ids.length > 1) throw new AppError('SHIPMENT_TRACKING_PER_WAREHOUSE', 409, { warehouses: ids.map((id) => names.get(id) ?? `#${id}`).join('、'), trackingNo }, ids.map((warehouseId) => ({ warehouseId })));
  }
  return of;
}

/** The buyer confirmed the document's goods arrived: its shipments still in transit become received. */
export async function receiveDocumentShipments(trx: Transaction<DB>, actor: Actor, doc: DocumentRef, now: Date): Promise<number> {
  const r = await trx.updateTable('shipments').set({ status: 'received', received_at: now, received_by_user_id: actor.userId })
    .where('document_type', '=', doc.documentType).where('document_id', '=', doc.documentId).where('status', '=', 'in_transit').executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** A shipment of a document is confirmed through its document, not as the order's receipt. */
export function assertOrderShipment(s: { number: string; document_no: string | null }): void {
  if (s.document_no) throw new AppError('SHIPMENT_OF_DOCUMENT', 409, { number: s.number, documentNo: s.document_no });
}

/** How a document's shipment is titled on its delivery note (换货发货单), or null for the order's own. */
export async function documentTitle(db: Db, s: { document_type: string | null; document_id: number | null }): Promise<string | null> {
  if (!s.document_type || s.document_id == null) return null;
  return (await describe(db, s.document_type, [s.document_id])).get(s.document_id)?.title ?? null;
}
