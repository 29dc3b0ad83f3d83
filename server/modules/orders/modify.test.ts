import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';
import { createTestOrder, seedWarehouseStock } from '../../test/order-fixtures';

let t: TestApp;
let skus: Record<string, number>;
let admin: Client, sales: Client, sales2: Client, warehouse: Client, buyerA: Client;
const state = () => counts(t.db, ['order_lines', 'order_history', 'reservations', 'outbox', 'notifications', 'audit_log']);
const reserved = async (sku: string) => Number((await t.db.selectFrom('stock_levels').select((eb) => eb.fn.sum<number>('reserved').as('r')).where('sku_id', '=', skus[sku]!).executeTakeFirstOrThrow()).r);

beforeAll(async () => {
  t = await createTestApp();
  skus = (await seedCatalogFixtures(t.database)).skus;
  await seedWarehouseStock(t.database, [skus['WATER-550']!, skus['COLA-330']!], 100);
  await t.db.updateTable('companies').set({ sales_rep_id: t.fx.users.sales }).where('id', '=', t.fx.companyA).execute();
  [admin, sales, sales2, warehouse, buyerA] = await Promise.all(['admin', 'sales', 'sales2', 'warehouse', 'buyerA'].map((l) => t.as(l)));
});
afterAll(() => t.close());

const order = () => createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, lines: [{ skuId: skus['WATER-550']!, qty: 10 }, { skuId: skus['COLA-330']!, qty: 5 }] });

describe('modify before approval', () => {
  it('changes a quantity and a price, removes nothing, adds a line; re-reserves and tells the customer', async () => {
    const o = await order();
    const w0 = await reserved('WATER-550');
    const c0 = await reserved('COLA-330');
    const res = await sales.post(`/api/orders/${o.orderId}/modify`, {
      version: 1, reason: '客户电话改量，特价 🎉',
      lines: [{ id: o.lineIds[0], qty: 20, unitPrice: 150 }, { id: o.lineIds[1], qty: 5 }, { skuId: skus['COLA-330']!, qty: 1 }],
    });
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d.version).toBe(2);
    expect(d.lines.map((l: { qty: number; unitPrice: number; reservedQty: number }) => [l.qty, l.unitPrice, l.reservedQty])).toEqual([[20, 150, 20], [5, 250, 5], [1, 250, 1]]);
    expect(d.total).toBe(20 * 150 + 5 * 250 + 250);
    expect(d.lines[0].priceRule).toMatchObject({ kind: 'manual', reason: '客户电话改量，特价 🎉', previous: 200 });
    expect(await reserved('WATER-550')).toBe(w0 + 10);
    expect(await reserved('COLA-330')).toBe(c0 + 1);
    expect(d.history.at(-1)).toMatchObject({ event: 'modify', note: '客户电话改量，特价 🎉' });
    const n = await t.db.selectFrom('notifications').select(['title', 'body']).where('user_id', '=', t.fx.users.buyerA).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(n.title).toBe(`订单已修改：${o.number}`);
    expect(n.body).toContain('WATER-550');
    // the review queue flags the line priced 25 % under list
    const q = (await sales.get('/api/orders/review-queue')).json();
    expect(q.items.find((i: { id: number }) => i.id === o.orderId)).toMatchObject({ linesLowPrice: 1, linesShort: 0, credit: { configured: true, ok: true } }); // the payments module's credit check
  });

  it('removing a line frees its stock exactly', async () => {
    const o = await order();
    const c0 = await reserved('COLA-330');
    const res = await admin.post(`/api/orders/${o.orderId}/modify`, { version: 1, reason: '缺货删行', lines: [{ id: o.lineIds[0], qty: 10 }] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().lines).toHaveLength(1);
    expect(await reserved('COLA-330')).toBe(c0 - 5);
  });

  it('refuses what it must, writing nothing: no stock, stale version, after approval, wrong role, other rep, bad lines', async () => {
    const o = await order();
    const approved = await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, status: 'picking', lines: [{ skuId: skus['WATER-550']!, qty: 1 }] });
    const before = await state();
    const cases: [Client, number, unknown, number, string?][] = [
      [sales, o.orderId, { version: 1, reason: '加量', lines: [{ id: o.lineIds[0], qty: 100_000 }] }, 409, 'INSUFFICIENT_STOCK'],
      [sales, o.orderId, { version: 3, reason: '加量', lines: [{ id: o.lineIds[0], qty: 11 }] }, 409, 'ORDER_VERSION_CONFLICT'],
      [sales, approved.orderId, { version: 1, reason: '加量', lines: [{ id: approved.lineIds[0], qty: 2 }] }, 409, 'ORDER_NOT_MODIFIABLE'],
      [warehouse, o.orderId, { version: 1, reason: '加量', lines: [{ id: o.lineIds[0], qty: 11 }] }, 403],
      [buyerA, o.orderId, { version: 1, reason: '加量', lines: [{ id: o.lineIds[0], qty: 11 }] }, 403],
      [sales2, o.orderId, { version: 1, reason: '加量', lines: [{ id: o.lineIds[0], qty: 11 }] }, 404],
      [sales, o.orderId, { version: 1, reason: '', lines: [{ id: o.lineIds[0], qty: 11 }] }, 400],
      [sales, o.orderId, { version: 1, reason: '加量', lines: [] }, 400],
      [sales, o.orderId, { version: 1, reason: '加量', lines: [{ id: approved.lineIds[0], qty: 1 }] }, 400],
      [sales, o.orderId, { version: 1, reason: '加量', lines: [{ id: o.lineIds[0], qty: 1 }, { id: o.lineIds[0], qty: 2 }] }, 400],
      [sales, o.orderId, { version: 1, reason: '加量', lines: [{ qty: 1 }] }, 400],
      [sales, o.orderId, { version: 1, reason: '加量', lines: [{ skuId: 999999, qty: 1 }] }, 400],
      [sales, o.orderId, { version: 1, reason: '加量', lines: [{ skuId: skus['JUICE-1L']!, qty: 1 }] }, 409, 'INSUFFICIENT_STOCK'],
      [sales, o.orderId, { version: 1, reason: '加量', lines: [{ id: o.lineIds[0], qty: 0 }] }, 400],
      [sales, o.orderId, { version: 1, reason: '加量', lines: [{ id: o.lineIds[0], qty: 1, unitPrice: -5 }] }, 400],
      [sales, o.orderId, { version: 1, reason: '加量', lines: [{ id: o.lineIds[0], qty: 1, unitPrice: 1.5 }] }, 400],
      [sales, 99999999, { version: 1, reason: '加量', lines: [{ id: o.lineIds[0], qty: 1 }] }, 404],
    ];
    for (const [c, id, body, code, err] of cases) {
      const res = await c.post(`/api/orders/${id}/modify`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(code);
      if (err) expect(res.json().error.code).toBe(err);
    }
    expect(await state()).toEqual(before);
  });
});

