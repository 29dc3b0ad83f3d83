import { sql, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import type { Actor } from '../auth/actor';
import './tables';
import '../catalog/tables';

/** An order line as after-sales needs it: what was ordered, shipped and received, and what it cost after the order's discount. */
export interface LineForAftersales {
  id: number;
  lineNo: number;
  skuId: number;
  skuCode: string;
  name: string;
  specText: string;
  unit: string;
  unitFactor: number;
  baseUnit: string;
  /** base units */
  qty: number;
  shippedQty: number;
  receivedQty: number;
  lineTotal: number;
  /** line total less its share of the order's discount (fen) */
  paidTotal: number;
}

/**
 * The lines of an order with shipped and received quantities and their paid amount: the order's
 * discount is spread over the lines in proportion to their totals (the last line takes the
 * rounding rest, so the lines add up to subtotal − discount exactly).
 */
export async function orderLinesForAftersales(trx: Transaction<DB>, orderId: number): Promise<LineForAftersales[]> {
  const o = await trx.selectFrom('orders').select(['subtotal', 'discount_total']).where('id', '=', orderId).executeTakeFirstOrThrow();
  const rows = await trx
    .selectFrom('order_lines as l')
    .innerJoin('skus as k', 'k.id', 'l.sku_id')
    .innerJoin('products as p', 'p.id', 'k.product_id')
    .select(['l.id', 'l.line_no as lineNo', 'l.sku_id as skuId', 'l.sku_code as skuCode', 'l.name', 'l.spec_text as specText', 'l.unit', 'l.unit_factor as unitFactor', 'p.base_unit as baseUnit', 'l.qty', 'l.shipped_qty as shippedQty', 'l.received_qty as receivedQty', 'l.line_total as lineTotal'])
    .where('l.order_id', '=', orderId)
    .orderBy('l.line_no')
    .execute();
  const discount = Math.min(o.discount_total, o.subtotal);
  let given = 0;
  return rows.map((r, i) => {
    const share = i === rows.length - 1 ? discount - given : o.subtotal > 0 ? Math.floor((discount * r.lineTotal) / o.subtotal) : 0;
    given += share;
    return { ...r, paidTotal: r.lineTotal - share };
  });
}

/**
 * After-sales reports a step of a request on its order: a history row that leaves the status as it
 * is (the order's timeline shows 售后 SH… next to its own steps). Status changes stay with the
 * transition table.
 */
export async function noteAftersales(trx: Transaction<DB>, actor: Actor | null, orderId: number, n: { number: string; step: string; note?: string | null; requestId: number }): Promise<void> {
  await sql`
    insert into order_history (order_id, event, from_status, to_status, actor_user_id, actor_label, note, data)
    select id, 'aftersales', status, status, ${actor?.userId ?? null}, ${actor ? `${actor.name} (${actor.role})` : 'system'}, ${`售后 ${n.number}：${n.step}${n.note ? `（${n.note}）` : ''}`},
      ${JSON.stringify({ requestId: n.requestId, number: n.number, step: n.step })}::jsonb
    from orders where id = ${orderId}`.execute(trx);
}
