import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import { localDay } from '../orders/numbers';
import { DEFAULT_WORKFLOW, WORKFLOW_SETTING } from '../orders/settings';
import { setSetting } from '../platform/settings';
import { cartWorld, idem, moreBuyers, type CartWorld } from './test-world';

/** Checkout and submission through HTTP: one transaction, idempotent, no oversell, unique numbers. */
let t: TestApp;
let w: CartWorld;
let buyerA: Client, buyerB: Client, ownerA: Client, sales: Client, admin: Client;
const today = localDay(new Date(), 'Asia/Shanghai');

beforeAll(async () => {
  t = await createTestApp();
  w = await cartWorld(t, 1000);
  [buyerA, buyerB, ownerA, sales, admin] = await Promise.all(['buyerA', 'buyerB', 'ownerA', 'sales', 'admin'].map((l) => t.as(l)));
});
afterAll(() => t.close());

const submitBody = () => ({ addressId: w.addrA, paymentMethod: 'transfer', invoiceType: 'none', customerPo: 'PO-2026-001', note: '请走后门 🚚', wishedDeliveryDate: '2026-12-24' });

describe('checkout preview', () => {
  it('shows addresses, payment methods by terms, the price breakdown and approval', async () => {
    await buyerA.post('/api/cart/lines', { skuId: w.WATER, unit: '箱', qty: 2 });
    await buyerA.post('/api/cart/lines', { skuId: w.COLA, qty: 10 });
    const p = (await buyerA.get('/api/cart/checkout')).json();
    expect(p.paymentTerms).toBe('prepay');
    expect(p.paymentMethods).toEqual(['online', 'transfer', 'balance']);
    expect(p.addresses.map((a: { id: number }) => a.id)).toEqual([w.addrA]);
    expect(p.cart.totals).toMatchObject({ subtotal: 48 * 200 + 10 * 250, total: 12_100, shippingFee: 0 });
    expect(p.invoiceTypes).toEqual(['none']);
    expect(p.willNeedApproval).toBe(false);
    for (const [terms, methods] of [['cod', ['cod', 'online', 'transfer', 'balance']], ['credit', ['credit', 'online', 'transfer', 'balance']]] as const) {
      await t.db.updateTable('companies').set({ payment_terms: terms }).where('id', '=', t.fx.companyA).execute();
      expect((await buyerA.get('/api/cart/checkout')).json().paymentMethods).toEqual(methods);
    }
    await t.db.updateTable('companies').set({ payment_terms: 'prepay' }).where('id', '=', t.fx.companyA).execute();
  });
});

