import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';
import { createTestOrder } from '../../test/order-fixtures';

let t: TestApp;
let WATER: number;
let COLA: number;
let JUICE: number;
let HZ: number;
let SUP: number;
const tables = ['suppliers', 'supplier_skus', 'purchase_orders', 'purchase_order_lines', 'stock_movements', 'stock_levels'];

beforeAll(async () => {
  t = await createTestApp();
  ({ 'WATER-550': WATER, 'COLA-330': COLA, 'JUICE-1L': JUICE } = (await seedCatalogFixtures(t.database)).skus);
  const admin = await t.as('admin');
  HZ = (await admin.post('/api/inventory/warehouses', { code: 'HZ', name: '杭州总仓' })).json().id;
});
afterAll(() => t.close());

describe('suppliers', () => {
  it('create with contact, supply SKUs with cost, lead time and MOQ; one preferred supplier per SKU', async () => {
    const wh = await t.as('warehouse');
    const res = await wh.post('/api/inventory/suppliers', { code: 'S01', name: '农夫山泉股份有限公司', contactName: '钱经理', phone: '0571-88888888', email: 'sales@nfsq.example.cn' });
    expect(res.statusCode).toBe(200);
    SUP = res.json().id;
    await wh.put(`/api/inventory/suppliers/${SUP}/skus`, { skuId: WATER, cost: 120, leadTimeDays: 5, moq: 24, preferred: true });
    const s = (await wh.put(`/api/inventory/suppliers/${SUP}/skus`, { skuId: COLA, cost: 150, leadTimeDays: 10 })).json();
    expect(s.skus.map((k: { skuCode: string; cost: number; moq: number }) => [k.skuCode, k.cost, k.moq])).toEqual([['COLA-330', 150, 1], ['WATER-550', 120, 24]]);
    const other = (await wh.post('/api/inventory/suppliers', { code: 'S02', name: '怡宝 😀' })).json();
    await wh.put(`/api/inventory/suppliers/${other.id}/skus`, { skuId: WATER, cost: 110, preferred: true });
    expect((await wh.get(`/api/inventory/suppliers/${SUP}`)).json().skus.find((k: { skuId: number }) => k.skuId === WATER).preferred).toBe(false);
    await wh.put(`/api/inventory/suppliers/${SUP}/skus`, { skuId: WATER, cost: 120, leadTimeDays: 5, moq: 24, preferred: true });
    expect((await wh.delete(`/api/inventory/suppliers/${other.id}/skus/${WATER}`)).statusCode).toBe(200);
    expect((await wh.delete(`/api/inventory/suppliers/${other.id}/skus/${WATER}`)).statusCode).toBe(404);
    expect((await wh.get('/api/inventory/suppliers?search=农夫')).json().items).toMatchObject([{ code: 'S01', skuCount: 2 }]);
  });

  it('refuses bad input and duplicate codes, writing nothing; sales cannot see costs', async () => {
    const wh = await t.as('warehouse');
    const before = await counts(t.db, tables);
    expect((await wh.post('/api/inventory/suppliers', { code: 's01', name: 'x' })).json().error.code).toBe('SUPPLIER_CODE_TAKEN');
    for (const b of [{ name: 'x' }, { code: 'S9', name: 'x', email: 'not-mail' }, { code: 'S9', name: 'x'.repeat(101) }, { code: 'S9', name: 'x', extra: 1 }]) {
      expect((await wh.post('/api/inventory/suppliers', b)).statusCode).toBe(400);
    }
    for (const b of [{ skuId: WATER, cost: -1 }, { skuId: WATER, cost: 1.5 }, { skuId: WATER, cost: 1, leadTimeDays: 400 }, { skuId: WATER, cost: 1, moq: 0 }]) {
      expect((await wh.put(`/api/inventory/suppliers/${SUP}/skus`, b)).statusCode).toBe(400);
    }
    expect((await wh.put(`/api/inventory/suppliers/${SUP}/skus`, { skuId: 999999, cost: 1 })).statusCode).toBe(404);
    expect((await wh.put('/api/inventory/suppliers/999999/skus', { skuId: WATER, cost: 1 })).statusCode).toBe(404);
    expect(await counts(t.db, tables)).toEqual(before);
    expect((await (await t.as('sales')).get('/api/inventory/suppliers')).statusCode).toBe(403);
    expect((await (await t.as('finance')).get('/api/inventory/purchase-orders')).statusCode).toBe(200);
    expect((await (await t.as('finance')).post('/api/inventory/suppliers', { code: 'F1', name: 'x' })).statusCode).toBe(403);
    expect((await (await t.as('buyerA')).get('/api/inventory/replenishment')).statusCode).toBe(403);
  });
});

