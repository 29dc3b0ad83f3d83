import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';
import { cartWorld, idem, moreBuyers, type CartWorld } from '../cart/test-world';
import { receivedHistory } from '../recommendations/testkit';
import { emit } from '../platform/outbox';
import { expirePoints } from './funds';
import { periodOf, periodRange } from './rebates';

/**
 * Rebates and points through HTTP: received orders feed net purchases and points (outbox), staff
 * settle an ended quarter, finance approves into the rebate account, the buyer deducts rebate and
 * points in the cart (capped by a share of the order), submission takes them by conditional
 * update, cancel gives them back; points buy coupons and expire by year; bad input changes nothing.
 */
let t: TestApp;
let w: CartWorld;
let admin: Client, finance: Client, sales2: Client, buyerA: Client, buyerB: Client;
const TZ = 'Asia/Shanghai';
const state = () => counts(t.db, ['rebate_rules', 'rebate_settlements', 'marketing_accounts', 'marketing_ledger', 'orders', 'coupons', 'audit_log']);
const submit = (c: Client, body: Record<string, unknown> = {}) => c.post('/api/cart/submit', { addressId: w.addrA, paymentMethod: 'transfer', ...body }, idem());
const lastQuarter = () => {
  const { start } = periodRange('quarter', periodOf('quarter', new Date(), TZ), TZ);
  return periodOf('quarter', new Date(start.getTime() - 86_400_000), TZ);
};

beforeAll(async () => {
  t = await createTestApp();
  w = await cartWorld(t, 100_000);
  [admin, finance, sales2, buyerA, buyerB] = await Promise.all(['admin', 'finance', 'sales2', 'buyerA', 'buyerB'].map((l) => t.as(l)));
});
afterAll(() => t.close());