describe('submission refuses bad input and writes nothing', () => {
  it('needs an Idempotency-Key, a valid body and the customer\'s own address', async () => {
    const before = await w.state();
    const cases: [Record<string, unknown>, Record<string, string>, number, string][] = [
      [submitBody(), {}, 400, 'IDEMPOTENCY_KEY_REQUIRED'],
      [{ ...submitBody(), addressId: undefined }, idem(), 400, 'VALIDATION'],
      [{ ...submitBody(), addressId: 'x' }, idem(), 400, 'VALIDATION'],
      [{ ...submitBody(), addressId: w.addrB }, idem(), 404, 'NOT_FOUND'],
      [{ ...submitBody(), addressId: 987_654 }, idem(), 404, 'NOT_FOUND'],
      [{ ...submitBody(), paymentMethod: 'cod' }, idem(), 422, 'PAYMENT_METHOD_NOT_ALLOWED'],
      [{ ...submitBody(), paymentMethod: 'bitcoin' }, idem(), 400, 'VALIDATION'],
      [{ ...submitBody(), invoiceType: 'special' }, idem(), 422, 'INVOICE_PROFILE_MISSING'],
      [{ ...submitBody(), wishedDeliveryDate: '2026-02-30' }, idem(), 400, 'VALIDATION'],
      [{ ...submitBody(), note: '长'.repeat(501) }, idem(), 400, 'VALIDATION'],
      [{ ...submitBody(), expectedTotal: -1 }, idem(), 400, 'VALIDATION'],
      [{ ...submitBody(), expectedTotal: 1 }, idem(), 409, 'PRICE_CHANGED'],
      [submitBody(), { 'idempotency-key': 'has space' }, 400, 'VALIDATION'],
    ];
    for (const [body, headers, status, code] of cases) {
      const r = await buyerA.post('/api/cart/submit', body, headers);
      expect(r.statusCode, `${JSON.stringify(body)} ${r.body}`).toBe(status);
      expect(r.json().error.code).toBe(code);
    }
    expect(await w.state()).toEqual(before);
  });

  it('a cart with a problem line is refused naming the line', async () => {
    await t.db.updateTable('skus').set({ moq: 30 }).where('id', '=', w.COLA).execute();
    const before = await w.state();
    const r = await buyerA.post('/api/cart/submit', submitBody(), idem());
    expect(r.statusCode).toBe(422);
    expect(r.json().error).toMatchObject({ code: 'ORDER_LINES_INVALID', details: [{ code: 'COLA-330', problems: [{ code: 'LINE_BELOW_MOQ' }] }] });
    expect(await w.state()).toEqual(before);
    await t.db.updateTable('skus').set({ moq: 1 }).where('id', '=', w.COLA).execute();
  });

  it('stock that ran out between cart and submit fails whole with the lines (no available quantity for a customer under levels)', async () => {
    // someone else takes most of the cola: 1000 → 5 available
    await t.db.updateTable('stock_levels').set({ reserved: 995 }).where('sku_id', '=', w.COLA).execute();
    const before = await w.state();
    const r = await buyerA.post('/api/cart/submit', submitBody(), idem());
    expect(r.statusCode).toBe(409);
    expect(r.json().error).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: [{ code: 'COLA-330', requested: 10 }] });
    expect(r.json().error.details[0]).not.toHaveProperty('available');
    expect(await w.state()).toEqual(before);
    const water = await t.db.selectFrom('stock_levels').select('reserved').where('sku_id', '=', w.WATER).executeTakeFirstOrThrow();
    expect(water.reserved).toBe(0);
    await t.db.updateTable('stock_levels').set({ reserved: 0 }).where('sku_id', '=', w.COLA).execute();
  });

  it('an empty cart cannot be submitted', async () => {
    const r = await buyerB.post('/api/cart/submit', { addressId: w.addrB }, idem());
    expect(r.statusCode).toBe(422);
    expect(r.json().error.code).toBe('ORDER_EMPTY');
  });

  it('a coupon named by the buyer is refused when it is not theirs, even while no promotion or coupon is live (never full price silently)', async () => {
    await buyerB.post('/api/cart/lines', { skuId: w.COLA, qty: 2 });
    const orders = await t.db.selectFrom('orders').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const r = await buyerB.post('/api/cart/submit', { addressId: w.addrB, paymentMethod: 'transfer', couponId: 987_654 }, idem());
    expect(r.statusCode, r.body).toBe(409);
    expect(r.json().error.code).toBe('MK_COUPON_UNKNOWN');
    expect(await t.db.selectFrom('orders').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual(orders);
    await t.db.deleteFrom('cart_lines').where('cart_id', 'in', t.db.selectFrom('carts').select('id').where('company_id', '=', t.fx.companyB)).execute();
  });
});

