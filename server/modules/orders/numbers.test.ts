import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';
import { createTestOrder, seedWarehouseStock } from '../../test/order-fixtures';
import { assignOrderNumber, formatOrderNumber, localDay } from './numbers';
import { placeDemoOrder } from './seed';

describe('order numbers', () => {
  it('follow the supplier\'s calendar day, not UTC', () => {
    // 2026-12-01 17:30 UTC is already 2 December in Shanghai
    expect(localDay(new Date('2026-12-01T17:30:00Z'), 'Asia/Shanghai')).toBe('20261202');
    expect(localDay(new Date('2026-12-01T15:59:59Z'), 'Asia/Shanghai')).toBe('20261201');
    expect(localDay(new Date('2026-12-01T17:30:00Z'), 'UTC')).toBe('20261201');
  });
  it('pad to four digits and grow past 9999', () => {
    expect(formatOrderNumber('20261201', 1)).toBe('SO20261201-0001');
    expect(formatOrderNumber('20261201', 12345)).toBe('SO20261201-12345');
  });
});

describe('assigning a number to an order', () => {
  let t: TestApp;
  let orderId: number;
  beforeAll(async () => {
    t = await createTestApp();
    const cat = await seedCatalogFixtures(t.database);
    await seedWarehouseStock(t.database, Object.values(cat.skus), 1000);
    orderId = (await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, lines: [{ skuId: Object.values(cat.skus)[0]!, qty: 1 }] })).orderId;
  });
  afterAll(() => t.close());

  it('takes the local day\'s next sequence, formats it like formatOrderNumber and rolls back with the transaction', async () => {
    const at = new Date('2031-03-04T17:30:00Z'); // 5 March in Shanghai
    const first = await t.db.transaction().execute((trx) => assignOrderNumber(trx, orderId, 'Asia/Shanghai', at));
    expect(first).toBe('SO20310305-0001');
    await expect(t.db.transaction().execute(async (trx) => {
      await assignOrderNumber(trx, orderId, 'Asia/Shanghai', at);
      throw new Error('submission failed later');
    })).rejects.toThrow('submission failed later');
    expect(await t.db.transaction().execute((trx) => assignOrderNumber(trx, orderId, 'Asia/Shanghai', at))).toBe('SO20310305-0002');
    await sql`update order_number_counters set last = 12344 where day = '2031-03-05'`.execute(t.db);
    expect(await t.db.transaction().execute((trx) => assignOrderNumber(trx, orderId, 'Asia/Shanghai', at))).toBe(formatOrderNumber('20310305', 12345));
    const row = await t.db.selectFrom('orders').select('number').where('id', '=', orderId).executeTakeFirstOrThrow();
    expect(row.number).toBe('SO20310305-12345');
  });
});

describe('order numbers around midnight in Shanghai (submission and the demo seed share one counter)', () => {
  let t: TestApp;
  let skus: Record<string, number>;
  beforeAll(async () => {
    t = await createTestApp();
    skus = (await seedCatalogFixtures(t.database)).skus;
    await seedWarehouseStock(t.database, [skus['WATER-550']!], 1000);
  });
  afterAll(() => t.close());

  const place = (at: Date) => placeDemoOrder(t.db, 'Asia/Shanghai', {
    companyId: t.fx.companyA, buyerId: t.fx.users.buyerA, placedBy: t.fx.users.buyerA, placedByLabel: 'buyerA', at, lines: [{ skuId: skus['WATER-550']!, qty: 1 }], urgent: false,
  });
  const numberOf = async (id: number) => (await t.db.selectFrom('orders').select('number').where('id', '=', id).executeTakeFirstOrThrow()).number;

  it('an order at 01:30 Beijing time (17:30 UTC the day before) takes the local day', async () => {
    const at = new Date('2026-11-24T17:30:00Z');
    const seeded = await numberOf((await place(at)).id);
    expect(seeded).toBe('SO20261125-0001');
    // submission's path (assignOrderNumber) continues the same day's sequence
    const o = await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, lines: [{ skuId: skus['WATER-550']!, qty: 1 }] });
    const submitted = await t.db.transaction().execute((trx) => assignOrderNumber(trx, o.orderId, 'Asia/Shanghai', at));
    expect(submitted).toBe('SO20261125-0002');
  });

  it('one second before local midnight is still the previous local day', async () => {
    const seeded = await numberOf((await place(new Date('2026-11-24T15:59:59Z'))).id);
    expect(seeded).toBe('SO20261124-0001');
    const o = await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, lines: [{ skuId: skus['WATER-550']!, qty: 1 }] });
    const utc = await t.db.transaction().execute((trx) => assignOrderNumber(trx, o.orderId, 'UTC', new Date('2026-11-24T17:30:00Z')));
    expect(utc).toBe('SO20261124-0002'); // a supplier configured for UTC keeps the UTC day
  });
});
