import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';
import { createTestOrder, seedWarehouseStock } from '../../test/order-fixtures';

let t: TestApp;
let skus: Record<string, number>;
let admin: Client, admin2: Client, sales: Client, sales2: Client, warehouse: Client, ownerA: Client, buyerA: Client, buyerB: Client;
let orderA: number, orderA2: number, orderB: number;
const state = () => counts(t.db, ['orders', 'order_history', 'outbox', 'audit_log', 'reservations']);

beforeAll(async () => {
  t = await createTestApp();
  skus = (await seedCatalogFixtures(t.database)).skus;
  await seedWarehouseStock(t.database, Object.values(skus), 1000);
  await t.db.updateTable('companies').set({ sales_rep_id: t.fx.users.sales }).where('id', '=', t.fx.companyA).execute();
  await t.db.updateTable('companies').set({ sales_rep_id: t.fx.users.sales2 }).where('id', '=', t.fx.companyB).execute();
  [admin, admin2, sales, sales2, warehouse, ownerA, buyerA, buyerB] = await Promise.all(['admin', 'admin', 'sales', 'sales2', 'warehouse', 'ownerA', 'buyerA', 'buyerB'].map((l) => t.as(l)));
  orderA = (await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, lines: [{ skuId: skus['WATER-550']!, qty: 24 }] })).orderId;
  orderA2 = (await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.ownerA, status: 'picking', lines: [{ skuId: skus['COLA-330']!, qty: 6 }] })).orderId;
  orderB = (await createTestOrder(t.database, { companyId: t.fx.companyB, buyerUserId: t.fx.users.buyerB, lines: [{ skuId: skus['WATER-550']!, qty: 1 }] })).orderId;
});
afterAll(() => t.close());

