import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import { cartWorld, idem, type CartWorld } from './test-world';

/**
 * Customers see stock only as the supplier's display setting allows (exact / levels / hidden),
 * on the product page, in the cart, in quick order, 常买清单 and when a submission runs short;
 * staff (also ordering on behalf) always see the number. COLA has an odd 4321 available, so a
 * leak anywhere in a customer's JSON is found by looking for that number.
 */
let t: TestApp;
let w: CartWorld;
let buyerA: Client, sales: Client, admin: Client;
let colaProduct: number;
const AVAILABLE = 4321;
const asA = `customerId=`;

beforeAll(async () => {
  t = await createTestApp();
  w = await cartWorld(t, 1000);
  [buyerA, sales, admin] = await Promise.all(['buyerA', 'sales', 'admin'].map((l) => t.as(l)));
  await t.db.updateTable('stock_levels').set({ on_hand: AVAILABLE }).where('sku_id', '=', w.COLA).execute();
  colaProduct = Number((await t.db.selectFrom('skus').select('product_id').where('id', '=', w.COLA).executeTakeFirstOrThrow()).product_id);
});
afterAll(() => t.close());

const setMode = async (mode: 'exact' | 'levels' | 'hidden') =>
  expect((await admin.put('/api/inventory/settings', { customerDisplay: { mode } })).statusCode).toBe(200);
const leaks = (body: unknown) => JSON.stringify(body).includes(String(AVAILABLE));
const onBehalf = () => `${asA}${t.fx.companyA}`;

/** Puts 5000 COLA (more than the 4321 available) in a cart and reads everything a caller sees about it. */
async function look(c: Client, query = '') {
  const q = query ? `?${query}` : '';
  const amp = query ? `&${query}` : '';
  await c.delete(`/api/cart${q}`);
  const page = (await c.get(`/api/catalog/products/${colaProduct}${q}`)).json();
  const sku = page.skus.find((s: { id: number }) => s.id === w.COLA);
  const cart = (await c.post(`/api/cart/lines${q}`, { skuId: w.COLA, qty: 5000 })).json();
  const line = cart.lines[0];
  const quick = (await c.post(`/api/cart/quick${q}`, { rows: [{ code: 'COLA-330', qty: '1' }] })).json();
  const lookup = (await c.get(`/api/cart/skus?q=COLA${amp}`)).json();
  const submit = await c.post(`/api/cart/submit${q}`, { addressId: w.addrA, paymentMethod: 'transfer' }, idem());
  await c.delete(`/api/cart${q}`);
  return { page, sku, cart, line, quick, lookup, submit: { status: submit.statusCode, body: submit.json() } };
}

