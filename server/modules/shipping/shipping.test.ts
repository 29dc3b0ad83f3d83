import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';
import { createTestOrder, seedWarehouseStock } from '../../test/order-fixtures';
import { runDueOrderSteps } from '../orders';

let t: TestApp;
let skus: Record<string, number>;
let wh: number, wh2: number;
let admin: Client, warehouse: Client, sales: Client, sales2: Client, finance: Client, buyerA: Client, buyerB: Client;
const state = () => counts(t.db, ['shipments', 'shipment_lines', 'tracking_events', 'order_history', 'stock_movements', 'outbox']);

beforeAll(async () => {
  t = await createTestApp();
  skus = (await seedCatalogFixtures(t.database)).skus;
  wh = await seedWarehouseStock(t.database, Object.values(skus), 500);
  wh2 = await seedWarehouseStock(t.database, [skus['WATER-550']!], 500);
  await t.db.updateTable('warehouses').set({ priority: 99 }).where('id', '=', wh2).execute();
  await t.db.updateTable('companies').set({ sales_rep_id: t.fx.users.sales }).where('id', '=', t.fx.companyA).execute();
  await t.db.updateTable('users').set({ locale: 'en' }).where('id', '=', t.fx.users.ownerA).execute();
  [admin, warehouse, sales, sales2, finance, buyerA, buyerB] = await Promise.all(['admin', 'warehouse', 'sales', 'sales2', 'finance', 'buyerA', 'buyerB'].map((l) => t.as(l)));
});
afterAll(() => t.close());

const picking = async (urgent = false) => {
  const o = await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, status: 'picking', lines: [{ skuId: skus['WATER-550']!, qty: 48 }, { skuId: skus['COLA-330']!, qty: 24 }] });
  if (urgent) await t.db.updateTable('orders').set({ urgent: true }).where('id', '=', o.orderId).execute();
  return o;
};
const onHand = async (sku: string) => Number((await t.db.selectFrom('stock_levels').select('on_hand').where('sku_id', '=', skus[sku]!).where('warehouse_id', '=', wh).executeTakeFirstOrThrow()).on_hand);

