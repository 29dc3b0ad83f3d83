import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import './tables';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * What marketing keeps per order: the promotions and coupon the order got (frozen at submission
 * by marketing_redeem) with each line's share, and the undo of their use when the order is
 * cancelled or rejected (the order lifecycle's promotions.release step).
 */

/** Gives back a cancelled order's promotion units, per-customer uses and coupon; once (a no-op the second time). */
export async function releaseOrderPromotions(trx: Transaction<DB>, orderId: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`select marketing_release(${orderId}) as n`.execute(trx);
  return Number(rows[0]?.n ?? 0);
}

/** The discounts an order got, and each line's share (the order detail shows them). */
export async function orderDiscounts(db: Db, orderId: number) {
  const items = await db.selectFrom('order_promotions').selectAll().where('order_id', '=', orderId).orderBy('id').execute();
  // each line's discount: its shares of every discount the order got (order_promotions.line_shares)
  const byLine = new Map<number, number>();
  for (const r of items) for (const [line, amount] of Object.entries(r.line_shares ?? {})) byLine.set(Number(line), (byLine.get(Number(line)) ?? 0) + Number(amount));
  const lines = [...byLine].filter(([, amount]) => amount > 0).sort((a, b) => a[0] - b[0]).map(([orderLineId, amount]) => ({ order_line_id: orderLineId, amount }));
  return {
    discount: items.reduce((a, r) => a + Number(r.amount), 0),
    items: items.map((r) => ({
      id: Number(r.id), kind: r.kind, name: r.name, amount: Number(r.amount), detail: r.detail,
      promotionId: r.promotion_id == null ? null : Number(r.promotion_id), couponId: r.coupon_id == null ? null : Number(r.coupon_id),
      giftSkuId: r.gift_sku_id == null ? null : Number(r.gift_sku_id), giftQty: r.gift_qty, giftGiven: r.gift_given, released: r.released_at != null,
    })),
    lines: lines.map((l) => ({ orderLineId: Number(l.order_line_id), discount: Number(l.amount) })),
  };
}

/**
 * Each order line's discount in fen (all promotions and the coupon together): what a return of
 * the whole line gives back less (after-sales takes qty/line-qty of it, rounded once).
 */
export async function lineDiscounts(db: Db, orderId: number): Promise<Map<number, number>> {
  const d = await orderDiscounts(db, orderId);
  return new Map(d.lines.map((l) => [l.orderLineId, l.discount]));
}
