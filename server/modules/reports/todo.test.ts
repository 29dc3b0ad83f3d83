import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';
import { createTestOrder, seedWarehouseStock } from '../../test/order-fixtures';
import { multipart } from '../payments/testkit';
import { listStatuses, ORDER_TABS } from '../orders/tabs';

/**
 * The staff home's counts: what waits for the viewer's role, each equal to what the linked page's
 * API lists for that viewer; and 补货建议 covers every stock row below its safety stock.
 */
let t: TestApp;
let skus: Record<string, number>;
let wh: number, wh2: number;
const c: Record<string, Client> = {};

beforeAll(async () => {
  t = await createTestApp();
  skus = (await seedCatalogFixtures(t.database)).skus;
  wh = await seedWarehouseStock(t.database, Object.values(skus), 100);
  wh2 = await seedWarehouseStock(t.database, [skus['WATER-550']!], 5000);
  await t.db.updateTable('companies').set({ sales_rep_id: t.fx.users.sales }).where('id', '=', t.fx.companyA).execute();
  await t.db.updateTable('companies').set({ sales_rep_id: t.fx.users.sales2 }).where('id', '=', t.fx.companyB).execute();
  for (const l of ['admin', 'sales', 'sales2', 'warehouse', 'finance', 'buyerA']) c[l] = await t.as(l);
  const order = (companyId: number, status: 'awaiting_approval' | 'pending_review' | 'pending_finance' | 'awaiting_payment' | 'picking' | 'pending_outbound') =>
    createTestOrder(t.database, { companyId, buyerUserId: companyId === t.fx.companyA ? t.fx.users.buyerA : t.fx.users.buyerB, lines: [{ skuId: skus['COLA-330']!, qty: 1 }], status, paymentMethod: 'transfer', reserve: false });
  for (const [co, st] of [
    [t.fx.companyA, 'pending_review'], [t.fx.companyA, 'pending_review'], [t.fx.companyB, 'pending_review'], [t.fx.companyA, 'pending_finance'],
    [t.fx.companyB, 'pending_outbound'], [t.fx.companyA, 'picking'], [t.fx.companyB, 'picking'], [t.fx.companyA, 'awaiting_payment'],
    // in the 待审核 tab but waiting for the customer's own approval: nobody on the staff's to-do
    [t.fx.companyA, 'awaiting_approval'],
  ] as const) await order(co, st);
  // a transfer waiting for finance
  const o = await order(t.fx.companyA, 'awaiting_payment');
  const png = await (await import('../payments/testkit')).voucherPng();
  const m = multipart({ amount: '100' }, { name: 'v.png', data: png, type: 'image/png' });
  expect((await c.buyerA!.request({ method: 'POST', url: `/api/my/orders/${o.orderId}/pay/transfer`, payload: m.payload, headers: m.headers })).statusCode).toBe(200);
  // safety stock: JUICE low in wh (100 < 150), WATER low in wh (100 < 120) though wh2 holds 5000
  await t.db.updateTable('stock_levels').set({ safety_stock: 150 }).where('sku_id', '=', skus['JUICE-1L']!).where('warehouse_id', '=', wh).execute();
  await t.db.updateTable('stock_levels').set({ safety_stock: 120 }).where('sku_id', '=', skus['WATER-550']!).where('warehouse_id', '=', wh).execute();
  await t.db.updateTable('stock_levels').set({ safety_stock: 10 }).where('sku_id', '=', skus['WATER-550']!).where('warehouse_id', '=', wh2).execute();
});
afterAll(() => t.close());

type Todo = { key: string; count: number; link: string };
const todo = async (l: string): Promise<Todo[]> => {
  const r = await c[l]!.get('/api/reports/todo');
  expect(r.statusCode, r.body).toBe(200);
  return r.json().items;
};
const total = async (l: string, url: string) => {
  const r = await c[l]!.get(url);
  expect(r.statusCode, `${l} ${url}`).toBe(200);
  return r.json().total as number;
};

