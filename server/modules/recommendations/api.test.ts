import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import { seedCatalogFixtures, type CatalogFixtures } from '../../test/catalog-fixtures';
import { seedWarehouseStock } from '../../test/order-fixtures';
import { receivedHistory, rhythm } from './testkit';

let t: TestApp;
let cat: CatalogFixtures;
let buyerA: Client;
let buyerB: Client;
let sales: Client;
let admin: Client;
let water: number;
let cola: number;

const box = { unit: '箱', factor: 24 };
const rows = () => t.db.selectFrom('cart_lines').select(['sku_id', 'qty', 'unit']).orderBy('sku_id').execute();

beforeAll(async () => {
  t = await createTestApp();
  cat = await seedCatalogFixtures(t.database);
  water = cat.skus['WATER-550']!;
  cola = cat.skus['COLA-330']!;
  await seedWarehouseStock(t.database, Object.values(cat.skus));
  [buyerA, buyerB, sales, admin] = await Promise.all(['buyerA', 'buyerB', 'sales', 'admin'].map((l) => t.as(l)));
  await t.db.updateTable('companies').set({ sales_rep_id: t.fx.users.sales }).where('id', '=', t.fx.companyA).execute();
  // company A: water by the case every 14 days, last 15 days ago (a day overdue); cola weekly, last 2 days ago (due in 5: not yet)
  const waterDays = rhythm(71, 14, 5);
  const colaDays = rhythm(30, 7, 5).map((d) => d - 2);
  await receivedHistory(t, {
    companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA,
    orders: [...waterDays.map((daysAgo) => ({ daysAgo, lines: [{ skuId: water, qty: 48, ...box }] })), ...colaDays.map((daysAgo) => ({ daysAgo, lines: [{ skuId: cola, qty: 24 }] }))],
  });
});
afterAll(() => t.close());

describe('该补货了 for buyers', () => {
  it('lists the overdue reorder in the unit the buyer orders in, at its own price; not what is not due', async () => {
    const res = await buyerA.get('/api/my/reorders');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.leadDays).toBe(3);
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ skuId: water, code: 'WATER-550', unit: '箱', unitFactor: 24, qty: 48, unitQty: 2, qtyText: '2 箱（48 瓶）', unitPrice: 200, lineTotal: 9600, state: 'overdue', daysLate: 1, intervalDays: 14 });
  });

  it('a new customer gets nothing (no guessing)', async () => {
    const res = await buyerB.get('/api/my/reorders');
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([]);
  });

  it('one tap puts the due reorders into the cart; a second tap adds nothing', async () => {
    const first = await buyerA.post('/api/my/reorders/to-cart', {});
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ added: 1, rejected: 0, alreadyInCart: 0 });
    expect(await rows()).toEqual([{ sku_id: water, qty: 48, unit: '箱' }]);
    const again = await buyerA.post('/api/my/reorders/to-cart', { skuIds: [water] });
    expect(again.json()).toMatchObject({ added: 0, alreadyInCart: 1 });
    expect(await rows()).toEqual([{ sku_id: water, qty: 48, unit: '箱' }]);
    await buyerA.delete('/api/cart');
  });

  it('bad input: 4xx in Chinese first and no change to the cart', async () => {
    const before = await rows();
    const cases: [unknown, number][] = [
      [{ skuIds: [] }, 400], [{ skuIds: 'all' }, 400], [{ skuIds: [-1] }, 400], [{ skuIds: [1.5] }, 400], [{ skuIds: [1e20] }, 400],
      [{ skuIds: ['水😀'] }, 400], [{ skuIds: Array.from({ length: 201 }, (_, i) => i + 1) }, 400], [{ other: 1 }, 400],
      [{ skuIds: [cola] }, 422], [{ skuIds: [999_999] }, 422],
    ];
    for (const [body, status] of cases) {
      const res = await buyerA.post('/api/my/reorders/to-cart', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(await rows()).toEqual(before);
    // staff have no cart of their own to fill this way
    expect((await sales.post('/api/my/reorders/to-cart', {})).statusCode).toBe(403);
  });

  it('company B cannot see or add company A\'s reorders', async () => {
    const res = await buyerB.post('/api/my/reorders/to-cart', { skuIds: [water] });
    expect(res.statusCode).toBe(422);
    expect(await t.db.selectFrom('cart_lines').select('id').execute()).toEqual([]);
  });

  it('a hidden or off-shelf product is never in the list', async () => {
    const product = cat.productIds['WATER-550']!;
    await t.db.insertInto('product_visibility').values({ product_id: product, company_id: t.fx.companyB }).execute();
    expect((await buyerA.get('/api/my/reorders')).json().items).toEqual([]);
    await t.db.deleteFrom('product_visibility').where('product_id', '=', product).execute();
    await t.db.updateTable('products').set({ on_shelf: false }).where('id', '=', product).execute();
    expect((await buyerA.get('/api/my/reorders')).json().items).toEqual([]);
    await t.db.updateTable('products').set({ on_shelf: true }).where('id', '=', product).execute();
    expect((await buyerA.get('/api/my/reorders')).json().items).toHaveLength(1);
  });
});

describe('the reps\' call list', () => {
  it('a rep sees their customers\' overdue items; another rep does not; customers may not call it', async () => {
    const res = await sales.get('/api/recommendations/calls');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual([expect.objectContaining({ companyId: t.fx.companyA, skuId: water, state: 'overdue', daysLate: 1, qtyText: '2 箱（48 瓶）' })]);
    expect((await (await t.as('sales2')).get('/api/recommendations/calls')).json()).toEqual([]);
    expect((await admin.get(`/api/recommendations/calls?repId=${t.fx.users.sales}`)).json()).toHaveLength(1);
    expect((await admin.get('/api/recommendations/calls?state=lapsed')).json()).toEqual([]);
    expect((await buyerA.get('/api/recommendations/calls')).statusCode).toBe(403);
    for (const q of ['repId=abc', 'repId=-3', 'state=late', 'repId=1e30']) expect((await admin.get(`/api/recommendations/calls?${q}`)).statusCode, q).toBe(400);
  });
});

describe('reorder settings', () => {
  it('the lead days widen the due list; bad values are refused without a change', async () => {
    for (const body of [{ leadDays: -1, reminderDays: null }, { leadDays: 31, reminderDays: null }, { leadDays: 2.5, reminderDays: null }, { leadDays: '三', reminderDays: null }, { leadDays: 3 }, {}]) {
      const res = await admin.put('/api/recommendations/settings', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await admin.get('/api/recommendations/settings')).json()).toEqual({ leadDays: 3, reminderDays: null });
    expect((await buyerA.put('/api/recommendations/settings', { leadDays: 7, reminderDays: 1 })).statusCode).toBe(403);
    const ok = await admin.put('/api/recommendations/settings', { leadDays: 7, reminderDays: 2 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await buyerA.get('/api/my/reorders')).json().items.map((i: { skuId: number }) => i.skuId)).toEqual([water, cola]);
    await admin.put('/api/recommendations/settings', { leadDays: 3, reminderDays: null });
  });
});
