import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import { cartWorld, type CartWorld } from './test-world';

/** The live cart through HTTP: units, prices, problems, scoping, ordering on behalf. */
let t: TestApp;
let w: CartWorld;
let buyerA: Client, buyerB: Client, ownerA: Client, sales: Client, sales2: Client, admin: Client, warehouse: Client, finance: Client;

beforeAll(async () => {
  t = await createTestApp();
  w = await cartWorld(t, 100);
  [buyerA, buyerB, ownerA, sales, sales2, admin, warehouse, finance] = await Promise.all(['buyerA', 'buyerB', 'ownerA', 'sales', 'sales2', 'admin', 'warehouse', 'finance'].map((l) => t.as(l)));
});
afterAll(() => t.close());

type Line = { id: number; skuId: number; unit: string; unitQty: number; qty: number; unitPrice: number; lineTotal: number; available: number; problems: { code: string; message: string }[] };

describe('cart lines in selling units', () => {
  it('starts empty', async () => {
    const r = await buyerA.get('/api/cart');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ cartId: null, lines: [], ok: false, totals: { total: 0 } });
  });

  it('adds 2 箱 of water as 48 瓶 at the customer price, and 6 瓶 more as a second line', async () => {
    let r = await buyerA.post('/api/cart/lines', { skuId: w.WATER, unit: '箱', qty: 2 });
    expect(r.statusCode, r.body).toBe(200);
    r = await buyerA.post('/api/cart/lines', { skuId: w.WATER, qty: 6 });
    const cart = r.json();
    expect(cart.lines).toHaveLength(2);
    const [box, bottle] = cart.lines as Line[];
    expect(box).toMatchObject({ unit: '箱', unitQty: 2, qty: 48, unitPrice: 200, lineTotal: 9600 });
    expect(bottle).toMatchObject({ unit: '瓶', unitQty: 6, qty: 6, lineTotal: 1200 });
    expect(cart.totals).toMatchObject({ lines: 2, skus: 1, qty: 54, subtotal: 10800, total: 10800 });
    expect(cart.ok).toBe(true);
  });

  it('adding the same SKU in the same unit adds up; count badge follows', async () => {
    await buyerA.post('/api/cart/lines', { skuId: w.WATER, unit: '箱', qty: 1 });
    const cart = (await buyerA.get('/api/cart')).json();
    expect((cart.lines as Line[]).find((l) => l.unit === '箱')).toMatchObject({ unitQty: 3, qty: 72 });
    expect((await buyerA.get('/api/cart/count')).json()).toEqual({ lines: 2 });
  });

  it('shows problems per line: short of stock (no number under the default levels setting), below MOQ, not a multiple', async () => {
    // 72 + 6 = 78 of 100 available: fine. Make it 5 箱 = 120 + 6 → short.
    const box = ((await buyerA.get('/api/cart')).json().lines as Line[]).find((l) => l.unit === '箱')!;
    let cart = (await buyerA.patch(`/api/cart/lines/${box.id}`, { qty: 5 })).json();
    let lines = cart.lines as Line[];
    expect(lines[0]!.problems.map((p) => p.code)).toEqual(['LINE_SHORT']);
    expect(lines[0]!.problems[0]!.message).toContain('库存不足');
    expect(JSON.stringify(lines[0])).not.toContain('100');
    expect(cart.ok).toBe(false);
    // SKU rules: MOQ 200, multiple of 4 → 126 is below and not a multiple
    await t.db.updateTable('skus').set({ moq: 200, order_multiple: 4 }).where('id', '=', w.WATER).execute();
    lines = (await buyerA.get('/api/cart')).json().lines;
    expect(lines[1]!.problems.map((p) => p.code).sort()).toEqual(['LINE_BELOW_MOQ', 'LINE_NOT_MULTIPLE', 'LINE_SHORT']);
    await t.db.updateTable('skus').set({ moq: 1, order_multiple: 1 }).where('id', '=', w.WATER).execute();
    cart = (await buyerA.patch(`/api/cart/lines/${box.id}`, { qty: 2 })).json();
    expect(cart.ok).toBe(true);
    expect(cart.lines.every((l: Line) => l.problems.length === 0)).toBe(true);
  });

  it('shows an English message with Accept-Language: en', async () => {
    await t.db.updateTable('skus').set({ moq: 500 }).where('id', '=', w.WATER).execute();
    const lines = (await buyerA.get('/api/cart', { 'accept-language': 'en' })).json().lines as Line[];
    expect(lines[0]!.problems[0]!.message).toMatch(/Minimum order is 500/);
    await t.db.updateTable('skus').set({ moq: 1 }).where('id', '=', w.WATER).execute();
  });

  it('a product taken off the shelf or hidden later shows as a problem on the line', async () => {
    const r = await buyerA.post('/api/cart/lines', { skuId: w.COLA, qty: 3 });
    const cola = (r.json().lines as Line[]).find((l) => l.skuId === w.COLA)!;
    await t.db.updateTable('skus').set({ active: false }).where('id', '=', w.COLA).execute();
    let lines = (await buyerA.get('/api/cart')).json().lines as Line[];
    expect(lines.find((l) => l.id === cola.id)!.problems.map((p) => p.code)).toEqual(['LINE_OFF_SHELF']);
    await t.db.updateTable('skus').set({ active: true }).where('id', '=', w.COLA).execute();
    const pid = (await t.db.selectFrom('skus').select('product_id').where('id', '=', w.COLA).executeTakeFirstOrThrow()).product_id;
    const vis = await t.db.insertInto('product_visibility').values({ product_id: pid, company_id: t.fx.companyB, tier_id: null, province: null, city: null }).returning('id').executeTakeFirstOrThrow();
    lines = (await buyerA.get('/api/cart')).json().lines as Line[];
    expect(lines.find((l) => l.id === cola.id)!.problems.map((p) => p.code)).toEqual(['LINE_HIDDEN']);
    await t.db.deleteFrom('product_visibility').where('id', '=', vis.id).execute();
    expect((await buyerA.delete(`/api/cart/lines/${cola.id}`)).json().lines).toHaveLength(2);
  });
});

