import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';
import { AppError } from '../../lib/errors';
import { setSetting } from '../platform/settings';
import { reserve, release, consume, availableBySku, reservedForOrder, ALLOW_SPLIT_SETTING } from './reservations';
import { applyMovements, availableSubquery, skuInStock } from './stock';

let t: TestApp;
let WATER: number;
let COLA: number;
let JUICE: number;
let SH: number; // 上海总仓 serves 上海市, priority 10
let HZ: number; // 杭州仓 serves 浙江省, priority 20
let NJ: number; // 南京仓 inactive
const extraSkus: number[] = [];
let orderSeq = 1000;
let lineSeq = 100_000;

async function wh(code: string, name: string, provinces: string[], priority: number, active = true) {
  return (await t.db.insertInto('warehouses').values({ code, name, address: null, provinces, priority, active }).returning('id').executeTakeFirstOrThrow()).id;
}
async function receive(skuId: number, warehouseId: number, qty: number) {
  await t.db.transaction().execute((trx) => applyMovements(trx, null, [{ skuId, warehouseId, type: 'receipt', qty, documentType: 'test', documentId: 1 }]));
}
async function level(skuId: number, warehouseId: number) {
  return t.db.selectFrom('stock_levels').selectAll().where('sku_id', '=', skuId).where('warehouse_id', '=', warehouseId).executeTakeFirst();
}
async function newSku(code: string) {
  const p = await t.db.insertInto('products').values({ name: code, subtitle: null, category_id: null, brand_id: null }).returning('id').executeTakeFirstOrThrow();
  const s = await t.db.insertInto('skus').values({ product_id: p.id, code, barcode: null, base_price: 100, retail_price: null, weight_grams: null }).returning('id').executeTakeFirstOrThrow();
  extraSkus.push(s.id);
  return s.id;
}
const tryReserve = (companyId: number, lines: { skuId: number; qty: number }[]) =>
  t.db.transaction().execute((trx) =>
    reserve(trx, { orderId: ++orderSeq, companyId, lines: lines.map((l) => ({ orderLineId: ++lineSeq, ...l })) }),
  );

beforeAll(async () => {
  t = await createTestApp();
  const cat = await seedCatalogFixtures(t.database);
  ({ 'WATER-550': WATER, 'COLA-330': COLA, 'JUICE-1L': JUICE } = cat.skus);
  SH = await wh('SH', '上海总仓', ['上海市'], 10);
  HZ = await wh('HZ', '杭州仓', ['浙江省'], 20);
  NJ = await wh('NJ', '南京仓', ['江苏省'], 5, false);
  await t.db.updateTable('companies').set({ province: '浙江省' }).where('id', '=', t.fx.companyA).execute();
  await t.db.updateTable('companies').set({ province: '上海市' }).where('id', '=', t.fx.companyB).execute();
});
afterAll(() => t.close());

