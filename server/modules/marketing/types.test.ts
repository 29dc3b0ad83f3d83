import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import { cartWorld, idem, type CartWorld } from '../cart/test-world';
import { priceMarketing } from './apply';
import { bpOf } from './engine';

/**
 * The "must show" through HTTP (engine.test.ts has the same rules without a database):
 * 满折 with fen rounding spread over lines, 第二件半价 and 组合价 from the cart to the order, the
 * stacking rules (exclusive against stackable, not with coupons, not with contract prices), and
 * a promotion's and a coupon's window at its edges: from its start (inclusive) to its end
 * (exclusive), also when the window closes between the cart and the submission.
 * Run on PostgreSQL too (TEST_DATABASE_URL).
 */
let t: TestApp;
let w: CartWorld;
let admin: Client, buyerA: Client;
const made: number[] = [];

const window = () => ({ startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(Date.now() + 86_400_000).toISOString() });
async function publish(body: Record<string, unknown>) {
  const r = await admin.post('/api/promotions', { ...window(), ...body });
  expect(r.statusCode, r.body).toBe(200);
  made.push(r.json().id);
  const p = await admin.post(`/api/promotions/${r.json().id}/publish`);
  expect(p.statusCode, p.body).toBe(200);
  return p.json() as { id: number; state: string };
}
const submit = (body: Record<string, unknown> = {}) => buyerA.post('/api/cart/submit', { addressId: w.addrA, paymentMethod: 'transfer', ...body }, idem());
const cart = async (q = '') => (await buyerA.get(`/api/cart${q}`)).json() as {
  lines: { id: number; skuId: number; lineTotal: number; discount: number }[]; totals: { subtotal: number; discount: number; total: number };
  marketing: { applied: { promotionId: number | null; couponId?: number | null; amount: number }[]; notApplied: { promotionId: number | null; couponId?: number | null; reason: string }[]; coupon: { id: number } | null };
};
const order = async (id: number) => (await buyerA.get(`/api/my/orders/${id}`)).json() as {
  subtotal: number; discountTotal: number; total: number; lines: { id: number; skuId: number; qty: number; unitPrice: number }[];
  discounts: { items: { promotionId: number | null; couponId: number | null; amount: number }[]; lines: { orderLineId: number; discount: number }[] };
};
const sleepUntil = async (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms - Date.now())));

beforeAll(async () => {
  t = await createTestApp();
  w = await cartWorld(t, 100_000);
  [admin, buyerA] = await Promise.all(['admin', 'buyerA'].map((l) => t.as(l)));
  await t.db.updateTable('products').set({ on_shelf: true }).where('id', '=', w.cat.productIds['JUICE-1L']!).execute();
});
afterEach(async () => {
  for (const id of made.splice(0)) await admin.post(`/api/promotions/${id}/stop`);
  await buyerA.delete('/api/cart');
});
afterAll(() => t.close());