describe('a submitted order', () => {
  let orderId: number;
  it('is created with frozen prices, reserved stock, a history row, an event, and the cart is emptied', async () => {
    const key = idem();
    const r = await buyerA.post('/api/cart/submit', { ...submitBody(), expectedTotal: 12_100 }, key);
    expect(r.statusCode, r.body).toBe(200);
    const { order, replayed } = r.json();
    expect(replayed).toBe(false);
    expect(order).toMatchObject({ number: `SO${today}-0001`, status: 'pending_review', total: 12_100, lines: 2, paymentMethod: 'transfer', onBehalf: false });
    orderId = order.id;
    const row = await t.db.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ company_id: t.fx.companyA, buyer_user_id: t.fx.users.buyerA, placed_by_user_id: t.fx.users.buyerA, on_behalf: false, customer_po: 'PO-2026-001', note: '请走后门 🚚', subtotal: 12_100 });
    expect(row.address).toMatchObject({ contact: '张三', province: '浙江省', detail: '文三路 1 号' });
    const lines = await t.db.selectFrom('order_lines').selectAll().where('order_id', '=', orderId).orderBy('line_no').execute();
    expect(lines.map((l) => [l.sku_code, l.unit, l.unit_factor, l.qty, l.unit_price, l.line_total])).toEqual([
      ['WATER-550', '箱', 24, 48, 200, 9600],
      ['COLA-330', '罐', 1, 10, 250, 2500],
    ]);
    expect(lines[0]!.price_rule).toMatchObject({ kind: 'base_price' });
    const res = await t.db.selectFrom('reservations').select(['sku_id', 'qty']).where('order_id', '=', orderId).orderBy('sku_id').execute();
    expect(res).toEqual([{ sku_id: w.WATER, qty: 48 }, { sku_id: w.COLA, qty: 10 }]);
    const hist = await t.db.selectFrom('order_history').selectAll().where('order_id', '=', orderId).execute();
    expect(hist).toMatchObject([{ event: 'submit', from_status: null, to_status: 'pending_review', actor_user_id: t.fx.users.buyerA }]);
    const ev = await t.db.selectFrom('outbox').select('payload').where('topic', '=', 'order.submitted').execute();
    expect(ev.map((e) => e.payload)).toEqual([expect.objectContaining({ orderId, number: order.number, total: 12_100 })]);
    expect((await buyerA.get('/api/cart')).json().lines).toEqual([]);
    // a retry with the same key and body answers the same order and writes nothing
    const before = await w.state();
    const again = await buyerA.post('/api/cart/submit', { ...submitBody(), expectedTotal: 12_100 }, key);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ order, replayed: true });
    expect(await w.state()).toEqual(before);
    // the same key with another body is refused clearly
    const other = await buyerA.post('/api/cart/submit', { ...submitBody(), note: 'changed' }, key);
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('a price list applies at submission and its rule is frozen on the line', async () => {
    const pl = await t.db.insertInto('price_lists').values({ name: '甲公司合同价', kind: 'customer', company_id: t.fx.companyA, tier_id: null, valid_from: null, valid_to: null, notes: null }).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('price_list_items').values([{ price_list_id: pl.id, sku_id: w.WATER, min_qty: 1, fixed_price: 180, discount_bp: null }, { price_list_id: pl.id, sku_id: w.WATER, min_qty: 24, fixed_price: 170, discount_bp: null }]).execute();
    await buyerA.post('/api/cart/lines', { skuId: w.WATER, unit: '箱', qty: 1 });
    const r = await buyerA.post('/api/cart/submit', submitBody(), idem());
    expect(r.json().order.total).toBe(24 * 170);
    const line = await t.db.selectFrom('order_lines').selectAll().where('order_id', '=', r.json().order.id).executeTakeFirstOrThrow();
    expect(line).toMatchObject({ unit_price: 170, base_price: 200, line_total: 4080 });
    expect(line.price_rule).toMatchObject({ kind: 'customer_price_list', priceListId: pl.id, minQty: 24, fixedPrice: 170 });
    await t.db.deleteFrom('price_lists').where('id', '=', pl.id).execute();
  });

  it('over the buyer\'s spending limit the order waits for the customer admin\'s approval', async () => {
    await t.db.insertInto('company_buyer_limits').values({ user_id: t.fx.users.buyerA, company_id: t.fx.companyA, order_limit: 1000 }).execute();
    await buyerA.post('/api/cart/lines', { skuId: w.COLA, qty: 5 });
    expect((await buyerA.get('/api/cart/checkout')).json()).toMatchObject({ buyerLimit: 1000, willNeedApproval: true });
    const r = await buyerA.post('/api/cart/submit', submitBody(), idem());
    expect(r.json().order).toMatchObject({ status: 'awaiting_approval', total: 1250 });
    await buyerA.post('/api/cart/lines', { skuId: w.COLA, qty: 4 });
    expect((await buyerA.post('/api/cart/submit', submitBody(), idem())).json().order.status).toBe('pending_review');
    await t.db.deleteFrom('company_buyer_limits').execute();
  });

  it('a sales rep orders on behalf: placed_by is the rep, on_behalf is set, no buyer limit applies', async () => {
    await ownerA.get('/api/cart'); // the customer's own cart is separate
    await sales.post(`/api/cart/lines?customerId=${t.fx.companyA}`, { skuId: w.WATER, qty: 12 });
    const r = await sales.post(`/api/cart/submit?customerId=${t.fx.companyA}`, { addressId: w.addrA }, idem());
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().order).toMatchObject({ onBehalf: true, status: 'pending_review', paymentMethod: 'online' });
    const row = await t.db.selectFrom('orders').selectAll().where('id', '=', r.json().order.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ placed_by_user_id: t.fx.users.sales, buyer_user_id: null, on_behalf: true, company_id: t.fx.companyA });
    const audit = await t.db.selectFrom('audit_log').select(['actor_user_id', 'action']).where('action', '=', 'order.submit').where('entity_id', '=', String(row.id)).execute();
    expect(audit).toEqual([{ actor_user_id: t.fx.users.sales, action: 'order.submit' }]);
    // admin orders for company B with B's address; A's address is 404 for B
    await admin.post(`/api/cart/lines?customerId=${t.fx.companyB}`, { skuId: w.WATER, qty: 1 });
    expect((await admin.post(`/api/cart/submit?customerId=${t.fx.companyB}`, { addressId: w.addrA }, idem())).statusCode).toBe(404);
    expect((await admin.post(`/api/cart/submit?customerId=${t.fx.companyB}`, { addressId: w.addrB }, idem())).statusCode).toBe(200);
  });
});

