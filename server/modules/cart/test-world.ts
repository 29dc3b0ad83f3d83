import { counts, type Client, type TestApp } from '../../test/harness';
import { seedCatalogFixtures, type CatalogFixtures } from '../../test/catalog-fixtures';
import { seedWarehouseStock } from '../../test/order-fixtures';

/**
 * The world cart tests share: catalog fixtures with stock, an address per company, company A
 * belonging to rep "sales" and B to "sales2", a hidden product (visible to company B only) and
 * helpers to make more buyers.
 */
export interface CartWorld {
  cat: CatalogFixtures;
  WATER: number;
  COLA: number;
  JUICE: number;
  HIDDEN: number;
  warehouseId: number;
  addrA: number;
  addrB: number;
  state(): Promise<Record<string, number>>;
}

export async function cartWorld(t: TestApp, stock = 1000): Promise<CartWorld> {
  const cat = await seedCatalogFixtures(t.database);
  const db = t.db;
  const p = await db.insertInto('products').values({ name: '内部专供 礼盒', subtitle: null, category_id: cat.categoryId, brand_id: cat.brandId, base_unit: '盒' }).returning('id').executeTakeFirstOrThrow();
  const hidden = await db.insertInto('skus').values({ product_id: p.id, code: 'GIFT-BOX', barcode: null, base_price: 5000, retail_price: null, weight_grams: null }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('product_visibility').values({ product_id: p.id, company_id: t.fx.companyB, tier_id: null, province: null, city: null }).execute();
  const skus = [cat.skus['WATER-550']!, cat.skus['COLA-330']!, cat.skus['JUICE-1L']!, hidden.id];
  const warehouseId = await seedWarehouseStock(t.database, skus, stock);
  await db.updateTable('companies').set({ sales_rep_id: t.fx.users.sales }).where('id', '=', t.fx.companyA).execute();
  await db.updateTable('companies').set({ sales_rep_id: t.fx.users.sales2 }).where('id', '=', t.fx.companyB).execute();
  const addr = async (companyId: number, recipient: string) =>
    (await db.insertInto('company_addresses').values({ company_id: companyId, recipient, phone: '13800000000', province: '浙江省', city: '杭州市', district: '西湖区', address: '文三路 1 号', postcode: null, is_default: true }).returning('id').executeTakeFirstOrThrow()).id;
  const addrA = await addr(t.fx.companyA, '张三');
  const addrB = await addr(t.fx.companyB, '李四');
  return {
    cat, WATER: skus[0]!, COLA: skus[1]!, JUICE: skus[2]!, HIDDEN: hidden.id, warehouseId, addrA, addrB,
    state: () => counts(t.db, ['orders', 'order_lines', 'order_history', 'reservations', 'cart_lines', 'carts', 'idempotency_keys', 'outbox', 'audit_log']),
  };
}

/** Makes `n` more buyers of a company (same password as the fixtures) and signs them in. */
export async function moreBuyers(t: TestApp, companyId: number, prefix: string, n: number): Promise<Client[]> {
  const hash = (await t.db.selectFrom('users').select('password_hash').where('id', '=', t.fx.users.buyerA).executeTakeFirstOrThrow()).password_hash;
  const out: Client[] = [];
  for (let i = 0; i < n; i++) {
    const login = `${prefix}${i}`;
    await t.db.insertInto('users').values({ login, name: `采购 ${login}`, role: 'customer_buyer', company_id: companyId, password_hash: hash, phone: null, email: null }).execute();
    out.push(await t.as(login));
  }
  return out;
}

let keySeq = 0;
/** A fresh Idempotency-Key header. */
export const idem = (key = `k-${Date.now()}-${++keySeq}`) => ({ 'idempotency-key': key });
