/**
 * The reorder model: from one customer's history of one SKU, its usual interval and quantity,
 * the predicted next order day and a confidence. Pure code (no database), so the offline
 * evaluation (bench/reorder-eval.ts) scores exactly what the outbox worker stores.
 *
 * Days are whole calendar days (day numbers since 1970-01-01 in the supplier's time zone): B2B
 * buyers reorder by the day, and a day number makes intervals exact integers.
 *
 * Robustness, because real histories are messy:
 * - orders of the SKU on the same day count as one (a top-up placed an hour later is not a rhythm);
 * - the usual interval is the median of the recent intervals after leaving out those far from
 *   the median (a skipped cycle, a holiday closure, an urgent top-up two days later);
 * - the usual quantity is the median of recent quantities (a one-off promotion order is ignored);
 * - monthly seasonality is used only with about a year of history and at least two intervals in
 *   a month; otherwise every month counts the same;
 * - fewer than MIN_ORDERS orders: no prediction at all (no guessing).
 */

export const MIN_ORDERS = 3;
/** Recent intervals that set the rhythm: a customer's rhythm drifts, the last few say most. */
const RECENT = 12;
/** An interval more than this factor off the median is an outlier (skip, closure, top-up). */
const OUTLIER_FACTOR = 1.75;
/** Seasonality needs this span of history (days) and this many intervals. */
const SEASON_MIN_SPAN = 330;
const SEASON_MIN_INTERVALS = 10;

export interface OrderPoint {
  /** calendar day number of the order (see dayNumber) */
  day: number;
  /** base units */
  qty: number;
  /** the selling unit it was ordered in, and base units per that unit */
  unit: string;
  factor: number;
}

export interface ReorderFit {
  /** distinct order days in the history */
  orders: number;
  /** usual interval in days (deseasonalised median of recent intervals) */
  intervalDays: number;
  /** the interval expected after the last order (the usual one times that month's factor) */
  nextIntervalDays: number;
  /** median absolute deviation of the kept intervals over the interval: 0 = clockwork */
  dispersion: number;
  /** intervals used after leaving out outliers, and how many there were */
  keptIntervals: number;
  intervals: number;
  /** usual quantity in base units, rounded to whole selling units of the usual unit */
  usualQty: number;
  unit: string;
  factor: number;
  lastDay: number;
  nextDay: number;
  /** 0..1: grows with the number of kept intervals, falls with their dispersion */
  confidence: number;
  /** monthly factors were used */
  seasonal: boolean;
}

const DAY_MS = 86_400_000;

/** The calendar day number of an instant in a time zone (1970-01-01 = 0). */
export function dayNumber(at: Date, timeZone: string): number {
  const ymd = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  return Math.round(Date.parse(`${ymd}T00:00:00Z`) / DAY_MS);
}

/** The ISO date (YYYY-MM-DD) of a day number. */
export const dayIso = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** The day number of an ISO date. */
export const isoDay = (iso: string) => Math.round(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / DAY_MS);
/** Month (0..11) of a day number. */
export const monthOf = (day: number) => new Date(day * DAY_MS).getUTCMonth();

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Same-day orders merged (quantities summed; the unit of the larger part kept), sorted by day. */
export function mergeDays(points: readonly OrderPoint[]): OrderPoint[] {
  const by = new Map<number, OrderPoint & { biggest: number }>();
  for (const p of points) {
    const had = by.get(p.day);
    if (!had) by.set(p.day, { ...p, biggest: p.qty });
    else {
      had.qty += p.qty;
      if (p.qty > had.biggest) Object.assign(had, { unit: p.unit, factor: p.factor, biggest: p.qty });
    }
  }
  return [...by.values()].sort((a, b) => a.day - b.day).map(({ day, qty, unit, factor }) => ({ day, qty, unit, factor }));
}

const inside = (x: number, centre: number) => x <= centre * OUTLIER_FACTOR && x >= centre / OUTLIER_FACTOR;

/**
 * Monthly factors (interval in that month over the usual interval), from intervals that start
 * in the month; 1 for a month with fewer than two of them, clamped to 0.5..2.
 */