describe('order lists and detail, scoped', () => {
  it('staff see all, a sales rep only their customers, customers their own', async () => {
    expect((await admin.get('/api/orders')).json().total).toBe(3);
    expect((await warehouse.get('/api/orders')).json().total).toBe(3);
    expect((await sales.get('/api/orders')).json().items.map((o: { id: number }) => o.id).sort()).toEqual([orderA, orderA2].sort());
    expect((await sales2.get('/api/orders')).json().items.map((o: { id: number }) => o.id)).toEqual([orderB]);
    expect((await ownerA.get('/api/my/orders')).json().total).toBe(2);
    expect((await buyerA.get('/api/my/orders')).json().items.map((o: { id: number }) => o.id)).toEqual([orderA]);
    for (const [c, url] of [[sales, `/api/orders/${orderB}`], [sales2, `/api/orders/${orderA}`], [buyerB, `/api/my/orders/${orderA}`], [buyerA, `/api/my/orders/${orderA2}`], [sales, `/api/orders/${orderB}/history`], [admin, '/api/orders/999999']] as const) {
      const res = await c.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
    expect((await buyerA.get('/api/orders')).statusCode).toBe(403);
    expect((await admin.get('/api/my/orders')).statusCode).toBe(403);
    expect((await t.anon.get('/api/orders')).statusCode).toBe(401);
  });

  it('detail has lines with reserved quantity, timeline and the viewer\'s actions', async () => {
    const d = (await sales.get(`/api/orders/${orderA}`)).json();
    expect(d).toMatchObject({ id: orderA, status: 'pending_review', companyName: '甲公司 Alpha Foods', lineCount: 1, version: 1 });
    expect(d.lines[0]).toMatchObject({ skuCode: 'WATER-550', qty: 24, reservedQty: 24, shippedQty: 0 });
    expect(d.history.map((h: { event: string }) => h.event)).toEqual(['submit']);
    expect(d.allowedEvents.sort()).toEqual(['approve', 'cancel', 'reject']);
    expect((await buyerA.get(`/api/my/orders/${orderA}`)).json().allowedEvents).toEqual(['cancel']);
    expect((await warehouse.get(`/api/orders/${orderA}`)).json().allowedEvents).toEqual([]);
    expect((await admin.get(`/api/orders/${orderA}/history`)).json()).toHaveLength(1);
  });

  it('filters by status, customer, rep, keyword (number, SKU, product), date and priority', async () => {
    const q = async (qs: string) => (await admin.get(`/api/orders?${qs}`)).json().items.map((o: { id: number }) => o.id).sort();
    expect(await q('status=picking')).toEqual([orderA2]);
    expect(await q('status=picking,pending_review')).toHaveLength(3);
    expect(await q(`companyId=${t.fx.companyB}`)).toEqual([orderB]);
    expect(await q(`salesRepId=${t.fx.users.sales2}`)).toEqual([orderB]);
    expect(await q('q=COLA')).toEqual([orderA2]);
    expect(await q(`q=${encodeURIComponent('矿泉水')}`)).toEqual([orderA, orderB].sort());
    expect(await q('q=%25')).toEqual([]);
    expect(await q('from=2000-01-01&to=2000-01-02')).toEqual([]);
    await t.db.updateTable('orders').set({ urgent: true }).where('id', '=', orderB).execute();
    expect((await admin.get('/api/orders?sort=priority')).json().items[0].id).toBe(orderB);
    expect(await q('urgent=true')).toEqual([orderB]);
    const mine = (await buyerA.get(`/api/my/orders?status=pending_review&q=${encodeURIComponent('水')}`)).json();
    expect(mine.items.map((o: { id: number }) => o.id)).toEqual([orderA]);
  });

  it('bad list queries get a 400 naming the field', async () => {
    for (const qs of ['status=bogus', 'status=', 'from=2026-13-40', 'pageSize=1000', 'companyId=-1', 'urgent=maybe', 'sort=random', `q=${'x'.repeat(101)}`]) {
      const res = await admin.get(`/api/orders?${qs}`);
      expect(res.statusCode, qs).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION');
    }
  });
});

describe('events endpoint', () => {
  it('refuses bad input with a clear 4xx and writes nothing', async () => {
    const before = await state();
    const cases: [Client, string, unknown, number][] = [
      [admin, `/api/orders/${orderA}/events`, {}, 400],
      [admin, `/api/orders/${orderA}/events`, { event: 'teleport' }, 400],
      [admin, `/api/orders/${orderA}/events`, { event: 'approve', version: 'one' }, 400],
      [admin, `/api/orders/${orderA}/events`, { event: 'approve', version: -3 }, 400],
      [admin, `/api/orders/${orderA}/events`, { event: 'reject', note: 'x'.repeat(501) }, 400],
      [admin, `/api/orders/${orderA}/events`, { event: 'reject' }, 400],
      [admin, `/api/orders/${orderA}/events`, { event: 'reject', note: '   ' }, 400],
      [admin, `/api/orders/${orderA}/events`, { event: 'approve', extra: 1 }, 400],
      [admin, `/api/orders/${orderA}/events`, { event: 'approve', version: 7 }, 409],
      [admin, '/api/orders/99999999/events', { event: 'approve' }, 404],
      [admin, '/api/orders/abc/events', { event: 'approve' }, 400],
      [sales2, `/api/orders/${orderA}/events`, { event: 'approve' }, 404],
      [buyerB, `/api/my/orders/${orderA}/events`, { event: 'cancel', note: '不要了' }, 404],
      [buyerA, `/api/orders/${orderA}/events`, { event: 'approve' }, 403],
      [buyerA, `/api/my/orders/${orderA}/events`, { event: 'approve' }, 403],
    ];
    for (const [c, url, body, code] of cases) {
      const res = await c.post(url, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(code);
      expect(res.json().error.message.length).toBeGreaterThan(3);
    }
    expect(await state()).toEqual(before);
  });

  it('a version conflict says what the order is now, in the caller\'s language', async () => {
    const res = await admin.post(`/api/orders/${orderA}/events`, { event: 'approve', version: 9 }, { 'accept-language': 'en' });
    expect(res.json().error).toMatchObject({ code: 'ORDER_VERSION_CONFLICT', details: { status: 'pending_review', version: 1 } });
    expect(res.json().error.message).toContain('reload');
  });

  it('two staff approving the same order at once: one approval, one conflict', async () => {
    const { orderId } = await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, lines: [{ skuId: skus['WATER-550']!, qty: 2 }] });
    const [r1, r2] = await Promise.all([admin.post(`/api/orders/${orderId}/events`, { event: 'approve', version: 1 }), admin2.post(`/api/orders/${orderId}/events`, { event: 'approve', version: 1 })]);
    expect([r1.statusCode, r2.statusCode].sort()).toEqual([200, 409]);
    expect([r1, r2].find((r) => r.statusCode === 409)!.json().error.code).toBe('ORDER_VERSION_CONFLICT');
    const approvals = await t.db.selectFrom('order_history').select('id').where('order_id', '=', orderId).where('event', '=', 'approve').execute();
    expect(approvals).toHaveLength(1);
    // without a version the loser learns the order is no longer waiting for review
    const { orderId: o2 } = await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, lines: [{ skuId: skus['WATER-550']!, qty: 2 }] });
    const [a, b] = await Promise.all([admin.post(`/api/orders/${o2}/events`, { event: 'approve' }), sales.post(`/api/orders/${o2}/events`, { event: 'approve' })]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.statusCode === 409)!.json().error.code).toBe('ORDER_TRANSITION_NOT_ALLOWED');
  });

  it('cancelling before shipment frees exactly the reserved stock; a partly shipped order cannot be cancelled', async () => {
    const level = async () => Number((await t.db.selectFrom('stock_levels').select('reserved').where('sku_id', '=', skus['COLA-330']!).executeTakeFirstOrThrow()).reserved);
    const before = await level();
    const res = await sales.post(`/api/orders/${orderA2}/events`, { event: 'cancel', note: '客户改期 📅' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'cancelled', cancelReason: '客户改期 📅' });
    expect(await level()).toBe(before - 6);
    expect((await t.db.selectFrom('reservations').select('status').where('order_id', '=', orderA2).executeTakeFirstOrThrow()).status).toBe('released');

    const part = await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, status: 'partially_shipped', lines: [{ skuId: skus['COLA-330']!, qty: 4 }] });
    const s0 = await state();
    const r = await admin.post(`/api/orders/${part.orderId}/events`, { event: 'cancel', note: '不要了' });
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe('ORDER_TRANSITION_NOT_ALLOWED');
    // picking with something already shipped (a shipment mid-way) is refused by the guard
    const picking = await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, status: 'picking', lines: [{ skuId: skus['COLA-330']!, qty: 4 }] });
    await t.db.updateTable('order_lines').set({ shipped_qty: 1 }).where('order_id', '=', picking.orderId).execute();
    const s1 = await state();
    const r2 = await admin.post(`/api/orders/${picking.orderId}/events`, { event: 'cancel', note: '不要了' });
    expect(r2.statusCode).toBe(409);
    expect(r2.json().error.code).toBe('ORDER_CANCEL_SHIPPED');
    expect(await state()).toEqual(s1);
    expect(s1.order_history).toBe(s0.order_history + 1); // only the fixture's submit row
  });

  it('the transition table is published for the console', async () => {
    const rows = (await sales.get('/api/order-workflow/transitions')).json();
    expect(rows.find((r: { event: string }) => r.event === 'approve')).toMatchObject({ from: ['pending_review'], to: 'next', roles: ['admin', 'sales'], internal: false });
    expect((await buyerA.get('/api/order-workflow/transitions')).statusCode).toBe(403);
  });
});
