import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError, validation } from '../../lib/errors';
import type { Actor } from '../auth/actor';
import { audit } from '../platform/audit';
import { emit } from '../platform/outbox';
import { applyOrderEvent, lockOrder, recordReceived } from '../orders';

import { shipmentForActor, shipmentsOf } from './service';
import { assertOrderShipment } from './documents';
import './tables';

export interface ReceiptInput {
  /** per line: what arrived in good order and what arrived damaged; lines left out arrived complete */
  lines?: { orderLineId: number; receivedQty: number; damagedQty?: number; note?: string | null }[];
  note?: string | null;
}

/**
 * The customer confirms a shipment arrived (签收), noting shortages or damage per line (差异收货);
 * the discrepancies stay on the shipment lines for after-sales. When the order is fully shipped
 * and nothing is in transit any more, the order becomes delivered through the transition table.
 */
export async function confirmReceipt(db: Kysely<DB>, actor: Actor, shipmentId: number, input: ReceiptInput, now?: Date) {
  const s = await shipmentForActor(db, actor, shipmentId);
  assertOrderShipment(s);
  return db.transaction().execute(async (trx) => {
    const locked = await lockOrder(trx, actor, s.order_id);
    const shipment = await trx.selectFrom('shipments').select(['id', 'number', 'status', 'order_id']).where('id', '=', shipmentId).forUpdate().executeTakeFirstOrThrow();
    if (shipment.status === 'received') throw new AppError('SHIPMENT_RECEIVED', 409, { number: shipment.number });
    const lines = await trx.selectFrom('shipment_lines').select(['id', 'order_line_id', 'qty']).where('shipment_id', '=', shipmentId).execute();
    const given = new Map<number, NonNullable<ReceiptInput['lines']>[number]>();
    (input.lines ?? []).forEach((l, i) => {
      if (given.has(l.orderLineId)) throw validation([{ path: `body.lines.${i}.orderLineId`, message: 'appears twice' }]);
      if (!lines.some((x) => x.order_line_id === l.orderLineId)) throw validation([{ path: `body.lines.${i}.orderLineId`, message: 'not in this shipment' }]);
      given.set(l.orderLineId, l);
    });
    let discrepancies = 0;
    const receivedLines: { orderLineId: number; qty: number }[] = [];
    for (const line of lines) {
      const g = given.get(line.order_line_id);
      const received = g ? g.receivedQty : line.qty;
      const damaged = g?.damagedQty ?? 0;
      if (received + damaged > line.qty) throw new AppError('RECEIPT_QTY_EXCEEDS', 400, { orderLineId: line.order_line_id, received, damaged, qty: line.qty });
      if (received !== line.qty) discrepancies++;
      await trx.updateTable('shipment_lines').set({ received_qty: received, damaged_qty: damaged, discrepancy_note: g?.note ?? null }).where('id', '=', line.id).execute();
      receivedLines.push({ orderLineId: line.order_line_id, qty: received });
    }
    await recordReceived(trx, shipment.order_id, receivedLines);
    await trx
      .updateTable('shipments')
      .set({ status: 'received', received_at: now ?? sql<Date>`now()`, received_by_user_id: actor.userId, receipt_note: input.note ?? null })
      .where('id', '=', shipmentId)
      .execute();
    await audit(trx, actor, { action: 'shipment.receipt', entityType: 'shipment', entityId: shipmentId, after: input });
    if (discrepancies) await emit(trx, 'shipment.discrepancy', { shipmentId, orderId: shipment.order_id, number: shipment.number, lines: discrepancies });
    const open = await trx.selectFrom('shipments').select('id').where('order_id', '=', shipment.order_id).where('document_type', 'is', null).where('status', '=', 'in_transit').execute();
    if (locked.status === 'shipped' && open.length === 0) {
      await applyOrderEvent(trx, actor, shipment.order_id, 'confirm_receipt', {
        note: discrepancies ? `差异收货 / received with discrepancies: ${shipment.number}` : null,
        data: { shipmentId },
        now,
      });
    }
    return (await shipmentsOf(trx, shipment.order_id, shipmentId))[0]!;
  });
}

/** After an order was deemed delivered (auto_deliver), its open shipments count as received too. */
export async function markAutoReceived(db: Kysely<DB>, orderId: number): Promise<void> {
  await db
    .updateTable('shipments')
    .set({ status: 'received', received_at: sql`now()`, auto_received: true })
    .where('order_id', '=', orderId)
    .where('document_type', 'is', null)
    .where('status', '=', 'in_transit')
    .execute();
}