describe('the zero-oversell guarantee', () => {
  it('200 concurrent reservations of 1 unit on 50 available: exactly 50 succeed, 150 fail naming what is available', async () => {
    const sku = await newSku('HOT-1');
    await receive(sku, SH, 50);
    const results = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => tryReserve(i % 2 ? t.fx.companyA : t.fx.companyB, [{ skuId: sku, qty: 1 }])));
    const ok = results.filter((r) => r.status === 'fulfilled');
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(50);
    expect(failed).toHaveLength(150);
    for (const f of failed) {
      expect(f.reason).toBeInstanceOf(AppError);
      expect(f.reason).toMatchObject({ code: 'INSUFFICIENT_STOCK', status: 409, details: [{ skuId: sku, code: 'HOT-1', requested: 1, available: 0 }] });
    }
    const l = await level(sku, SH);
    expect(l).toMatchObject({ on_hand: 50, reserved: 50 });
    expect((await availableBySku(t.db, [sku])).get(sku)).toBe(0);
    const r = await t.db.selectFrom('reservations').select((eb) => eb.fn.sum<number>('qty').as('q')).where('sku_id', '=', sku).executeTakeFirstOrThrow();
    expect(Number(r.q)).toBe(50);
  });

  it('a shortage names the available quantity and writes nothing', async () => {
    const sku = await newSku('SHORT-1');
    await receive(sku, SH, 7);
    const before = await t.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const err = await tryReserve(t.fx.companyB, [{ skuId: sku, qty: 8 }]).catch((e) => e);
    expect(err).toMatchObject({ code: 'INSUFFICIENT_STOCK', params: { code: 'SHORT-1', requested: 8, available: 7 } });
    expect(await level(sku, SH)).toMatchObject({ on_hand: 7, reserved: 0 });
    const after = await t.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('multi-line orders are all-or-nothing: one short line reserves none of the others', async () => {
    const a = await newSku('ML-A');
    const b = await newSku('ML-B');
    await receive(a, SH, 10);
    await receive(b, SH, 3);
    const err = await tryReserve(t.fx.companyB, [{ skuId: a, qty: 5 }, { skuId: b, qty: 4 }]).catch((e) => e);
    expect(err).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: [{ skuId: b, code: 'ML-B', requested: 4, available: 3 }] });
    expect(await level(a, SH)).toMatchObject({ reserved: 0 });
    // Even when the caller catches the error and commits, nothing was reserved.
    await t.db.transaction().execute(async (trx) => {
      await reserve(trx, { orderId: 1, companyId: t.fx.companyB, lines: [{ orderLineId: 1, skuId: a, qty: 5 }, { orderLineId: 2, skuId: b, qty: 4 }] }).catch(() => null);
    });
    expect(await level(a, SH)).toMatchObject({ reserved: 0 });
    expect(await t.db.selectFrom('reservations').select('id').where('order_id', '=', 1).execute()).toHaveLength(0);
    const ok = await tryReserve(t.fx.companyB, [{ skuId: a, qty: 5 }, { skuId: b, qty: 3 }]);
    expect(ok.map((x) => x.qty)).toEqual([5, 3]);
  });

  it('two orders taking the same SKUs in opposite order never deadlock', async () => {
    const a = await newSku('DL-A');
    const b = await newSku('DL-B');
    await receive(a, SH, 1000);
    await receive(b, SH, 1000);
    const runs = Array.from({ length: 60 }, (_, i) =>
      t.db.transaction().execute(async (trx) => {
        const lines = i % 2 ? [{ skuId: a, qty: 1 }, { skuId: b, qty: 1 }] : [{ skuId: b, qty: 1 }, { skuId: a, qty: 1 }];
        const r = await reserve(trx, { orderId: ++orderSeq, companyId: t.fx.companyA, lines: lines.map((l) => ({ orderLineId: ++lineSeq, ...l })) });
        await sql`select pg_sleep(0.002)`.execute(trx); // hold the locks a moment, as a real order would
        return r;
      }),
    );
    const res = await Promise.allSettled(runs);
    expect(res.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    expect(await level(a, SH)).toMatchObject({ reserved: 60 });
    expect(await level(b, SH)).toMatchObject({ reserved: 60 });
  });
});

