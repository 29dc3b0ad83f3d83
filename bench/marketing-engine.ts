import { best, type Coupon, type Line, type Promotion, type PromotionRule } from '../server/modules/marketing/engine';

/**
 * The promotions-and-coupons engine alone, no database (issue 15's 10 ms target is for this
 * step): a 100-line cart, 50 promotions of every type scoped by category, brand and SKU (5 of
 * them exclusive), 10 coupons. `npx tsx bench/marketing-engine.ts` prints p50/p95 wall and CPU
 * per call; bench/marketing.ts measures it again with the loading statement and over HTTP.
 */
const lines: Line[] = Array.from({ length: 100 }, (_, i) => ({
  ref: i + 1, skuId: 1000 + i, qty: 1 + (i % 30), unitPrice: 150 + ((i * 37) % 900), contract: false, categoryIds: [i % 12, 100 + (i % 3)], brandId: i % 9,
}));
const promotions: Promotion[] = Array.from({ length: 50 }, (_, i) => {
  const rules: PromotionRule[] = [
    { kind: 'threshold_off', basis: 'amount', levels: [{ threshold: 10_000 + i * 1000, off: 500 + i * 10 }, { threshold: 50_000, off: 3000 }] },
    { kind: 'threshold_discount', basis: 'amount', levels: [{ threshold: 20_000, discountBp: 200 + i }] },
    { kind: 'gift', basis: 'qty', levels: [{ threshold: 20, giftQty: 1 }], giftSkuId: 1000 + i },
    { kind: 'special_price', items: Array.from({ length: 5 }, (_, k) => ({ skuId: 1000 + i + k, price: 100 })) },
    { kind: 'nth_item', nth: 2, discountBp: 3000 + i * 10 },
    { kind: 'bundle', items: [{ skuId: 1000 + i, qty: 1 }, { skuId: 1001 + i, qty: 1 }], price: 500 },
  ];
  return {
    id: i + 1, name: `活动${i}`, rule: rules[i % rules.length]!, scope: i % 3 === 0 ? { categoryIds: [i % 12] } : i % 3 === 1 ? { brandIds: [i % 9] } : {},
    exclusive: i % 10 === 0, withCoupons: i % 4 !== 0, withContractPrices: true, priority: i % 5, qtyLeft: null, budgetLeft: null, perOrderQty: null, perCustomer: null, customerUses: 0, giftValue: 300,
  };
});
const coupons: Coupon[] = Array.from({ length: 10 }, (_, i) => ({ id: i + 1, name: `券${i}`, kind: i % 2 ? 'percent' : 'amount', amountOff: 1000 + i * 100, discountBp: 500, maxOff: 5000, threshold: 10_000, scope: {}, validTo: 1e12 + i }));

const N = Number(process.env.RUNS ?? 1000);
const ms: number[] = [];
let r = best(lines, promotions, coupons);
const cpu0 = process.cpuUsage();
for (let i = 0; i < N; i++) {
  const t0 = performance.now();
  r = best(lines, promotions, coupons);
  ms.push(performance.now() - t0);
}
const cpu = process.cpuUsage(cpu0);
ms.sort((a, b) => a - b);
const at = (p: number) => Math.round(ms[Math.min(ms.length - 1, Math.floor(p * ms.length))]! * 1000) / 1000;
console.log(JSON.stringify({
  runs: N, p50: at(0.5), p95: at(0.95), cpuMsPerCall: Math.round(((cpu.user + cpu.system) / 1000 / N) * 1000) / 1000,
  discount: r.discount, applied: r.applications.length, notApplied: r.notApplied.length, candidates: r.candidates, load: (await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' '),
}));
