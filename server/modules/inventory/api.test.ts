import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';

let t: TestApp;
let WATER: number;
let COLA: number;
let HZ: number;
let SH: number;
const tables = ['warehouses', 'stock_levels', 'stock_movements', 'stock_documents', 'audit_log'];

beforeAll(async () => {
  t = await createTestApp();
  ({ 'WATER-550': WATER, 'COLA-330': COLA } = (await seedCatalogFixtures(t.database)).skus);
  const admin = await t.as('admin');
  HZ = (await admin.post('/api/inventory/warehouses', { code: 'HZ', name: '杭州总仓', provinces: ['浙江省', '江苏省', '上海市'], priority: 10 })).json().id;
  SH = (await admin.post('/api/inventory/warehouses', { code: 'SH', name: '上海前置仓', provinces: ['上海市'], priority: 20 })).json().id;
});
afterAll(() => t.close());

describe('warehouses', () => {
  it('create, list by priority, update, and a unique code (case-insensitive)', async () => {
    const wh = await t.as('warehouse');
    const gz = await wh.post('/api/inventory/warehouses', { code: 'GZ', name: '广州仓 🚚', provinces: ['广东省', '广东省', '福建省'], priority: 30, address: '广州市白云区' });
    expect(gz.statusCode).toBe(200);
    expect(gz.json()).toMatchObject({ code: 'GZ', provinces: ['广东省', '福建省'], active: true });
    expect((await wh.post('/api/inventory/warehouses', { code: 'gz', name: '重复' })).json().error.code).toBe('WAREHOUSE_CODE_TAKEN');
    const list = (await (await t.as('sales')).get('/api/inventory/warehouses')).json();
    expect(list.map((w: { code: string }) => w.code)).toEqual(['HZ', 'SH', 'GZ']);
    expect((await wh.patch(`/api/inventory/warehouses/${gz.json().id}`, { priority: 5, active: false })).json()).toMatchObject({ priority: 5, active: false });
    expect((await wh.get('/api/inventory/warehouses?active=true')).json().map((w: { code: string }) => w.code)).toEqual(['HZ', 'SH']);
    // never held stock → can be deleted
    expect((await wh.delete(`/api/inventory/warehouses/${gz.json().id}`)).statusCode).toBe(200);
    expect((await wh.get(`/api/inventory/warehouses/${gz.json().id}`)).statusCode).toBe(404);
  });

  it.each([
    ['missing name', { code: 'X1' }],
    ['bad code', { code: '仓 1', name: 'x' }],
    ['negative priority', { code: 'X2', name: 'x', priority: -1 }],
    ['fractional priority', { code: 'X3', name: 'x', priority: 1.5 }],
    ['huge name', { code: 'X4', name: '仓'.repeat(51) }],
    ['provinces not a list', { code: 'X5', name: 'x', provinces: '浙江省' }],
    ['unknown field', { code: 'X6', name: 'x', onHand: 5 }],
  ])('%s → 400, nothing written', async (_n, body) => {
    const before = await counts(t.db, tables);
    const res = await (await t.as('admin')).post('/api/inventory/warehouses', body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION');
    expect(await counts(t.db, tables)).toEqual(before);
  });

  it('only warehouse staff and admins write; sales and finance read; customers see nothing', async () => {
    for (const u of ['sales', 'finance', 'buyerA', 'ownerA']) expect((await (await t.as(u)).post('/api/inventory/warehouses', { code: 'NO', name: 'x' })).statusCode).toBe(403);
    for (const u of ['sales', 'finance']) expect((await (await t.as(u)).get('/api/inventory/stock')).statusCode).toBe(200);
    for (const u of ['buyerA', 'ownerB']) expect((await (await t.as(u)).get('/api/inventory/stock')).statusCode).toBe(403);
    expect((await t.anon.get('/api/inventory/warehouses')).statusCode).toBe(401);
  });
});

describe('adjustments, transfers and the stock list', () => {
  it('an adjustment changes on hand with one ledger row pointing at its document', async () => {
    const wh = await t.as('warehouse');
    const res = await wh.post('/api/inventory/adjustments', { warehouseId: HZ, reason: '期初入库', lines: [{ skuId: WATER, qty: 100 }, { skuId: COLA, qty: 30 }] });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc).toMatchObject({ type: 'adjustment', number: expect.stringMatching(/^TZ\d{6}$/), warehouseName: '杭州总仓', reason: '期初入库' });
    const mv = (await wh.get(`/api/inventory/movements?documentType=adjustment&documentId=${doc.id}`)).json();
    expect(mv.items.map((m: { qty: number; onHandAfter: number }) => [m.qty, m.onHandAfter]).sort()).toEqual([[100, 100], [30, 30]].sort());
    // the ledger names the document by its number, the one the adjustment screen shows
    expect(mv.items.map((m: { documentNo: string | null; orderId: number | null }) => [m.documentNo, m.orderId])).toEqual([[doc.number, null], [doc.number, null]]);
    const broken = await wh.post('/api/inventory/adjustments', { warehouseId: HZ, reason: '破损 💥', lines: [{ skuId: WATER, qty: -4 }] });
    expect(broken.statusCode).toBe(200);
    const card = (await wh.get(`/api/inventory/skus/${WATER}`)).json();
    expect(card.levels.find((l: { warehouseId: number }) => l.warehouseId === HZ)).toMatchObject({ onHand: 96, available: 96 });
    expect(card.totals).toEqual({ onHand: 96, reserved: 0, available: 96 });
  });

  it.each([
    ['no reason', { lines: [{ skuId: 1, qty: 1 }] }, 'VALIDATION'],
    ['blank reason', { reason: '   ', lines: [{ skuId: 1, qty: 1 }] }, 'VALIDATION'],
    ['zero qty', { reason: 'x', lines: [{ skuId: 1, qty: 0 }] }, 'VALIDATION'],
    ['fractional qty', { reason: 'x', lines: [{ skuId: 1, qty: 1.5 }] }, 'VALIDATION'],
    ['huge qty', { reason: 'x', lines: [{ skuId: 1, qty: 1e12 }] }, 'VALIDATION'],
    ['no lines', { reason: 'x', lines: [] }, 'VALIDATION'],
    ['qty as text', { reason: 'x', lines: [{ skuId: 1, qty: '5' }] }, 'VALIDATION'],
  ])('adjustment with %s → 400, nothing written', async (_n, body, code) => {
    const before = await counts(t.db, tables);
    const res = await (await t.as('warehouse')).post('/api/inventory/adjustments', { warehouseId: HZ, ...body });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe(code);
    expect(await counts(t.db, tables)).toEqual(before);
  });

  it('refuses unknown SKUs and warehouses, duplicates, and going below zero — writing nothing', async () => {
    const wh = await t.as('warehouse');
    const before = await counts(t.db, tables);
    expect((await wh.post('/api/inventory/adjustments', { warehouseId: HZ, reason: 'x', lines: [{ skuId: 999999, qty: 1 }] })).json().error).toMatchObject({ code: 'UNKNOWN_SKU', details: [{ path: 'lines.0.skuId' }] });
    expect((await wh.post('/api/inventory/adjustments', { warehouseId: 999999, reason: 'x', lines: [{ skuId: WATER, qty: 1 }] })).statusCode).toBe(404);
    expect((await wh.post('/api/inventory/adjustments', { warehouseId: HZ, reason: 'x', lines: [{ skuId: WATER, qty: 1 }, { skuId: WATER, qty: 2 }] })).json().error.code).toBe('DUPLICATE_SKU');
    const below = await wh.post('/api/inventory/adjustments', { warehouseId: HZ, reason: '盘亏', lines: [{ skuId: COLA, qty: 5 }, { skuId: WATER, qty: -97 }] });
    expect(below.statusCode).toBe(409);
    expect(below.json().error).toMatchObject({ code: 'STOCK_BELOW_RESERVED', details: [{ skuId: WATER, onHand: 96, qty: -97 }] });
    expect(await counts(t.db, tables)).toEqual(before);
  });

  it('a transfer moves stock between warehouses, all lines or none', async () => {
    const wh = await t.as('warehouse');
    const res = await wh.post('/api/inventory/transfers', { fromWarehouseId: HZ, toWarehouseId: SH, reason: '前置仓补货', lines: [{ skuId: WATER, qty: 20 }, { skuId: COLA, qty: 10 }] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ type: 'transfer', number: expect.stringMatching(/^DB/), toWarehouseName: '上海前置仓' });
    const card = (await wh.get(`/api/inventory/skus/${WATER}`)).json();
    expect(card.levels.map((l: { warehouseId: number; onHand: number }) => [l.warehouseId, l.onHand])).toEqual([[HZ, 76], [SH, 20]]);
    const mv = (await wh.get(`/api/inventory/movements?documentType=transfer&documentId=${res.json().id}`)).json();
    expect(mv.items.map((m: { type: string }) => m.type).sort()).toEqual(['transfer_in', 'transfer_in', 'transfer_out', 'transfer_out']);
    expect(new Set(mv.items.map((m: { documentNo: string }) => m.documentNo))).toEqual(new Set([res.json().number]));
    const before = await counts(t.db, tables);
    const short = await wh.post('/api/inventory/transfers', { fromWarehouseId: HZ, toWarehouseId: SH, lines: [{ skuId: WATER, qty: 1 }, { skuId: COLA, qty: 21 }] });
    expect(short.statusCode).toBe(409);
    expect((await wh.post('/api/inventory/transfers', { fromWarehouseId: HZ, toWarehouseId: HZ, lines: [{ skuId: WATER, qty: 1 }] })).json().error.code).toBe('TRANSFER_SAME_WAREHOUSE');
    for (const qty of [0, -1, 2.5]) expect((await wh.post('/api/inventory/transfers', { fromWarehouseId: HZ, toWarehouseId: SH, lines: [{ skuId: WATER, qty }] })).statusCode).toBe(400);
    expect(await counts(t.db, tables)).toEqual(before);
  });

  it('moving stock into an inactive warehouse is refused', async () => {
    const admin = await t.as('admin');
    const nj = (await admin.post('/api/inventory/warehouses', { code: 'NJ', name: '南京仓', active: false })).json();
    const before = await counts(t.db, tables);
    const res = await admin.post('/api/inventory/transfers', { fromWarehouseId: HZ, toWarehouseId: nj.id, lines: [{ skuId: WATER, qty: 1 }] });
    expect(res.json().error).toMatchObject({ code: 'WAREHOUSE_INACTIVE', message: '仓库 南京仓 已停用' });
    expect((await admin.post('/api/inventory/adjustments', { warehouseId: nj.id, reason: 'x', lines: [{ skuId: WATER, qty: 1 }] })).statusCode).toBe(409);
    expect(await counts(t.db, tables)).toEqual(before);
    // a warehouse with history cannot be deleted
    expect((await admin.delete(`/api/inventory/warehouses/${HZ}`)).json().error.code).toBe('WAREHOUSE_IN_USE');
  });

  it('stock list: SKU × active warehouse, including never-stocked pairs; filters low/out/search/category', async () => {
    const wh = await t.as('warehouse');
    await wh.put(`/api/inventory/levels/${COLA}/${HZ}/safety-stock`, { safetyStock: 50 });
    const all = (await wh.get('/api/inventory/stock?pageSize=100')).json();
    expect(all.total).toBe(3 * 2); // 3 active SKUs (JUICE is active, only off shelf) × HZ, SH
    const cola = all.items.find((r: { skuId: number; warehouseId: number }) => r.skuId === COLA && r.warehouseId === HZ);
    expect(cola).toMatchObject({ onHand: 20, available: 20, safetyStock: 50, status: 'low' });
    // each row names the product's base unit, so a phone can show "20 瓶" without opening the stock card
    const { base_unit } = await t.db.selectFrom('skus as k').innerJoin('products as p', 'p.id', 'k.product_id').select('p.base_unit').where('k.id', '=', COLA).executeTakeFirstOrThrow();
    expect(base_unit).toMatch(/\S/);
    expect(cola.unit).toBe(base_unit);
    const low = (await wh.get('/api/inventory/stock?status=low')).json();
    expect(low.items.map((r: { skuCode: string; warehouseCode: string }) => `${r.skuCode}@${r.warehouseCode}`)).toEqual(['COLA-330@HZ']);
    const out = (await wh.get('/api/inventory/stock?status=out')).json();
    expect(out.items.map((r: { skuCode: string; warehouseCode: string }) => `${r.skuCode}@${r.warehouseCode}`).sort()).toEqual(['JUICE-1L@HZ', 'JUICE-1L@SH']);
    expect((await wh.get(`/api/inventory/stock?search=${encodeURIComponent('矿泉水')}`)).json().items.every((r: { skuId: number }) => r.skuId === WATER)).toBe(true);
    expect((await wh.get(`/api/inventory/stock?search=${encodeURIComponent('%')}`)).json().total).toBe(0);
    expect((await wh.get(`/api/inventory/stock?warehouseId=${SH}&search=cola`)).json().items).toMatchObject([{ skuCode: 'COLA-330', onHand: 10 }]);
    const cat = (await t.db.selectFrom('categories').select('id').executeTakeFirstOrThrow()).id;
    expect((await wh.get(`/api/inventory/stock?categoryId=${cat}`)).json().total).toBe(6);
    expect((await wh.get('/api/inventory/stock?categoryId=999999')).json().total).toBe(0);
    for (const q of ['status=bad', 'warehouseId=abc', 'pageSize=500', `search=${'x'.repeat(101)}`]) expect((await wh.get(`/api/inventory/stock?${q}`)).statusCode).toBe(400);
    expect((await wh.get('/api/inventory/skus/999999')).statusCode).toBe(404);
    expect((await wh.put(`/api/inventory/levels/${COLA}/${HZ}/safety-stock`, { safetyStock: -1 })).statusCode).toBe(400);
    expect((await wh.put(`/api/inventory/levels/999999/${HZ}/safety-stock`, { safetyStock: 1 })).statusCode).toBe(404);
  });
});

