import type { Kysely, Transaction } from 'kysely';
import { AppError, isUniqueViolation } from '../../lib/errors';
import type { DB } from '../../lib/db-types';
import type { Actor } from '../auth/actor';
import { refundsByIds } from '../payments';
import { createRequest, qtyText, requestForActor } from './requests';
import { allowedAftersalesEvents } from './transitions-table';
import { heldByLine, heldWarehouses } from './replacement';
import { photosOfRequest } from './photos';
import { documentShipments, shipmentDiscrepancies } from '../shipping';
import type { OutboxHandler } from '../platform/outbox';
import './tables';

type Q = Kysely<DB> | Transaction<DB>;

/** A request with its lines (quantities as ordered), timeline, refunds and the events the viewer may fire. */
export async function getRequest(db: Q, actor: Actor, id: number) {
  const r = await requestForActor(db, actor, id);
  const [lines, history, ids] = await Promise.all([
    db.selectFrom('aftersales_lines').selectAll().where('request_id', '=', id).orderBy('id').execute(),
    db.selectFrom('aftersales_history').select(['id', 'at', 'event', 'from_status as fromStatus', 'to_status as toStatus', 'actor_label as actorLabel', 'note', 'data']).where('request_id', '=', id).orderBy('id').execute(),
    db.selectFrom('aftersales_requests').select('refund_ids').where('id', '=', id).executeTakeFirstOrThrow(),
  ]);
  const replacing = r.kind === 'exchange' || r.kind === 'reissue';
  const held = replacing ? await heldByLine(db, id) : new Map<number, number>();
  const refundIds = (Array.isArray(ids.refund_ids) ? ids.refund_ids : []).map(Number);
  const fmt = (q: number, l: (typeof lines)[number]) => qtyText(q, l.unit, l.unit_factor, l.base_unit);
  return {
    ...r,
    lines: lines.map((l) => ({
      id: l.id, orderLineId: l.order_line_id, skuId: l.sku_id, skuCode: l.sku_code, name: l.name, unit: l.unit, unitFactor: l.unit_factor, baseUnit: l.base_unit,
      qty: l.qty, qtyText: fmt(l.qty, l), heldQty: held.get(l.order_line_id) ?? 0, replacementQty: l.replacement_qty,
      replacementQtyText: l.replacement_qty > 0 ? fmt(l.replacement_qty, l) : null, toStockQty: l.to_stock_qty, defectiveQty: l.defective_qty, refusedQty: l.refused_qty, refuseReason: l.refuse_reason, paidAmount: l.paid_amount,
    })),
    history: history.map((h) => ({ ...h, data: (h.data as Record<string, unknown> | null) ?? null })),
    refunds: await refundsByIds(db, refundIds),
    events: allowedAftersalesEvents(r.status, r.kind, actor.role),
    photos: await photosOfRequest(db, id),
    heldWarehouseIds: replacing ? await heldWarehouses(db, id) : [],
    /** the replacement's shipments (shipping module): number SH…-1, warehouse, carrier, tracking, lines */
    shipments: r.kind === 'exchange' || r.kind === 'reissue' ? await documentShipments(db, { documentType: 'aftersales', documentId: id }) : [],
  };
}

/**
 * A receipt with shortage or damage (the shipping module's `shipment.discrepancy` event) opens
 * draft requests for the buyer to confirm: damaged units as a return-and-refund, missing units as
 * a reissue. Safe to run twice (one draft per shipment and kind).
 */
export function discrepancyHandler(timeZone: () => string): OutboxHandler {
  return {
    name: 'aftersales.receipt-drafts',
    topics: ['shipment.discrepancy'],
    async handle(ev, db) {
      const shipmentId = Number(ev.payload.shipmentId);
      if (!Number.isSafeInteger(shipmentId) || shipmentId <= 0) return;
      const s = await shipmentDiscrepancies(db, shipmentId);
      if (!s || !s.lines.length) return;
      const reasons = await db.selectFrom('aftersales_reasons').select(['id', 'code']).where('code', 'in', ['damaged', 'shortage']).execute();
      const wants = [
        { kind: 'return_refund' as const, reason: 'damaged', lines: s.lines.filter((l) => l.damagedQty > 0).map((l) => ({ orderLineId: l.orderLineId, qty: l.damagedQty })) },
        { kind: 'reissue' as const, reason: 'shortage', lines: s.lines.filter((l) => l.missingQty > 0).map((l) => ({ orderLineId: l.orderLineId, qty: l.missingQty })) },
      ];
      for (const w of wants) {
        const reasonId = reasons.find((r) => r.code === w.reason)?.id;
        if (!w.lines.length || !reasonId) continue;
        const exists = await db.selectFrom('aftersales_requests').select('id').where('shipment_id', '=', shipmentId).where('source', '=', 'receipt').where('kind', '=', w.kind).executeTakeFirst();
        if (exists) continue;
        const note = s.lines.map((l) => l.note).filter(Boolean).join('；') || s.receiptNote;
        try {
          await createRequest(db, null, { orderId: s.orderId, shipmentId, kind: w.kind, reasonId, description: `差异收货 ${s.number}${note ? `：${note}` : ''}`, lines: w.lines }, { timeZone: timeZone(), source: 'receipt' });
        } catch (e) {
          // the buyer already asked for these units (or the order changed): no draft; they can still apply by hand
          if (e instanceof AppError && (e.code === 'AFTERSALES_QTY_EXCEEDS' || e.code === 'AFTERSALES_NOT_SHIPPED')) continue;
          if (isUniqueViolation(e)) continue;
          throw e;
        }
      }
    },
  };
}
