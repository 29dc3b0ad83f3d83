import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';
import { setSetting } from '../platform/settings';
import { cartWorld, idem, type CartWorld } from '../cart/test-world';

/**
 * Promotions and coupons through HTTP: staff create and publish, the cart shows discounts and
 * hints, submission freezes what applied (order total, per-line shares, gifts as zero-price lines
 * with stock reserved), cancellation gives the use back, bad input changes nothing.
 */
let t: TestApp;
let w: CartWorld;
let admin: Client, sales: Client, buyerA: Client, buyerB: Client;
let tierGold: number, tierSilver: number;

const window = () => ({ startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(Date.now() + 86_400_000).toISOString() });
const mkState = () => counts(t.db, ['promotions', 'coupon_templates', 'coupons', 'order_promotions', 'orders', 'audit_log']);

async function publish(body: Record<string, unknown>) {
  const r = await admin.post('/api/promotions', { ...window(), ...body });
  expect(r.statusCode, r.body).toBe(200);
  const p = await admin.post(`/api/promotions/${r.json().id}/publish`);
  expect(p.statusCode, p.body).toBe(200);
  return p.json() as { id: number; state: string };
}
const stop = (id: number) => admin.post(`/api/promotions/${id}/stop`);
const submit = (c: Client, body: Record<string, unknown> = {}) => c.post('/api/cart/submit', { addressId: c === buyerB ? w.addrB : w.addrA, paymentMethod: 'transfer', ...body }, idem());

beforeAll(async () => {
  t = await createTestApp();
  w = await cartWorld(t, 100_000);
  [admin, sales, buyerA, buyerB] = await Promise.all(['admin', 'sales', 'buyerA', 'buyerB'].map((l) => t.as(l)));
  tierGold = (await t.db.insertInto('customer_tiers').values({ name: '金牌', discount_bp: 0 }).returning('id').executeTakeFirstOrThrow()).id;
  tierSilver = (await t.db.insertInto('customer_tiers').values({ name: '银牌', discount_bp: 0 }).returning('id').executeTakeFirstOrThrow()).id;
  await t.db.updateTable('companies').set({ tier_id: tierGold }).where('id', '=', t.fx.companyA).execute();
  await t.db.updateTable('companies').set({ tier_id: tierSilver }).where('id', '=', t.fx.companyB).execute();
});
afterAll(() => t.close());