describe('bad input changes nothing', () => {
  it('refuses bad quantities, units, hidden, unknown and off-shelf SKUs with a clear 4xx', async () => {
    const before = await w.state();
    const cases: [unknown, number, string][] = [
      [{ skuId: w.WATER, qty: 0 }, 400, 'VALIDATION'],
      [{ skuId: w.WATER, qty: -1 }, 400, 'VALIDATION'],
      [{ skuId: w.WATER, qty: 1.5 }, 400, 'VALIDATION'],
      [{ skuId: w.WATER, qty: 1e12 }, 400, 'VALIDATION'],
      [{ skuId: w.WATER, qty: '3' }, 400, 'VALIDATION'],
      [{ skuId: w.WATER }, 400, 'VALIDATION'],
      [{ skuId: w.WATER, qty: 1, extra: 1 }, 400, 'VALIDATION'],
      [{ skuId: w.WATER, qty: 1, unit: '吨' }, 422, 'UNKNOWN_UNIT'],
      [{ skuId: w.WATER, qty: 1, unit: '😀'.repeat(20) }, 400, 'VALIDATION'],
      [{ skuId: w.WATER, unit: '箱', qty: 9_999_999 }, 422, 'QTY_TOO_LARGE'],
      [{ skuId: w.HIDDEN, qty: 1 }, 404, 'NOT_FOUND'],
      [{ skuId: 999_999, qty: 1 }, 404, 'NOT_FOUND'],
      [{ skuId: w.JUICE, qty: 1 }, 422, 'SKU_OFF_SHELF'],
    ];
    for (const [body, status, code] of cases) {
      const r = await buyerA.post('/api/cart/lines', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(status);
      expect(r.json().error.code).toBe(code);
      expect(r.json().error.message.length).toBeGreaterThan(3);
    }
    expect(await w.state()).toEqual(before);
  });

  it('the hidden SKU is orderable by the company it is visible to', async () => {
    const r = await buyerB.post('/api/cart/lines', { skuId: w.HIDDEN, qty: 2 });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().lines[0]).toMatchObject({ code: 'GIFT-BOX', qty: 2, unit: '盒' });
  });

  it('another buyer\'s line is 404; a customer naming another company is 404', async () => {
    const lineA = (await buyerA.get('/api/cart')).json().lines[0].id;
    const before = await w.state();
    expect((await buyerB.patch(`/api/cart/lines/${lineA}`, { qty: 1 })).statusCode).toBe(404);
    expect((await buyerB.delete(`/api/cart/lines/${lineA}`)).statusCode).toBe(404);
    // same company, another user: carts are per user
    expect((await ownerA.patch(`/api/cart/lines/${lineA}`, { qty: 1 })).statusCode).toBe(404);
    expect((await buyerA.get(`/api/cart?customerId=${t.fx.companyB}`)).statusCode).toBe(404);
    expect((await buyerA.post(`/api/cart/lines?customerId=${t.fx.companyB}`, { skuId: w.WATER, qty: 1 })).statusCode).toBe(404);
    expect((await buyerA.get(`/api/cart?customerId=${t.fx.companyA}`)).statusCode).toBe(200);
    expect((await buyerA.get('/api/cart?customerId=abc')).statusCode).toBe(400);
    expect(await w.state()).toEqual(before);
  });
});

