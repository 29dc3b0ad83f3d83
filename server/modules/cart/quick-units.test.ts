import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import { cartWorld, type CartWorld } from './test-world';

/**
 * Quick order takes barcodes (条码) as the search box does, and a short-stock message states the
 * stock the customer may see under the display setting — never the quantity asked as if it were
 * stock ("库存不足，当前 999999瓶") — in the unit ordered, with base units.
 */
let t: TestApp;
let w: CartWorld;
let buyerA: Client, sales: Client, admin: Client;
const WATER_BARCODE = '6920000000017';

beforeAll(async () => {
  t = await createTestApp();
  w = await cartWorld(t, 1000);
  [buyerA, sales, admin] = await Promise.all(['buyerA', 'sales', 'admin'].map((l) => t.as(l)));
  await t.db.updateTable('skus').set({ barcode: WATER_BARCODE }).where('id', '=', w.WATER).execute();
  // a barcode that looks like another SKU's code: the code wins
  await t.db.updateTable('skus').set({ barcode: 'WATER-550' }).where('id', '=', w.COLA).execute();
});
afterAll(() => t.close());

const setMode = async (mode: 'exact' | 'levels' | 'hidden') =>
  expect((await admin.put('/api/inventory/settings', { customerDisplay: { mode } })).statusCode).toBe(200);
const setStock = (qty: number) => t.db.updateTable('stock_levels').set({ on_hand: qty, reserved: 0 }).where('sku_id', '=', w.WATER).execute();
const quick = async (c: Client, rows: unknown[], query = '', headers?: Record<string, string>) => {
  const r = await c.post(`/api/cart/quick${query}`, { rows }, headers);
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as { added: number; rows: { code: string; status: string; reason: string | null; message: string | null; unit: string | null }[] };
};

describe('quick order by barcode', () => {
  it('a barcode (also typed full-width) finds its SKU; the row names the SKU code', async () => {
    await buyerA.delete('/api/cart');
    const r = await quick(buyerA, [{ code: WATER_BARCODE, qty: '2箱' }, { code: '６９２００００００００１７', qty: '3' }, { code: 'WATER-550', qty: '1' }, { code: '6920000000999', qty: '1' }]);
    expect(r.rows.map((x) => [x.code, x.status, x.reason])).toEqual([
      ['WATER-550', 'added', null], ['WATER-550', 'added', null], ['WATER-550', 'added', null], ['6920000000999', 'rejected', 'ROW_UNKNOWN_CODE'],
    ]);
    expect(r.rows[3]!.message).toBe('商品编码或条码“6920000000999”不存在');
    const cart = (await buyerA.get('/api/cart')).json();
    expect(cart.lines.map((l: { code: string; unit: string; qty: number }) => [l.code, l.unit, l.qty])).toEqual([['WATER-550', '箱', 48], ['WATER-550', '瓶', 4]]);
    await buyerA.delete('/api/cart');
  });
});

describe('short stock says what the customer may see, in the unit ordered', () => {
  it('levels (plenty): no number, the quantity as ordered; never "当前 2400瓶"', async () => {
    await setMode('levels');
    await setStock(41);
    const r = await quick(buyerA, [{ code: WATER_BARCODE, qty: '100箱' }]);
    expect(r.rows[0]).toMatchObject({ status: 'rejected', reason: 'ROW_SHORT' });
    expect(r.rows[0]!.message).toBe('库存不足，不够合计需要的 100 箱（2400 瓶），请减少数量');
    const cart = (await buyerA.post('/api/cart/lines', { skuId: w.WATER, unit: '箱', qty: 100 })).json();
    expect(cart.lines[0].problems[0].message).toBe('库存不足，不够您订购的 100 箱（2400 瓶），请减少数量或删除此行');
    expect(JSON.stringify(cart)).not.toContain('41');
    await buyerA.delete('/api/cart');
  });

  it('levels (low / out): names the level, no number; English too', async () => {
    await setStock(10);
    const r = await quick(buyerA, [{ code: 'WATER-550', qty: '1箱' }]);
    expect(r.rows[0]!.message).toBe('库存不足（库存状态：紧张），不够合计需要的 1 箱（24 瓶），请减少数量');
    const en = await quick(buyerA, [{ code: 'WATER-550', qty: '1箱' }], '', { 'accept-language': 'en' });
    expect(en.rows[0]!.message).toBe('Not enough stock (stock: Limited) for the 1 箱 (24 瓶) needed; lower the quantity');
    await setStock(0);
    const cart = (await buyerA.post('/api/cart/lines', { skuId: w.WATER, unit: '箱', qty: 1 })).json();
    expect(cart.lines[0].problems[0].message).toBe('库存不足（库存状态：缺货），不够您订购的 1 箱（24 瓶），请减少数量或删除此行');
    await buyerA.delete('/api/cart');
  });

  it('hidden: neither level nor number', async () => {
    await setMode('hidden');
    await setStock(10);
    const r = await quick(buyerA, [{ code: 'WATER-550', qty: '1箱' }]);
    expect(r.rows[0]!.message).toBe('库存不足，不够合计需要的 1 箱（24 瓶），请减少数量');
  });

  it('exact, and staff ordering on behalf: what is available, in the unit ordered', async () => {
    await setMode('exact');
    await setStock(41);
    const r = await quick(buyerA, [{ code: WATER_BARCODE, qty: '100箱' }]);
    expect(r.rows[0]!.message).toBe('库存不足：可订 1 箱 + 17 瓶（41 瓶），合计需要 100 箱（2400 瓶）');
    const cart = (await buyerA.post('/api/cart/lines', { skuId: w.WATER, unit: '箱', qty: 2 })).json();
    expect(cart.lines[0].problems[0].message).toBe('库存不足：可订 1 箱 + 17 瓶（41 瓶），您订购 2 箱（48 瓶）');
    await buyerA.delete('/api/cart');
    await setMode('hidden');
    const s = await quick(sales, [{ code: 'WATER-550', qty: '50' }], `?customerId=${t.fx.companyA}`);
    expect(s.rows[0]!.message).toBe('库存不足：可订 41 瓶，合计需要 50 瓶');
    await sales.delete(`/api/cart?customerId=${t.fx.companyA}`);
    await setMode('levels');
    await setStock(1000);
  });
});