describe('满 1000 减 50 for one tier, from the cart to the order', () => {
  it('hint below the threshold, discount at exactly ¥1000, frozen on the order with line shares; another tier sees nothing', async () => {
    const p = await publish({ name: '金牌满减', rule: { kind: 'threshold_off', basis: 'amount', levels: [{ threshold: 100_000, off: 5000 }, { threshold: 300_000, off: 20_000 }] }, audience: { tierIds: [tierGold] } });
    expect(p.state).toBe('running');
    await buyerA.post('/api/cart/lines', { skuId: w.WATER, qty: 440 }); // ¥880
    let cart = (await buyerA.get('/api/cart')).json();
    expect(cart.totals).toMatchObject({ subtotal: 88_000, discount: 0, total: 88_000 });
    expect(cart.marketing.hints).toEqual(['还差 ¥120.00 可享满 ¥1000 减 ¥50（金牌满减）']);
    await buyerA.post('/api/cart/lines', { skuId: w.COLA, qty: 48 }); // + ¥120 = ¥1000 exactly
    cart = (await buyerA.get('/api/cart')).json();
    expect(cart.totals).toMatchObject({ subtotal: 100_000, discount: 5000, total: 95_000 });
    expect(cart.marketing.applied).toMatchObject([{ promotionId: p.id, amount: 5000, detail: '满 ¥1000 减 ¥50' }]);
    expect(cart.marketing.hints).toEqual(['再买 ¥2000.00 可享满 ¥3000 减 ¥200（金牌满减）']);
    expect(cart.lines.map((l: { discount: number }) => l.discount)).toEqual([4400, 600]);
    const en = (await buyerA.get('/api/cart', { 'accept-language': 'en' })).json();
    expect(en.marketing.hints[0]).toContain('more for');

    // buyer B (another tier) with the same cart gets nothing and no hint
    await buyerB.post('/api/cart/lines', { skuId: w.WATER, qty: 500 });
    const cartB = (await buyerB.get('/api/cart')).json();
    expect(cartB.totals).toMatchObject({ subtotal: 100_000, discount: 0 });
    expect(cartB.marketing).toMatchObject({ applied: [], hints: [] });

    const r = await submit(buyerA, { expectedTotal: 95_000 });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().order).toMatchObject({ subtotal: 100_000, total: 95_000 });
    const order = (await buyerA.get(`/api/my/orders/${r.json().order.id}`)).json();
    expect(order).toMatchObject({ subtotal: 100_000, discountTotal: 5000, total: 95_000 });
    expect(order.discounts.items).toMatchObject([{ name: '金牌满减', amount: 5000, promotionId: p.id, released: false }]);
    expect(order.discounts.lines.map((l: { discount: number }) => l.discount)).toEqual([4400, 600]);
    expect(order.discounts.lines.map((l: { orderLineId: number }) => l.orderLineId)).toEqual(order.lines.map((l: { id: number }) => l.id));

    const rb = await submit(buyerB);
    expect(rb.json().order).toMatchObject({ total: 100_000 });
    expect((await buyerB.get(`/api/my/orders/${rb.json().order.id}`)).json().discounts).toEqual({ discount: 0, items: [], lines: [] });
    await stop(p.id);
  });
});