describe('the first step comes from the workflow', () => {
  it('with order review off, a prepaid order goes straight to waiting for payment; history shows both steps', async () => {
    await setSetting(t.db, WORKFLOW_SETTING, { ...DEFAULT_WORKFLOW, orderReview: false });
    await buyerA.post('/api/cart/lines', { skuId: w.WATER, qty: 2 });
    const r = await buyerA.post('/api/cart/submit', { addressId: w.addrA, paymentMethod: 'online' }, idem());
    expect(r.statusCode, r.body).toBe(200);
    const { order } = r.json();
    const row = await t.db.selectFrom('orders').select('status').where('id', '=', order.id).executeTakeFirstOrThrow();
    expect(order.status).toBe(row.status);
    expect(row.status).not.toBe('pending_review');
    const hist = await t.db.selectFrom('order_history').select(['event', 'to_status']).where('order_id', '=', order.id).orderBy('id').execute();
    expect(hist[0]).toEqual({ event: 'submit', to_status: 'pending_review' });
    expect(hist.at(-1)!.to_status).toBe(row.status);
    await setSetting(t.db, WORKFLOW_SETTING, DEFAULT_WORKFLOW);
  });
});

describe('concurrency', () => {
  it('the same Idempotency-Key submitted 20 times at once makes one order', async () => {
    await buyerB.post('/api/cart/lines', { skuId: w.COLA, qty: 2 });
    const before = (await t.db.selectFrom('orders').select('id').execute()).length;
    const key = idem();
    const rs = await Promise.all(Array.from({ length: 20 }, () => buyerB.post('/api/cart/submit', { addressId: w.addrB }, key)));
    expect(rs.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
    expect(new Set(rs.map((r) => r.json().order.id)).size).toBe(1);
    expect(rs.filter((r) => !r.json().replayed)).toHaveLength(1);
    expect((await t.db.selectFrom('orders').select('id').execute()).length).toBe(before + 1);
  });

  it('buyers competing for scarce stock never oversell, and every order gets its own number', async () => {
    const p = await t.db.insertInto('products').values({ name: '限量 月饼礼盒', subtitle: null, category_id: null, brand_id: null, base_unit: '盒' }).returning('id').executeTakeFirstOrThrow();
    const sku = await t.db.insertInto('skus').values({ product_id: p.id, code: 'MOON-LTD', barcode: null, base_price: 9900, retail_price: null, weight_grams: null }).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('stock_levels').values({ sku_id: sku.id, warehouse_id: w.warehouseId, on_hand: 7, reserved: 0 }).execute();
    const buyers = await moreBuyers(t, t.fx.companyA, 'rush', 12);
    for (const b of buyers) expect((await b.post('/api/cart/lines', { skuId: sku.id, qty: 1 })).statusCode).toBe(200);
    const rs = await Promise.all(buyers.map((b) => b.post('/api/cart/submit', { addressId: w.addrA }, idem())));
    const ok = rs.filter((r) => r.statusCode === 200);
    expect(ok).toHaveLength(7);
    expect(rs.filter((r) => r.statusCode === 409).every((r) => r.json().error.code === 'INSUFFICIENT_STOCK')).toBe(true);
    const level = await t.db.selectFrom('stock_levels').select(['on_hand', 'reserved']).where('sku_id', '=', sku.id).executeTakeFirstOrThrow();
    expect(level).toEqual({ on_hand: 7, reserved: 7 });
    const numbers = (await t.db.selectFrom('orders').select('number').execute()).map((o) => o.number);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers.every((n) => new RegExp(`^SO${today}-\\d{4}$`).test(n))).toBe(true);
    const seqs = numbers.map((n) => Number(n.slice(-4))).sort((a, b) => a - b);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1)); // no gaps, no duplicates
  });
});