describe('customer stock display follows the supplier setting', () => {
  it('levels: a level (紧张/充足/缺货) and "库存不足" but never the number; staff see it', async () => {
    await setMode('levels');
    const b = await look(buyerA);
    expect(b.sku).toMatchObject({ available: null, stock: 'plenty' });
    expect(b.line).toMatchObject({ available: null, stockLevel: 'plenty', problems: [{ code: 'LINE_SHORT', params: { qty: 5000 } }] });
    expect(b.line.problems[0].message).toContain('库存不足');
    expect(b.quick.rows[0]).toMatchObject({ status: 'rejected', reason: 'ROW_SHORT', available: null, stockLevel: 'plenty' });
    expect(b.lookup[0]).toMatchObject({ code: 'COLA-330', available: null, stockLevel: 'plenty' });
    expect(b.submit.status).toBe(409);
    expect(b.submit.body.error).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: [{ code: 'COLA-330', requested: 5000 }] });
    expect(b.submit.body.error.message).toContain('库存不足');
    for (const part of Object.values(b)) expect(leaks(part)).toBe(false);

    const s = await look(sales, onBehalf());
    expect(s.sku).toMatchObject({ available: AVAILABLE, stock: 'plenty' });
    expect(s.line).toMatchObject({ available: AVAILABLE, problems: [{ code: 'LINE_SHORT', params: { available: AVAILABLE } }] });
    expect(s.line.problems[0].message).toContain(`可订 ${AVAILABLE}`);
    expect(s.quick.rows[0].message).toContain(`可订 ${AVAILABLE}`);
    expect(s.lookup[0]).toMatchObject({ available: AVAILABLE });
    expect(s.submit.status).toBe(409);
    expect(s.submit.body.error).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: [{ code: 'COLA-330', requested: 5000, available: AVAILABLE }] });
    expect(s.submit.body.error.message).toContain(String(AVAILABLE));
  });

  it('hidden: no level and no number for customers (still refused with "库存不足"); staff see the number', async () => {
    await setMode('hidden');
    const b = await look(buyerA);
    expect(b.sku).toMatchObject({ available: null, stock: null });
    expect(b.line).toMatchObject({ available: null, stockLevel: null, problems: [{ code: 'LINE_SHORT' }] });
    expect(b.line.problems[0].message).toContain('库存不足');
    expect(b.lookup[0]).toMatchObject({ available: null, stockLevel: null });
    expect(b.submit.status).toBe(409);
    expect(b.submit.body.error.code).toBe('INSUFFICIENT_STOCK');
    for (const part of Object.values(b)) expect(leaks(part)).toBe(false);
    // English wording has no number either
    const en = (await buyerA.post('/api/cart/lines', { skuId: w.COLA, qty: 5000 }, { 'accept-language': 'en' })).json();
    expect(en.lines[0].problems[0].message).toMatch(/Not enough stock/);
    expect(leaks(en)).toBe(false);
    await buyerA.delete('/api/cart');

    const s = await look(sales, onBehalf());
    expect(s.sku).toMatchObject({ available: AVAILABLE, stock: 'plenty' });
    expect(s.line).toMatchObject({ available: AVAILABLE });
    expect(s.submit.body.error.details[0]).toMatchObject({ available: AVAILABLE });
  });

  it('exact: customers see the number everywhere, as staff do', async () => {
    await setMode('exact');
    const b = await look(buyerA);
    expect(b.sku).toMatchObject({ available: AVAILABLE, stock: 'plenty' });
    expect(b.line).toMatchObject({ available: AVAILABLE, stockLevel: 'plenty', problems: [{ code: 'LINE_SHORT', params: { available: AVAILABLE } }] });
    expect(b.line.problems[0].message).toContain(`可订 ${AVAILABLE}`);
    expect(b.quick.rows[0]).toMatchObject({ reason: 'ROW_SHORT', available: AVAILABLE });
    expect(b.lookup[0]).toMatchObject({ available: AVAILABLE });
    expect(b.submit.body.error).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: [{ requested: 5000, available: AVAILABLE }] });
    await setMode('levels');
  });

  it('a short submission writes nothing and leaves the cart as it was', async () => {
    await buyerA.post('/api/cart/lines', { skuId: w.COLA, qty: 5000 });
    const before = await w.state();
    const r = await buyerA.post('/api/cart/submit', { addressId: w.addrA, paymentMethod: 'transfer' }, idem());
    expect(r.statusCode).toBe(409);
    expect(await w.state()).toEqual(before);
    await buyerA.delete('/api/cart');
  });

  it('a short submission says the quantity in the unit ordered and in base units: 需要 2 箱（48 瓶），可用 30 瓶', async () => {
    await t.db.updateTable('stock_levels').set({ on_hand: 30 }).where('sku_id', '=', w.WATER).execute();
    try {
      await setMode('exact');
      await buyerA.delete('/api/cart');
      expect((await buyerA.post('/api/cart/lines', { skuId: w.WATER, unit: '箱', qty: 2 })).statusCode).toBe(200);
      const submit = (headers: Record<string, string> = {}) => buyerA.post('/api/cart/submit', { addressId: w.addrA, paymentMethod: 'transfer' }, { ...idem(), ...headers });
      const zh = await submit();
      expect(zh.statusCode).toBe(409);
      expect(zh.json().error.message).toBe('商品 WATER-550 库存不足：需要 2 箱（48 瓶），可用 30 瓶');
      // the details stay numbers in base units, for programs
      expect(zh.json().error.details).toEqual([{ skuId: w.WATER, code: 'WATER-550', requested: 48, available: 30 }]);
      const en = await submit({ 'accept-language': 'en' });
      expect(en.json().error.message).toBe('Not enough stock of WATER-550: 2 箱 (48 瓶) requested, 30 瓶 available');
      // under the levels setting the customer still reads the units, never the available number
      await setMode('levels');
      const levels = await submit();
      expect(levels.json().error.message).toBe('商品 WATER-550 库存不足（需要 2 箱（48 瓶）），请减少数量或稍后再订');
      expect(levels.json().error.details).toEqual([{ skuId: w.WATER, code: 'WATER-550', requested: 48 }]);
      // a rep ordering on the customer's behalf sees the available quantity in base units
      await sales.delete(`/api/cart?${onBehalf()}`);
      expect((await sales.post(`/api/cart/lines?${onBehalf()}`, { skuId: w.WATER, unit: '箱', qty: 2 })).statusCode).toBe(200);
      const rep = await sales.post(`/api/cart/submit?${onBehalf()}`, { addressId: w.addrA, paymentMethod: 'transfer' }, idem());
      expect(rep.json().error.message).toBe('商品 WATER-550 库存不足：需要 2 箱（48 瓶），可用 30 瓶');
    } finally {
      await buyerA.delete('/api/cart');
      await sales.delete(`/api/cart?${onBehalf()}`);
      await t.db.updateTable('stock_levels').set({ on_hand: 1000 }).where('sku_id', '=', w.WATER).execute();
      await setMode('levels');
    }
  });
});
