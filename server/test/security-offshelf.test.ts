import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCatalogFixtures, type CatalogFixtures } from './catalog-fixtures';
import { createTestApp, type Client, type TestApp } from './harness';
import { openApiPaths } from './openapi';

// Issue 22: an off-shelf (下架) SKU's price, and a hidden SKU's id, are not readable by buyers
// through any endpoint. The prices below are unique, so finding them in any answer is a leak.
const OFF_SHELF_PRICE = 987_613;
const HIDDEN_PRICE = 987_631;
const leaks = (body: string) => [OFF_SHELF_PRICE, HIDDEN_PRICE].flatMap((p) => [String(p), (p / 100).toFixed(2)]).filter((s) => body.includes(s));

let t: TestApp;
let c: CatalogFixtures;
let buyer: Client;
let hiddenSku = 0;
let hiddenProduct = 0;
beforeAll(async () => {
  t = await createTestApp();
  c = await seedCatalogFixtures(t.database);
  buyer = await t.as('buyerA');
  // JUICE-1L is in the buyer's cart from before it went off the shelf.
  await t.db.updateTable('products').set({ on_shelf: true }).where('id', '=', c.productIds['JUICE-1L']).execute();
  const add = await buyer.post('/api/cart/lines', { skuId: c.skus['JUICE-1L'], qty: 1, unit: '瓶' });
  expect(add.statusCode, add.body).toBe(200);
  await t.db.updateTable('products').set({ on_shelf: false }).where('id', '=', c.productIds['JUICE-1L']).execute();
  await t.db.updateTable('skus').set({ base_price: OFF_SHELF_PRICE }).where('id', '=', c.skus['JUICE-1L']).execute();
  // A product only company B may see.
  const p = await t.db.insertInto('products').values({ name: '乙专供礼盒', subtitle: null, category_id: c.categoryId, brand_id: c.brandId, on_shelf: true, base_unit: '盒' }).returning('id').executeTakeFirstOrThrow();
  const s = await t.db.insertInto('skus').values({ product_id: p.id, code: 'ONLY-B-01', barcode: null, base_price: HIDDEN_PRICE, retail_price: HIDDEN_PRICE, weight_grams: 100 }).returning('id').executeTakeFirstOrThrow();
  await t.db.insertInto('product_visibility').values({ product_id: p.id, company_id: t.fx.companyB }).execute();
  hiddenSku = s.id;
  hiddenProduct = p.id;
});
afterAll(() => t.close());

describe('an off-shelf SKU for a buyer', () => {
  it('my prices leave it out, and its own price page is a 404 like an unknown SKU', async () => {
    const list = await buyer.post('/api/my/prices', { items: [{ skuId: c.skus['JUICE-1L'], qty: 1 }, { skuId: hiddenSku, qty: 1 }, { skuId: c.skus['WATER-550'], qty: 1 }] });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().map((r: { skuId: number }) => r.skuId)).toEqual([c.skus['WATER-550']]);
    for (const id of [c.skus['JUICE-1L'], hiddenSku, 999_999]) {
      const one = await buyer.get(`/api/my/prices/${id}`);
      expect([one.statusCode, one.json().error.code]).toEqual([404, 'NOT_FOUND']);
    }
  });

  it('the price explanation is for staff only', async () => {
    const r = await buyer.get(`/api/pricing/explain?skuId=${c.skus['JUICE-1L']}&qty=1&companyId=${t.fx.companyA}`);
    expect(r.statusCode).toBe(403);
    expect(leaks(r.body)).toEqual([]);
  });

  it('a cart line of it shows no price and cannot be ordered', async () => {
    const cart = await buyer.get('/api/cart');
    expect(cart.statusCode, cart.body).toBe(200);
    const line = cart.json().lines.find((l: { skuId: number }) => l.skuId === c.skus['JUICE-1L']);
    expect(line).toMatchObject({ unitPrice: 0, lineTotal: 0 });
    expect(line.problems.map((p: { code: string }) => p.code)).toEqual(['LINE_OFF_SHELF']);
    expect(leaks(cart.body)).toEqual([]);
  });

  it('quick order answers its code (and a hidden SKU’s) exactly like an unknown code: no id, name or stock', async () => {
    const r = await buyer.post('/api/cart/quick', { rows: [{ code: 'JUICE-1L', qty: '1' }, { code: 'only-b-01', qty: '1' }, { code: 'NO-SUCH-9', qty: '1' }] });
    expect(r.statusCode, r.body).toBe(200);
    const rows = r.json().rows as { code: string; skuId: number | null; name: string | null; stockLevel: string | null; reason: string; message: string }[];
    expect(rows.map((x) => [x.skuId, x.name, x.stockLevel, x.reason])).toEqual(Array(3).fill([null, null, null, 'ROW_UNKNOWN_CODE']));
    expect(rows[1]!.message).toBe(rows[2]!.message.replace('NO-SUCH-9', 'only-b-01'));
    expect(r.body).not.toContain(`"skuId":${hiddenSku}`);
    expect(r.body).not.toContain('乙专供礼盒');
    expect(leaks(r.body)).toEqual([]);
    expect((await buyer.get('/api/cart/skus?q=JUICE')).json()).toEqual([]);
    expect((await buyer.get('/api/cart/skus?q=ONLY')).json()).toEqual([]);
  });

  it('no GET route answers either price to a buyer or a customer admin (every documented route, with their ids)', async () => {
    const paths = await openApiPaths(buyer);
    const owner = await t.as('ownerA');
    const ids = [c.skus['JUICE-1L'], c.productIds['JUICE-1L'], hiddenSku, hiddenProduct];
    const query = `q=${encodeURIComponent('橙汁')}&skuId=${c.skus['JUICE-1L']}&skuIds=${c.skus['JUICE-1L']},${hiddenSku}&productId=${c.productIds['JUICE-1L']}&qty=1`;
    let requests = 0;
    const found: string[] = [];
    for (const [path, ops] of Object.entries(paths)) {
      if (!ops.get || !path.startsWith('/api/') || /\/stream$/.test(path)) continue;
      const urls = path.includes('{') ? ids.map((id) => path.replace(/\{[^}]+\}/g, String(id))) : [path, `${path}?${query}`];
      for (const url of urls) {
        for (const who of [buyer, owner]) {
          const r = await who.get(url);
          requests++;
          if (leaks(r.body).length) found.push(`${url} → ${r.statusCode}`);
        }
      }
    }
    expect(requests).toBeGreaterThan(200);
    expect(found).toEqual([]);
  });

  it('staff still read the off-shelf price (to put it back on the shelf at the right price)', async () => {
    const admin = await t.as('admin');
    const r = await admin.get(`/api/pricing/explain?skuId=${c.skus['JUICE-1L']}&qty=1`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().resolved.unitPrice).toBe(OFF_SHELF_PRICE);
  });
});
