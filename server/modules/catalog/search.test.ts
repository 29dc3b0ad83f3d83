import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import type { Actor } from '../auth/actor';
import { seedCatalog } from './seed';
import { ensureSearchDocuments } from './reindex';
import '../pricing/tables';
import '../inventory/tables';

interface Hit { id: number; name: string; brandId: number | null; categoryId: number | null; minPrice: number | null; inStock: boolean; sales30d: number }
interface Result { items: Hit[]; total: number; fuzzy: boolean; facets: { brands: { id: number; name: string; count: number }[]; categories: { id: number; count: number }[] } | null }

let t: TestApp;
let admin: Client;
let buyerA: Client;
let buyerB: Client;
const refs: Record<string, Record<string, number>> = {};
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ordo-search-'));

beforeAll(async () => {
  t = await createTestApp({ config: { dataDir } });
  const actor: Actor = { userId: t.fx.users.admin, login: 'admin', name: 'admin', role: 'admin', companyId: null, via: 'session', scopes: null };
  await seedCatalog(t.db, actor, refs, { images: false });
  [admin, buyerA, buyerB] = await Promise.all([t.as('admin'), t.as('buyerA'), t.as('buyerB')]);
}, 120_000);
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const search = async (c: Client, query: string): Promise<Result> => {
  const res = await c.get(`/api/catalog/search?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const q = (c: Client, text: string, extra = '') => search(c, `q=${encodeURIComponent(text)}${extra}`);

describe('search quality', () => {
  it('finds a Chinese word inside longer names, best matches first', async () => {
    const r = await q(buyerA, '矿泉水');
    expect(r.fuzzy).toBe(false);
    expect(r.total).toBeGreaterThanOrEqual(3);
    for (const h of r.items) expect(h.name).toContain('矿泉水');
    const r2 = await q(buyerA, '酸菜');
    expect(r2.items.map((h) => h.name).sort()).toEqual(['康师傅 老坛酸菜牛肉面', '统一 老坛酸菜牛肉面']);
  });

  it('pinyin initials and full pinyin find 矿泉水', async () => {
    for (const text of ['kqs', 'kuangquanshui', 'KuangQuan']) {
      const r = await q(buyerA, text);
      expect(r.total, text).toBeGreaterThanOrEqual(3);
      expect(r.items[0]!.name, text).toContain('矿泉');
    }
    const brand = await q(buyerA, 'nfsq');
    expect(brand.items.length).toBeGreaterThan(0);
    expect(brand.items.every((h) => h.brandId === refs.brands!['农夫山泉'])).toBe(true);
  });

  it('tolerates one wrong character and pinyin typos, and says so', async () => {
    for (const text of ['矿全水', '矿息水', 'kuangqunshui']) {
      const r = await q(buyerA, text);
      expect(r.fuzzy, text).toBe(true);
      expect(r.total, text).toBeGreaterThan(0);
      expect(r.items[0]!.name, text).toContain('矿泉水');
    }
  });

  it('matches SKU code and barcode prefixes', async () => {
    const code = Object.keys(refs.skus!).find((c) => c.startsWith('KSF-'))!;
    const prefix = code.split('-').slice(0, 2).join('-');
    const r = await q(buyerA, prefix.toLowerCase());
    expect(r.total).toBe(1);
    const detail = (await buyerA.get(`/api/catalog/products/${r.items[0]!.id}`)).json();
    expect(detail.skus.some((s: { code: string }) => s.code === code)).toBe(true);
    const barcode = detail.skus[0].barcode as string;
    const b = await q(buyerA, barcode.slice(0, 11));
    expect(b.items.map((h) => h.id)).toContain(r.items[0]!.id);
  });

  it('a mixed query (可乐 330) needs both words', async () => {
    const r = await q(buyerA, '可乐 330');
    expect(r.total).toBeGreaterThanOrEqual(3);
    // names with 可乐 rank first; 芬达/雪碧 follow because their brand is 可口可乐
    for (const h of r.items.slice(0, 4)) expect(h.name).toMatch(/可乐/);
    expect(r.items.map((h) => h.name)).toContain('可口可乐 经典');
    for (const h of r.items) {
      const page = (await buyerA.get(`/api/catalog/products/${h.id}`)).json();
      expect(page.skus.some((x: { specText: string }) => x.specText.includes('330')), h.name).toBe(true);
    }
    expect(r.items.map((h) => h.name)).not.toContain('统一 冰红茶');
  });

  it('quantities match in either unit spelling (550毫升 = 550ml, 1.5升 = 1.5L, full-width digits)', async () => {
    const latin = await q(buyerA, '农夫山泉 550ml');
    const chinese = await q(buyerA, '农夫山泉 550毫升');
    expect(latin.total).toBeGreaterThan(0);
    expect(chinese.items.map((h) => h.id)).toEqual(latin.items.map((h) => h.id));
    expect((await q(buyerA, '百岁山 1.5升')).items.map((h) => h.name)).toContain('百岁山 天然矿泉水');
    expect((await q(buyerA, '农夫山泉 ５５０毫升')).total).toBe(latin.total);
    // a product whose own text says 毫升 is found by ml, and 米 (rice) is never read as a unit
    const id = latin.items[0]!.id;
    expect((await admin.patch(`/api/products/${id}`, { subtitle: '每瓶 750毫升 装' })).statusCode).toBe(200);
    expect((await q(buyerA, '750ml')).items.map((h) => h.id)).toContain(id);
    expect((await q(buyerA, '大米')).items.every((h) => h.name.includes('米'))).toBe(true);
  });

  it('latin brand names in product names tolerate a typo', async () => {
    const id = (await q(buyerA, '农夫山泉 婴儿')).items[0]!.id;
    expect((await admin.patch(`/api/products/${id}`, { name: '农夫山泉 Nongfu Spring 婴儿饮用水' })).statusCode).toBe(200);
    expect((await q(buyerA, 'nongfu')).items.map((h) => h.id)).toContain(id);
    const typo = await q(buyerA, 'nongfuu sprimg');
    expect(typo.fuzzy).toBe(true);
    expect(typo.items.map((h) => h.id)).toContain(id);
  });

  it('documents built by an older format are rebuilt at start', async () => {
    const id = (await q(buyerA, '怡宝 纯净水')).items[0]!.id;
    await t.db.updateTable('products').set({ search_tsv: '', search_ascii: '', search_doc_version: 1 } as never).where('id', '=', id).execute();
    expect((await q(buyerA, '怡宝 纯净水')).items.map((h) => h.id)).not.toContain(id);
    expect(await ensureSearchDocuments(t.db)).toBe(1);
    expect((await q(buyerA, '怡宝 纯净水')).items.map((h) => h.id)).toContain(id);
    expect(await ensureSearchDocuments(t.db)).toBe(0);
  });

  it('nothing for nonsense, empty list for punctuation only', async () => {
    expect((await q(buyerA, 'zzqqxx')).total).toBe(0);
    expect((await q(buyerA, '！！！')).total).toBe(0);
  });
});

describe('filters, sorts, facets, pages', () => {
  it('category with descendants + brand + price sort; facets count the results', async () => {
    const drinks = refs.categories!['饮料'];
    const nf = refs.brands!['农夫山泉'];
    const all = await search(buyerA, `categoryId=${drinks}&facets=1&pageSize=60`);
    expect(all.total).toBeGreaterThan(40);
    const brandSum = all.facets!.brands.reduce((a, b) => a + b.count, 0);
    expect(brandSum).toBe(all.total);
    expect(all.facets!.categories.reduce((a, b) => a + b.count, 0)).toBe(all.total);
    expect(all.facets!.categories.length).toBe(6); // the subcategories of 饮料
    const nfCount = all.facets!.brands.find((b) => b.id === nf)!.count;
    const r = await search(buyerA, `categoryId=${drinks}&brandId=${nf}&sort=price_asc&facets=1&pageSize=60`);
    expect(r.total).toBe(nfCount);
    expect(r.items.every((h) => h.brandId === nf)).toBe(true);
    const prices = r.items.map((h) => h.minPrice!);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    const desc = await search(buyerA, `categoryId=${drinks}&brandId=${nf}&sort=price_desc&pageSize=60`);
    expect(desc.items.map((h) => h.minPrice)).toEqual([...prices].reverse());
    // the brand facet ignores the brand filter (pick another brand), the category facet honours it
    expect(r.facets!.brands.reduce((a, b) => a + b.count, 0)).toBe(all.total);
    expect(r.facets!.categories.reduce((a, b) => a + b.count, 0)).toBe(r.total);
  });

  it('price range, tags and new products', async () => {
    const r = await search(buyerA, 'priceMin=1000&priceMax=2000&pageSize=60');
    expect(r.total).toBeGreaterThan(0);
    const ids = new Set(r.items.map((h) => h.id));
    const detail = (await buyerA.get(`/api/catalog/products/${[...ids][0]}`)).json();
    expect(detail.skus.some((s: { price: number }) => s.price >= 1000 && s.price <= 2000)).toBe(true);
    const hot = await search(buyerA, 'tag=热销&isNew=0');
    expect(hot.total).toBeGreaterThan(10);
    const fresh = await search(buyerA, 'isNew=1&pageSize=60');
    expect(fresh.total).toBeGreaterThan(5);
    const newest = await search(buyerA, 'sort=newest&pageSize=5');
    expect(newest.items[0]!.id).toBeGreaterThan(newest.items[4]!.id);
  });

  it('pages are stable: every result exactly once', async () => {
    const first = await search(buyerA, 'q=牛奶&pageSize=4');
    const seen: number[] = [];
    for (let p = 1; p <= Math.ceil(first.total / 4); p++) seen.push(...(await search(buyerA, `q=牛奶&pageSize=4&page=${p}`)).items.map((h) => h.id));
    expect(seen.length).toBe(first.total);
    expect(new Set(seen).size).toBe(first.total);
  });

  it('in stock only', async () => {
    const wh = await t.db.insertInto('warehouses').values({ code: 'W1', name: '上海仓' }).returning('id').executeTakeFirstOrThrow();
    const code = Object.keys(refs.skus!)[5]!;
    await t.db.insertInto('stock_levels').values({ sku_id: refs.skus![code]!, warehouse_id: wh.id, on_hand: 50, reserved: 0 }).execute();
    const r = await search(buyerA, 'inStock=1');
    expect(r.total).toBe(1);
    expect(r.items[0]!.inStock).toBe(true);
    const page = (await buyerA.get(`/api/catalog/products/${r.items[0]!.id}`)).json();
    // a level, not the number: the default display setting is levels
    expect(page.skus.find((s: { code: string }) => s.code === code)).toMatchObject({ available: null, stock: 'plenty' });
  });

  it('sort by 30-day sales answers in order', async () => {
    const r = await search(buyerA, 'sort=sales&pageSize=10');
    const s = r.items.map((h) => h.sales30d);
    expect(s).toEqual([...s].sort((a, b) => b - a));
  });
});

describe('the buyer\'s own prices and visibility', () => {
  it('shows and filters by the customer price, not the base price', async () => {
    const code = Object.keys(refs.skus!).find((c) => c.startsWith('HT-'))!;
    const skuId = refs.skus![code]!;
    const list = await t.db.insertInto('price_lists').values({ name: '甲公司合同价', kind: 'customer', company_id: t.fx.companyA, tier_id: null, valid_from: null, valid_to: null, notes: null }).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('price_list_items').values({ price_list_id: list.id, sku_id: skuId, min_qty: 1, fixed_price: 1, discount_bp: null }).execute();
    const a = await search(buyerA, 'priceMax=1');
    const b = await search(buyerB, 'priceMax=1');
    expect(a.total).toBe(1);
    expect(a.items[0]!.minPrice).toBe(1);
    expect(b.total).toBe(0);
    const page = (await buyerA.get(`/api/catalog/products/${a.items[0]!.id}`)).json();
    expect(page.skus.find((s: { id: number }) => s.id === skuId).price).toBe(1);
    expect(page.skus[0].basePrice).toBeUndefined();
  });

  it('hidden products appear neither in search nor as a page', async () => {
    const r = await q(buyerA, '张裕 解百纳');
    const id = r.items[0]!.id;
    await t.db.insertInto('product_visibility').values({ product_id: id, company_id: t.fx.companyB, tier_id: null, province: null, city: null }).execute();
    expect((await q(buyerA, '张裕 解百纳')).total).toBe(0);
    expect((await buyerA.get(`/api/catalog/products/${id}`)).statusCode).toBe(404);
    expect((await q(buyerB, '张裕 解百纳')).total).toBe(1);
    expect((await buyerB.get(`/api/catalog/products/${id}`)).statusCode).toBe(200);
    expect((await search(admin, 'q=解百纳')).total).toBe(1);
  });

  it('the product flags search reads follow any write to SKUs and visibility rows (triggers)', async () => {
    const flags = async (id: number) => t.db.selectFrom('products').select(['has_active_sku', 'visibility_limited']).where('id', '=', id).executeTakeFirstOrThrow();
    const r = await q(buyerA, '张裕 解百纳', '&pageSize=1');
    expect(r.total).toBe(0); // hidden from company A by the test above
    const id = (await search(admin, 'q=解百纳')).items[0]!.id;
    expect(await flags(id)).toEqual({ has_active_sku: true, visibility_limited: true });
    await t.db.deleteFrom('product_visibility').where('product_id', '=', id).execute();
    expect((await flags(id)).visibility_limited).toBe(false);
    expect((await q(buyerA, '张裕 解百纳')).items.map((i) => i.id)).toEqual([id]);
    // every SKU switched off, then one back on, then a new one instead of the old
    const skus = await t.db.selectFrom('skus').select('id').where('product_id', '=', id).orderBy('id').execute();
    await t.db.updateTable('skus').set({ active: false }).where('product_id', '=', id).execute();
    expect((await flags(id)).has_active_sku).toBe(false);
    expect((await q(buyerA, '张裕 解百纳')).total).toBe(0);
    await t.db.updateTable('skus').set({ active: true }).where('id', '=', skus[0]!.id).execute();
    expect((await q(buyerA, '张裕 解百纳')).items.map((i) => i.id)).toEqual([id]);
    const copy = await t.db.selectFrom('skus').selectAll().where('id', '=', skus[0]!.id).executeTakeFirstOrThrow();
    await t.db.updateTable('skus').set({ active: false }).where('id', '=', skus[0]!.id).execute();
    const { id: _old, created_at: _c, updated_at: _u, ...row } = copy;
    const added = await t.db.insertInto('skus').values({ ...row, code: `${copy.code}-N`, barcode: null, active: true } as never).returning('id').executeTakeFirstOrThrow();
    expect((await flags(id)).has_active_sku).toBe(true);
    await t.db.deleteFrom('skus').where('id', '=', added.id).execute();
    expect((await flags(id)).has_active_sku).toBe(false);
    await t.db.updateTable('skus').set({ active: true }).where('product_id', '=', id).execute();
    expect(await flags(id)).toEqual({ has_active_sku: true, visibility_limited: false });
  });

  it('a buyer\'s repeated query follows staff changes at once (cached matches are per catalog version)', async () => {
    const first = await q(buyerA, '矿泉水');
    const id = first.items[0]!.id;
    expect((await q(buyerA, '矿泉水')).items.map((i) => i.id)).toEqual(first.items.map((i) => i.id)); // the cached answer
    expect((await admin.post('/api/products/shelf', { ids: [id], onShelf: false })).statusCode).toBe(200);
    const off = await q(buyerA, '矿泉水');
    expect(off.items.map((i) => i.id)).not.toContain(id);
    expect(off.total).toBe(first.total - 1);
    expect((await admin.post('/api/products/shelf', { ids: [id], onShelf: true })).statusCode).toBe(200);
    expect((await admin.patch(`/api/products/${id}`, { name: '冰川 矿泉水 新装 🧊' })).statusCode).toBe(200);
    const back = await q(buyerA, '矿泉水');
    expect(back.total).toBe(first.total);
    expect(back.items.find((i) => i.id === id)?.name).toBe('冰川 矿泉水 新装 🧊');
  });

  it('a contract price that starts later changes the cached answer when its window opens, with no write', async () => {
    // a SKU of another product than the one the test above priced at 1 fen
    const first = Object.keys(refs.skus!).find((c) => c.startsWith('HT-'))!;
    const code = Object.keys(refs.skus!).find((c) => c.startsWith('HT-') && c.split('-')[1] !== first.split('-')[1])!;
    const skuId = refs.skus![code]!;
    const list = await t.db.insertInto('price_lists').values({ name: '下月合同价', kind: 'customer', company_id: t.fx.companyA, tier_id: null,
      valid_from: new Date(Date.now() + 1500), valid_to: null, notes: null }).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('price_list_items').values({ price_list_id: list.id, sku_id: skuId, min_qty: 1, fixed_price: 2, discount_bp: null }).execute();
    const before = await search(buyerA, 'priceMin=2&priceMax=2');
    expect(before.total).toBe(0);
    expect((await search(buyerA, 'priceMin=2&priceMax=2')).total).toBe(0); // served from the cache
    await new Promise((r) => setTimeout(r, 1700));
    const after = await search(buyerA, 'priceMin=2&priceMax=2');
    expect(after.total).toBe(1);
    expect(after.items[0]!.minPrice).toBe(2);
    await t.db.deleteFrom('price_lists').where('id', '=', list.id).execute();
    expect((await search(buyerA, 'priceMin=2&priceMax=2')).total).toBe(0);
  });

  it('staff may search as a customer they serve, not as another rep\'s customer', async () => {
    await t.db.updateTable('companies').set({ sales_rep_id: t.fx.users.sales }).where('id', '=', t.fx.companyA).execute();
    const sales = await t.as('sales');
    expect((await sales.get(`/api/catalog/search?companyId=${t.fx.companyA}&q=kqs`)).statusCode).toBe(200);
    expect((await sales.get(`/api/catalog/search?companyId=${t.fx.companyB}&q=kqs`)).statusCode).toBe(404);
  });
});

describe('suggestions and bad input', () => {
  it('suggests brands and products as the buyer types', async () => {
    const r = (await buyerA.get(`/api/catalog/suggest?q=${encodeURIComponent('康师')}`)).json() as { type: string; text: string }[];
    expect(r.some((s) => s.type === 'brand' && s.text === '康师傅')).toBe(true);
    expect(r.some((s) => s.type === 'product' && s.text.startsWith('康师傅'))).toBe(true);
    const py = (await buyerA.get('/api/catalog/suggest?q=kqs')).json() as { text: string }[];
    expect(py.some((s) => s.text.includes('矿泉水'))).toBe(true);
  });

  it('refuses bad filters with a clear 400', async () => {
    for (const bad of ['pageSize=10000', 'page=0', 'priceMin=-5', 'priceMin=500&priceMax=100', 'categoryId=abc', 'sort=cheapest', `q=${'矿'.repeat(101)}`, 'page=500&pageSize=60', 'brandId=-1']) {
      const res = await buyerA.get(`/api/catalog/search?${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.code, bad).toMatch(/VALIDATION|PRICE_RANGE_INVALID|PAGE_TOO_DEEP/);
    }
    const unknownCat = await search(buyerA, 'categoryId=999999');
    expect(unknownCat.total).toBe(0);
    expect((await t.anon.get('/api/catalog/search?q=kqs')).statusCode).toBe(401);
    const emoji = await q(buyerA, '😀 矿泉水');
    expect(emoji.total).toBeGreaterThan(0);
    expect((await q(buyerA, '<script>alert(1)</script>\'";--')).total).toBe(0);
  });
});