describe('every promotion type from the cart to the order', () => {
  it('满折: a percentage of ¥1506.50 over three lines, rounded once, spread in fen that sum exactly; the order freezes the same shares', async () => {
    const p = await publish({ name: '满千九五折', rule: { kind: 'threshold_discount', basis: 'amount', levels: [{ threshold: 100_000, discountBp: 500 }] } });
    await buyerA.post('/api/cart/lines', { skuId: w.WATER, qty: 333 }); // 66,600
    await buyerA.post('/api/cart/lines', { skuId: w.COLA, qty: 333 }); // 83,250
    await buyerA.post('/api/cart/lines', { skuId: w.JUICE, qty: 1 }); // 800
    const c = await cart();
    const discount = bpOf(150_650, 500); // 5% of 150,650 = 7532.5 → one rounding for the whole order
    expect(c.totals).toMatchObject({ subtotal: 150_650, discount, total: 150_650 - discount });
    const shares = c.lines.map((l) => l.discount);
    expect(shares.reduce((a, b) => a + b, 0)).toBe(discount);
    // each share is its line's part of the whole, to the fen
    c.lines.forEach((l) => expect(Math.abs(l.discount - (discount * l.lineTotal) / 150_650)).toBeLessThan(1));
    const r = await submit({ expectedTotal: 150_650 - discount });
    expect(r.statusCode, r.body).toBe(200);
    const o = await order(r.json().order.id);
    expect(o).toMatchObject({ subtotal: 150_650, discountTotal: discount, total: 150_650 - discount });
    expect(o.discounts.items).toMatchObject([{ promotionId: p.id, amount: discount }]);
    expect(o.discounts.lines.map((l) => l.discount)).toEqual(shares);
  });

  it('第二件半价: 5 bottles at ¥2 pay 3 full and 2 at half; 组合价: 1 water + 2 colas for ¥5, two whole bundles', async () => {
    const nth = await publish({ name: '第二件半价', rule: { kind: 'nth_item', nth: 2, discountBp: 5000 }, scope: { skuIds: [w.WATER] } });
    await buyerA.post('/api/cart/lines', { skuId: w.WATER, qty: 5 });
    let c = await cart();
    expect(c.totals).toMatchObject({ subtotal: 1000, discount: 200, total: 800 });
    let r = await submit();
    expect(r.statusCode, r.body).toBe(200);
    expect((await order(r.json().order.id)).discounts.items).toMatchObject([{ promotionId: nth.id, amount: 200 }]);
    await admin.post(`/api/promotions/${nth.id}/stop`);

    const bundle = await publish({ name: '水+两可乐套餐', rule: { kind: 'bundle', items: [{ skuId: w.WATER, qty: 1 }, { skuId: w.COLA, qty: 2 }], price: 500 } });
    await buyerA.post('/api/cart/lines', { skuId: w.WATER, qty: 3 }); // 600
    await buyerA.post('/api/cart/lines', { skuId: w.COLA, qty: 5 }); // 1250
    c = await cart();
    // two bundles: (200 + 2 × 250 − 500) × 2 = 400 off; the third water and fifth cola at their price
    expect(c.totals).toMatchObject({ subtotal: 1850, discount: 400, total: 1450 });
    expect(c.lines.reduce((a, l) => a + l.discount, 0)).toBe(400);
    r = await submit({ expectedTotal: 1450 });
    expect(r.statusCode, r.body).toBe(200);
    const o = await order(r.json().order.id);
    expect(o).toMatchObject({ subtotal: 1850, total: 1450 });
    expect(o.discounts.items).toMatchObject([{ promotionId: bundle.id, amount: 400 }]);
  });
});