describe('limits, cancellation, gifts', () => {
  it('a per-customer limit of 1: the second order has no discount; cancelling the first gives the use back', async () => {
    const p = await publish({ name: '限购特价', rule: { kind: 'special_price', items: [{ skuId: w.JUICE, price: 500 }] }, perCustomer: 1, limitQty: 100 });
    await t.db.updateTable('products').set({ on_shelf: true }).where('id', '=', w.cat.productIds['JUICE-1L']!).execute();
    await buyerA.post('/api/cart/lines', { skuId: w.JUICE, qty: 4 });
    const first = await submit(buyerA);
    expect(first.json().order).toMatchObject({ subtotal: 3200, total: 2000 });
    expect((await t.db.selectFrom('promotions').select('used_qty').where('id', '=', p.id).executeTakeFirstOrThrow()).used_qty).toBe(4);
    await buyerA.post('/api/cart/lines', { skuId: w.JUICE, qty: 4 });
    const cart = (await buyerA.get('/api/cart')).json();
    expect(cart.totals.discount).toBe(0);
    expect(cart.marketing.notApplied).toMatchObject([{ reason: 'CUSTOMER_LIMIT', message: '「限购特价」每个客户限参加次数已用完' }]);
    const cancel = await buyerA.post(`/api/my/orders/${first.json().order.id}/events`, { event: 'cancel', note: '不要了' });
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect((await t.db.selectFrom('promotions').select('used_qty').where('id', '=', p.id).executeTakeFirstOrThrow()).used_qty).toBe(0);
    expect(cancel.json().discounts.items[0].released).toBe(true);
    expect((await buyerA.get('/api/cart')).json().totals.discount).toBe(1200);
    const second = await submit(buyerA);
    expect(second.json().order.total).toBe(2000);
    await stop(p.id);
  });

  it('a gift is a zero-price line that reserves stock; out of stock it is left out and said so, or the order is refused by the setting', async () => {
    const p = await publish({ name: '买十送一', rule: { kind: 'gift', basis: 'qty', levels: [{ threshold: 10, giftQty: 1 }], giftSkuId: w.COLA } });
    await buyerA.post('/api/cart/lines', { skuId: w.WATER, qty: 10 });
    const cart = (await buyerA.get('/api/cart')).json();
    expect(cart.marketing.gifts).toMatchObject([{ skuId: w.COLA, qty: 1, code: 'COLA-330' }]);
    const before = await t.db.selectFrom('stock_levels').select('reserved').where('sku_id', '=', w.COLA).executeTakeFirstOrThrow();
    const r = await submit(buyerA);
    const order = (await buyerA.get(`/api/my/orders/${r.json().order.id}`)).json();
    expect(order.lines.map((l: { skuCode: string; unitPrice: number; qty: number }) => [l.skuCode, l.unitPrice, l.qty])).toEqual([['WATER-550', 200, 10], ['COLA-330', 0, 1]]);
    expect(order.lines[1].reservedQty).toBe(1);
    expect((await t.db.selectFrom('stock_levels').select('reserved').where('sku_id', '=', w.COLA).executeTakeFirstOrThrow()).reserved).toBe(before.reserved + 1);
    expect(order.discounts.items).toMatchObject([{ kind: 'gift', giftQty: 1, giftGiven: true }]);

    // the gift runs out: by default the order goes ahead without it and says so
    await t.db.updateTable('stock_levels').set({ reserved: sql<number>`on_hand` }).where('sku_id', '=', w.COLA).execute();
    await buyerA.post('/api/cart/lines', { skuId: w.WATER, qty: 10 });
    const skip = await submit(buyerA);
    expect(skip.statusCode, skip.body).toBe(200);
    const o2 = (await buyerA.get(`/api/my/orders/${skip.json().order.id}`)).json();
    expect(o2.lines.map((l: { skuCode: string }) => l.skuCode)).toEqual(['WATER-550']);
    expect(o2.discounts.items).toMatchObject([{ kind: 'gift', giftGiven: false }]);
    // refuse: the order is refused whole
    await setSetting(t.db, 'marketing.giftOutOfStock', 'refuse');
    await buyerA.post('/api/cart/lines', { skuId: w.WATER, qty: 10 });
    const before2 = await mkState();
    const refused = await submit(buyerA);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('INSUFFICIENT_STOCK');
    expect(await mkState()).toEqual(before2);
    await setSetting(t.db, 'marketing.giftOutOfStock', 'skip');
    await t.db.updateTable('stock_levels').set({ reserved: 0 }).where('sku_id', '=', w.COLA).execute();
    await buyerA.delete('/api/cart');
    await stop(p.id);
  });

  it('a promotion that starts between the cart and the submission is priced in (the stale plan is refused and planned again)', async () => {
    await buyerA.post('/api/cart/lines', { skuId: w.WATER, qty: 500 });
    // straight into the table: this process's "nothing runs" answer is still cached
    await t.db.insertInto('promotions').values({
      name: '突然满减', kind: 'threshold_off', status: 'active', ...{ starts_at: new Date(Date.now() - 1000), ends_at: new Date(Date.now() + 3_600_000) },
      rule: JSON.stringify({ kind: 'threshold_off', basis: 'amount', levels: [{ threshold: 100_000, off: 3000 }] }), limit_qty: null, budget: null, per_customer: null, per_order_qty: null, note: null,
    }).execute();
    const r = await submit(buyerA);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().order).toMatchObject({ subtotal: 100_000, total: 97_000 });
    await t.db.updateTable('promotions').set({ status: 'stopped' }).where('name', '=', '突然满减').execute();
  });
});

