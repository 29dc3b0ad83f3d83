import type { Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import type { OutboxHandler } from '../platform/outbox';
import { WAIT_ALLOCATED, waitsForOrder } from '../inventory/presale';
import { byLocale } from './notices';

/** What inventory's 'inventory.wait_allocated' event carries: stock given to an order's waiting lines. */
export interface WaitAllocated {
  orderId: number;
  companyId: number;
  lines: { orderLineId: number; code: string; name: string; qty: number; complete: boolean }[];
}

/**
 * Stock reached pre-order / backorder lines of an order: its buyer (and whoever placed it) hears
 * which goods arrived and how many, on the order, in their language — "您预订的 X 已到货 N 件，
 * 订单 … 可发货" when nothing of the order waits any more, else that the rest still waits. The
 * outbox event id makes a re-delivery send nothing twice.
 */
export async function noticeStockArrived(trx: Transaction<DB>, p: WaitAllocated, eventId: number): Promise<void> {
  const o = await trx.selectFrom('orders').select(['id', 'number', 'buyer_user_id', 'placed_by_user_id']).where('id', '=', p.orderId).executeTakeFirst();
  if (!o) return;
  const units = await trx.selectFrom('order_lines').select(['id', 'base_unit']).where('order_id', '=', o.id).execute();
  const unitOf = (lineId: number) => units.find((u) => u.id === lineId)?.base_unit ?? '';
  // the order's other lines may wait too: only when none does is the order ready
  const stillWaiting = (await waitsForOrder(trx, o.id)).size > 0;
  const zhWhat = p.lines.map((l) => `${l.name}（${l.code}）已到货 ${l.qty} ${unitOf(l.orderLineId) || '件'}`).join('，');
  const enWhat = p.lines.map((l) => `${l.qty} ${unitOf(l.orderLineId) || 'unit(s)'} of ${l.name} (${l.code})`).join(', ');
  await byLocale(trx, [o.buyer_user_id, o.placed_by_user_id].filter((x): x is number => x != null), {
    kind: 'order.stock_arrived',
    title: stillWaiting
      ? { zh: `预订商品部分到货：${o.number}`, en: `Part of your pre-order arrived: ${o.number}` }
      : { zh: `预订商品已到货：${o.number}`, en: `Your pre-order arrived: ${o.number}` },
    body: stillWaiting
      ? { zh: `您预订的 ${zhWhat}，已为订单 ${o.number} 预留；其余数量仍在排队等待到货。`, en: `${enWhat} arrived and is set aside for order ${o.number}; the rest still waits for stock.` }
      : { zh: `您预订的 ${zhWhat}，订单 ${o.number} 可发货。`, en: `${enWhat} arrived; order ${o.number} can ship.` },
    link: `/orders/${o.id}`,
    orderId: o.id,
    email: true,
    dedupeKey: `wait_allocated:${eventId}`,
  });
}

/** Outbox consumer of inventory's allocation event (see noticeStockArrived). */
export function stockArrivedNoticeHandler(): OutboxHandler {
  return {
    name: 'orders.stock-arrived-notice',
    topics: [WAIT_ALLOCATED],
    async handle(ev, db) {
      await db.transaction().execute((trx) => noticeStockArrived(trx, ev.payload as unknown as WaitAllocated, ev.id));
    },
  };
}
