import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import { seedCatalogFixtures, type CatalogFixtures } from '../../test/catalog-fixtures';
import { seedWarehouseStock } from '../../test/order-fixtures';
import { receivedHistory } from './testkit';

/**
 * 经常一起买 and 同类客户也在订: aggregate over at least three companies, a company's own baskets
 * as they are, never a product the customer may not see or that is off the shelf.
 */
let t: TestApp;
let cat: CatalogFixtures;
let buyerA: Client;
let buyerB: Client;
const sku: Record<string, number> = {};
const product: Record<string, number> = {};
const peers: number[] = [];

async function addProduct(code: string) {
  const p = await t.db.insertInto('products').values({ name: `测试商品${code.replace(/\D/g, '')}`, subtitle: null, category_id: cat.categoryId, brand_id: cat.brandId, on_shelf: true, base_unit: '瓶' }).returning('id').executeTakeFirstOrThrow();
  const s = await t.db.insertInto('skus').values({ product_id: p.id, code, barcode: null, base_price: 300, retail_price: 500, weight_grams: 500 }).returning('id').executeTakeFirstOrThrow();
  sku[code] = s.id;
  product[code] = p.id;
}

const ids = (items: { skuId: number }[]) => items.map((i) => i.skuId).sort((a, b) => a - b);

beforeAll(async () => {
  t = await createTestApp();
  cat = await seedCatalogFixtures(t.database);
  for (const c of ['P-1', 'P-2', 'P-3', 'P-4']) await addProduct(c);
  Object.assign(sku, cat.skus);
  Object.assign(product, cat.productIds);
  await seedWarehouseStock(t.database, Object.values(sku));
  const tier = await t.db.insertInto('customer_tiers').values({ name: '金牌', discount_bp: 0 }).returning('id').executeTakeFirstOrThrow();
  await t.db.updateTable('companies').set({ tier_id: tier.id, province: '浙江省' }).where('id', 'in', [t.fx.companyA, t.fx.companyB]).execute();
  for (const n of [1, 2, 3]) {
    const c = await t.db.insertInto('companies').values({ code: `CP${n}`, name: `同类客户${n}`, tier_id: tier.id, province: '浙江省' }).returning('id').executeTakeFirstOrThrow();
    peers.push(c.id);
  }
  [buyerA, buyerB] = await Promise.all([t.as('buyerA'), t.as('buyerB')]);
  // three peers buy water with P-1 (and P-2 once each); only company B buys water with P-3 (B's own habit)
  for (const c of peers) {
    await receivedHistory(t, { companyId: c, buyerUserId: t.fx.users.buyerB, orders: [{ daysAgo: 20, lines: [{ skuId: sku['WATER-550']!, qty: 24 }, { skuId: sku['P-1']!, qty: 6 }] }, { daysAgo: 10, lines: [{ skuId: sku['P-2']!, qty: 6 }, { skuId: sku['JUICE-1L']!, qty: 6 }] }] });
  }
  await receivedHistory(t, { companyId: t.fx.companyB, buyerUserId: t.fx.users.buyerB, orders: [{ daysAgo: 5, lines: [{ skuId: sku['WATER-550']!, qty: 24 }, { skuId: sku['P-3']!, qty: 6 }] }] });
});
afterAll(() => t.close());

describe('frequently bought together', () => {
  it('aggregates over three or more companies; one other company\'s basket is never shown to another', async () => {
    const a = await buyerA.get(`/api/my/products/${product['WATER-550']}/recommendations`);
    expect(a.statusCode, a.body).toBe(200);
    expect(ids(a.json().together)).toEqual([sku['P-1']]);
    expect(a.json().together[0]).toMatchObject({ code: 'P-1', unitPrice: 300 });
    // B sees its own habit (P-3) as well
    const b = await buyerB.get(`/api/my/products/${product['WATER-550']}/recommendations`);
    expect(ids(b.json().together)).toEqual([sku['P-1'], sku['P-3']].sort((x, y) => x! - y!));
  });

  it('customers like you: what three or more same-tier, same-province companies order, not hidden or off-shelf products', async () => {
    const a = (await buyerA.get(`/api/my/products/${product['WATER-550']}/recommendations`)).json();
    // P-1 and P-2 (three companies each); JUICE-1L is off the shelf; P-3 only one company
    expect(ids(a.likeYou)).toEqual([sku['P-1'], sku['P-2']]);
    await t.db.insertInto('product_visibility').values({ product_id: product['P-1']!, company_id: t.fx.companyB }).execute();
    const hidden = (await buyerA.get(`/api/my/products/${product['WATER-550']}/recommendations`)).json();
    expect(ids(hidden.together)).toEqual([]);
    expect(ids(hidden.likeYou)).toEqual([sku['P-2']]);
    // and the hidden product's own page is 404 for A
    expect((await buyerA.get(`/api/my/products/${product['P-1']}/recommendations`)).statusCode).toBe(404);
    await t.db.deleteFrom('product_visibility').execute();
  });

  it('in the cart: bought together with the cart\'s lines', async () => {
    const add = await buyerA.post('/api/cart/lines', { skuId: sku['WATER-550'], qty: 1, unit: '箱' });
    expect(add.statusCode, add.body).toBe(200);
    const res = await buyerA.get('/api/my/cart/recommendations');
    expect(res.statusCode, res.body).toBe(200);
    expect(ids(res.json().together)).toEqual([sku['P-1']]);
    expect(ids(res.json().likeYou)).toEqual([sku['P-1'], sku['P-2']]);
    await buyerA.delete('/api/cart');
    expect((await buyerA.get('/api/my/cart/recommendations')).json().together).toEqual([]);
  });

  it('bad ids: 400 for malformed, 404 for unknown; staff are not customers here', async () => {
    for (const id of ['abc', '-1', '0', '1.5', '99999999999999999999', '%E6%B0%B4']) {
      const res = await buyerA.get(`/api/my/products/${id}/recommendations`);
      expect(res.statusCode, id).toBe(400);
    }
    expect((await buyerA.get('/api/my/products/999999/recommendations')).statusCode).toBe(404);
    expect((await (await t.as('admin')).get(`/api/my/products/${product['WATER-550']}/recommendations`)).statusCode).toBe(403);
  });
});
