import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';
import { seedInventoryDemo } from './seed';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it('the demo seed stocks every SKU in the database, some low and one out, with a consistent ledger', async () => {
  await seedCatalogFixtures(t.database);
  // more SKUs than the fixtures, so low/out picks differ from the well-stocked ones
  for (let i = 0; i < 12; i++) {
    const p = await t.db.insertInto('products').values({ name: `演示商品 ${i}`, subtitle: null, category_id: null, brand_id: null }).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('skus').values({ product_id: p.id, code: `DEMO-${i}`, barcode: null, base_price: 100, retail_price: null, weight_grams: null }).execute();
  }
  const refs = { users: { warehouse: t.fx.users.warehouse } } as Record<string, Record<string, number>>;
  await seedInventoryDemo({ database: t.database, refs, logins: [], timeZone: 'Asia/Shanghai' });
  expect(Object.keys(refs.warehouses!)).toEqual(['HZ', 'SH', 'GZ']);
  const skus = await t.db.selectFrom('skus').select('id').where('active', '=', true).execute();
  const wh = await (await t.as('warehouse')).get('/api/inventory/stock?pageSize=100');
  const rows = wh.json().items as { skuId: number; status: string; onHand: number }[];
  expect(rows).toHaveLength(skus.length * 3);
  const stocked = new Set(rows.filter((r) => r.onHand > 0).map((r) => r.skuId));
  expect(stocked.size).toBe(skus.length - 1);
  expect(rows.filter((r) => r.status === 'low').length).toBeGreaterThanOrEqual(3);
  const ledger = await sql<{ bad: number }>`
    select count(*)::int as bad from stock_levels l
    where l.on_hand <> coalesce((select sum(qty) from stock_movements m where m.sku_id = l.sku_id and m.warehouse_id = l.warehouse_id), 0)`.execute(t.db);
  expect(ledger.rows[0]!.bad).toBe(0);
  expect((await t.db.selectFrom('stocktakes').select('status').execute()).map((s) => s.status)).toEqual(['counting']);
  expect((await t.db.selectFrom('suppliers').select('id').execute()).length).toBe(3);
  expect((await t.db.selectFrom('purchase_orders').select('status').orderBy('id').execute()).map((p) => p.status)).toEqual(['partially_received', 'ordered']);
});
