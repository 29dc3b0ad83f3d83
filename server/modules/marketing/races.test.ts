import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import { cartWorld, idem, moreBuyers, type CartWorld } from '../cart/test-world';

/**
 * Limited offers and coupons under concurrent submissions (run it on PostgreSQL too:
 * TEST_DATABASE_URL): the conditional updates in the submission statement never let a promotion
 * pass its limit or a coupon be used twice, whatever the interleaving.
 */
let t: TestApp;
let w: CartWorld;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp();
  w = await cartWorld(t, 100_000);
  admin = await t.as('admin');
  await t.db.updateTable('products').set({ on_shelf: true }).where('id', '=', w.cat.productIds['JUICE-1L']!).execute();
});
afterAll(() => t.close());

const body = () => ({ addressId: w.addrA, paymentMethod: 'transfer' });

describe('a 10-unit offer and 50 buyers at once', () => {
  it('sells exactly 10 units at the offer price; the others are refused or pay the normal price', async () => {
    const created = await admin.post('/api/promotions', {
      name: '秒杀橙汁', startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      rule: { kind: 'special_price', items: [{ skuId: w.JUICE, price: 100 }] }, limitQty: 10,
    });
    const id = created.json().id as number;
    await admin.post(`/api/promotions/${id}/publish`);
    const buyers = await moreBuyers(t, t.fx.companyA, 'race', 50);
    for (const b of buyers) await b.post('/api/cart/lines', { skuId: w.JUICE, qty: 1 });
    const results = await Promise.all(buyers.map((b) => b.post('/api/cart/submit', body(), idem())));
    const codes = results.map((r) => (r.statusCode === 200 ? 'ok' : r.json().error.code));
    expect(codes.every((c) => c === 'ok' || c === 'PROMOTION_SOLD_OUT'), codes.join(',')).toBe(true);
    const ok = results.filter((r) => r.statusCode === 200).map((r) => r.json().order as { total: number });
    expect(ok.filter((o) => o.total === 100)).toHaveLength(10);
    expect(ok.filter((o) => o.total !== 100).every((o) => o.total === 800)).toBe(true);
    const p = await t.db.selectFrom('promotions').select('used_qty').where('id', '=', id).executeTakeFirstOrThrow();
    expect(p.used_qty).toBe(10);
    const frozen = await t.db.selectFrom('order_promotions').select(['qty', 'amount']).where('promotion_id', '=', id).execute();
    expect(frozen.reduce((a, r) => a + r.qty, 0)).toBe(10);
    expect(frozen.reduce((a, r) => a + Number(r.amount), 0)).toBe(10 * 700);
  });
});

describe('one coupon submitted twice at once', () => {
  it('is used once: one order gets it, the other is refused', async () => {
    await t.db.updateTable('promotions').set({ status: 'stopped' }).execute();
    const tpl = (await admin.post('/api/coupon-templates', { name: '一次券', kind: 'amount', amountOff: 500, validDays: 7 })).json();
    await admin.post(`/api/coupon-templates/${tpl.id}/issue`, { companyIds: [t.fx.companyA] });
    const coupon = await t.db.selectFrom('coupons').select('id').where('template_id', '=', tpl.id).executeTakeFirstOrThrow();
    const [b1, b2] = await moreBuyers(t, t.fx.companyA, 'twice', 2);
    for (const b of [b1!, b2!]) await b.post('/api/cart/lines', { skuId: w.WATER, qty: 10 });
    const results = await Promise.all([b1!, b2!].map((b) => b.post('/api/cart/submit', { ...body(), couponId: coupon.id }, idem())));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const refused = results.find((r) => r.statusCode === 409)!.json().error.code;
    expect(['COUPON_UNAVAILABLE', 'MK_COUPON_UNKNOWN']).toContain(refused);
    expect(results.find((r) => r.statusCode === 200)!.json().order.total).toBe(2000 - 500);
    const used = await t.db.selectFrom('order_promotions').select('order_id').where('coupon_id', '=', coupon.id).execute();
    expect(used).toHaveLength(1);
  });
});