describe('shipping', () => {
  it('ships in two parts, consuming reservations; the buyer tracks, confirms each shipment with a shortage; the order completes', async () => {
    const o = await picking();
    const water0 = await onHand('WATER-550');
    const r1 = await warehouse.post(`/api/orders/${o.orderId}/shipments`, { warehouseId: wh, carrier: '顺丰速运', trackingNo: 'SF1234567890', estimatedDelivery: '2026-12-05', lines: [{ orderLineId: o.lineIds[0], qty: 24 }] });
    expect(r1.statusCode, r1.body).toBe(200);
    expect(r1.json()).toMatchObject({ status: 'partially_shipped' });
    expect(r1.json().lines[0]).toMatchObject({ shippedQty: 24, reservedQty: 24 });
    expect(await onHand('WATER-550')).toBe(water0 - 24);
    const ships = (await buyerA.get(`/api/my/orders/${o.orderId}/shipments`)).json();
    expect(ships).toHaveLength(1);
    expect(ships[0]).toMatchObject({ carrier: '顺丰速运', trackingNo: 'SF1234567890', estimatedDelivery: '2026-12-05', status: 'in_transit' });
    // the stock ledger names the shipment by its number and knows the order it left for
    const mv = (await warehouse.get(`/api/inventory/movements?documentType=shipment&documentId=${ships[0].id}`)).json();
    expect(mv.items).toMatchObject([{ type: 'shipment', qty: -24, documentNo: ships[0].number, orderId: o.orderId }]);

    const tr = await warehouse.post(`/api/shipments/${ships[0].id}/tracking`, { place: '杭州转运中心', description: '已到达 🚚', at: '2026-12-02T08:00:00+08:00' });
    expect(tr.statusCode, tr.body).toBe(200);
    expect(tr.json().source).toBe('staff');

    const r2 = await warehouse.post(`/api/orders/${o.orderId}/shipments`, { warehouseId: wh, carrier: '德邦物流', lines: [{ orderLineId: o.lineIds[0], qty: 24 }, { orderLineId: o.lineIds[1], qty: 24 }] });
    expect(r2.json().status).toBe('shipped');
    const all = (await buyerA.get(`/api/my/orders/${o.orderId}/shipments`)).json();
    expect(all[0].tracking[0]).toMatchObject({ place: '杭州转运中心', description: '已到达 🚚' });

    const rc1 = await buyerA.post(`/api/my/shipments/${all[0].id}/receipt`, {});
    expect(rc1.statusCode, rc1.body).toBe(200);
    expect((await buyerA.get(`/api/my/orders/${o.orderId}`)).json().status).toBe('shipped');
    const rc2 = await buyerA.post(`/api/my/shipments/${all[1].id}/receipt`, { lines: [{ orderLineId: o.lineIds[1], receivedQty: 22, damagedQty: 1, note: '少一罐，破一罐' }], note: '外箱破损' });
    expect(rc2.statusCode, rc2.body).toBe(200);
    expect(rc2.json().lines.find((l: { orderLineId: number }) => l.orderLineId === o.lineIds[1])).toMatchObject({ receivedQty: 22, damagedQty: 1, discrepancyNote: '少一罐，破一罐' });
    const d = (await buyerA.get(`/api/my/orders/${o.orderId}`)).json();
    expect(d.status).toBe('completed');
    expect(d.lines.map((l: { receivedQty: number }) => l.receivedQty)).toEqual([48, 22]);
    expect(d.history.map((h: { event: string }) => h.event)).toEqual(['submit', 'ship_part', 'ship_complete', 'confirm_receipt', 'complete']);
    expect((await buyerA.post(`/api/my/shipments/${all[1].id}/receipt`, {})).json().error.code).toBe('SHIPMENT_RECEIVED');
    expect(await t.db.selectFrom('outbox').select('id').where('topic', '=', 'shipment.discrepancy').execute()).toHaveLength(1);
  });

  it('notifies the buyer and the rep in their language; emails go to customers, not staff', async () => {
    const n = await t.db.selectFrom('notifications').innerJoin('users', 'users.id', 'notifications.user_id').select(['users.login', 'notifications.title']).where('notifications.entity_type', '=', 'order').execute();
    expect(n.some((x) => x.login === 'buyerA' && x.title.includes('已发货'))).toBe(true);
    expect(n.some((x) => x.login === 'warehouse')).toBe(false);
    const emails = await t.db.selectFrom('notification_emails').select(['to_address', 'subject']).execute();
    expect(emails.some((e) => e.to_address === 'buyerA@test.example' && e.subject.includes('已签收'))).toBe(true);
    expect(emails.some((e) => e.to_address?.startsWith('warehouse'))).toBe(false);
    // ownerA reads English: the rejection of an order they placed reaches them (and their mailbox) in English
    const o = await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.ownerA, status: 'pending_review', lines: [{ skuId: skus['WATER-550']!, qty: 1 }] });
    expect((await sales.post(`/api/orders/${o.orderId}/events`, { event: 'reject', note: '价格有误' })).statusCode).toBe(200);
    const mine = await t.db.selectFrom('notifications').select('title').where('user_id', '=', t.fx.users.ownerA).execute();
    expect(mine.map((m) => m.title)).toContain(`Order ${o.number} rejected`);
    const mail = await t.db.selectFrom('notification_emails').select(['to_address', 'subject', 'body']).where('user_id', '=', t.fx.users.ownerA).execute();
    expect(mail).toEqual([{ to_address: 'ownerA@test.example', subject: `Order ${o.number} rejected`, body: expect.stringContaining('is rejected: 价格有误') }]);
    // the rep of the customer hears about it in-app
    const rep = await t.db.selectFrom('notifications').select('title').where('user_id', '=', t.fx.users.sales).execute();
    expect(rep.map((m) => m.title)).toContain(`订单已驳回：${o.number}`);
  });

  it('refuses bad shipments with clear errors and writes nothing', async () => {
    const o = await picking();
    const other = await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, status: 'pending_review', lines: [{ skuId: skus['COLA-330']!, qty: 1 }] });
    const before = await state();
    const cases: [Client, string, unknown, number, string?][] = [
      [warehouse, `/api/orders/${o.orderId}/shipments`, { warehouseId: wh, carrier: 'SF', lines: [{ orderLineId: o.lineIds[0], qty: 49 }] }, 409, 'SHIP_QTY_EXCEEDS'],
      [warehouse, `/api/orders/${o.orderId}/shipments`, { warehouseId: wh2, carrier: 'SF', lines: [{ orderLineId: o.lineIds[0], qty: 1 }] }, 409, 'SHIP_WRONG_WAREHOUSE'],
      [warehouse, `/api/orders/${o.orderId}/shipments`, { warehouseId: wh, carrier: 'SF', lines: [{ orderLineId: other.lineIds[0], qty: 1 }] }, 400],
      [warehouse, `/api/orders/${o.orderId}/shipments`, { warehouseId: wh, carrier: 'SF', lines: [{ orderLineId: o.lineIds[0], qty: 1 }, { orderLineId: o.lineIds[0], qty: 1 }] }, 400],
      [warehouse, `/api/orders/${o.orderId}/shipments`, { warehouseId: wh, carrier: 'SF', lines: [] }, 400],
      [warehouse, `/api/orders/${o.orderId}/shipments`, { warehouseId: wh, carrier: '', lines: [{ orderLineId: o.lineIds[0], qty: 1 }] }, 400],
      [warehouse, `/api/orders/${o.orderId}/shipments`, { warehouseId: wh, carrier: 'SF', lines: [{ orderLineId: o.lineIds[0], qty: -1 }] }, 400],
      [warehouse, `/api/orders/${o.orderId}/shipments`, { warehouseId: 999999, carrier: 'SF', lines: [{ orderLineId: o.lineIds[0], qty: 1 }] }, 400],
      [warehouse, `/api/orders/${o.orderId}/shipments`, { warehouseId: wh, carrier: 'SF', estimatedDelivery: '2026-02-31x', lines: [{ orderLineId: o.lineIds[0], qty: 1 }] }, 400],
      [warehouse, `/api/orders/${other.orderId}/shipments`, { warehouseId: wh, carrier: 'SF', lines: [{ orderLineId: other.lineIds[0], qty: 1 }] }, 409, 'ORDER_NOT_SHIPPABLE'],
      [warehouse, '/api/orders/99999999/shipments', { warehouseId: wh, carrier: 'SF', lines: [{ orderLineId: o.lineIds[0], qty: 1 }] }, 404],
      [sales, `/api/orders/${o.orderId}/shipments`, { warehouseId: wh, carrier: 'SF', lines: [{ orderLineId: o.lineIds[0], qty: 1 }] }, 403],
      [buyerA, `/api/orders/${o.orderId}/shipments`, { warehouseId: wh, carrier: 'SF', lines: [{ orderLineId: o.lineIds[0], qty: 1 }] }, 403],
    ];
    for (const [c, url, body, code, err] of cases) {
      const res = await c.post(url, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(code);
      if (err) expect(res.json().error.code).toBe(err);
    }
    expect(await state()).toEqual(before);
  });

  it('scopes shipments, tracking and receipts; receipt input is checked', async () => {
    const o = await picking();
    await warehouse.post(`/api/orders/${o.orderId}/shipments`, { warehouseId: wh, carrier: 'SF', lines: [{ orderLineId: o.lineIds[0], qty: 48 }, { orderLineId: o.lineIds[1], qty: 24 }] });
    const sh = (await admin.get(`/api/orders/${o.orderId}/shipments`)).json()[0];
    const before = await state();
    expect((await buyerB.get(`/api/my/orders/${o.orderId}/shipments`)).statusCode).toBe(404);
    expect((await sales2.get(`/api/orders/${o.orderId}/shipments`)).statusCode).toBe(404);
    expect((await sales2.get(`/api/shipments/${sh.id}/delivery-note`)).statusCode).toBe(404);
    expect((await buyerB.post(`/api/my/shipments/${sh.id}/receipt`, {})).statusCode).toBe(404);
    expect((await finance.post(`/api/shipments/${sh.id}/tracking`, { description: 'x' })).statusCode).toBe(403);
    expect((await warehouse.post(`/api/shipments/${sh.id}/tracking`, { description: '' })).statusCode).toBe(400);
    expect((await warehouse.post(`/api/shipments/${sh.id}/tracking`, { description: 'x', at: 'yesterday' })).statusCode).toBe(400);
    expect((await warehouse.post('/api/shipments/99999999/tracking', { description: 'x' })).statusCode).toBe(404);
    expect((await buyerA.post(`/api/my/shipments/${sh.id}/receipt`, { lines: [{ orderLineId: o.lineIds[0], receivedQty: 48, damagedQty: 1 }] })).json().error.code).toBe('RECEIPT_QTY_EXCEEDS');
    expect((await buyerA.post(`/api/my/shipments/${sh.id}/receipt`, { lines: [{ orderLineId: o.lineIds[0], receivedQty: -1 }] })).statusCode).toBe(400);
    expect((await buyerA.post(`/api/my/shipments/${sh.id}/receipt`, { lines: [{ orderLineId: 99999, receivedQty: 1 }] })).statusCode).toBe(400);
    expect(await state()).toEqual(before);
    // the rep records receipt from the signed paper note
    expect((await sales.post(`/api/shipments/${sh.id}/receipt`, { note: '纸质签收单已回' })).statusCode).toBe(200);
  });

  it('an integration posts tracking with an API token', async () => {
    const o = await picking();
    await warehouse.post(`/api/orders/${o.orderId}/shipments`, { warehouseId: wh, carrier: 'SF', trackingNo: 'SF9', lines: [{ orderLineId: o.lineIds[0], qty: 1 }] });
    const sh = (await admin.get(`/api/orders/${o.orderId}/shipments`)).json()[0];
    const tok = await warehouse.post('/api/auth/tokens', { name: '快递100', scopes: ['shipping.tracking'] });
    expect(tok.statusCode, tok.body).toBe(200);
    const res = await t.anon.post(`/api/shipments/${sh.id}/tracking`, { place: '上海', description: '派送中' }, { authorization: `Bearer ${tok.json().token}` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().source).toBe('integration');
  });

  it('pick lists per warehouse, urgent first, printable; delivery note in A4 and 80 mm', async () => {
    const normal = await picking();
    const urgent = await picking(true);
    const list = (await warehouse.get(`/api/pick-lists?warehouseId=${wh}`)).json();
    expect(list.orders[0].orderId).toBe(urgent.orderId);
    expect(list.orders.map((o: { orderId: number }) => o.orderId)).toContain(normal.orderId);
    expect(list.totals.find((x: { skuCode: string }) => x.skuCode === 'COLA-330').qty).toBeGreaterThanOrEqual(48);
    const print = await warehouse.get(`/api/pick-lists/print?warehouseId=${wh}`);
    expect(print.headers['content-type']).toContain('text/html');
    expect(print.body).toContain('拣货单');
    expect(print.body).toContain('【加急】');
    expect((await warehouse.get('/api/pick-lists?warehouseId=abc')).statusCode).toBe(400);
    expect((await warehouse.get('/api/pick-lists?warehouseId=99999')).statusCode).toBe(404);
    expect((await buyerA.get(`/api/pick-lists?warehouseId=${wh}`)).statusCode).toBe(403);

    await t.db.updateTable('orders').set({ note: '<script>alert(1)</script>' }).where('id', '=', urgent.orderId).execute();
    await warehouse.post(`/api/orders/${urgent.orderId}/shipments`, { warehouseId: wh, carrier: '顺丰速运', trackingNo: 'SF1', lines: [{ orderLineId: urgent.lineIds[0], qty: 48 }] });
    const sh = (await admin.get(`/api/orders/${urgent.orderId}/shipments`)).json()[0];
    for (const paper of ['a4', '80mm']) {
      const res = await warehouse.get(`/api/shipments/${sh.id}/delivery-note?paper=${paper}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('发货单');
      expect(res.body).toContain('SF1');
      expect(res.body).toContain(paper === 'a4' ? 'size:A4' : 'size:80mm');
      expect(res.body).not.toContain('<script>alert');
    }
    expect((await warehouse.get(`/api/shipments/${sh.id}/delivery-note?paper=a5`)).statusCode).toBe(400);
  });

  it('a shipment nobody confirms is delivered automatically after N days', async () => {
    const o = await picking();
    await warehouse.post(`/api/orders/${o.orderId}/shipments`, { warehouseId: wh, carrier: 'SF', lines: [{ orderLineId: o.lineIds[0], qty: 48 }, { orderLineId: o.lineIds[1], qty: 24 }] });
    await runDueOrderSteps(t.db, new Date(Date.now() + 8 * 86_400_000));
    await t.drainOutbox();
    expect((await admin.get(`/api/orders/${o.orderId}`)).json().status).toBe('completed');
    const sh = (await admin.get(`/api/orders/${o.orderId}/shipments`)).json()[0];
    expect(sh).toMatchObject({ status: 'received', autoReceived: true });
  });
});
