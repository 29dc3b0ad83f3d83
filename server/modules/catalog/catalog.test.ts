import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';

const TABLES = ['categories', 'brands', 'products', 'skus', 'sku_units', 'audit_log'];
let t: TestApp;
let admin: Client;
let sales: Client;
let buyer: Client;

beforeAll(async () => {
  t = await createTestApp();
  [admin, sales, buyer] = await Promise.all([t.as('admin'), t.as('sales'), t.as('buyerA')]);
});
afterAll(() => t.close());

/** Expects a 4xx with the given code and proves nothing was written. */
async function refused(send: () => Promise<{ statusCode: number; json(): { error: { code: string } } }>, status: number, code?: string | RegExp) {
  const before = await counts(t.db, TABLES);
  const res = await send();
  expect(res.statusCode).toBe(status);
  if (code) expect(res.json().error.code).toMatch(code);
  expect(await counts(t.db, TABLES)).toEqual(before);
}

const sku = (code: string, extra: Record<string, unknown> = {}) => ({ code, basePrice: 300, specs: { 规格: '500ml×24' }, units: [{ unit: '箱', factor: 24 }], ...extra });

describe('categories', () => {
  let root: number;
  let child: number;
  let grandchild: number;
  it('builds a tree of any depth in order, moves and renames', async () => {
    root = (await admin.post('/api/categories', { name: '饮料' })).json().id;
    child = (await admin.post('/api/categories', { name: '饮用水', parentId: root, sort: 2 })).json().id;
    const first = (await admin.post('/api/categories', { name: '碳酸饮料', parentId: root, sort: 1 })).json();
    grandchild = (await admin.post('/api/categories', { name: '矿泉水', parentId: child })).json().id;
    const list = (await admin.get('/api/categories')).json() as { id: number; path: string[] }[];
    expect(list.map((c) => c.path.join('/'))).toEqual(['饮料', '饮料/碳酸饮料', '饮料/饮用水', '饮料/饮用水/矿泉水']);
    const moved = await admin.patch(`/api/categories/${grandchild}`, { parentId: first.id, name: '汽水' });
    expect(moved.json().path).toEqual(['饮料', '碳酸饮料', '汽水']);
    expect((await buyer.get('/api/catalog/categories')).statusCode).toBe(200);
  });

  it('refuses cycles, duplicates among siblings, unknown parents and bad names', async () => {
    await refused(() => admin.patch(`/api/categories/${root}`, { parentId: child }), 422, 'CATEGORY_CYCLE');
    await refused(() => admin.patch(`/api/categories/${root}`, { parentId: root }), 422, 'CATEGORY_CYCLE');
    await refused(() => admin.post('/api/categories', { name: '饮用水', parentId: root }), 409, 'CATEGORY_NAME_TAKEN');
    await refused(() => admin.post('/api/categories', { name: 'X', parentId: 999999 }), 400, 'VALIDATION');
    await refused(() => admin.post('/api/categories', { name: '' }), 400, 'VALIDATION');
    await refused(() => admin.post('/api/categories', { name: '长'.repeat(31) }), 400, 'VALIDATION');
    await refused(() => admin.post('/api/categories', { name: 123 }), 400, 'VALIDATION');
    await refused(() => admin.patch('/api/categories/999999', { name: 'x' }), 404, 'NOT_FOUND');
  });

  it('deletes only empty categories; staff other than admin cannot change them', async () => {
    await refused(() => admin.delete(`/api/categories/${root}`), 409, 'CATEGORY_IN_USE');
    await refused(() => sales.post('/api/categories', { name: '零食' }), 403, 'FORBIDDEN');
    await refused(() => buyer.delete(`/api/categories/${grandchild}`), 403, 'FORBIDDEN');
    expect((await admin.delete(`/api/categories/${grandchild}`)).statusCode).toBe(200);
    expect((await admin.delete(`/api/categories/${grandchild}`)).statusCode).toBe(404);
  });
});