describe('stacking rules', () => {
  it('an exclusive promotion competes alone against the stackable ones together: the larger benefit wins', async () => {
    const a = await publish({ name: '满百减十', rule: { kind: 'threshold_off', basis: 'amount', levels: [{ threshold: 10_000, off: 1000 }] } });
    const b = await publish({ name: '满百九五折', rule: { kind: 'threshold_discount', basis: 'amount', levels: [{ threshold: 10_000, discountBp: 500 }] } });
    const x = await publish({ name: '独享减十二', exclusive: true, rule: { kind: 'threshold_off', basis: 'amount', levels: [{ threshold: 10_000, off: 1200 }] } });
    await buyerA.post('/api/cart/lines', { skuId: w.WATER, qty: 100 }); // ¥200
    let c = await cart();
    // stackable: ¥10 + 5% of ¥190 = ¥19.50 > the exclusive ¥12
    expect(c.totals.discount).toBe(1950);
    expect(c.marketing.applied.map((p) => p.promotionId).sort()).toEqual([a.id, b.id].sort());
    expect(c.marketing.notApplied).toContainEqual(expect.objectContaining({ promotionId: x.id, reason: 'NOT_COMBINED' }));
    const big = await publish({ name: '独享减三十', exclusive: true, rule: { kind: 'threshold_off', basis: 'amount', levels: [{ threshold: 10_000, off: 3000 }] } });
    c = await cart();
    expect(c.marketing.applied.map((p) => p.promotionId)).toEqual([big.id]);
    expect(c.totals.discount).toBe(3000);
    const r = await submit({ expectedTotal: 20_000 - 3000 });
    expect(r.statusCode, r.body).toBe(200);
    expect((await order(r.json().order.id)).discounts.items.map((i) => i.promotionId)).toEqual([big.id]);
  });

  it('not with coupons: the coupon is left out, or named, blocked with the reason; it stays in the wallet', async () => {
    const p = await publish({ name: '不与券同享', withCoupons: false, rule: { kind: 'threshold_off', basis: 'amount', levels: [{ threshold: 10_000, off: 1000 }] } });
    const tpl = (await admin.post('/api/coupon-templates', { name: '五元券', kind: 'amount', amountOff: 500, validDays: 7 })).json();
    await admin.post(`/api/coupon-templates/${tpl.id}/issue`, { companyIds: [t.fx.companyA] });
    const coupon = await t.db.selectFrom('coupons').select('id').where('template_id', '=', tpl.id).executeTakeFirstOrThrow();
    await buyerA.post('/api/cart/lines', { skuId: w.WATER, qty: 100 }); // ¥200
    let c = await cart();
    expect(c.totals.discount).toBe(1000);
    expect(c.marketing.coupon).toBeNull();
    c = await cart(`?coupon=${coupon.id}`);
    expect(c.marketing.notApplied).toContainEqual(expect.objectContaining({ couponId: coupon.id, reason: 'COUPON_BLOCKED' }));
    const r = await submit();
    expect(r.statusCode, r.body).toBe(200);
    expect((await order(r.json().order.id)).discounts.items).toMatchObject([{ promotionId: p.id, couponId: null, amount: 1000 }]);
    expect((await t.db.selectFrom('coupons').select('status').where('id', '=', coupon.id).executeTakeFirstOrThrow()).status).toBe('available');
    await t.db.deleteFrom('coupons').where('id', '=', coupon.id).execute();
  });

  it('not with contract prices: lines at the customer\'s contract price neither count nor get the discount', async () => {
    const pl = await t.db.insertInto('price_lists').values({ name: '甲公司合同价', kind: 'customer', company_id: t.fx.companyA, tier_id: null, valid_from: null, valid_to: null, notes: null }).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('price_list_items').values({ price_list_id: pl.id, sku_id: w.WATER, min_qty: 1, fixed_price: 180, discount_bp: null }).execute();
    try {
      const p = await publish({ name: '合同价除外', withContractPrices: false, rule: { kind: 'threshold_off', basis: 'amount', levels: [{ threshold: 10_000, off: 1000 }] } });
      await buyerA.post('/api/cart/lines', { skuId: w.WATER, qty: 100 }); // ¥180 at the contract price
      let c = await cart();
      expect(c.totals).toMatchObject({ subtotal: 18_000, discount: 0 });
      expect(c.marketing.notApplied).toContainEqual(expect.objectContaining({ promotionId: p.id }));
      await buyerA.post('/api/cart/lines', { skuId: w.COLA, qty: 40 }); // ¥100 at the list price: only this counts
      c = await cart();
      expect(c.totals).toMatchObject({ subtotal: 28_000, discount: 1000 });
      expect(c.lines.map((l) => [l.skuId, l.discount])).toEqual([[w.WATER, 0], [w.COLA, 1000]]);
    } finally {
      await t.db.deleteFrom('price_lists').where('id', '=', pl.id).execute();
    }
  });
});

