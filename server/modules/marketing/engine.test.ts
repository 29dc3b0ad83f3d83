import { describe, expect, it } from 'vitest';
import { best, evaluate, spread, type Coupon, type Line, type Promotion, type PromotionRule } from './engine';

/** The promotions-and-coupons step without a database: every type, stacking, limits, rounding, the best-combination rule. */
const line = (ref: number, skuId: number, qty: number, unitPrice: number, extra: Partial<Line> = {}): Line =>
  ({ ref, skuId, qty, unitPrice, contract: false, categoryIds: [10], brandId: 20, ...extra });
let nextId = 1;
const promo = (rule: PromotionRule, extra: Partial<Promotion> = {}): Promotion => ({
  id: nextId++, name: `活动${nextId}`, rule, scope: {}, exclusive: false, withCoupons: true, withContractPrices: true, priority: 0,
  qtyLeft: null, budgetLeft: null, perOrderQty: null, perCustomer: null, customerUses: 0, ...extra,
});
const coupon = (extra: Partial<Coupon> = {}): Coupon => ({ id: 900 + nextId++, name: '券', kind: 'amount', amountOff: 1000, discountBp: null, maxOff: null, threshold: 0, scope: {}, validTo: 1e13, ...extra });
const off = (levels: [number, number][], extra: Partial<Extract<PromotionRule, { kind: 'threshold_off' }>> = {}): PromotionRule =>
  ({ kind: 'threshold_off', basis: 'amount', levels: levels.map(([threshold, o]) => ({ threshold, off: o })), ...extra });

describe('满减 thresholds', () => {
  const p = promo(off([[100_000, 5000], [300_000, 20_000]]));
  it('exactly ¥1000 gets the first level; ¥999.99 does not and says what is missing', () => {
    expect(evaluate([line(1, 1, 10, 10_000)], [p], null).discount).toBe(5000);
    const below = evaluate([line(1, 1, 1, 99_999)], [p], null);
    expect(below.discount).toBe(0);
    expect(below.notApplied[0]).toMatchObject({ reason: 'BELOW_THRESHOLD', short: 1, level: { threshold: 100_000, off: 5000 } });
    const e = evaluate([line(1, 1, 88, 1000)], [p], null);
    expect(e.notApplied[0]).toMatchObject({ short: 12_000 });
  });
  it('the highest level reached applies, with the next level as a hint', () => {
    const e = evaluate([line(1, 1, 20, 10_000)], [p], null);
    expect(e.discount).toBe(5000);
    expect(e.applications[0]!.next).toEqual({ short: 100_000, basis: 'amount', level: 1 });
    expect(evaluate([line(1, 1, 30, 10_000)], [p], null).discount).toBe(20_000);
  });
  it('repeat (每满) multiplies; qty basis counts units', () => {
    expect(evaluate([line(1, 1, 25, 10_000)], [promo(off([[100_000, 5000]], { repeat: true }))], null).discount).toBe(10_000);
    const q = promo({ kind: 'threshold_off', basis: 'qty', levels: [{ threshold: 10, off: 300 }] });
    expect(evaluate([line(1, 1, 9, 100)], [q], null).notApplied[0]).toMatchObject({ short: 1, basis: 'qty' });
    expect(evaluate([line(1, 1, 10, 100)], [q], null).discount).toBe(300);
  });
  it('is spread over the lines in proportion and the fen shares sum exactly', () => {
    const e = evaluate([line(1, 1, 1, 33_333), line(2, 2, 1, 33_333), line(3, 3, 1, 33_334)], [p], null);
    expect(e.applications[0]!.shares.map((s) => s.amount)).toEqual([1667, 1666, 1667]);
    expect(e.applications[0]!.shares.reduce((a, s) => a + s.amount, 0)).toBe(5000);
  });
  it('only lines in scope count toward the threshold', () => {
    const scoped = promo(off([[100_000, 5000]]), { scope: { brandIds: [21] } });
    expect(evaluate([line(1, 1, 10, 10_000), line(2, 2, 1, 50_000, { brandId: 21 })], [scoped], null).notApplied[0]).toMatchObject({ short: 50_000 });
    const cat = promo(off([[100_000, 5000]]), { scope: { categoryIds: [5] } });
    expect(evaluate([line(1, 1, 10, 10_000, { categoryIds: [10, 5] })], [cat], null).discount).toBe(5000);
  });
});