describe('ordering on behalf (代客下单): who may build a cart for whom', () => {
  it('staff must name the customer', async () => {
    const r = await sales.get('/api/cart');
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('CUSTOMER_REQUIRED');
  });

  it('a sales rep builds a cart for their own customer, not for another rep\'s', async () => {
    const before = await w.state();
    expect((await sales.post(`/api/cart/lines?customerId=${t.fx.companyB}`, { skuId: w.WATER, qty: 1 })).statusCode).toBe(404);
    expect((await sales2.get(`/api/cart?customerId=${t.fx.companyA}`)).statusCode).toBe(404);
    expect(await w.state()).toEqual(before);
    const r = await sales.post(`/api/cart/lines?customerId=${t.fx.companyA}`, { skuId: w.COLA, unit: '箱', qty: 1 });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ companyId: t.fx.companyA, onBehalf: true, lines: [{ qty: 24 }] });
    // the rep's cart for A is not the buyer's cart
    expect((await buyerA.get('/api/cart')).json().lines.some((l: Line) => l.skuId === w.COLA)).toBe(false);
  });

  it('admin may order for any customer; warehouse and finance may not use carts', async () => {
    expect((await admin.get(`/api/cart?customerId=${t.fx.companyB}`)).statusCode).toBe(200);
    expect((await warehouse.get(`/api/cart?customerId=${t.fx.companyA}`)).statusCode).toBe(403);
    expect((await finance.post(`/api/cart/lines?customerId=${t.fx.companyA}`, { skuId: w.WATER, qty: 1 })).statusCode).toBe(403);
    expect((await t.anon.get('/api/cart')).statusCode).toBe(401);
  });

  it('a hidden product stays hidden when a rep orders for a customer who cannot see it', async () => {
    expect((await sales.post(`/api/cart/lines?customerId=${t.fx.companyA}`, { skuId: w.HIDDEN, qty: 1 })).statusCode).toBe(404);
    expect((await admin.post(`/api/cart/lines?customerId=${t.fx.companyB}`, { skuId: w.HIDDEN, qty: 1 })).statusCode).toBe(200);
  });
});

describe('clearing', () => {
  it('empties the cart', async () => {
    const r = await buyerB.delete('/api/cart');
    expect(r.statusCode).toBe(200);
    expect(r.json().lines).toEqual([]);
    expect((await buyerB.get('/api/cart/count')).json()).toEqual({ lines: 0 });
  });
});
