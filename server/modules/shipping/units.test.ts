import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import { createTestOrder } from '../../test/order-fixtures';
import { lineQuantity } from '../../lib/quantity';
import { cartWorld, idem, type CartWorld } from '../cart/test-world';

/**
 * Documents speak the buyer's units: a line ordered as 2 箱 of a 24-瓶 case (stored as 48 瓶)
 * reads "2 箱（48 瓶）" on the order detail (buyer and staff), the pick list and the delivery
 * note, and a shipment of part of a case says so.
 */
let t: TestApp;
let w: CartWorld;
let buyerA: Client, sales: Client, warehouse: Client, buyerB: Client;
let orderId: number;
let lineId: number;

beforeAll(async () => {
  t = await createTestApp();
  w = await cartWorld(t, 1000);
  await t.db.updateTable('companies').set({ payment_terms: 'cod' }).where('id', '=', t.fx.companyA).execute();
  [buyerA, sales, warehouse, buyerB] = await Promise.all(['buyerA', 'sales', 'warehouse', 'buyerB'].map((l) => t.as(l)));
  expect((await buyerA.post('/api/cart/lines', { skuId: w.WATER, unit: '箱', qty: 2 })).statusCode).toBe(200);
  expect((await buyerA.post('/api/cart/lines', { skuId: w.COLA, qty: 10 })).statusCode).toBe(200);
  const r = await buyerA.post('/api/cart/submit', { addressId: w.addrA, paymentMethod: 'cod', invoiceType: 'none' }, idem());
  expect(r.statusCode, r.body).toBe(200);
  orderId = r.json().order.id;
  const ap = await sales.post(`/api/orders/${orderId}/events`, { event: 'approve' });
  expect(ap.statusCode, ap.body).toBe(200);
  expect(ap.json().status).toBe('picking');
});
afterAll(() => t.close());

type Line = { id: number; skuCode: string; unit: string; unitFactor: number; baseUnit: string; qty: number; shippedQty: number; receivedQty: number };
const water = (lines: Line[]) => lines.find((l) => l.skuCode === 'WATER-550')!;

describe('quantities as ordered', () => {
  it('the order line keeps the ordered unit, its factor and the base unit (buyer and staff)', async () => {
    for (const [c, url] of [[buyerA, `/api/my/orders/${orderId}`], [sales, `/api/orders/${orderId}`], [warehouse, `/api/orders/${orderId}`]] as const) {
      const r = await c.get(url);
      expect(r.statusCode, r.body).toBe(200);
      const lines = r.json().lines as Line[];
      expect(lines.map((l) => [l.skuCode, l.unit, l.unitFactor, l.baseUnit, l.qty])).toEqual([['WATER-550', '箱', 24, '瓶', 48], ['COLA-330', '罐', 1, '罐', 10]]);
      expect(lines.map((l) => lineQuantity(l.qty, l))).toEqual(['2 箱（48 瓶）', '10 罐']);
      lineId = water(lines).id;
    }
    // another company's buyer still gets 404
    expect((await buyerB.get(`/api/my/orders/${orderId}`)).statusCode).toBe(404);
  });

  it('the pick list (JSON and print) counts 2 箱（48 瓶）, not 48 箱', async () => {
    const r = await warehouse.get(`/api/pick-lists?warehouseId=${w.warehouseId}`);
    expect(r.statusCode, r.body).toBe(200);
    const o = r.json().orders.find((x: { orderId: number }) => x.orderId === orderId);
    expect(o.lines.map((l: Line) => [l.skuCode, l.unit, l.unitFactor, l.baseUnit, l.qty])).toEqual([['WATER-550', '箱', 24, '瓶', 48], ['COLA-330', '罐', 1, '罐', 10]]);
    const total = r.json().totals.find((x: { skuCode: string }) => x.skuCode === 'WATER-550');
    expect(lineQuantity(total.qty, total)).toBe('2 箱（48 瓶）');
    const html = (await warehouse.get(`/api/pick-lists/print?warehouseId=${w.warehouseId}`)).body;
    expect(html).toContain('2 箱（48 瓶）');
    expect(html).toContain('10 罐');
    expect(html).not.toMatch(/48\s*箱/);
  });

  it('a shipment of part of a case says so on the shipment, the delivery note and what is left to pick', async () => {
    const r = await warehouse.post(`/api/orders/${orderId}/shipments`, { warehouseId: w.warehouseId, carrier: '顺丰速运', trackingNo: 'SF100', lines: [{ orderLineId: lineId, qty: 30 }] });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().status).toBe('partially_shipped');
    const l = water(r.json().lines);
    expect([lineQuantity(l.qty, l), lineQuantity(l.shippedQty, l)]).toEqual(['2 箱（48 瓶）', '1 箱 + 6 瓶（30 瓶）']);

    const ships = (await buyerA.get(`/api/my/orders/${orderId}/shipments`)).json();
    expect(ships[0].lines).toMatchObject([{ orderLineId: lineId, unit: '箱', unitFactor: 24, baseUnit: '瓶', orderedQty: 48, qty: 30 }]);
    const a4 = await warehouse.get(`/api/shipments/${ships[0].id}/delivery-note?paper=a4`);
    expect(a4.statusCode).toBe(200);
    expect(a4.body).toContain('<td class="num">2 箱（48 瓶）</td><td class="num"><b>1 箱 + 6 瓶（30 瓶）</b></td>');
    expect(a4.body).toContain('合计 Total</td><td class="num">30 瓶</td>');
    const slip = (await warehouse.get(`/api/shipments/${ships[0].id}/delivery-note?paper=80mm`)).body;
    expect(slip).toContain('订购 2 箱（48 瓶）');
    expect(slip).toContain('<td class="num">1 箱 + 6 瓶（30 瓶）</td>');

    const left = (await warehouse.get(`/api/pick-lists?warehouseId=${w.warehouseId}`)).json().orders.find((x: { orderId: number }) => x.orderId === orderId);
    const rest = left.lines.find((x: Line) => x.skuCode === 'WATER-550');
    expect(lineQuantity(rest.qty, rest)).toBe('18 瓶（不足 1 箱）');

    // the buyer confirms receipt with 2 bottles short: the detail reads it in the same units
    const rc = await buyerA.post(`/api/my/shipments/${ships[0].id}/receipt`, { lines: [{ orderLineId: lineId, receivedQty: 28, damagedQty: 0 }] });
    expect(rc.statusCode, rc.body).toBe(200);
    const d = water((await buyerA.get(`/api/my/orders/${orderId}`)).json().lines);
    expect(lineQuantity(d.receivedQty, d)).toBe('1 箱 + 4 瓶（28 瓶）');
  });

  it('lines written without a base unit (older rows, other code paths) take the product\'s', async () => {
    const o = await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, lines: [{ skuId: w.WATER, qty: 5 }, { skuId: w.COLA, qty: 3 }], reserve: false });
    const rows = await t.db.selectFrom('order_lines').select(['sku_code', 'unit', 'base_unit']).where('order_id', '=', o.orderId).orderBy('line_no').execute();
    expect(rows).toEqual([{ sku_code: 'WATER-550', unit: '瓶', base_unit: '瓶' }, { sku_code: 'COLA-330', unit: '罐', base_unit: '罐' }]);
  });
});
