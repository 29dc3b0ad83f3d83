import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';
import { seedWarehouseStock } from '../../test/order-fixtures';
import { reasonId, shippedOrder, WRITES } from './testkit';

/**
 * A replacement held in two warehouses leaves as two parcels (issue 14): one shipment per warehouse,
 * each with its own carrier and tracking number. One tracking number for both is refused with the
 * warehouses named, and nothing is written.
 */
let t: TestApp;
let skus: Record<string, number>;
let first: number, waterWh: number, colaWh: number;
let admin: Client, warehouse: Client, finance: Client, buyerA: Client;
const state = () => counts(t.db, [...WRITES, 'reservations', 'shipments', 'shipment_lines']);
type Shipment = { number: string; warehouseId: number; carrier: string; trackingNo: string | null; lines: { orderLineId: number; qty: number }[] };

beforeAll(async () => {
  t = await createTestApp();
  skus = (await seedCatalogFixtures(t.database)).skus;
  // the order's own stock, exactly what it ships: afterwards only the two other warehouses hold anything
  first = await seedWarehouseStock(t.database, [skus['WATER-550']!, skus['COLA-330']!], 72);
  [admin, warehouse, finance, buyerA] = await Promise.all(['admin', 'warehouse', 'finance', 'buyerA'].map((l) => t.as(l)));
});
afterAll(() => t.close());

describe('a replacement held in two warehouses', () => {
  it('ships as two shipments with their own carrier and tracking; a shared tracking number is refused with nothing written', async () => {
    const o = await shippedOrder(t, { warehouse, finance, buyer: buyerA }, { warehouseId: first, skus, water: 48, cola: 24 });
    waterWh = await seedWarehouseStock(t.database, [skus['WATER-550']!], 500);
    colaWh = await seedWarehouseStock(t.database, [skus['COLA-330']!], 500);
    // the fixtures' other warehouses hold both SKUs: out of the way, so water and cola are held apart
    await t.db.updateTable('warehouses').set({ active: false }).where('id', 'not in', [waterWh, colaWh]).execute();
    const r = (await buyerA.post('/api/my/aftersales', { orderId: o.orderId, kind: 'reissue', reasonId: await reasonId(t, 'shortage'), description: '少发', lines: [{ orderLineId: o.water, qty: 24 }, { orderLineId: o.cola, qty: 2 }] })).json();
    const ok = await admin.post(`/api/aftersales/${r.id}/events`, { event: 'approve' });
    expect(ok.statusCode, ok.body).toBe(200);
    // the screen asks for one parcel per warehouse holding the replacement
    expect(ok.json().heldWarehouseIds).toEqual([waterWh, colaWh]);

    const shipWith = (replacement: Record<string, unknown>) => warehouse.post(`/api/aftersales/${r.id}/events`, { event: 'ship_replacement', replacement });
    const before = await state();
    const shared = await shipWith({ carrier: '顺丰速运', trackingNo: 'SF900' });
    expect(shared.statusCode, shared.body).toBe(409);
    expect(shared.json().error.code).toBe('SHIPMENT_TRACKING_PER_WAREHOUSE');
    expect(shared.json().error.message).toContain('测试仓、测试仓');
    expect(shared.json().error.message).toContain('SF900');
    expect(await state()).toEqual(before);
    // two parcels named with the same tracking number: the same refusal
    const twice = await shipWith({ carrier: '顺丰速运', parcels: [{ warehouseId: waterWh, carrier: '顺丰速运', trackingNo: 'SF1' }, { warehouseId: colaWh, carrier: '中通快递', trackingNo: 'SF1' }] });
    expect(twice.json().error?.code).toBe('SHIPMENT_TRACKING_PER_WAREHOUSE');
    // a parcel for a warehouse nothing leaves from, one warehouse twice, bad fields: 4xx, nothing written
    const other = await shipWith({ carrier: '顺丰速运', trackingNo: 'SF2', parcels: [{ warehouseId: first, carrier: '中通快递', trackingNo: 'ZT1' }] });
    expect(other.statusCode).toBe(400);
    expect(other.json().error.code).toBe('SHIPMENT_PARCEL_NOT_SHIPPED');
    for (const parcels of [
      [{ warehouseId: waterWh, carrier: 'A', trackingNo: '1' }, { warehouseId: waterWh, carrier: 'B', trackingNo: '2' }],
      [{ warehouseId: -1, carrier: 'A' }],
      [{ warehouseId: 1.5, carrier: 'A' }],
      [{ warehouseId: waterWh }],
      [{ warehouseId: waterWh, carrier: 'x'.repeat(51) }],
      [{ warehouseId: waterWh, carrier: '顺丰🚚', trackingNo: 'y'.repeat(51) }],
      'SF1',
      Array.from({ length: 21 }, (_, i) => ({ warehouseId: i + 1, carrier: 'A' })),
    ]) {
      const bad = await shipWith({ carrier: '顺丰速运', parcels });
      expect(bad.statusCode, JSON.stringify(parcels)).toBe(400);
    }
    const unknown = await shipWith({ carrier: '顺丰速运', trackingNo: 'SF3', parcels: [{ warehouseId: 999999, carrier: '中通快递', trackingNo: 'ZT2' }] });
    expect(unknown.statusCode).toBe(400);
    expect(await state()).toEqual(before);

    // one parcel per warehouse: the water's by the default carrier, the cola's named
    const out = await shipWith({ carrier: '顺丰速运', trackingNo: 'SF901', parcels: [{ warehouseId: colaWh, carrier: '中通快递', trackingNo: 'ZT901' }] });
    expect(out.statusCode, out.body).toBe(200);
    const shipments = (out.json().shipments as Shipment[]).map((s) => ({ number: s.number, warehouseId: s.warehouseId, carrier: s.carrier, trackingNo: s.trackingNo, lines: s.lines.map((l) => [l.orderLineId, l.qty]) }));
    expect(shipments).toEqual([
      { number: `${r.number}-1`, warehouseId: waterWh, carrier: '顺丰速运', trackingNo: 'SF901', lines: [[o.water, 24]] },
      { number: `${r.number}-2`, warehouseId: colaWh, carrier: '中通快递', trackingNo: 'ZT901', lines: [[o.cola, 2]] },
    ]);
    expect(out.json().heldWarehouseIds).toEqual([]);
    // the timeline records each parcel
    const last = out.json().history.at(-1);
    expect(last.data.shipments).toEqual([
      expect.objectContaining({ warehouseId: waterWh, carrier: '顺丰速运', trackingNo: 'SF901' }),
      expect.objectContaining({ warehouseId: colaWh, carrier: '中通快递', trackingNo: 'ZT901' }),
    ]);
    // the buyer sees both parcels with their own tracking
    const mine = (await buyerA.get(`/api/my/aftersales/${r.id}`)).json();
    expect((mine.shipments as Shipment[]).map((s) => s.trackingNo)).toEqual(['SF901', 'ZT901']);
  });

});