describe('purchase orders', () => {
  it('draft → ordered → partially received → received; receipts raise on hand with ledger rows pointing at the PO', async () => {
    const wh = await t.as('warehouse');
    const draft = await wh.post('/api/inventory/purchase-orders', { supplierId: SUP, warehouseId: HZ, expectedAt: '2026-12-20', notes: '年货备货', lines: [{ skuId: WATER, qty: 240 }, { skuId: COLA, qty: 100, unitCost: 140 }] });
    expect(draft.statusCode).toBe(200);
    const po = draft.json();
    expect(po).toMatchObject({ number: expect.stringMatching(/^PO\d{6}$/), status: 'draft', expectedAt: '2026-12-20', total: 240 * 120 + 100 * 140 });
    expect((await wh.patch(`/api/inventory/purchase-orders/${po.id}`, { lines: [{ skuId: WATER, qty: 480 }, { skuId: COLA, qty: 100, unitCost: 140 }] })).json().total).toBe(480 * 120 + 100 * 140);
    expect((await wh.post(`/api/inventory/purchase-orders/${po.id}/receive`, { lines: [{ skuId: WATER, qty: 1 }] })).json().error.code).toBe('PO_ILLEGAL_TRANSITION');
    expect((await wh.post(`/api/inventory/purchase-orders/${po.id}/order`)).json().status).toBe('ordered');
    expect((await wh.patch(`/api/inventory/purchase-orders/${po.id}`, { notes: 'x' })).statusCode).toBe(409);

    const part = (await wh.post(`/api/inventory/purchase-orders/${po.id}/receive`, { lines: [{ skuId: WATER, qty: 200 }] })).json();
    expect(part.status).toBe('partially_received');
    expect(part.lines.find((l: { skuId: number }) => l.skuId === WATER).receivedQty).toBe(200);
    const over = await wh.post(`/api/inventory/purchase-orders/${po.id}/receive`, { lines: [{ skuId: COLA, qty: 10 }, { skuId: WATER, qty: 281 }] });
    expect(over.statusCode).toBe(409);
    expect(over.json().error).toMatchObject({ code: 'PO_OVER_RECEIPT', message: expect.stringContaining('本次最多可收 280'), details: [{ remaining: 280, requested: 281 }] });
    expect((await wh.post(`/api/inventory/purchase-orders/${po.id}/receive`, { lines: [{ skuId: JUICE, qty: 1 }] })).json().error.code).toBe('PO_SKU_NOT_ON_ORDER');
    expect((await wh.post(`/api/inventory/purchase-orders/${po.id}/cancel`)).statusCode).toBe(409);
    const done = (await wh.post(`/api/inventory/purchase-orders/${po.id}/receive`, { lines: [{ skuId: WATER, qty: 280 }, { skuId: COLA, qty: 100 }] })).json();
    expect(done).toMatchObject({ status: 'received', receivedAt: expect.anything() });
    const mv = (await wh.get(`/api/inventory/movements?documentType=purchase_order&documentId=${po.id}`)).json();
    expect(mv.items.map((m: { qty: number; type: string }) => [m.type, m.qty])).toEqual([['receipt', 100], ['receipt', 280], ['receipt', 200]]);
    expect(mv.items.map((m: { documentNo: string }) => m.documentNo)).toEqual([po.number, po.number, po.number]);
    // the stock card's ledger (filtered by SKU, not by document) names it too
    expect((await wh.get(`/api/inventory/movements?skuId=${COLA}`)).json().items[0]).toMatchObject({ type: 'receipt', documentType: 'purchase_order', documentId: po.id, documentNo: po.number });
    expect((await wh.get(`/api/inventory/skus/${WATER}`)).json().totals.onHand).toBe(480);
    expect((await wh.get('/api/inventory/purchase-orders?status=received')).json().items).toMatchObject([{ id: po.id, qty: 580, receivedQty: 580 }]);
  });

  it('refuses bad lines, a missing cost, unknown or inactive parties; cancel works before receipt', async () => {
    const wh = await t.as('warehouse');
    const before = await counts(t.db, tables);
    for (const lines of [[], [{ skuId: WATER, qty: 0 }], [{ skuId: WATER, qty: -5 }], [{ skuId: WATER, qty: 1.5 }], [{ skuId: WATER, qty: 1, unitCost: -1 }]]) {
      expect((await wh.post('/api/inventory/purchase-orders', { supplierId: SUP, warehouseId: HZ, lines })).statusCode).toBe(400);
    }
    expect((await wh.post('/api/inventory/purchase-orders', { supplierId: SUP, warehouseId: HZ, lines: [{ skuId: JUICE, qty: 1 }] })).json().error.code).toBe('PO_COST_REQUIRED');
    expect((await wh.post('/api/inventory/purchase-orders', { supplierId: SUP, warehouseId: HZ, lines: [{ skuId: WATER, qty: 1 }, { skuId: WATER, qty: 2 }] })).json().error.code).toBe('DUPLICATE_SKU');
    expect((await wh.post('/api/inventory/purchase-orders', { supplierId: 999999, warehouseId: HZ, lines: [{ skuId: WATER, qty: 1 }] })).statusCode).toBe(404);
    expect((await wh.post('/api/inventory/purchase-orders', { supplierId: SUP, warehouseId: HZ, expectedAt: '2026-13-45', lines: [{ skuId: WATER, qty: 1 }] })).statusCode).toBe(400);
    expect(await counts(t.db, tables)).toEqual(before);
    const po = (await wh.post('/api/inventory/purchase-orders', { supplierId: SUP, warehouseId: HZ, lines: [{ skuId: JUICE, qty: 10, unitCost: 500 }] })).json();
    await wh.post(`/api/inventory/purchase-orders/${po.id}/order`);
    expect((await wh.post(`/api/inventory/purchase-orders/${po.id}/cancel`)).json().status).toBe('cancelled');
    expect((await wh.post(`/api/inventory/purchase-orders/${po.id}/order`)).json().error.code).toBe('PO_ILLEGAL_TRANSITION');
  });
});