describe('allocation', () => {
  it('prefers the warehouse serving the customer region, else priority; inactive warehouses never count', async () => {
    const sku = await newSku('ALLOC-1');
    await receive(sku, SH, 10);
    await receive(sku, HZ, 5);
    await receive(sku, NJ, 100);
    expect((await availableBySku(t.db, [sku])).get(sku)).toBe(15);
    // company A is in 浙江省: 杭州仓 can fill 4
    expect(await tryReserve(t.fx.companyA, [{ skuId: sku, qty: 4 }])).toEqual([expect.objectContaining({ warehouseId: HZ, qty: 4 })]);
    // 杭州仓 has 1 left: 上海总仓 by priority
    expect(await tryReserve(t.fx.companyA, [{ skuId: sku, qty: 3 }])).toEqual([expect.objectContaining({ warehouseId: SH, qty: 3 })]);
    // 8 > any single warehouse (SH 7, HZ 1) and splitting is off
    expect(await tryReserve(t.fx.companyA, [{ skuId: sku, qty: 8 }]).catch((e) => e)).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: [{ available: 7 }] });
    await setSetting(t.db, ALLOW_SPLIT_SETTING, true);
    try {
      const r = await tryReserve(t.fx.companyA, [{ skuId: sku, qty: 8 }]);
      expect(r).toEqual([expect.objectContaining({ warehouseId: HZ, qty: 1 }), expect.objectContaining({ warehouseId: SH, qty: 7 })]);
      expect(await tryReserve(t.fx.companyA, [{ skuId: sku, qty: 1 }]).catch((e) => e)).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: [{ available: 0 }] });
    } finally {
      await setSetting(t.db, ALLOW_SPLIT_SETTING, false);
    }
  });

  it('refuses bad quantities and duplicate lines before touching stock', async () => {
    for (const qty of [0, -1, 1.5, Number.NaN, 10_000_001]) {
      expect(await tryReserve(t.fx.companyA, [{ skuId: WATER, qty }]).catch((e) => e)).toMatchObject({ code: 'INVALID_QUANTITY', status: 400 });
    }
    const dup = await t.db.transaction().execute((trx) =>
      reserve(trx, { orderId: 5, companyId: t.fx.companyA, lines: [{ orderLineId: 9, skuId: WATER, qty: 1 }, { orderLineId: 9, skuId: COLA, qty: 1 }] }),
    ).catch((e) => e);
    expect(dup).toMatchObject({ code: 'DUPLICATE_ORDER_LINE', status: 400 });
    // a SKU nobody stocks is simply out of stock
    expect(await tryReserve(t.fx.companyA, [{ skuId: JUICE, qty: 1 }]).catch((e) => e)).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: [{ code: 'JUICE-1L', available: 0 }] });
  });
});

describe('release and consume', () => {
  it('release frees exactly what was reserved; consume ships it with ledger rows', async () => {
    const sku = await newSku('RC-1');
    await receive(sku, SH, 20);
    const orderId = 777;
    await t.db.transaction().execute((trx) =>
      reserve(trx, { orderId, companyId: t.fx.companyB, lines: [{ orderLineId: 71, skuId: sku, qty: 6 }, { orderLineId: 72, skuId: sku, qty: 4 }] }),
    );
    expect(await level(sku, SH)).toMatchObject({ on_hand: 20, reserved: 10 });
    // reduce line 71 by 2
    await t.db.transaction().execute((trx) => release(trx, { orderId, qtyByLine: { 71: 2 } }));
    expect(await level(sku, SH)).toMatchObject({ reserved: 8 });
    expect(await t.db.transaction().execute((trx) => release(trx, { orderId, qtyByLine: { 71: 5 } })).catch((e) => e)).toMatchObject({ code: 'RESERVATION_EXCEEDED', params: { reserved: 4, requested: 5 } });
    // ship 3 of line 71
    const shipped = await t.db.transaction().execute((trx) => consume(trx, { orderId, documentType: 'shipment', documentId: 55, documentNo: 'SO-TEST-1', lines: [{ orderLineId: 71, qty: 3 }] }));
    expect(shipped).toEqual([{ orderLineId: 71, warehouseId: SH, qty: 3 }]);
    expect(await level(sku, SH)).toMatchObject({ on_hand: 17, reserved: 5 });
    const mv = await t.db.selectFrom('stock_movements').selectAll().where('sku_id', '=', sku).where('type', '=', 'shipment').execute();
    expect(mv).toMatchObject([{ qty: -3, on_hand_after: 17, document_type: 'shipment', document_id: 55 }]);
    expect(await t.db.transaction().execute((trx) => consume(trx, { orderId, documentType: 'shipment', documentId: 56, documentNo: 'SO-TEST-2', lines: [{ orderLineId: 71, qty: 2 }] })).catch((e) => e)).toMatchObject({ code: 'RESERVATION_EXCEEDED', status: 409 });
    expect(await reservedForOrder(t.db, orderId)).toEqual([{ orderLineId: 71, warehouseId: SH, qty: 1 }, { orderLineId: 72, warehouseId: SH, qty: 4 }]);
    // cancel the rest
    await t.db.transaction().execute((trx) => release(trx, { orderId }));
    expect(await level(sku, SH)).toMatchObject({ on_hand: 17, reserved: 0 });
    expect(await reservedForOrder(t.db, orderId)).toEqual([]);
    const st = await t.db.selectFrom('reservations').select(['order_line_id', 'status']).where('order_id', '=', orderId).orderBy('order_line_id').execute();
    expect(st).toEqual([{ order_line_id: 71, status: 'closed' }, { order_line_id: 72, status: 'released' }]);
    // releasing again is a no-op
    await t.db.transaction().execute((trx) => release(trx, { orderId }));
    expect(await level(sku, SH)).toMatchObject({ reserved: 0 });
  });

  it('on hand can never be adjusted below what is reserved', async () => {
    const sku = await newSku('BR-1');
    await receive(sku, SH, 5);
    await tryReserve(t.fx.companyB, [{ skuId: sku, qty: 4 }]);
    const err = await t.db.transaction().execute((trx) => applyMovements(trx, null, [{ skuId: sku, warehouseId: SH, type: 'adjustment', qty: -2, reason: 'broken' }])).catch((e) => e);
    expect(err).toMatchObject({ code: 'STOCK_BELOW_RESERVED', status: 409 });
    expect(await level(sku, SH)).toMatchObject({ on_hand: 5, reserved: 4 });
  });
});