describe('deep pages', () => {
  it('a deep page is cut from the same order as the first pages (the cache keeps the first 200 ids apart)', async () => {
    // 80 more products (copies of the first one's shelf data, each with an active SKU): the catalog passes 200
    await sql`insert into products (name, category_id, brand_id, on_shelf, base_unit)
      select '补充商品 ' || g, category_id, brand_id, true, base_unit from products, generate_series(1, 80) g where id = (select min(id) from products)`.execute(t.db);
    await sql`insert into skus (product_id, code, base_price, active) select id, 'DEEP-' || id, 500, true from products where name like '补充商品 %'`.execute(t.db);
    // the whole catalog, newest first: page 10 of 20 is within the first 200 ids, page 4 of 60 past them
    const shallow = await search(buyerA, 'pageSize=20&page=10');
    const deep = await search(buyerA, 'pageSize=60&page=4');
    expect(shallow.total).toBe(deep.total);
    expect(deep.total).toBeGreaterThan(200);
    expect(shallow.items.map((i) => i.id)).toEqual(deep.items.slice(0, 20).map((i) => i.id));
  });
});

describe('product_search', () => {
  it('is the copy of products that search reads, after every change of the tests above (and a deletion)', async () => {
    // every column search reads from product_search, against products (migration 202612072330)
    const differing = async () => Number((await sql<{ n: number }>`select count(*)::int as n from products p full join product_search ps on ps.product_id = p.id
      where p.id is null or ps.product_id is null
        or (ps.created_at, ps.category_id, ps.brand_id, ps.name_length, ps.on_shelf, ps.is_new, ps.has_active_sku, ps.visibility_limited, ps.tags, ps.search_ascii, ps.search_tsv)
          is distinct from (p.created_at, p.category_id, p.brand_id, length(p.name), p.on_shelf, p.is_new, p.has_active_sku, p.visibility_limited, p.tags, p.search_ascii, p.search_tsv)`.execute(t.db)).rows[0]!.n);
    expect(await differing()).toBe(0);
    const id = Number((await sql<{ id: number }>`select max(id) as id from products`.execute(t.db)).rows[0]!.id);
    await sql`update products set name = name || ' 改', on_shelf = not on_shelf, tags = array['改']::text[] where id = ${id}`.execute(t.db);
    await sql`update skus set active = false where product_id = ${id}`.execute(t.db);
    expect(await differing()).toBe(0);
    await sql`delete from products where id = ${id}`.execute(t.db);
    expect(await differing()).toBe(0);
    expect(Number((await sql<{ n: number }>`select count(*)::int as n from product_search where product_id = ${id}`.execute(t.db)).rows[0]!.n)).toBe(0);
  });
});