describe('priority', () => {
  it('urgent orders come first in the warehouse queue; the flag is in the history', async () => {
    const a = await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, status: 'picking', lines: [{ skuId: skus['WATER-550']!, qty: 1 }] });
    const b = await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, status: 'picking', lines: [{ skuId: skus['WATER-550']!, qty: 1 }] });
    const res = await sales.put(`/api/orders/${b.orderId}/urgent`, { urgent: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ urgent: true, version: 2 });
    const queue = (await warehouse.get('/api/orders?status=picking&sort=priority')).json().items.map((o: { id: number }) => o.id);
    expect(queue.indexOf(b.orderId)).toBeLessThan(queue.indexOf(a.orderId));
    expect(res.json().history.at(-1).event).toBe('mark_urgent');
    expect((await warehouse.put(`/api/orders/${b.orderId}/urgent`, { urgent: false })).statusCode).toBe(403);
    expect((await sales.put(`/api/orders/${b.orderId}/urgent`, { urgent: 'yes' })).statusCode).toBe(400);
    expect((await sales2.put(`/api/orders/${b.orderId}/urgent`, { urgent: false })).statusCode).toBe(404);
  });

  it('the review queue holds only what the viewer can review', async () => {
    const w = (await warehouse.get('/api/orders/review-queue')).json();
    expect(w.items.every((i: { status: string }) => i.status === 'pending_outbound')).toBe(true);
    expect((await sales.get('/api/orders/review-queue?status=bogus')).statusCode).toBe(400);
    expect((await buyerA.get('/api/orders/review-queue')).statusCode).toBe(403);
  });
});
