import type { Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';

/**
 * What was paid for some units of an order line — the most a request on them may refund. By
 * default the line's paid total (after the order's discount, spread by orders) shared evenly per
 * unit. Marketing (#15) plugs its promotions' frozen shares in here: a "buy 3 get 1" line returned
 * in part pays back less than an even share. The hook answers in fen, or null to keep the default;
 * the answer is held within [0, what was paid for the whole line].
 */
export interface UnitsOfLine {
  orderId: number;
  orderLineId: number;
  /** base units asked for */
  qty: number;
  /** the line's base units and its paid total (fen) */
  lineQty: number;
  paidTotal: number;
}
export type PromotionShare = (trx: Transaction<DB>, u: UnitsOfLine) => Promise<number | null>;

let share: PromotionShare | null = null;

/** Installs (or with null removes) the promotions' hook; marketing calls this once at start. */
export function setPromotionShare(fn: PromotionShare | null): void {
  share = fn;
}

export async function paidForUnits(trx: Transaction<DB>, u: UnitsOfLine): Promise<number> {
  const even = u.lineQty > 0 ? Math.floor((u.paidTotal * u.qty) / u.lineQty) : 0;
  const fromPromotions = share ? await share(trx, u) : null;
  if (fromPromotions == null || !Number.isSafeInteger(fromPromotions)) return even;
  return Math.min(Math.max(fromPromotions, 0), u.paidTotal);
}
