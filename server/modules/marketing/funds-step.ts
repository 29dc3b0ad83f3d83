import { spread, type Application, type Best } from './engine';

/**
 * The last step of the pricing pipeline (DESIGN.md: … → promotions → coupons → rebates/points
 * used → total): the buyer's rebate balance (fen) and points spent as a deduction on what the
 * promotions and the coupon left, each capped by a share of that amount (setting marketing.funds),
 * spread over the lines in proportion to what each line still costs (the fen shares sum exactly).
 * Rebate first, then points on what is left. Pure: apply.ts loads balances and settings.
 */
export interface FundsSettings {
  /** rebate usable on an order: at most this share (basis points) of the amount after promotions and coupon */
  rebateMaxShareBp: number;
  /** points earned per whole ¥1 of a received order's total */
  pointsPerYuan: number;
  /** what one point is worth in fen when spent */
  pointValueFen: number;
  /** points usable on an order: at most this share (basis points) of the amount after promotions and coupon */
  pointsMaxShareBp: number;
  /** points earned in year Y expire at the end of year Y + this many years (supplier's time zone) */
  pointsExpiryYears: number;
}

export const FUNDS_DEFAULTS: FundsSettings = { rebateMaxShareBp: 1000, pointsPerYuan: 1, pointValueFen: 1, pointsMaxShareBp: 1000, pointsExpiryYears: 1 };

/** 'max': as much as allowed; a number: at most that (fen of rebate, or points); absent/0: none. */
export type FundAsk = number | 'max' | undefined;
export interface FundsChoice { rebate?: FundAsk; points?: FundAsk }

export interface FundsView {
  rebate: { balance: number; cap: number; used: number; maxShareBp: number };
  points: { balance: number; capPoints: number; used: number; usedFen: number; valueFen: number; maxShareBp: number };
}

/** Caps and uses the rebate and points the buyer asked for; adds their applications to the best combination. */
export function applyFunds(
  b: Best, lines: { ref: number; amount: number }[], balances: { rebate: number; points: number }, set: FundsSettings, ask: FundsChoice,
): { best: Best; view: FundsView } {
  const left = new Map(lines.map((l) => [l.ref, l.amount - (b.lineDiscount.get(l.ref) ?? 0)]));
  const after = [...left.values()].reduce((a, x) => a + Math.max(0, x), 0);
  const want = (a: FundAsk) => (a === 'max' ? Number.MAX_SAFE_INTEGER : a ?? 0);
  const rebateCap = Math.min(balances.rebate, Math.floor((after * set.rebateMaxShareBp) / 10_000));
  const rebateUsed = Math.max(0, Math.min(want(ask.rebate), rebateCap));
  const apps: Application[] = [];
  const take = (amount: number, kind: 'rebate' | 'points', qty: number, name: string, detail: string) => {
    const shares = spread(amount, [...left].map(([ref, w]) => ({ ref, w: Math.max(0, w) }))).filter((s) => s.amount > 0);
    for (const s of shares) left.set(s.ref, left.get(s.ref)! - s.amount);
    // kind is outside PromotionKind: rebates and points are funds, not promotions
    apps.push({ promotionId: null, couponId: null, kind: kind as Application['kind'], name, amount, qty, shares, detail });
  };
  if (rebateUsed > 0) take(rebateUsed, 'rebate', 0, '返利抵扣', `返利 ¥${(rebateUsed / 100).toFixed(2)}`);
  const value = Math.max(1, set.pointValueFen);
  const pointsCapFen = Math.min(Math.floor((after * set.pointsMaxShareBp) / 10_000), after - rebateUsed);
  const capPoints = Math.max(0, Math.min(balances.points, Math.floor(pointsCapFen / value)));
  const pointsUsed = Math.max(0, Math.min(want(ask.points), capPoints));
  if (pointsUsed > 0) take(pointsUsed * value, 'points', pointsUsed, '积分抵扣', `${pointsUsed} 积分`);
  const lineDiscount = new Map(b.lineDiscount);
  for (const a of apps) for (const s of a.shares) lineDiscount.set(s.ref, (lineDiscount.get(s.ref) ?? 0) + s.amount);
  const extra = apps.reduce((a, x) => a + x.amount, 0);
  return {
    best: { ...b, applications: [...b.applications, ...apps], discount: b.discount + extra, lineDiscount },
    view: {
      rebate: { balance: balances.rebate, cap: rebateCap, used: rebateUsed, maxShareBp: set.rebateMaxShareBp },
      points: { balance: balances.points, capPoints, used: pointsUsed, usedFen: pointsUsed * value, valueFen: value, maxShareBp: set.pointsMaxShareBp },
    },
  };
}
