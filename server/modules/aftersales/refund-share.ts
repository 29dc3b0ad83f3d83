import type { Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { lineDiscounts } from '../marketing';

/**
 * What was paid for some units of an order line — the most a request on them may refund. The
 * promotions and coupon an order got are frozen by marketing with each line's share
 * (`order_promotions.line_shares`): the units pay their part of (line total − the line's share), so a
 * 满减 scoped to some products takes nothing back from a line it never discounted. An order
 * without frozen shares (before marketing, or no promotion) falls back to the order's discount
 * spread by orders over the lines in proportion to their totals. Every part is rounded down
 * once, so the requests on one line never add up to more than it paid.
 */
export interface UnitsOfLine {
  orderId: number;
  orderLineId: number;
  /** base units asked for */
  qty: number;
  /** the line's base units, its total before discounts and its paid total by the even spread (fen) */
  lineQty: number;
  lineTotal: number;
  paidTotal: number;
}
/** Fen paid for `u.qty` units, or null to keep the even spread. */
export type PromotionShare = (trx: Transaction<DB>, u: UnitsOfLine) => Promise<number | null>;

/** Marketing's frozen shares (the wired default). */
export const marketingShare: PromotionShare = async (trx, u) => {
  const shares = await lineDiscounts(trx, u.orderId);
  if (!shares.size) return null;
  const paidLine = Math.max(u.lineTotal - (shares.get(u.orderLineId) ?? 0), 0);
  return u.lineQty > 0 ? Math.floor((paidLine * u.qty) / u.lineQty) : 0;
};

let share: PromotionShare | null = marketingShare;

/** Replaces the share function (tests); null keeps the even spread. Returns the one it replaced. */
export function setPromotionShare(fn: PromotionShare | null): PromotionShare | null {
  const before = share;
  share = fn;
  return before;
}

/** Fen paid for the units: the promotions' share when there is one, held within [0, the line's total]; else an even share of the paid total. */
export async function paidForUnits(trx: Transaction<DB>, u: UnitsOfLine): Promise<number> {
  const even = u.lineQty > 0 ? Math.floor((u.paidTotal * u.qty) / u.lineQty) : 0;
  const fromPromotions = share ? await share(trx, u) : null;
  if (fromPromotions == null || !Number.isSafeInteger(fromPromotions)) return even;
  return Math.min(Math.max(fromPromotions, 0), u.lineTotal);
}
