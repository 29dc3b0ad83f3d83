import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError, validation } from '../../lib/errors';
import type { Actor } from '../auth/actor';
import { releaseForDocument, reservedForDocument, reserveForDocument, type DocumentRef } from '../inventory/document-reservations';
import { receiveDocumentShipments, registerShippingDocuments, shipDocument } from '../shipping';
import type { AftersalesKind } from './transitions-table';
import './tables';

/**
 * The replacement of an exchange (换货) or a reissue (补发): reserved when the request is approved
 * (like an order's stock, all or nothing, refused on shortage), released when it is cancelled
 * (and, for an exchange, by the units the warehouse refused at inspection), and shipped through the
 * shipping module: the warehouse sees a ready replacement in its pick list beside the orders (an
 * exchange once the goods came back, a reissue once approved), and shipping it records shipments
 * of the original order numbered after the request (SH…-1) with the usual delivery note, tracking
 * and ledger rows carrying the request number.
 */
interface Line { id: number; order_line_id: number; sku_id: number; qty: number; to_stock_qty: number; defective_qty: number }
interface Req { id: number; number: string; kind: AftersalesKind; order_id: number }

export const REPLACING: readonly AftersalesKind[] = ['exchange', 'reissue'];
const ref = (r: { id: number }): DocumentRef => ({ documentType: 'aftersales', documentId: r.id });

/** At approval: holds the requested units of every line (the exchange gets back what it sends). */
export async function reserveReplacement(trx: Transaction<DB>, r: Req, lines: Line[]) {
  if (!REPLACING.includes(r.kind)) return null;
  const held = await reserveForDocument(trx, { ...ref(r), orderId: r.order_id, lines: lines.map((l) => ({ orderLineId: l.order_line_id, skuId: l.sku_id, qty: l.qty })) });
  return held.map((h) => ({ orderLineId: h.orderLineId, warehouseId: h.warehouseId, qty: h.qty }));
}

/** The undo of reserveReplacement (cancel); releasing nothing is a no-op. */
export const releaseReplacement = (trx: Transaction<DB>, r: Req) => releaseForDocument(trx, ref(r));

/** After inspection of an exchange: units the warehouse refused get no replacement. */
export async function releaseRefused(trx: Transaction<DB>, r: Req, lines: Line[], refused: Map<number, number>) {
  if (r.kind !== 'exchange') return;
  const byOrderLine = new Map<number, number>();
  for (const l of lines) if ((refused.get(l.id) ?? 0) > 0) byOrderLine.set(l.order_line_id, refused.get(l.id)!);
  if (byOrderLine.size) await releaseForDocument(trx, ref(r), byOrderLine);
}

/**
 * Ships the replacement: an exchange sends as many as were accepted back, a reissue everything
 * requested. Taken from what approval reserved (a request approved before reservations existed
 * reserves now, in `warehouseId` or by priority). Whatever is still held after that is released.
 */
export async function shipReplacement(trx: Transaction<DB>, actor: Actor, r: Req, lines: Line[], rep: { warehouseId?: number | null; carrier: string; trackingNo?: string | null; parcels?: { warehouseId: number; carrier: string; trackingNo?: string | null }[] }, now: Date) {
  const warehouseId = rep.warehouseId;
  const want = lines.map((l) => ({ l, q: r.kind === 'reissue' ? l.qty : l.to_stock_qty + l.defective_qty })).filter((x) => x.q > 0);
  if (!want.length) throw new AppError('AFTERSALES_NOTHING_TO_SHIP', 409, { number: r.number });
  if (warehouseId != null) {
    const wh = await trx.selectFrom('warehouses').select('id').where('id', '=', warehouseId).where('active', '=', true).executeTakeFirst();
    if (!wh) throw validation([{ path: 'body.replacement.warehouseId', message: 'unknown or inactive warehouse' }]);
  }
  const held = await reservedForDocument(trx, ref(r));
  const missing = want.filter(({ l, q }) => held.filter((h) => h.orderLineId === l.order_line_id).reduce((a, h) => a + h.qty, 0) < q);
  if (missing.length) {
    await releaseForDocument(trx, ref(r), new Map(missing.map(({ l }) => [l.order_line_id, Number.MAX_SAFE_INTEGER])));
    await reserveForDocument(trx, { ...ref(r), orderId: r.order_id, warehouseId, lines: missing.map(({ l, q }) => ({ orderLineId: l.order_line_id, skuId: l.sku_id, qty: q })) });
  }
  const { shipments, shipped } = await shipDocument(trx, actor, {
    ...ref(r), documentNo: r.number, orderId: r.order_id, carrier: rep.carrier, trackingNo: rep.trackingNo ?? null, shippedAt: now,
    parcels: new Map((rep.parcels ?? []).map((p) => [p.warehouseId, p])),
    qtyByLine: new Map(want.map(({ l, q }) => [l.order_line_id, q])),
  });
  await releaseForDocument(trx, ref(r));
  for (const { l, q } of want) {
    const from = shipped.find((s) => s.orderLineId === l.order_line_id);
    await trx.updateTable('aftersales_lines').set({ replacement_qty: q, replacement_warehouse_id: from?.warehouseId ?? null }).where('id', '=', l.id).execute();
  }
  await trx.updateTable('aftersales_requests').set({ replacement_shipped_at: now }).where('id', '=', r.id).execute();
  return { shipped, shipments: shipments.map((s) => ({ id: s.id, number: s.number, warehouseId: s.warehouseId, carrier: s.carrier, trackingNo: s.trackingNo })) };
}

/** The warehouses holding the replacement now, in id order: each ships its own parcel. */
export async function heldWarehouses(db: Kysely<DB> | Transaction<DB>, requestId: number): Promise<number[]> {
  const rows = await reservedForDocument(db, { documentType: 'aftersales', documentId: requestId });
  return [...new Set(rows.filter((h) => h.qty > 0).map((h) => h.warehouseId))].sort((a, b) => a - b);
}

/** Units held for each request line right now (the detail screen shows "已预留"). */
export async function heldByLine(db: Kysely<DB> | Transaction<DB>, requestId: number): Promise<Map<number, number>> {
  const rows = await reservedForDocument(db, { documentType: 'aftersales', documentId: requestId });
  const out = new Map<number, number>();
  for (const h of rows) out.set(h.orderLineId, (out.get(h.orderLineId) ?? 0) + h.qty);
  return out;
}

/** The buyer confirmed the replacement: its shipments count as received. */
export const receiveReplacement = (trx: Transaction<DB>, actor: Actor, r: Req, now: Date) => receiveDocumentShipments(trx, actor, ref(r), now);

// the warehouse's pick list asks which requests may ship now (shipping owns the queue, after-sales the states)
registerShippingDocuments({
  type: 'aftersales',
  async describe(db, ids) {
    const rows = await db.selectFrom('aftersales_requests').select(['id', 'number', 'kind', 'status', 'approved_at', 'received_at']).where('id', 'in', ids).execute();
    return rows.map((x) => ({
      id: x.id, number: x.number, title: x.kind === 'exchange' ? '换货' : '补发', kind: x.kind,
      ready: (x.kind === 'exchange' && x.status === 'received') || (x.kind === 'reissue' && x.status === 'approved'),
      since: x.kind === 'exchange' ? x.received_at : x.approved_at, link: `/admin/aftersales/${x.id}`,
    }));
  },
});
