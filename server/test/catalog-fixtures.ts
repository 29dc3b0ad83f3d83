import { expect } from 'vitest';
import type { Client } from './harness';
import type { Database } from '../lib/db';
import '../modules/catalog/tables';
import { reindexProducts } from '../modules/catalog/reindex';

export interface CatalogFixtures {
  categoryId: number;
  brandId: number;
  /** SKU ids by code: WATER-550 (base 200 fen, 1 箱 = 24 瓶), COLA-330 (base 250), JUICE-1L (base 800, off shelf). */
  skus: Record<string, number>;
  productIds: Record<string, number>;
}

/** A few products and SKUs for tests of modules that build on the catalog. */
export async function seedCatalogFixtures(database: Database): Promise<CatalogFixtures> {
  const db = database.db;
  const cat = await db.insertInto('categories').values({ name: '饮料', parent_id: null }).returning('id').executeTakeFirstOrThrow();
  const brand = await db.insertInto('brands').values({ name: '测试品牌', logo_url: null }).returning('id').executeTakeFirstOrThrow();
  const rows: [string, string, number, boolean, string][] = [
    ['WATER-550', '天然矿泉水 550ml', 200, true, '瓶'],
    ['COLA-330', '可口可乐 330ml', 250, true, '罐'],
    ['JUICE-1L', '橙汁 1L', 800, false, '瓶'],
  ];
  const skus: Record<string, number> = {};
  const productIds: Record<string, number> = {};
  for (const [code, name, price, onShelf, unit] of rows) {
    const p = await db
      .insertInto('products')
      .values({ name, subtitle: null, category_id: cat.id, brand_id: brand.id, on_shelf: onShelf, base_unit: unit })
      .returning('id')
      .executeTakeFirstOrThrow();
    const s = await db
      .insertInto('skus')
      .values({ product_id: p.id, code, barcode: null, base_price: price, retail_price: price * 2, weight_grams: 600 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('sku_units').values([{ sku_id: s.id, unit, factor: 1 }, { sku_id: s.id, unit: '箱', factor: 24 }]).execute();
    skus[code] = s.id;
    productIds[code] = p.id;
  }
  await reindexProducts(db, Object.values(productIds)); // so search finds them
  return { categoryId: cat.id, brandId: brand.id, skus, productIds };
}

/** Searches as `client` and returns the names of the first page, best first (the search tests' one question). */
export async function searchNames(client: Client, text: string): Promise<string[]> {
  const res = await client.get(`/api/catalog/search?q=${encodeURIComponent(text)}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { items: { name: string }[] }).items.map((i) => i.name);
}