describe('staff home: what waits for me', () => {
  it('each role sees its own counts, equal to what the linked page lists for it', async () => {
    const byRole = Object.fromEntries(await Promise.all(['admin', 'sales', 'sales2', 'warehouse', 'finance'].map(async (l) => [l, await todo(l)] as const)));
    const keys = (l: string) => byRole[l]!.map((i: Todo) => i.key);
    // every role also sees after-sales requests and complaints past their time targets (超时)
    const OVERDUE = ['aftersalesOverdue', 'complaintsOverdue'];
    expect(keys('admin')).toEqual(['review', 'toShip', 'awaitingPayment', 'transfers', 'lowStock', 'replenishment', ...OVERDUE]);
    expect(keys('sales')).toEqual(['review', ...OVERDUE]);
    expect(keys('warehouse')).toEqual(['review', 'toShip', 'lowStock', 'replenishment', ...OVERDUE]);
    expect(keys('finance')).toEqual(['review', 'awaitingPayment', 'transfers', 'replenishment', ...OVERDUE]);
    const get = (l: string, k: string) => byRole[l]!.find((i: Todo) => i.key === k)!;
    expect(get('admin', 'review').count).toBe(await total('admin', '/api/orders?status=pending_review,pending_finance,pending_outbound'));
    expect(get('admin', 'review').count).toBe(5);
    expect(get('sales', 'review').count).toBe(2); // A's two; B belongs to sales2
    expect(get('sales2', 'review').count).toBe(1);
    expect(get('sales', 'review').count).toBe(await total('sales', '/api/orders?status=pending_review'));
    expect(get('finance', 'review').count).toBe(1);
    expect(get('warehouse', 'review').count).toBe(1);
    expect(get('warehouse', 'toShip').count).toBe(await total('warehouse', '/api/orders?status=picking,partially_shipped'));
    expect(get('warehouse', 'toShip').count).toBe(2);
    expect(get('finance', 'awaitingPayment').count).toBe(2);
    expect(get('finance', 'transfers').count).toBe(await total('finance', '/api/payments/queue'));
    expect(get('finance', 'transfers').count).toBe(1);
    expect(get('warehouse', 'lowStock')).toMatchObject({ count: 2, link: '/admin/inventory/stock?status=low' });
    expect(get('warehouse', 'lowStock').count).toBe(await total('warehouse', '/api/inventory/stock?status=low&pageSize=100'));
    expect((await c.buyerA!.get('/api/reports/todo')).statusCode).toBe(403);
    expect((await t.anon.get('/api/reports/todo')).statusCode).toBe(401);
  });

  it('every order count equals the rows of the order list its link opens (read as the list page reads it)', async () => {
    for (const l of ['admin', 'sales', 'sales2', 'warehouse', 'finance']) {
      for (const item of (await todo(l)).filter((i) => i.link.startsWith('/admin/orders?'))) {
        const params = new URL(item.link, 'http://x').searchParams;
        // the same function the web list page applies to ?tab=&status= (web/src/orders/api.ts re-exports it)
        const statuses = listStatuses(params.get('tab') ?? 'all', params.get('status'));
        expect(statuses.length, `${l} ${item.key}`).toBeGreaterThan(0);
        expect(item.count, `${l} ${item.key} → ${item.link}`).toBe(await total(l, `/api/orders?status=${statuses.join(',')}&pageSize=100`));
      }
    }
    // the 待审核 tab itself holds more (the customer's own approval): the home links a narrowed list, never the whole tab
    const review = (await todo('admin')).find((i) => i.key === 'review')!;
    expect(review.link).toBe('/admin/orders?tab=review&status=pending_review,pending_finance,pending_outbound');
    expect(await total('admin', `/api/orders?status=${ORDER_TABS.find((x) => x.key === 'review')!.statuses.join(',')}`)).toBe(review.count + 1);
    expect((await todo('sales')).find((i) => i.key === 'review')!.link).toBe('/admin/orders?tab=review&status=pending_review');
    expect((await todo('warehouse')).find((i) => i.key === 'toShip')!.link).toBe('/admin/orders?tab=ship');
  });

  it('a narrowing outside the tab shows the whole tab, never an empty or foreign list', () => {
    expect(listStatuses('review', 'shipped,cancelled')).toEqual(ORDER_TABS.find((x) => x.key === 'review')!.statuses);
    expect(listStatuses('review', '')).toEqual(ORDER_TABS.find((x) => x.key === 'review')!.statuses);
    expect(listStatuses('ship', 'picking')).toEqual(['picking']);
    expect(listStatuses('nope', null)).toEqual([]);
  });

  it('补货建议 lists every SKU with a stock row below safety stock, even when another warehouse holds plenty', async () => {
    const rows = (await c.warehouse!.get('/api/inventory/stock?pageSize=100')).json().items as { skuId: number; available: number; safetyStock: number }[];
    const below = new Set(rows.filter((r) => r.safetyStock > 0 && r.available < r.safetyStock).map((r) => r.skuId));
    expect([...below].sort()).toEqual([skus['JUICE-1L']!, skus['WATER-550']!].sort());
    const suggestions = (await c.warehouse!.get('/api/inventory/replenishment')).json() as { skuId: number; suggestedQty: number; belowSafety: number }[];
    for (const id of below) {
      const s = suggestions.find((x) => x.skuId === id);
      expect(s, `SKU ${id} is below safety stock on the stock page but not suggested`).toBeDefined();
      expect(s!.belowSafety).toBeGreaterThan(0);
    }
    // WATER: 20 short in wh (120 − 100): at least that much is suggested
    expect(suggestions.find((x) => x.skuId === skus['WATER-550'])!.suggestedQty).toBeGreaterThanOrEqual(20);
    const home = (await todo('warehouse')).find((i) => i.key === 'replenishment')!;
    expect(home.count).toBe(suggestions.length);
  });
});
