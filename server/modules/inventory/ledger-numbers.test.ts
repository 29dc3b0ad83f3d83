import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';
import { createTestOrder } from '../../test/order-fixtures';

// The migration that added document_no / order_id also filled them for rows written before;
// this runs that very file again over rows whose numbers were taken away.
const MIGRATION = new URL('./migrations/202612042000_inventory_movement_document_no.sql', import.meta.url);

let t: TestApp;
let wh: Client;
let WATER: number;
let COLA: number;
let HZ: number;

beforeAll(async () => {
  t = await createTestApp();
  ({ 'WATER-550': WATER, 'COLA-330': COLA } = (await seedCatalogFixtures(t.database)).skus);
  HZ = (await (await t.as('admin')).post('/api/inventory/warehouses', { code: 'HZ', name: '杭州总仓' })).json().id;
  wh = await t.as('warehouse');
});
afterAll(() => t.close());

type Row = { documentType: string | null; documentId: number | null; documentNo: string | null; orderId: number | null };
const ledger = async (): Promise<Row[]> => (await wh.get(`/api/inventory/movements?pageSize=100`)).json().items;
const numbers = (rows: Row[]) => rows.map((m) => [m.documentType, m.documentId, m.documentNo, m.orderId]);

describe('the ledger names each document by its number', () => {
  it('adjustment, transfer, PO receipt, stocktake and shipment rows carry the number (and the shipment its order); the migration fills old rows the same way', async () => {
    const sh = (await (await t.as('admin')).post('/api/inventory/warehouses', { code: 'SH', name: '上海前置仓', priority: 200 })).json().id;
    const adj = (await wh.post('/api/inventory/adjustments', { warehouseId: HZ, reason: '期初', lines: [{ skuId: WATER, qty: 100 }, { skuId: COLA, qty: 50 }] })).json();
    const tr = (await wh.post('/api/inventory/transfers', { fromWarehouseId: HZ, toWarehouseId: sh, lines: [{ skuId: COLA, qty: 5 }] })).json();
    const sup = (await wh.post('/api/inventory/suppliers', { code: 'S01', name: '农夫山泉' })).json();
    const po = (await wh.post('/api/inventory/purchase-orders', { supplierId: sup.id, warehouseId: HZ, lines: [{ skuId: WATER, qty: 24, unitCost: 120 }] })).json();
    await wh.post(`/api/inventory/purchase-orders/${po.id}/order`);
    expect((await wh.post(`/api/inventory/purchase-orders/${po.id}/receive`, { lines: [{ skuId: WATER, qty: 24 }] })).statusCode).toBe(200);
    const st = (await wh.post('/api/inventory/stocktakes', { warehouseId: HZ })).json();
    await wh.put(`/api/inventory/stocktakes/${st.id}/counts`, { lines: [{ skuId: WATER, countedQty: 120 }] });
    expect((await wh.post(`/api/inventory/stocktakes/${st.id}/post`)).statusCode).toBe(200);
    const order = await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, status: 'picking', lines: [{ skuId: COLA, qty: 6 }] });
    const shipped = await wh.post(`/api/orders/${order.orderId}/shipments`, { warehouseId: HZ, carrier: '顺丰速运', lines: [{ orderLineId: order.lineIds[0], qty: 6 }] });
    expect(shipped.statusCode, shipped.body).toBe(200);
    const shipment = (await wh.get(`/api/orders/${order.orderId}/shipments`)).json()[0];

    const written = await ledger();
    expect(numbers(written)).toEqual([
      ['shipment', shipment.id, shipment.number, order.orderId],
      ['stocktake', st.id, st.number, null],
      ['purchase_order', po.id, po.number, null],
      ['transfer', tr.id, tr.number, null],
      ['transfer', tr.id, tr.number, null],
      ['adjustment', adj.id, adj.number, null],
      ['adjustment', adj.id, adj.number, null],
    ]);

    // as the ledger was before the migration: no columns for the number and the order
    await t.database.execScript('alter table stock_movements drop column document_no, drop column order_id');
    await t.database.execScript(fs.readFileSync(MIGRATION, 'utf8'));
    expect(numbers(await ledger())).toEqual(numbers(written));
    // and the ledger is append-only again
    await expect(t.database.execScript('update stock_movements set reason = null')).rejects.toThrow(/append-only/);
  });
});