describe('a window at its edges', () => {
  it('priced from the start (inclusive) to the end (exclusive), to the millisecond', async () => {
    const startsAt = new Date(Date.now() + 3_600_000);
    const endsAt = new Date(startsAt.getTime() + 3_600_000);
    await publish({ name: '整点满减', startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), rule: { kind: 'threshold_off', basis: 'amount', levels: [{ threshold: 100_000, off: 5000 }] } });
    const tpl = (await admin.post('/api/coupon-templates', { name: '整点券', kind: 'amount', amountOff: 300, validTo: '2099-12-31 23:59' })).json();
    await admin.post(`/api/coupon-templates/${tpl.id}/issue`, { companyIds: [t.fx.companyA] });
    await t.db.updateTable('coupons').set({ valid_from: startsAt, valid_to: endsAt }).where('template_id', '=', tpl.id).execute();
    const lines = [{ ref: 1, skuId: w.WATER, qty: 500, unitPrice: 200, priceKind: 'base' }]; // exactly ¥1000
    const at = async (ms: number) => (await priceMarketing(t.db, t.fx.companyA, lines, undefined, {}, new Date(ms))).best.discount;
    expect(await at(startsAt.getTime() - 1)).toBe(0);
    expect(await at(startsAt.getTime())).toBe(5000 + 300);
    expect(await at(endsAt.getTime() - 1)).toBe(5000 + 300);
    expect(await at(endsAt.getTime())).toBe(0);
    await t.db.deleteFrom('coupons').where('template_id', '=', tpl.id).execute();
  });

  it('through HTTP: scheduled → running → ended; a window that closes between the cart and the submission gives nothing and says the price changed', { timeout: 30_000 }, async () => {
    const startsAt = Date.now() + 4000;
    const endsAt = startsAt + 4000;
    const p = await publish({ name: '限时满减', startsAt: new Date(startsAt).toISOString(), endsAt: new Date(endsAt).toISOString(), rule: { kind: 'threshold_off', basis: 'amount', levels: [{ threshold: 100_000, off: 5000 }] } });
    expect(p.state).toBe('scheduled');
    const tpl = (await admin.post('/api/coupon-templates', { name: '限时券', kind: 'amount', amountOff: 300, validTo: '2099-12-31 23:59' })).json();
    await admin.post(`/api/coupon-templates/${tpl.id}/issue`, { companyIds: [t.fx.companyA] });
    const coupon = await t.db.updateTable('coupons').set({ valid_to: new Date(endsAt) }).where('template_id', '=', tpl.id).returning('id').executeTakeFirstOrThrow();
    await buyerA.post('/api/cart/lines', { skuId: w.WATER, qty: 500 }); // exactly ¥1000
    const early = await cart();
    if (Date.now() < startsAt) expect(early.totals.discount).toBe(300); // the coupon runs, the promotion not yet

    await sleepUntil(startsAt + 50);
    const running = await cart();
    expect(running.totals).toMatchObject({ discount: 5000 + 300, total: 100_000 - 5300 });
    expect((await admin.get(`/api/promotions/${p.id}`)).json().state).toBe('running');

    await sleepUntil(endsAt + 50);
    // the buyer still holds the price seen while it ran: the submission prices again, gives nothing, and
    // refuses the total the buyer saw (PRICE_CHANGED) rather than charge another one unasked
    const before = await t.db.selectFrom('orders').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const r = await submit({ expectedTotal: running.totals.total });
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe('PRICE_CHANGED');
    expect(await t.db.selectFrom('orders').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual(before);
    const r2 = await submit();
    expect(r2.statusCode, r2.body).toBe(200);
    expect(r2.json().order).toMatchObject({ subtotal: 100_000, total: 100_000 });
    expect((await order(r2.json().order.id)).discounts.items).toEqual([]);
    expect((await admin.get(`/api/promotions/${p.id}`)).json().state).toBe('ended');
    expect((await buyerA.get('/api/my/coupons')).json()).toContainEqual(expect.objectContaining({ id: coupon.id, status: 'expired' }));
  });
});
