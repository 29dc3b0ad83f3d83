import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness';
import { seedCatalogFixtures, type CatalogFixtures } from './catalog-fixtures';
import { createTestOrder, seedWarehouseStock } from './order-fixtures';

let t: TestApp;
let cat: CatalogFixtures;
beforeAll(async () => {
  t = await createTestApp();
  cat = await seedCatalogFixtures(t.database);
  await seedWarehouseStock(t.database, [cat.skus['WATER-550']!], 10);
});
afterAll(() => t.close());

describe('test order fixture', () => {
  it('creates a submitted order with frozen lines and reserved stock', async () => {
    const o = await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, lines: [{ skuId: cat.skus['WATER-550']!, qty: 4 }] });
    expect(o.total).toBe(800);
    const level = await t.db.selectFrom('stock_levels').select(['on_hand', 'reserved']).where('sku_id', '=', cat.skus['WATER-550']!).executeTakeFirstOrThrow();
    expect(level).toEqual({ on_hand: 10, reserved: 4 });
    await expect(createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, lines: [{ skuId: cat.skus['WATER-550']!, qty: 7 }] })).rejects.toMatchObject({ code: 'INSUFFICIENT_STOCK' });
    expect(await t.db.selectFrom('orders').select('id').execute()).toHaveLength(1);
  });
});