describe('coupons', () => {
  it('issued to a tier, used once by the best-coupon default, given back on cancel', async () => {
    const tpl = await admin.post('/api/coupon-templates', { name: '满百减十', kind: 'amount', amountOff: 1000, threshold: 10_000, validDays: 30 });
    expect(tpl.statusCode, tpl.body).toBe(200);
    const issued = await admin.post(`/api/coupon-templates/${tpl.json().id}/issue`, { tierIds: [tierGold] });
    expect(issued.json()).toEqual({ customers: 1, issued: 1 });
    const walletA = (await buyerA.get('/api/my/coupons')).json();
    expect(walletA).toMatchObject([{ name: '满百减十', summary: '满 ¥100 减 ¥10', status: 'available' }]);
    expect((await buyerB.get('/api/my/coupons')).json()).toEqual([]);
    await buyerA.post('/api/cart/lines', { skuId: w.WATER, qty: 40 }); // ¥80: below the coupon's ¥100
    let cart = (await buyerA.get('/api/cart')).json();
    expect(cart.marketing.coupon).toBeNull();
    await buyerA.post('/api/cart/lines', { skuId: w.WATER, qty: 10 });
    cart = (await buyerA.get('/api/cart')).json();
    expect(cart.marketing.coupon).toMatchObject({ id: walletA[0].id });
    expect(cart.totals).toMatchObject({ subtotal: 10_000, discount: 1000, total: 9000 });
    expect((await buyerA.get('/api/cart?coupon=none')).json().totals.discount).toBe(0);
    const r = await submit(buyerA);
    expect(r.json().order.total).toBe(9000);
    expect((await buyerA.get('/api/my/coupons')).json()[0]).toMatchObject({ status: 'used', orderId: r.json().order.id });
    // used: a second order pays full and naming the coupon is refused
    await buyerA.post('/api/cart/lines', { skuId: w.WATER, qty: 50 });
    const again = await submit(buyerA, { couponId: walletA[0].id });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('MK_COUPON_UNKNOWN');
    await buyerA.post(`/api/my/orders/${r.json().order.id}/events`, { event: 'cancel', note: '重下' });
    expect((await buyerA.get('/api/my/coupons')).json()[0]).toMatchObject({ status: 'available', orderId: null });
    const r2 = await submit(buyerA, { couponId: walletA[0].id });
    expect(r2.json().order.total).toBe(9000);
  });

  it('claimable coupons: one per customer, not past the total', async () => {
    const tpl = (await admin.post('/api/coupon-templates', { name: '抢券', kind: 'percent', discountBp: 500, maxOff: 2000, validTo: '2099-12-31 23:59', claimable: true, totalQty: 1 })).json();
    expect((await buyerA.get('/api/my/coupons/claimable')).json()).toMatchObject([{ id: tpl.id, canClaim: true, summary: '打 9.5折（最多减 ¥20）' }]);
    expect((await buyerA.post(`/api/my/coupons/claim/${tpl.id}`)).statusCode).toBe(200);
    expect((await buyerA.post(`/api/my/coupons/claim/${tpl.id}`)).json().error.code).toBe('COUPON_CLAIM_LIMIT');
    expect((await buyerB.post(`/api/my/coupons/claim/${tpl.id}`)).json().error.code).toBe('COUPON_SOLD_OUT');
  });
});

