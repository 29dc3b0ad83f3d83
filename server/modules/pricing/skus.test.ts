import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';
import { seedCatalogFixtures, type CatalogFixtures } from '../../test/catalog-fixtures';

let t: TestApp;
let cat: CatalogFixtures;
let admin: Client, sales: Client, sales2: Client, ownerA: Client, warehouse: Client;
let gold: number;

beforeAll(async () => {
  t = await createTestApp();
  cat = await seedCatalogFixtures(t.database);
  [admin, sales, sales2, ownerA, warehouse] = await Promise.all(['admin', 'sales', 'sales2', 'ownerA', 'warehouse'].map((l) => t.as(l)));
  gold = (await admin.post('/api/tiers', { name: '一级经销商', discountBp: 1000 })).json().id;
  await admin.patch(`/api/customers/${t.fx.companyA}`, { tierId: gold, salesRepId: t.fx.users.sales });
  await admin.patch(`/api/customers/${t.fx.companyB}`, { salesRepId: t.fx.users.sales2 });
  const list = (await admin.post('/api/price-lists', { name: '甲合同价', kind: 'customer', companyId: t.fx.companyA })).json().id;
  await admin.put(`/api/price-lists/${list}/items`, { items: [{ skuId: cat.skus['WATER-550'], minQty: 1, fixedPrice: 150 }, { skuId: cat.skus['WATER-550'], minQty: 24, fixedPrice: 140 }] });
  await admin.put(`/api/products/${cat.productIds['COLA-330']}/visibility`, { companyIds: [t.fx.companyB] });
});
afterAll(() => t.close());

describe('staff SKU lookup', () => {
  it('finds SKUs by code, product name and barcode-free Chinese text', async () => {
    const byCode = (await admin.get('/api/pricing/skus?q=water')).json();
    expect(byCode.items.map((s: { skuCode: string }) => s.skuCode)).toEqual(['WATER-550']);
    expect(byCode.items[0]).toMatchObject({ productName: '天然矿泉水 550ml', basePrice: 200, price: null, visible: null, restricted: false });
    const byName = (await admin.get(`/api/pricing/skus?q=${encodeURIComponent('可乐')}`)).json();
    expect(byName.items).toHaveLength(1);
    expect(byName.items[0]).toMatchObject({ skuCode: 'COLA-330', restricted: true });
    expect((await admin.get(`/api/pricing/skus?q=${encodeURIComponent('🍊不存在')}`)).json().total).toBe(0);
    expect((await admin.get('/api/pricing/skus?q=%25')).json().total).toBe(0);
    expect((await admin.get('/api/pricing/skus')).json().total).toBe(3);
  });

  it('with a customer, shows that customer\'s resolved price, next break and visibility', async () => {
    const r = (await admin.get(`/api/pricing/skus?companyId=${t.fx.companyA}`)).json();
    const by = Object.fromEntries(r.items.map((s: { skuCode: string }) => [s.skuCode, s]));
    expect(by['WATER-550'].price).toMatchObject({ unitPrice: 150, ruleKind: 'customer_price_list', nextBreak: { minQty: 24, unitPrice: 140 } });
    expect(by['COLA-330'].price).toMatchObject({ unitPrice: 225, ruleKind: 'tier_discount', nextBreak: null });
    expect(by['COLA-330'].visible).toBe(false);
    expect(by['WATER-550'].visible).toBe(true);
    const b = (await sales2.get(`/api/pricing/skus?companyId=${t.fx.companyB}&q=COLA`)).json();
    expect(b.items[0]).toMatchObject({ visible: true, price: { unitPrice: 250, ruleKind: 'base_price' } });
  });

  it('sales reps only for their own customers; customers and warehouse not at all', async () => {
    expect((await sales.get(`/api/pricing/skus?companyId=${t.fx.companyA}`)).statusCode).toBe(200);
    const other = await sales.get(`/api/pricing/skus?companyId=${t.fx.companyB}`);
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('NOT_FOUND');
    expect((await sales.get('/api/pricing/skus?companyId=999999')).statusCode).toBe(404);
    expect((await ownerA.get('/api/pricing/skus')).statusCode).toBe(403);
    expect((await warehouse.get('/api/pricing/skus')).statusCode).toBe(403);
    expect((await t.anon.get('/api/pricing/skus')).statusCode).toBe(401);
  });

  it('bad query input is a 400', async () => {
    for (const q of ['companyId=-1', 'companyId=abc', `q=${'x'.repeat(101)}`, 'pageSize=1000', 'page=0']) {
      const r = await admin.get(`/api/pricing/skus?${q}`);
      expect(r.statusCode, q).toBe(400);
    }
  });
});

describe('restricted products list', () => {
  it('lists products with visibility rules and their rule counts', async () => {
    const r = (await sales.get('/api/product-visibility')).json();
    expect(r.items).toEqual([{ productId: cat.productIds['COLA-330'], productName: '可口可乐 330ml', tiers: 0, regions: 0, companies: 1 }]);
    await admin.put(`/api/products/${cat.productIds['WATER-550']}/visibility`, { tierIds: [gold], regions: [{ province: '上海市' }, { province: '浙江省', city: '杭州市' }] });
    const all = (await admin.get('/api/product-visibility')).json();
    expect(all.total).toBe(2);
    expect(all.items.find((p: { productId: number }) => p.productId === cat.productIds['WATER-550'])).toMatchObject({ tiers: 1, regions: 2, companies: 0 });
    expect((await admin.get(`/api/product-visibility?q=${encodeURIComponent('矿泉水')}`)).json().total).toBe(1);
    expect((await ownerA.get('/api/product-visibility')).statusCode).toBe(403);
    const before = await counts(t.db, ['product_visibility']);
    await admin.put(`/api/products/${cat.productIds['WATER-550']}/visibility`, {});
    expect((await counts(t.db, ['product_visibility'])).product_visibility).toBe(before.product_visibility - 3);
    expect((await admin.get('/api/product-visibility')).json().total).toBe(1);
  });
});