describe('brands', () => {
  it('creates, renames, refuses duplicates and deleting a brand in use', async () => {
    const b = (await admin.post('/api/brands', { name: '农夫山泉' })).json();
    await refused(() => admin.post('/api/brands', { name: '农夫山泉' }), 409, 'BRAND_NAME_TAKEN');
    await refused(() => admin.post('/api/brands', { name: '😀'.repeat(60) }), 400, 'VALIDATION');
    await admin.post('/api/products', { name: '农夫山泉 饮用天然水', brandId: b.id, skus: [sku('NF-1')] });
    await refused(() => admin.delete(`/api/brands/${b.id}`), 409, 'BRAND_IN_USE');
    expect((await admin.patch(`/api/brands/${b.id}`, { name: '农夫山泉股份' })).json().name).toBe('农夫山泉股份');
    // the rename reaches the search document
    const r = (await buyer.get(`/api/catalog/search?q=${encodeURIComponent('股份')}`)).json();
    expect(r.total).toBe(1);
    const spare = (await admin.post('/api/brands', { name: 'Spare' })).json();
    expect((await admin.delete(`/api/brands/${spare.id}`)).statusCode).toBe(200);
  });
});

describe('products and SKUs', () => {
  let productId: number;
  it('creates a product with SKUs, units, params, tags and a sanitized description', async () => {
    const res = await admin.post('/api/products', {
      name: '可口可乐 经典 330ml', subtitle: '畅爽', baseUnit: '罐', tags: ['热销', '热销', '碳酸'], isNew: true,
      params: [{ name: '保质期', value: '12个月' }],
      descriptionHtml: '<p onclick="steal()">好喝<script>alert(1)</script><img src="javascript:alert(1)"><a href="javascript:x">x</a><b>unbalanced',
      skus: [sku('KO-330', { barcode: '6928804011173', retailPrice: 350, weightGrams: 350, moq: 6, orderMultiple: 6, units: [{ unit: '箱', factor: 24 }, { unit: '提', factor: 6 }] }), sku('KO-330-ZERO', { specs: { 规格: '330ml×24', 口味: '零度' } })],
    });
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    productId = p.id;
    expect(p.tags).toEqual(['热销', '碳酸']);
    expect(p.descriptionHtml).not.toMatch(/script|onclick|javascript/i);
    expect(p.descriptionHtml).toContain('<b>unbalanced</b>');
    expect(p.skus[0].units).toEqual([{ unit: '罐', factor: 1 }, { unit: '提', factor: 6 }, { unit: '箱', factor: 24 }]);
    expect(p.skus[1].specText).toBe('330ml×24 / 零度');
    const page = (await buyer.get(`/api/catalog/products/${productId}`)).json();
    expect(page.descriptionHtml).toBe(p.descriptionHtml);
    expect(page.skus[0].moq).toBe(6);
    expect(page.skus[0].stock).toBe('out');
  });

  it('refuses bad products with a clear 4xx and writes nothing', async () => {
    const ok = { name: '雪碧', skus: [sku('SPRITE-1')] };
    await refused(() => admin.post('/api/products', { ...ok, skus: [] }), 400, 'VALIDATION');
    await refused(() => admin.post('/api/products', { ...ok, skus: [sku('KO-330')] }), 409, 'SKU_CODE_TAKEN');
    await refused(() => admin.post('/api/products', { ...ok, skus: [sku('ko-330')] }), 409, 'SKU_CODE_TAKEN');
    await refused(() => admin.post('/api/products', { ...ok, skus: [sku('DUP'), sku('dup')] }), 400, 'SKU_CODE_DUPLICATE');
    await refused(() => admin.post('/api/products', { ...ok, skus: [sku('NEG', { basePrice: -1 })] }), 400, 'VALIDATION');
    await refused(() => admin.post('/api/products', { ...ok, skus: [sku('FRAC', { basePrice: 1.5 })] }), 400, 'VALIDATION');
    await refused(() => admin.post('/api/products', { ...ok, skus: [sku('HUGE', { basePrice: 1e15 })] }), 400, 'VALIDATION');
    await refused(() => admin.post('/api/products', { ...ok, skus: [sku('U1', { units: [{ unit: '箱', factor: 0 }] })] }), 400, 'VALIDATION');
    await refused(() => admin.post('/api/products', { ...ok, skus: [sku('U2', { units: [{ unit: '箱', factor: 24 }, { unit: '箱', factor: 12 }] })] }), 400, 'SKU_UNIT_INVALID');
    await refused(() => admin.post('/api/products', { ...ok, skus: [sku('U3', { units: [{ unit: '件', factor: 6 }] })] }), 400, 'SKU_UNIT_INVALID');
    await refused(() => admin.post('/api/products', { ...ok, skus: [sku('BAR', { barcode: '12ab' })] }), 400, 'VALIDATION');
    await refused(() => admin.post('/api/products', { ...ok, skus: [sku('has space')] }), 400, 'VALIDATION');
    await refused(() => admin.post('/api/products', { ...ok, categoryId: 999999 }), 400, 'VALIDATION');
    await refused(() => admin.post('/api/products', { ...ok, brandId: 999999 }), 400, 'VALIDATION');
    await refused(() => admin.post('/api/products', { ...ok, name: '' }), 400, 'VALIDATION');
    await refused(() => admin.post('/api/products', { ...ok, descriptionHtml: 'x'.repeat(100_001) }), 400, 'VALIDATION');
    await refused(() => admin.post('/api/products', { ...ok, descriptionHtml: 'x'.repeat(5 * 1024 * 1024) }), 413, 'PAYLOAD_TOO_LARGE');
    await refused(() => admin.post('/api/products', { ...ok, extra: 1 }), 400, 'VALIDATION');
    await refused(() => sales.post('/api/products', ok), 403, 'FORBIDDEN');
    await refused(() => buyer.post('/api/products', ok), 403, 'FORBIDDEN');
  });

  it('edits SKUs: update by id, add new, deactivate the ones left out', async () => {
    const p = (await admin.get(`/api/products/${productId}`)).json();
    const [a] = p.skus;
    const res = await admin.patch(`/api/products/${productId}`, {
      name: '可口可乐 经典', skus: [{ ...sku(a.code, { id: a.id, basePrice: 260 }), units: undefined }, sku('KO-500', { specs: { 规格: '500ml×24' } })],
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json();
    expect(after.skus.map((s: { code: string; active: boolean }) => `${s.code}:${s.active}`)).toEqual(['KO-330:true', 'KO-330-ZERO:false', 'KO-500:true']);
    expect(after.skus[0].basePrice).toBe(260);
    expect(after.skus[0].units.length).toBe(3); // units kept when not sent
    // another product's SKU id, or a code of another product
    const other = (await admin.post('/api/products', { name: '雪碧', skus: [sku('SPRITE-1')] })).json();
    await refused(() => admin.patch(`/api/products/${productId}`, { skus: [sku('X1', { id: other.skus[0].id })] }), 400, 'VALIDATION');
    await refused(() => admin.patch(`/api/products/${productId}`, { skus: [sku('SPRITE-1')] }), 409, 'SKU_CODE_TAKEN');
    await refused(() => admin.patch('/api/products/999999', { name: 'x' }), 404, 'NOT_FOUND');
    await refused(() => admin.patch(`/api/products/${productId}`, { images: ['0'.repeat(32)] }), 400, 'VALIDATION');
  });

  it('puts products on and off the shelf in bulk; off-shelf products leave the portal', async () => {
    const list = (await admin.get('/api/products?pageSize=50')).json();
    const ids = list.items.map((p: { id: number }) => p.id);
    await refused(() => admin.post('/api/products/shelf', { ids: [...ids, 999999], onShelf: false }), 404, 'NOT_FOUND');
    await refused(() => admin.post('/api/products/shelf', { ids: [], onShelf: false }), 400, 'VALIDATION');
    expect((await admin.post('/api/products/shelf', { ids, onShelf: false })).json().updated).toBe(ids.length);
    expect((await buyer.get('/api/catalog/search')).json().total).toBe(0);
    expect((await buyer.get(`/api/catalog/products/${productId}`)).statusCode).toBe(404);
    expect((await admin.get('/api/products?onShelf=0')).json().total).toBe(ids.length);
    await admin.post('/api/products/shelf', { ids, onShelf: true });
    expect((await buyer.get('/api/catalog/search')).json().total).toBe(ids.length);
    expect((await admin.get(`/api/products/${productId}`)).statusCode).toBe(200);
    expect((await buyer.get(`/api/products/${productId}`)).statusCode).toBe(403);
  });
});