describe('满折, 特价, 第N件, 组合价, 买赠', () => {
  it('满折 spreads a percentage with fen rounding that sums exactly', () => {
    const p = promo({ kind: 'threshold_discount', basis: 'amount', levels: [{ threshold: 100, discountBp: 1000 }] });
    const lines = [line(1, 1, 1, 333), line(2, 2, 1, 333), line(3, 3, 1, 335)];
    const e = evaluate(lines, [p], null);
    expect(e.discount).toBe(100); // 10% of 1001 = 100.1 → 100
    expect(e.applications[0]!.shares.reduce((a, s) => a + s.amount, 0)).toBe(100);
    for (let seed = 1; seed < 200; seed++) {
      const ls = Array.from({ length: 1 + (seed % 7) }, (_, i) => line(i + 1, i + 1, 1 + ((seed * (i + 3)) % 5), 1 + ((seed * 7919 * (i + 1)) % 99_999)));
      const ev = evaluate(ls, [promo({ kind: 'threshold_discount', basis: 'amount', levels: [{ threshold: 1, discountBp: 1 + (seed * 37) % 9999 }] })], null);
      expect(ev.applications[0]!.shares.reduce((a, s) => a + s.amount, 0)).toBe(ev.discount);
      for (const s of ev.applications[0]!.shares) expect(s.amount).toBeLessThanOrEqual(ls.find((l) => l.ref === s.ref)!.unitPrice * ls.find((l) => l.ref === s.ref)!.qty);
    }
  });
  it('特价 lowers the unit price, capped per order and by units left', () => {
    const p = promo({ kind: 'special_price', items: [{ skuId: 1, price: 800 }] }, { perOrderQty: 5 });
    expect(evaluate([line(1, 1, 10, 1000)], [p], null).discount).toBe(5 * 200);
    const left = promo({ kind: 'special_price', items: [{ skuId: 1, price: 800 }] }, { qtyLeft: 3 });
    expect(evaluate([line(1, 1, 10, 1000)], [left], null).applications[0]).toMatchObject({ amount: 600, qty: 3 });
    const sold = promo({ kind: 'special_price', items: [{ skuId: 1, price: 800 }] }, { qtyLeft: 0 });
    expect(evaluate([line(1, 1, 10, 1000)], [sold], null).notApplied[0]!.reason).toBe('SOLD_OUT');
    // a special price above the customer's own price gives nothing
    expect(evaluate([line(1, 1, 10, 700)], [p], null).discount).toBe(0);
  });
  it('第二件半价: every 2nd unit at 50% off', () => {
    const p = promo({ kind: 'nth_item', nth: 2, discountBp: 5000 });
    expect(evaluate([line(1, 1, 5, 999)], [p], null).discount).toBe(2 * 500); // 999 × 50% = 499.5 → 500
  });
  it('组合价: complete bundles at the bundle price', () => {
    const p = promo({ kind: 'bundle', items: [{ skuId: 1, qty: 1 }, { skuId: 2, qty: 2 }], price: 2500 });
    const e = evaluate([line(1, 1, 3, 1000), line(2, 2, 5, 1000)], [p], null);
    expect(e.applications[0]).toMatchObject({ qty: 2, amount: 2 * 500 });
    expect(e.applications[0]!.shares.reduce((a, s) => a + s.amount, 0)).toBe(1000);
    expect(evaluate([line(1, 1, 3, 1000)], [p], null).discount).toBe(0);
  });
  it('买赠: gift units per level, capped by units left, valued at the gift\'s price for comparison', () => {
    const p = promo({ kind: 'gift', basis: 'qty', levels: [{ threshold: 10, giftQty: 1 }], giftSkuId: 7, repeat: true }, { giftValue: 300, qtyLeft: 2 });
    const e = evaluate([line(1, 1, 35, 100)], [p], null);
    expect(e.applications[0]).toMatchObject({ gift: { skuId: 7, qty: 2 }, amount: 0 });
    expect(e.giftValue).toBe(600);
  });
  it('a line takes one line promotion (the higher priority); order promotions count the amounts after it', () => {
    const special = promo({ kind: 'special_price', items: [{ skuId: 1, price: 9000 }] }, { priority: 5 });
    const nth = promo({ kind: 'nth_item', nth: 2, discountBp: 5000 }, { priority: 1 });
    const full = promo(off([[100_000, 5000]]));
    const e = evaluate([line(1, 1, 12, 10_000)], [special, nth, full], null);
    expect(e.applications.map((a) => a.kind)).toEqual(['special_price', 'threshold_off']);
    expect(e.discount).toBe(12_000 + 5000); // 12 × 9000 = 108,000 ≥ 100,000
    expect(e.notApplied).toContainEqual(expect.objectContaining({ promotionId: nth.id, reason: 'NO_LINES' }));
  });
});

