/**
 * A generator of realistic B2B order histories for the offline evaluation of the reorder model
 * (bench/reorder-eval.ts). Deterministic for a seed. What it puts in, because real dealers do it:
 *
 * - every customer × SKU pair has its own rhythm (7 to 35 days) and usual quantity;
 * - noise on every interval (most pairs ±12 %, a sixth of them erratic at ±40 %);
 * - seasonal SKUs (drinks): shorter intervals in summer, longer in winter (±25 %);
 * - 春节: the customer is closed from 7 days before to 10 days after the Lunar New Year, an order
 *   due then waits until it reopens, and orders in the two weeks before it are 1.6× larger;
 * - skipped cycles (6 %: the next order comes a whole interval later) and urgent top-ups (4 %: a
 *   small extra order 1–4 days after a regular one);
 * - promotion orders three times the usual quantity (3 %);
 * - Sunday orders move to Monday;
 * - churn: 8 % of customers stop ordering altogether on some day in the last 300 days, and each
 *   pair stops on its own with 6 % a year (the customer changed supplier for that item);
 * - newcomers: 10 % of customers start in the last 120 days (too little history to predict);
 * - occasional buyers: 15 % of customers order random SKUs at random times, with no rhythm.
 */

export interface GenOrderLine {
  customer: number;
  sku: number;
  day: number;
  qty: number;
}

export interface GenOptions {
  seed: number;
  customers?: number;
  skus?: number;
  /** first and last day numbers of the history */
  fromDay: number;
  toDay: number;
}

const DAY_MS = 86_400_000;
const iso = (s: string) => Math.round(Date.parse(`${s}T00:00:00Z`) / DAY_MS);
/** Lunar New Year days (正月初一) the generator's closures are centred on. */
export const SPRING_FESTIVALS = ['2023-01-22', '2024-02-10', '2025-01-29', '2026-02-17', '2027-02-06'].map(iso);
const closedOn = (day: number) => SPRING_FESTIVALS.some((cny) => day >= cny - 7 && day <= cny + 10);
const reopenAfter = (day: number) => {
  const cny = SPRING_FESTIVALS.find((c) => day >= c - 7 && day <= c + 10);
  return cny == null ? day : cny + 11;
};
const beforeFestival = (day: number) => SPRING_FESTIVALS.some((cny) => day >= cny - 21 && day < cny - 7);
const monthOf = (day: number) => new Date(day * DAY_MS).getUTCMonth();
const weekday = (day: number) => new Date(day * DAY_MS).getUTCDay();

/** mulberry32: a small, good, seedable PRNG */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Generates the order lines of every customer (one line per customer × SKU × day). */
export function generateHistory(o: GenOptions): GenOrderLine[] {
  const rand = prng(o.seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const customers = o.customers ?? 150;
  const skuCount = o.skus ?? 60;
  const seasonalSku = Array.from({ length: skuCount }, () => rand() < 0.4);
  const out: GenOrderLine[] = [];

  for (let c = 0; c < customers; c++) {
    const roll = rand();
    const newcomer = roll < 0.1;
    const churnDay = roll >= 0.1 && roll < 0.18 ? o.toDay - Math.floor(rand() * 300) : Infinity;
    const start = newcomer ? o.toDay - Math.floor(rand() * 120) : o.fromDay + Math.floor(rand() * 30);
    const end = Math.min(o.toDay, churnDay);

    if (rand() < 0.15) {
      // an occasional buyer: about one order a month, 1–3 random SKUs
      for (let day = start; day <= end; day += 5 + Math.floor(rand() * 50)) {
        if (closedOn(day)) continue;
        for (let k = 1 + Math.floor(rand() * 3); k > 0; k--) out.push({ customer: c, sku: Math.floor(rand() * skuCount), day, qty: 1 + Math.floor(rand() * 10) });
      }
      continue;
    }

    const pairs = 3 + Math.floor(rand() * 10);
    const skus = new Set<number>();
    while (skus.size < pairs) skus.add(Math.floor(rand() * skuCount));
    for (const sku of skus) {
      const interval = pick([7, 7, 10, 14, 14, 14, 21, 28, 30, 35]);
      const usualQty = pick([6, 12, 12, 24, 24, 48, 60, 120]);
      const erratic = rand() < 1 / 6;
      const sd = erratic ? 0.4 : 0.12;
      const pairEnd = Math.min(end, start + Math.floor(-Math.log(1 - rand()) / 0.06 * 365));
      let day = start + Math.floor(rand() * interval);
      while (day <= pairEnd) {
        let qty = usualQty * (1 + 0.15 * normal());
        if (rand() < 0.03) qty *= 3;
        if (beforeFestival(day)) qty *= 1.6;
        out.push({ customer: c, sku, day, qty: Math.max(1, Math.round(qty)) });
        if (rand() < 0.04) {
          const topUp = day + 1 + Math.floor(rand() * 4);
          if (topUp <= pairEnd && !closedOn(topUp)) out.push({ customer: c, sku, day: topUp, qty: Math.max(1, Math.round(usualQty / 3)) });
        }
        const season = seasonalSku[sku] ? 1 - 0.25 * Math.cos((2 * Math.PI * (monthOf(day) - 6)) / 12) : 1;
        let gap = interval * season * (1 + sd * normal());
        if (rand() < 0.06) gap += interval;
        day += Math.max(1, Math.round(gap));
        day = reopenAfter(day);
        if (weekday(day) === 0) day += 1;
      }
    }
  }
  return out;
}

export const dayOf = iso;