describe('ledger', () => {
  it('the ledger is append-only', async () => {
    const err = await t.db.updateTable('stock_movements').set({ qty: 1 }).where('id', '>', 0).execute().catch((e) => e);
    expect(String(err)).toMatch(/append-only/);
  });

  it('replaying the ledger rebuilds every stock level exactly, and reservations every reserved', async () => {
    const rebuilt = await t.db
      .selectFrom('stock_movements')
      .select(['sku_id', 'warehouse_id', sql<number>`sum(qty)::int`.as('on_hand')])
      .groupBy(['sku_id', 'warehouse_id'])
      .execute();
    const levels = await t.db.selectFrom('stock_levels').select(['sku_id', 'warehouse_id', 'on_hand', 'reserved']).execute();
    expect(levels.length).toBeGreaterThan(10);
    const key = (r: { sku_id: number; warehouse_id: number }) => `${r.sku_id}:${r.warehouse_id}`;
    const fromLedger = new Map(rebuilt.map((r) => [key(r), r.on_hand]));
    for (const l of levels) expect([key(l), fromLedger.get(key(l)) ?? 0]).toEqual([key(l), l.on_hand]);
    expect(rebuilt.length).toBe(levels.length);
    // replay row by row, checking each on_hand_after on the way
    const all = await t.db.selectFrom('stock_movements').selectAll().orderBy('id').execute();
    const running = new Map<string, number>();
    for (const m of all) {
      const v = (running.get(key(m)) ?? 0) + m.qty;
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBe(m.on_hand_after);
      running.set(key(m), v);
    }
    const resv = await t.db
      .selectFrom('reservations')
      .select(['sku_id', 'warehouse_id', sql<number>`sum(qty - consumed_qty - released_qty)::int`.as('q')])
      .groupBy(['sku_id', 'warehouse_id'])
      .execute();
    const fromRes = new Map(resv.map((r) => [key(r), r.q]));
    for (const l of levels) expect([key(l), fromRes.get(key(l)) ?? 0]).toEqual([key(l), l.reserved]);
  });

  it('availableSubquery and skuInStock work inside other queries', async () => {
    const rows = await t.db
      .selectFrom('skus')
      .select(['skus.id', availableSubquery('skus.id').as('available'), skuInStock('skus.id').as('inStock')])
      .where('skus.id', 'in', [WATER, JUICE, ...extraSkus.slice(0, 1)])
      .orderBy('skus.id')
      .execute();
    const hot = rows.find((r) => r.id === extraSkus[0])!;
    expect(Number(hot.available)).toBe(0);
    expect(hot.inStock).toBe(false);
    expect(rows.find((r) => r.id === JUICE)).toMatchObject({ inStock: false });
  });
});