describe('staff preview and the promotion lifecycle', () => {
  it('previews a cart for a customer; sales reps only for their customers', async () => {
    const p = await publish({ name: '预览满减', rule: { kind: 'threshold_off', basis: 'amount', levels: [{ threshold: 50_000, off: 2500 }] } });
    const r = await sales.post('/api/promotions/preview', { customerId: t.fx.companyA, lines: [{ skuId: w.WATER, qty: 200 }], couponId: null });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ subtotal: 40_000, discount: 0 });
    expect(r.json().marketing.hints).toContain('还差 ¥100.00 可享满 ¥500 减 ¥25（预览满减）');
    expect((await sales.post('/api/promotions/preview', { customerId: t.fx.companyB, lines: [{ skuId: w.WATER, qty: 1 }] })).statusCode).toBe(404);
    // running: only stopping; stopped: nothing
    const put = await admin.put(`/api/promotions/${p.id}`, { name: '改', ...window(), rule: { kind: 'threshold_off', basis: 'amount', levels: [{ threshold: 1, off: 1 }] } });
    expect(put.json().error.code).toBe('PROMOTION_NOT_EDITABLE');
    expect((await stop(p.id)).json().state).toBe('stopped');
    expect((await admin.post(`/api/promotions/${p.id}/publish`)).json().error.code).toBe('PROMOTION_BAD_STATE');
    expect((await buyerA.get('/api/promotions')).statusCode).toBe(403);
  });

  it('takes times without an offset in the supplier\'s time zone', async () => {
    const r = await admin.post('/api/promotions', { name: '时区', startsAt: '2030-01-01 00:00', endsAt: '2030-01-02T00:00', rule: { kind: 'nth_item', nth: 2, discountBp: 5000 } });
    expect(r.json()).toMatchObject({ state: 'draft', startsAt: '2029-12-31T16:00:00.000Z', endsAt: '2030-01-01T16:00:00.000Z' });
    expect((await admin.delete(`/api/promotions/${r.json().id}`)).statusCode).toBe(200);
  });

  it('refuses bad input with a clear 4xx and writes nothing', async () => {
    const before = await mkState();
    const good = { name: '好', ...window(), rule: { kind: 'threshold_off', basis: 'amount', levels: [{ threshold: 100, off: 10 }] } };
    const cases: [string, Record<string, unknown>, number][] = [
      ['/api/promotions', {}, 400],
      ['/api/promotions', { ...good, name: '' }, 400],
      ['/api/promotions', { ...good, name: '长'.repeat(61) }, 400],
      ['/api/promotions', { ...good, startsAt: 'tomorrow' }, 400],
      ['/api/promotions', { ...good, startsAt: '2026-02-30 10:00' }, 400],
      ['/api/promotions', { ...good, endsAt: good.startsAt }, 400],
      ['/api/promotions', { ...good, rule: { kind: 'threshold_off', basis: 'amount', levels: [] } }, 400],
      ['/api/promotions', { ...good, rule: { kind: 'threshold_off', basis: 'amount', levels: [{ threshold: -1, off: 10 }] } }, 400],
      ['/api/promotions', { ...good, rule: { kind: 'threshold_off', basis: 'amount', levels: [{ threshold: 1e20, off: 10 }] } }, 400],
      ['/api/promotions', { ...good, rule: { kind: 'threshold_off', basis: 'amount', levels: [{ threshold: '100', off: 10 }] } }, 400],
      ['/api/promotions', { ...good, rule: { kind: 'bogus' } }, 400],
      ['/api/promotions', { ...good, rule: { kind: 'gift', basis: 'qty', levels: [{ threshold: 1, giftQty: 1 }], giftSkuId: 987_654 } }, 422],
      ['/api/promotions', { ...good, limitQty: 0 }, 400],
      ['/api/promotions', { ...good, extra: 1 }, 400],
      ['/api/promotions/preview', { customerId: 987_654, lines: [{ skuId: w.WATER, qty: 1 }] }, 404],
      ['/api/promotions/preview', { customerId: t.fx.companyA, lines: [] }, 400],
      ['/api/promotions/987654/publish', {}, 404],
      ['/api/coupon-templates', { name: '券', kind: 'amount', validDays: 3 }, 400],
      ['/api/coupon-templates', { name: '券', kind: 'percent', discountBp: 10_000, validDays: 3 }, 400],
      ['/api/coupon-templates', { name: '券😀', kind: 'amount', amountOff: 100 }, 400],
      ['/api/coupon-templates/987654/issue', { companyIds: [t.fx.companyA] }, 404],
      ['/api/coupon-templates/1/issue', { companyIds: [987_654] }, 404],
      ['/api/coupon-templates/1/issue', {}, 400],
    ];
    for (const [url, body, status] of cases) {
      const r = await admin.post(url, body);
      expect(r.statusCode, `${url} ${JSON.stringify(body)} ${r.body}`).toBe(status);
      expect(r.json().error.message.length).toBeGreaterThan(3);
    }
    expect((await buyerA.post('/api/my/coupons/claim/987654')).statusCode).toBe(404);
    expect(await mkState()).toEqual(before);
  });
});