describe('low-stock alerts', () => {
  it('falling below the safety stock notifies warehouse staff in-app (once) with an email queued', async () => {
    const wh = await t.as('warehouse');
    await t.drainOutbox();
    const before = (await wh.get('/api/notifications')).json().total;
    // COLA in HZ: available 20, safety 50 → raise to 60, then take 15 → crosses below 50
    await wh.post('/api/inventory/adjustments', { warehouseId: HZ, reason: '到货', lines: [{ skuId: COLA, qty: 40 }] });
    await wh.post('/api/inventory/adjustments', { warehouseId: HZ, reason: '样品领用', lines: [{ skuId: COLA, qty: -15 }] });
    await t.drainOutbox();
    const mine = (await wh.get('/api/notifications')).json();
    expect(mine.total).toBe(before + 1);
    expect(mine.items[0]).toMatchObject({ title: expect.stringContaining('COLA-330'), body: expect.stringContaining('杭州总仓可用库存 45，低于安全库存 50'), link: `/admin/inventory/skus/${COLA}` });
    expect((await (await t.as('sales')).get('/api/notifications')).json().items.some((n: { title: string }) => n.title.includes('COLA-330'))).toBe(false);
    const email = await t.db.selectFrom('notification_emails').selectAll().where('user_id', '=', t.fx.users.warehouse).orderBy('id', 'desc').executeTakeFirstOrThrow();
    // tests run without SMTP: the email is recorded as skipped with the reason, not as sent
    expect(email).toMatchObject({ status: 'skipped', error: 'SMTP not configured (ORDO_SMTP_URL)', to_address: 'warehouse@test.example' });
    // a further drop while already low does not alert again
    await wh.post('/api/inventory/adjustments', { warehouseId: HZ, reason: '样品领用', lines: [{ skuId: COLA, qty: -1 }] });
    await t.drainOutbox();
    expect((await wh.get('/api/notifications')).json().total).toBe(before + 1);
  });
});