describe('stacking and the best combination', () => {
  it('满减 counts after line discounts: ¥1100 at a special price of ¥900 misses 满 1000', () => {
    const special = promo({ kind: 'special_price', items: [{ skuId: 1, price: 9000 }] });
    const full = promo(off([[100_000, 5000]]));
    const e = evaluate([line(1, 1, 11, 10_000)], [special, full], null);
    // 11 × 9000 = 99,000: below 100,000
    expect(e.applications.map((a) => a.kind)).toEqual(['special_price']);
    expect(e.notApplied).toContainEqual(expect.objectContaining({ reason: 'BELOW_THRESHOLD', short: 1000 }));
  });
  it('an exclusive promotion competes alone against all stackable ones; the larger benefit wins', () => {
    const a = promo(off([[10_000, 1000]]));
    const b = promo({ kind: 'threshold_discount', basis: 'amount', levels: [{ threshold: 10_000, discountBp: 500 }] });
    const x = promo(off([[10_000, 1200]]), { exclusive: true });
    const lines = [line(1, 1, 10, 2000)]; // 20,000
    const r = best(lines, [a, b, x], []);
    // stackable: 1000 + 5% of 19,000 = 950 → 1950 > 1200
    expect(r.discount).toBe(1950);
    expect(r.notApplied).toContainEqual(expect.objectContaining({ promotionId: x.id, reason: 'NOT_COMBINED' }));
    const big = promo(off([[10_000, 3000]]), { exclusive: true });
    expect(best(lines, [a, b, big], []).applications.map((p) => p.promotionId)).toEqual([big.id]);
  });
  it('ties go to the higher priority, then the lower id', () => {
    const a = promo(off([[10_000, 1000]]), { exclusive: true, priority: 1 });
    const b = promo(off([[10_000, 1000]]), { exclusive: true, priority: 2 });
    expect(best([line(1, 1, 10, 2000)], [a, b], []).applications[0]!.promotionId).toBe(b.id);
  });
  it('coupons: after promotions, only where every applied promotion allows them; the best coupon is picked, a tie keeps the coupon', () => {
    const p = promo(off([[10_000, 1000]]), { withCoupons: false });
    const c = coupon({ amountOff: 500 });
    const r = best([line(1, 1, 10, 2000)], [p], [c]);
    expect(r.discount).toBe(1000);
    expect(r.coupon).toBeNull();
    // forcing the coupon: it is blocked and says by what
    const forced = best([line(1, 1, 10, 2000)], [p], [c], c);
    expect(forced.notApplied).toContainEqual(expect.objectContaining({ couponId: c.id, reason: 'COUPON_BLOCKED' }));
    // a coupon worth more than the blocking promotion wins without it
    const c2 = coupon({ amountOff: 1500 });
    expect(best([line(1, 1, 10, 2000)], [p], [c, c2])).toMatchObject({ discount: 1500, coupon: { id: c2.id } });
    const pct = coupon({ kind: 'percent', amountOff: null, discountBp: 1000, maxOff: 1500, threshold: 15_000 });
    const ok = best([line(1, 1, 10, 2000)], [promo(off([[10_000, 1000]]))], [pct]);
    expect(ok.discount).toBe(1000 + 1500); // 10% of 19,000 = 1900, capped at 1500
    expect(best([line(1, 1, 1, 0)], [], [coupon({ amountOff: 0 })]).coupon).toBeNull();
  });
  it('with contract prices = false leaves contract-priced lines out; per-customer limit reached → not applied', () => {
    const p = promo(off([[10_000, 1000]]), { withContractPrices: false });
    expect(evaluate([line(1, 1, 10, 2000, { contract: true })], [p], null).notApplied[0]!.reason).toBe('NO_LINES');
    const q = promo(off([[10_000, 1000]]), { perCustomer: 1, customerUses: 1 });
    expect(evaluate([line(1, 1, 10, 2000)], [q], null).notApplied[0]!.reason).toBe('CUSTOMER_LIMIT');
  });
  it('budget caps the amount', () => {
    const p = promo(off([[10_000, 1000]]), { budgetLeft: 300 });
    expect(evaluate([line(1, 1, 10, 2000)], [p], null).discount).toBe(300);
  });
});

describe('spread', () => {
  it('sums exactly even past 2^53 products', () => {
    const s = spread(999_999_999_999, [{ ref: 1, w: 999_999_999_999 }, { ref: 2, w: 1 }, { ref: 3, w: 333_333_333_333 }]);
    expect(s.reduce((a, x) => a + x.amount, 0)).toBe(999_999_999_999);
  });
});