function monthlyFactors(gaps: { start: number; days: number }[], usual: number): number[] {
  const byMonth: number[][] = Array.from({ length: 12 }, () => []);
  for (const g of gaps) if (g.days <= usual * 3 && g.days >= usual / 3) byMonth[monthOf(g.start)]!.push(g.days / usual);
  // shrunk towards 1 by the number of samples: two noisy intervals must not invent a season
  return byMonth.map((r) => (r.length >= 2 ? Math.min(2, Math.max(0.5, 1 + ((median(r) - 1) * r.length) / (r.length + 2))) : 1));
}

/** Fits the model to one customer × SKU history; null with fewer than MIN_ORDERS order days. */
export function fitReorder(history: readonly OrderPoint[]): ReorderFit | null {
  const pts = mergeDays(history.filter((p) => p.qty > 0));
  if (pts.length < MIN_ORDERS) return null;
  const gaps = pts.slice(1).map((p, i) => ({ start: pts[i]!.day, days: p.day - pts[i]!.day }));
  const rawUsual = median(gaps.map((g) => g.days));

  const span = pts[pts.length - 1]!.day - pts[0]!.day;
  let factors = Array.from({ length: 12 }, () => 1);
  if (span >= SEASON_MIN_SPAN && gaps.length >= SEASON_MIN_INTERVALS) factors = monthlyFactors(gaps, rawUsual);
  const seasonal = factors.some((f) => Math.abs(f - 1) >= 0.15);
  if (!seasonal) factors = factors.map(() => 1);

  const adjusted = gaps.map((g) => g.days / factors[monthOf(g.start)]!);
  const centre = median(adjusted);
  // with an even count the median may sit between two far-apart intervals and keep neither: then keep all
  const near = adjusted.filter((d) => inside(d, centre));
  const kept = near.length ? near : adjusted;
  const recent = kept.slice(-RECENT);
  const intervalDays = Math.max(1, median(recent));
  const dispersion = median(recent.map((d) => Math.abs(d - intervalDays))) / intervalDays;

  const last = pts[pts.length - 1]!;
  const nextIntervalDays = intervalDays * factors[monthOf(last.day)]!;
  const nextDay = last.day + Math.max(1, Math.round(nextIntervalDays));

  const recentPts = pts.slice(-RECENT);
  const unit = last.unit;
  const factor = Math.max(1, last.factor);
  const qty = median(recentPts.map((p) => p.qty));
  const usualQty = Math.max(1, Math.round(qty / factor)) * factor;

  // 3 kept intervals → 0.6, 8 → 0.8; a dispersion of 0.1 costs about a quarter of it
  const countScore = kept.length / (kept.length + 2);
  const confidence = Math.round(countScore * Math.exp(-3 * dispersion) * (kept.length / gaps.length) * 100) / 100;

  return {
    orders: pts.length, intervalDays: round1(intervalDays), nextIntervalDays: round1(nextIntervalDays), dispersion: round2(dispersion),
    keptIntervals: kept.length, intervals: gaps.length, usualQty, unit, factor, lastDay: last.day, nextDay, confidence, seasonal,
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;

export type ReorderState = 'upcoming' | 'due' | 'overdue' | 'lapsed';

/**
 * Where a prediction stands on `today`: due within `leadDays`, overdue (past the predicted day
 * but less than one whole usual interval late), lapsed (more than that: the customer has
 * probably stopped ordering it — a sales signal, not a buyer reminder), or upcoming.
 */
export function reorderState(fit: Pick<ReorderFit, 'nextDay' | 'intervalDays'>, today: number, leadDays: number): ReorderState {
  const late = today - fit.nextDay;
  if (late > lapseDays(fit.intervalDays)) return 'lapsed';
  if (late > 0) return 'overdue';
  if (-late <= leadDays) return 'due';
  return 'upcoming';
}

/** How late an expected reorder may be before it counts as lapsed: one usual interval, at least a week. */
export const lapseDays = (intervalDays: number) => Math.max(7, Math.round(intervalDays));