describe('coupons picked automatically by buyers racing for them', () => {
  it('the losers are planned again without the coupon they lost and their orders go through', async () => {
    await t.db.updateTable('promotions').set({ status: 'stopped' }).execute();
    await t.db.updateTable('coupons').set({ status: 'used' }).where('status', '=', 'available').execute();
    const tpl = (await admin.post('/api/coupon-templates', { name: '自动券', kind: 'amount', amountOff: 300, validDays: 7 })).json();
    for (let i = 0; i < 3; i++) await admin.post(`/api/coupon-templates/${tpl.id}/issue`, { companyIds: [t.fx.companyA] });
    const coupons = await t.db.selectFrom('coupons').select('id').where('template_id', '=', tpl.id).execute();
    expect(coupons).toHaveLength(3);
    const buyers = await moreBuyers(t, t.fx.companyA, 'auto', 8);
    for (const b of buyers) await b.post('/api/cart/lines', { skuId: w.WATER, qty: 10 });
    // no couponId: each cart takes the best coupon in the wallet, so they all reach for the same one
    const results = await Promise.all(buyers.map((b) => b.post('/api/cart/submit', body(), idem())));
    expect(results.map((r) => (r.statusCode === 200 ? 'ok' : r.json().error.code))).toEqual(Array(8).fill('ok'));
    const totals = results.map((r) => r.json().order.total as number).sort((a, b) => a - b);
    expect(totals).toEqual([1700, 1700, 1700, 2000, 2000, 2000, 2000, 2000]);
    const used = await t.db.selectFrom('order_promotions').select(['coupon_id', 'order_id']).where('coupon_id', 'in', coupons.map((c) => c.id)).execute();
    expect(used.map((u) => u.coupon_id).sort()).toEqual(coupons.map((c) => c.id).sort());
    const left = await t.db.selectFrom('coupons').select('status').where('template_id', '=', tpl.id).execute();
    expect(left.every((c) => c.status === 'used')).toBe(true);
  });

  it('a coupon the buyer chose keeps its refusal (409) when someone else used it first', async () => {
    const tpl = (await admin.post('/api/coupon-templates', { name: '指定券', kind: 'amount', amountOff: 200, validDays: 7 })).json();
    await admin.post(`/api/coupon-templates/${tpl.id}/issue`, { companyIds: [t.fx.companyA] });
    const coupon = await t.db.selectFrom('coupons').select('id').where('template_id', '=', tpl.id).executeTakeFirstOrThrow();
    const buyers = await moreBuyers(t, t.fx.companyA, 'chosen', 3);
    for (const b of buyers) await b.post('/api/cart/lines', { skuId: w.WATER, qty: 10 });
    const results = await Promise.all(buyers.map((b) => b.post('/api/cart/submit', { ...body(), couponId: coupon.id }, idem())));
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    for (const r of results.filter((x) => x.statusCode !== 200)) {
      expect(r.statusCode).toBe(409);
      expect(['COUPON_UNAVAILABLE', 'MK_COUPON_UNKNOWN']).toContain(r.json().error.code);
    }
  });
});

describe('a once-per-customer offer and two buyers of one customer at once', () => {
  let id = 0;
  it('is used once: one order gets it, the other is refused by name and limit, or planned after it and pays in full', async () => {
    await t.db.updateTable('promotions').set({ status: 'stopped' }).execute();
    await t.db.updateTable('coupons').set({ status: 'used' }).where('status', '=', 'available').execute();
    const created = await admin.post('/api/promotions', {
      name: '每店一次', startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      rule: { kind: 'special_price', items: [{ skuId: w.WATER, price: 100 }] }, perCustomer: 1,
    });
    id = created.json().id as number;
    await admin.post(`/api/promotions/${id}/publish`);
    const buyers = await moreBuyers(t, t.fx.companyA, 'once', 2);
    for (const b of buyers) await b.post('/api/cart/lines', { skuId: w.WATER, qty: 10 });
    const results = await Promise.all(buyers.map((b) => b.post('/api/cart/submit', body(), idem())));
    const ok = results.filter((r) => r.statusCode === 200).map((r) => r.json().order.total as number);
    expect(ok.filter((total) => total === 1000)).toHaveLength(1);
    expect(ok.filter((total) => total !== 1000).every((total) => total === 2000)).toBe(true);
    for (const r of results.filter((x) => x.statusCode !== 200)) {
      expect(r.statusCode).toBe(409);
      expect(r.json().error.code).toBe('PROMOTION_CUSTOMER_LIMIT');
      expect(r.json().error.message).toContain('每店一次');
    }
    const uses = await t.db.selectFrom('promotion_customer_uses').select('uses').where('promotion_id', '=', id).where('company_id', '=', t.fx.companyA).executeTakeFirstOrThrow();
    expect(uses.uses).toBe(1);
    expect(await t.db.selectFrom('order_promotions').select('order_id').where('promotion_id', '=', id).execute()).toHaveLength(1);
  });

  it('a plan made before the use is refused in the statement, and writes nothing', async () => {
    const plan = { applications: [{ promotionId: id, couponId: null, kind: 'special_price', name: '每店一次', amount: 1000, qty: 10, detail: '', limited: false, perCustomer: 1, shares: [], giftSkuId: null, giftQty: null }] };
    await expect(sql`select marketing_redeem(${-1}, ${t.fx.companyA}, '[]'::jsonb, ${JSON.stringify(plan)}::jsonb)`.execute(t.db)).rejects.toThrow('ordo:PROMOTION_CUSTOMER_LIMIT');
    expect(await t.db.selectFrom('order_promotions').select('id').where('order_id', '=', -1).execute()).toHaveLength(0);
  });
});