describe('replenishment', () => {
  it('suggests from 30-day sales velocity, lead time, safety stock and what is on order; cancelled orders do not count', async () => {
    const wh = await t.as('warehouse');
    await wh.put(`/api/inventory/levels/${COLA}/${HZ}/safety-stock`, { safetyStock: 50 });
    // COLA: 100 on hand; sells 300 in 30 days (10/day); lead 10 days → reorder point 10×10 + 50 = 150
    await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, lines: [{ skuId: COLA, qty: 30 }], reserve: true });
    await t.db.updateTable('stock_levels').set({ on_hand: 400 }).where('sku_id', '=', COLA).where('warehouse_id', '=', HZ).execute();
    await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, lines: [{ skuId: COLA, qty: 270 }], reserve: true });
    await createTestOrder(t.database, { companyId: t.fx.companyB, buyerUserId: t.fx.users.buyerB, lines: [{ skuId: COLA, qty: 5000 }], status: 'cancelled', reserve: false });
    const s = (await wh.get('/api/inventory/replenishment')).json();
    const cola = s.find((x: { skuId: number }) => x.skuId === COLA);
    // available 400 − 300 reserved = 100 < 150 → need 150 + 14×10 − 100 = 190
    expect(cola).toMatchObject({ sold30: 300, velocityPerDay: 10, available: 100, onOrder: 0, safetyStock: 50, leadTimeDays: 10, reorderPoint: 150, suggestedQty: 190, supplierId: SUP, unitCost: 150 });
    expect(s.find((x: { skuId: number }) => x.skuId === WATER)).toBeUndefined();

    const created = await wh.post('/api/inventory/purchase-orders/from-suggestions', { warehouseId: HZ, lines: [{ skuId: COLA, qty: cola.suggestedQty, supplierId: SUP }] });
    expect(created.statusCode).toBe(200);
    expect(created.json()).toMatchObject([{ supplierId: SUP, status: 'draft', total: 190 * 150, lines: [{ skuId: COLA, qty: 190 }] }]);
    await wh.post(`/api/inventory/purchase-orders/${created.json()[0].id}/order`);
    // once ordered, the quantity on order covers the need
    expect((await wh.get('/api/inventory/replenishment')).json().find((x: { skuId: number }) => x.skuId === COLA)).toBeUndefined();
    expect((await wh.get('/api/inventory/replenishment?all=true')).json().find((x: { skuId: number }) => x.skuId === COLA)).toMatchObject({ onOrder: 190, suggestedQty: 0 });
    const before = await counts(t.db, tables);
    expect((await wh.post('/api/inventory/purchase-orders/from-suggestions', { warehouseId: HZ, lines: [{ skuId: COLA, qty: 1, supplierId: SUP }, { skuId: JUICE, qty: 1, supplierId: SUP }] })).json().error.code).toBe('PO_COST_REQUIRED');
    expect(await counts(t.db, tables)).toEqual(before);
  });
});
