import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import { seedCatalogFixtures, type CatalogFixtures } from '../../test/catalog-fixtures';
import { seedWarehouseStock } from '../../test/order-fixtures';
import '../inventory/tables';

/**
 * Catalog cards show stock as the supplier's display setting allows: the number only under
 * "exact" (and for staff), a level under "levels", nothing under "hidden". WATER has an odd 4321
 * in stock, so a leaked number is found by looking for it.
 */
let t: TestApp;
let cat: CatalogFixtures;
let buyerA: Client, admin: Client;
const AVAILABLE = 4321;

beforeAll(async () => {
  t = await createTestApp();
  cat = await seedCatalogFixtures(t.database);
  await seedWarehouseStock(t.database, [cat.skus['WATER-550']!], AVAILABLE);
  [buyerA, admin] = await Promise.all([t.as('buyerA'), t.as('admin')]);
});
afterAll(() => t.close());

const setMode = async (mode: 'exact' | 'levels' | 'hidden') =>
  expect((await admin.put('/api/inventory/settings', { customerDisplay: { mode } })).statusCode).toBe(200);
type Hit = { id: number; stock: { level: string | null; qty: number | null } };
const hits = async (c: Client, query = '') => {
  const r = await c.get(`/api/catalog/search?pageSize=50${query}`);
  expect(r.statusCode, r.body).toBe(200);
  const items = r.json().items as Hit[];
  return { body: r.body, water: items.find((h) => h.id === cat.productIds['WATER-550'])!, cola: items.find((h) => h.id === cat.productIds['COLA-330'])! };
};

describe('stock on catalog cards', () => {
  it('levels: a level, never the number', async () => {
    await setMode('levels');
    const b = await hits(buyerA);
    expect(b.water.stock).toEqual({ level: 'plenty', qty: null });
    expect(b.cola.stock).toEqual({ level: 'out', qty: null });
    expect(b.body).not.toContain(String(AVAILABLE));
  });

  it('hidden: nothing at all', async () => {
    await setMode('hidden');
    const b = await hits(buyerA);
    expect(b.water.stock).toEqual({ level: null, qty: null });
    expect(b.cola.stock).toEqual({ level: null, qty: null });
    expect(b.body).not.toContain(String(AVAILABLE));
  });

  it('exact: the number in base units; staff always see it', async () => {
    await setMode('exact');
    expect((await hits(buyerA)).water.stock).toEqual({ level: 'plenty', qty: AVAILABLE });
    await setMode('hidden');
    expect((await hits(admin, `&companyId=${t.fx.companyA}`)).water.stock).toEqual({ level: 'plenty', qty: AVAILABLE });
    const staffList = await admin.get('/api/products?pageSize=50');
    expect(staffList.statusCode, staffList.body).toBe(200);
    expect(staffList.json().items.find((h: Hit) => h.id === cat.productIds['WATER-550']).stock).toEqual({ level: 'plenty', qty: AVAILABLE });
    await setMode('levels');
  });
});
