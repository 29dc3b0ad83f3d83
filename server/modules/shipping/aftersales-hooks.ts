import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import './tables';

/** A received shipment's shortages and damage per line (差异收货), for after-sales to open a draft request. */
export async function shipmentDiscrepancies(db: Kysely<DB> | Transaction<DB>, shipmentId: number) {
  const s = await db.selectFrom('shipments').select(['id', 'number', 'order_id as orderId', 'status', 'received_by_user_id as receivedByUserId', 'receipt_note as receiptNote']).where('id', '=', shipmentId).executeTakeFirst();
  if (!s) return null;
  const lines = await db
    .selectFrom('shipment_lines')
    .select(['order_line_id as orderLineId', 'qty', 'received_qty as receivedQty', 'damaged_qty as damagedQty', 'discrepancy_note as note'])
    .where('shipment_id', '=', shipmentId)
    .orderBy('order_line_id')
    .execute();
  return {
    ...s,
    lines: lines
      .map((l) => ({ ...l, missingQty: Math.max(l.qty - (l.receivedQty ?? l.qty) - l.damagedQty, 0) }))
      .filter((l) => l.damagedQty > 0 || l.missingQty > 0),
  };
}

/** When a shipment was received (the after-sales window counts from it); null while in transit. */
export async function shipmentsReceivedAt(db: Kysely<DB> | Transaction<DB>, orderId: number) {
  return db.selectFrom('shipments').select(['id', 'number', 'status', 'received_at as receivedAt']).where('order_id', '=', orderId).where('document_type', 'is', null).orderBy('id').execute();
}