describe('rebate rules: bad input changes nothing', () => {
  it('refuses missing fields, wrong types, out-of-range rates, unordered levels, unknown and oversized', async () => {
    const before = await state();
    const good = { name: '季度返利', period: 'quarter', levels: [{ threshold: 10_000_000, rateBp: 200 }] };
    const bad: [unknown, number][] = [
      [{}, 400], [{ ...good, name: undefined }, 400], [{ ...good, period: 'week' }, 400], [{ ...good, levels: [] }, 400],
      [{ ...good, levels: [{ threshold: -1, rateBp: 200 }] }, 400], [{ ...good, levels: [{ threshold: 100, rateBp: 9000 }] }, 400],
      [{ ...good, levels: [{ threshold: '100', rateBp: 200 }] }, 400], [{ ...good, levels: [{ threshold: 1e20, rateBp: 200 }] }, 400],
      [{ ...good, name: '返'.repeat(61) }, 400], [{ ...good, extra: 1 }, 400],
      [{ ...good, levels: [{ threshold: 300, rateBp: 300 }, { threshold: 100, rateBp: 100 }] }, 422],
      [{ ...good, audience: { tierIds: [999_999] } }, 404], [{ ...good, audience: { companyIds: [999_999] } }, 404],
    ];
    for (const [body, code] of bad) {
      const r = await admin.post('/api/rebate-rules', body);
      expect(r.statusCode, JSON.stringify(body) + r.body).toBe(code);
      expect(r.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect((await buyerA.post('/api/rebate-rules', good)).statusCode).toBe(403);
    expect((await finance.post('/api/rebate-rules', good)).statusCode).toBe(403);
    expect(await state()).toEqual(before);
  });
});

describe('a quarter of received orders → settlement → approval → deducted on an order → given back on cancel', () => {
  let ruleId: number;
  it('accrues received orders (net of refunds) and earns points through the outbox', async () => {
    ruleId = (await admin.post('/api/rebate-rules', { name: '季度返利 🎁', period: 'quarter', levels: [{ threshold: 10_000_000, rateBp: 200 }, { threshold: 30_000_000, rateBp: 300 }] })).json().id;
    // company A: 2 received orders of ¥60,000 each (WATER at ¥2); company B: ¥20,000
    const a = await receivedHistory(t, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, orders: [{ daysAgo: 1, lines: [{ skuId: w.WATER, qty: 30_000 }] }, { daysAgo: 1, lines: [{ skuId: w.WATER, qty: 30_000 }] }] });
    await receivedHistory(t, { companyId: t.fx.companyB, buyerUserId: t.fx.users.buyerB, orders: [{ daysAgo: 1, lines: [{ skuId: w.WATER, qty: 10_000 }] }] });
    // a refund of ¥1,000 on A's first order (the event payments emits when a refund succeeds)
    await t.db.transaction().execute((trx) => emit(trx, 'order.refunded', { orderId: a[0], companyId: t.fx.companyA, refundId: 777, amount: 100_000 }));
    await t.drainOutbox();
    await t.drainOutbox(); // delivered twice: idempotent
    const sales = await t.db.selectFrom('marketing_sales').select(['source', 'amount']).where('company_id', '=', t.fx.companyA).orderBy('source').execute();
    expect(sales.map((s) => Number(s.amount))).toEqual([6_000_000, 6_000_000, -100_000]);
    const pts = (await buyerA.get('/api/my/points')).json();
    expect(pts.balance).toBe(60_000 + 60_000 - 1000);
    expect(pts.ledger.map((l: { entry: string }) => l.entry)).toEqual(['reverse', 'earn', 'earn']);
    // progress this quarter: ¥119,000 → 2% level reached, ¥181,000 to 3%
    const mine = (await buyerA.get('/api/my/rebates')).json();
    expect(mine.balance).toBe(0);
    expect(mine.progress).toMatchObject([{ ruleId, sales: 11_900_000, rateBp: 200, estimate: 238_000, next: { short: 18_100_000, rateBp: 300 } }]);
  });

  it('settles only an ended period; finance approves once; reps see only their customers', async () => {
    const now = periodOf('quarter', new Date(), TZ);
    const open = await admin.post(`/api/rebate-rules/${ruleId}/settle`, { period: now });
    expect(open.statusCode).toBe(422);
    expect(open.json().error.code).toBe('REBATE_PERIOD_OPEN');
    expect((await admin.post(`/api/rebate-rules/${ruleId}/settle`, { period: '2026Q5' })).statusCode).toBe(422);
    expect((await admin.post(`/api/rebate-rules/999999/settle`, { period: '2025Q1' })).statusCode).toBe(404);
    // the purchases belong to last quarter (test data: moved back in time)
    const { start } = periodRange('quarter', lastQuarter(), TZ);
    await t.db.updateTable('marketing_sales').set({ at: new Date(start.getTime() + 86_400_000) }).execute();
    const rows = (await admin.post(`/api/rebate-rules/${ruleId}/settle`, { period: lastQuarter() })).json();
    expect(rows).toMatchObject([{ companyId: t.fx.companyA, sales: 11_900_000, rateBp: 200, amount: 238_000, status: 'pending' }]); // B below ¥100,000
    expect((await sales2.get('/api/rebate-settlements')).json()).toEqual([]);
    expect((await sales2.get(`/api/marketing/accounts/${t.fx.companyA}`)).statusCode).toBe(404);
    expect((await admin.post(`/api/rebate-settlements/${rows[0].id}/approve`)).statusCode).toBe(200); // admin may too
    const again = await finance.post(`/api/rebate-settlements/${rows[0].id}/approve`);
    expect(again.statusCode).toBe(409);
    expect((await finance.post('/api/rebate-settlements/999999/approve')).statusCode).toBe(404);
    expect((await buyerA.post(`/api/rebate-settlements/${rows[0].id}/approve`)).statusCode).toBe(403);
    // recomputing leaves the approved row as it was
    await admin.post(`/api/rebate-rules/${ruleId}/settle`, { period: lastQuarter() });
    const acc = (await finance.get(`/api/marketing/accounts/${t.fx.companyA}`)).json();
    expect(acc.rebate).toMatchObject({ balance: 238_000, ledger: [{ entry: 'settle', amount: 238_000, balanceAfter: 238_000 }] });
    expect((await buyerB.get('/api/my/rebates')).json().balance).toBe(0);
  });

  it('the cart deducts at most 10% of what promotions left; the order freezes it; cancel gives it back', async () => {
    await buyerA.post('/api/cart/lines', { skuId: w.WATER, qty: 500 }); // ¥1,000
    const plain = (await buyerA.get('/api/cart')).json();
    expect(plain.marketing.funds.rebate).toMatchObject({ balance: 238_000, cap: 10_000, used: 0 });
    expect(plain.totals.total).toBe(100_000);
    const cart = (await buyerA.get('/api/cart?rebate=max')).json();
    expect(cart.totals).toMatchObject({ subtotal: 100_000, discount: 10_000, total: 90_000 });
    expect(cart.marketing.applied).toMatchObject([{ kind: 'rebate', amount: 10_000 }]);
    expect((await buyerA.get('/api/cart?rebate=2500')).json().totals.total).toBe(97_500);
    for (const q of ['rebate=-1', 'rebate=abc', 'rebate=1.5', 'points=-5', 'rebate=1e30']) expect((await buyerA.get(`/api/cart?${q}`)).statusCode, q).toBe(400);
    const before = await state();
    expect((await submit(buyerA, { rebate: -1 })).statusCode).toBe(400);
    expect((await submit(buyerA, { rebate: 'all' })).statusCode).toBe(400);
    expect(await state()).toEqual(before);

    const r = await submit(buyerA, { rebate: 'max', expectedTotal: 90_000 });
    expect(r.statusCode, r.body).toBe(200);
    const id = r.json().order.id;
    const order = (await buyerA.get(`/api/my/orders/${id}`)).json();
    expect(order).toMatchObject({ subtotal: 100_000, discountTotal: 10_000, total: 90_000 });
    expect(order.discounts.items).toMatchObject([{ kind: 'rebate', amount: 10_000, released: false }]);
    const spent = (await buyerA.get('/api/my/rebates')).json();
    expect(spent.balance).toBe(228_000);
    expect(spent.ledger[0]).toMatchObject({ entry: 'spend', amount: -10_000, orderId: id });

    const c = await buyerA.post(`/api/my/orders/${id}/events`, { event: 'cancel', note: '不要了' });
    expect(c.statusCode, c.body).toBe(200);
    const back = (await buyerA.get('/api/my/rebates')).json();
    expect(back.balance).toBe(238_000);
    expect(back.ledger[0]).toMatchObject({ entry: 'release', amount: 10_000, orderId: id });
  });
});

describe('a refund of part of an order', () => {
  it('gives back the same part of the rebate the order deducted, once per refund, never more than deducted', async () => {
    await buyerA.delete('/api/cart');
    await buyerA.post('/api/cart/lines', { skuId: w.WATER, qty: 500 }); // ¥1,000: ¥100 rebate
    const r = await submit(buyerA, { rebate: 'max' });
    const { id, total } = r.json().order as { id: number; total: number };
    expect(total).toBe(90_000);
    const before = (await buyerA.get('/api/my/rebates')).json().balance as number;
    const refund = (refundId: number, amount: number) => t.db.transaction().execute((trx) => emit(trx, 'order.refunded', { orderId: id, companyId: t.fx.companyA, refundId, amount }));
    await refund(901, 45_000); // half the order
    await t.drainOutbox();
    await t.drainOutbox();
    expect((await buyerA.get('/api/my/rebates')).json().balance).toBe(before + 5000);
    await refund(902, 90_000); // more than is left: only the other half
    await t.drainOutbox();
    const after = (await buyerA.get('/api/my/rebates')).json();
    expect(after.balance).toBe(before + 10_000);
    expect(after.ledger[0]).toMatchObject({ entry: 'release', amount: 5000, orderId: id, note: '退货退款退回抵扣' });
  });
});

describe('two submissions racing for one rebate balance', () => {
  it('never spends more than the balance: one order gets it, the other pays in full', async () => {
    await admin.put('/api/marketing/funds-settings', { rebateMaxShareBp: 10_000, pointsPerYuan: 1, pointValueFen: 1, pointsMaxShareBp: 1000, pointsExpiryYears: 1 });
    const bal = (await buyerA.get('/api/my/rebates')).json().balance as number;
    expect((await finance.post(`/api/marketing/accounts/${t.fx.companyA}/adjust`, { kind: 'rebate', amount: 10_000 - bal, note: '测试：调到 ¥100' })).statusCode).toBe(200);
    const buyers = await moreBuyers(t, t.fx.companyA, 'rebaterace', 6);
    for (const b of buyers) await b.post('/api/cart/lines', { skuId: w.WATER, qty: 100 }); // ¥200 each, all may use ¥100
    const results = await Promise.all(buyers.map((b) => b.post('/api/cart/submit', { addressId: w.addrA, paymentMethod: 'transfer', rebate: 'max' }, idem())));
    expect(results.map((r) => r.statusCode), results.map((r) => r.body).join('\n')).toEqual(buyers.map(() => 200));
    const totals = results.map((r) => r.json().order.total as number).sort((a, b) => a - b);
    expect(totals).toEqual([10_000, 20_000, 20_000, 20_000, 20_000, 20_000]);
    const acc = await t.db.selectFrom('marketing_accounts').select('balance').where('company_id', '=', t.fx.companyA).where('kind', '=', 'rebate').executeTakeFirstOrThrow();
    expect(Number(acc.balance)).toBe(0);
    const spent = await t.db.selectFrom('marketing_ledger').select('amount').where('company_id', '=', t.fx.companyA).where('kind', '=', 'rebate').where('entry', '=', 'spend').execute();
    expect(spent.reduce((a, s) => a + Number(s.amount), 0)).toBe(-10_000 * 3); // the cancelled order's ¥100, the refunded order's and this race's
  });
});

describe('points: deduction, the points catalog, expiry by year, adjustments', () => {
  it('spends points as fen within the cap, exchanges points for a coupon, refuses what it cannot pay', async () => {
    await admin.put('/api/marketing/funds-settings', { rebateMaxShareBp: 1000, pointsPerYuan: 1, pointValueFen: 10, pointsMaxShareBp: 500, pointsExpiryYears: 1 });
    const bal = (await buyerA.get('/api/my/points')).json().balance as number; // 119,000
    await buyerA.delete('/api/cart');
    await buyerA.post('/api/cart/lines', { skuId: w.WATER, qty: 500 }); // ¥1,000: 5% = ¥50 = 500 points at 10 fen
    const cart = (await buyerA.get('/api/cart?points=max')).json();
    expect(cart.marketing.funds.points).toMatchObject({ balance: bal, capPoints: 500, used: 500, usedFen: 5000 });
    expect(cart.totals.total).toBe(95_000);
    const r = await submit(buyerA, { points: 300 });
    expect(r.json().order.total).toBe(97_000);
    expect((await buyerA.get('/api/my/points')).json().balance).toBe(bal - 300);

    const tpl = (await admin.post('/api/coupon-templates', { name: '积分换券', kind: 'amount', amountOff: 1000, validDays: 30, pointsCost: 50_000, perCustomer: 2 })).json();
    expect(tpl.pointsCost).toBe(50_000);
    expect((await buyerA.get('/api/my/coupons/claimable')).json().map((x: { id: number }) => x.id)).not.toContain(tpl.id);
    expect((await buyerA.post(`/api/my/coupons/claim/${tpl.id}`)).statusCode).toBe(422);
    const cat = (await buyerA.get('/api/my/points')).json().catalog;
    expect(cat).toMatchObject([{ id: tpl.id, pointsCost: 50_000, canExchange: true }]);
    expect((await buyerA.post(`/api/my/points/exchange/${tpl.id}`)).json().balance).toBe(bal - 300 - 50_000);
    expect((await buyerA.get('/api/my/coupons')).json().filter((c: { templateId: number }) => c.templateId === tpl.id)).toHaveLength(1);
    // company B has 20,000 points: refused, nothing changes
    const before = await state();
    const poor = await buyerB.post(`/api/my/points/exchange/${tpl.id}`);
    expect(poor.statusCode).toBe(409);
    expect(poor.json().error.code).toBe('POINTS_NOT_ENOUGH');
    expect((await buyerB.post('/api/my/points/exchange/999999')).statusCode).toBe(404);
    expect((await buyerB.post('/api/my/points/exchange/abc')).statusCode).toBe(400);
    expect((await finance.post(`/api/marketing/accounts/${t.fx.companyB}/adjust`, { kind: 'rebate', amount: -1, note: '扣' })).statusCode).toBe(422);
    expect((await finance.post(`/api/marketing/accounts/${t.fx.companyB}/adjust`, { kind: 'points', amount: 0, note: '零' })).statusCode).toBe(400);
    expect((await finance.post(`/api/marketing/accounts/${t.fx.companyB}/adjust`, { kind: 'cash', amount: 5, note: 'x' })).statusCode).toBe(400);
    expect((await finance.post('/api/marketing/accounts/999999/adjust', { kind: 'points', amount: 5, note: '未知' })).statusCode).toBe(404);
    expect((await buyerB.post(`/api/marketing/accounts/${t.fx.companyB}/adjust`, { kind: 'points', amount: 5, note: '自己加' })).statusCode).toBe(403);
    expect((await admin.put('/api/marketing/funds-settings', { rebateMaxShareBp: -1, pointsPerYuan: 1, pointValueFen: 1, pointsMaxShareBp: 1, pointsExpiryYears: 1 })).statusCode).toBe(400);
    expect(await state()).toEqual(before);
  });

  it('points earned in a year lapse at the end of the next year; later ones stay', async () => {
    const year = Number(periodOf('year', new Date(), TZ));
    const bal = (await buyerA.get('/api/my/points')).json().balance as number;
    // next year: nothing lapses yet (earned this year, expiry 1 year)
    expect(await expirePoints(t.db, TZ, new Date(`${year + 1}-06-01T00:00:00Z`))).toBe(0);
    // points earned next year (test data), then two years on: this year's remainder lapses, next year's stays
    await t.db.insertInto('marketing_ledger').values({ company_id: t.fx.companyA, kind: 'points', entry: 'earn', amount: 700, balance_after: bal + 700, ref: 'earn:test-next-year', year: year + 1 }).execute();
    await t.db.updateTable('marketing_accounts').set({ balance: bal + 700 }).where('company_id', '=', t.fx.companyA).where('kind', '=', 'points').execute();
    expect(await expirePoints(t.db, TZ, new Date(`${year + 2}-01-01T00:00:00Z`))).toBe(2); // A and B
    expect(await expirePoints(t.db, TZ, new Date(`${year + 2}-02-01T00:00:00Z`))).toBe(0); // once
    const p = (await buyerA.get('/api/my/points')).json();
    expect(p.balance).toBe(700);
    expect(p.ledger[0]).toMatchObject({ entry: 'expire', amount: -bal, year });
  });
});
