import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';
import { createTestOrder, seedWarehouseStock } from '../../test/order-fixtures';
import { expectLedgerConsistent, multipart, voucherPng } from './testkit';

let t: TestApp;
let admin: Client, finance: Client, sales: Client, sales2: Client, warehouse: Client, buyerA: Client, ownerA: Client, buyerB: Client;
let WATER: number;
let png: Buffer;
const state = () => counts(t.db, ['payments', 'ledger_journals', 'ledger_entries', 'customer_accounts', 'refunds', 'audit_log', 'outbox']);
const order = (qty: number, companyId = t.fx.companyA, status?: 'awaiting_payment' | 'cancelled' | 'pending_review') =>
  createTestOrder(t.database, { companyId, buyerUserId: companyId === t.fx.companyA ? t.fx.users.buyerA : t.fx.users.buyerB, lines: [{ skuId: WATER, qty }], status: status ?? 'awaiting_payment', reserve: false });
const topup = (companyId: number, amount: number | string, file?: Buffer | null, as: Client = finance) => {
  const m = multipart({ amount: String(amount), payerName: '张三 🧾', note: '工行转账' }, file ? { name: 'v.png', data: file, type: 'image/png' } : undefined);
  return as.request({ method: 'POST', url: `/api/payments/accounts/${companyId}/topups`, payload: m.payload, headers: m.headers });
};
const balanceOf = async (companyId: number) => (await t.db.selectFrom('customer_accounts').select('balance').where('company_id', '=', companyId).executeTakeFirst())?.balance ?? 0;

beforeAll(async () => {
  t = await createTestApp();
  [admin, finance, sales, sales2, warehouse, buyerA, ownerA, buyerB] = await Promise.all(['admin', 'finance', 'sales', 'sales2', 'warehouse', 'buyerA', 'ownerA', 'buyerB'].map((l) => t.as(l)));
  const cat = await seedCatalogFixtures(t.database);
  WATER = cat.skus['WATER-550']!;
  await seedWarehouseStock(t.database, [WATER], 100_000);
  await t.db.updateTable('companies').set({ sales_rep_id: t.fx.users.sales }).where('id', '=', t.fx.companyA).execute();
  await t.db.updateTable('companies').set({ sales_rep_id: t.fx.users.sales2 }).where('id', '=', t.fx.companyB).execute();
  png = await voucherPng();
});
afterAll(() => t.close());

describe('prepaid balance', () => {
  it('finance records a top-up with a voucher: balance, ledger, payment record, voucher image', async () => {
    const r = await topup(t.fx.companyA, 100_000, png);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ purpose: 'topup', method: 'transfer', amount: 100_000, status: 'succeeded', hasVoucher: true, payerName: '张三 🧾', confirmedByName: '测试 finance' });
    expect(await balanceOf(t.fx.companyA)).toBe(100_000);
    const acc = (await ownerA.get('/api/my/account')).json();
    expect(acc).toMatchObject({ balance: 100_000, receivable: 0, paymentTerms: 'prepay' });
    const ledger = (await buyerA.get('/api/my/account/ledger')).json();
    expect(ledger.items[0]).toMatchObject({ kind: 'topup', amount: 100_000, balanceChange: 100_000, receivableChange: 0 });
    const img = await finance.get(`/api/payments/${r.json().id}/voucher`);
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/jpeg');
    expect((await buyerB.get(`/api/my/payments/${r.json().id}/voucher`)).statusCode).toBe(404);
    await expectLedgerConsistent(t);
  });

  it.each([
    ['zero', 0], ['negative', -5], ['fractional', '12.5'], ['huge', '99999999999999'], ['text', '一百'], ['emoji', '💰'],
  ])('refuses a %s top-up amount and writes nothing', async (_n, amount) => {
    const before = await state();
    const r = await topup(t.fx.companyA, amount, png);
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('VALIDATION');
    expect(await state()).toEqual(before);
  });

  it('refuses a voucher that is not an image, JSON instead of a form, and unknown or other roles', async () => {
    const before = await state();
    const bad = await topup(t.fx.companyA, 100, Buffer.from('%PDF-1.4 not an image'));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VOUCHER_NOT_IMAGE');
    expect((await finance.post(`/api/payments/accounts/${t.fx.companyA}/topups`, { amount: 100 })).statusCode).toBe(415);
    expect((await topup(999_999, 100, png)).statusCode).toBe(404);
    for (const c of [sales, warehouse, buyerA]) expect((await topup(t.fx.companyA, 100, png, c)).statusCode).toBe(403);
    expect(await state()).toEqual(before);
  });
});

describe('paying orders from the balance', () => {
  it('pays part, then the rest: partially paid → paid, balance and receivable follow', async () => {
    const o = await order(100); // 100 × 200 fen = 20000
    const before = await balanceOf(t.fx.companyA);
    const info = (await buyerA.get(`/api/my/orders/${o.orderId}/payment`)).json();
    expect(info).toMatchObject({ total: 20_000, outstanding: 20_000, paymentStatus: 'unpaid', balance: before });
    expect(info.allowedMethods).toEqual(['online', 'transfer', 'balance']);
    const r1 = await buyerA.post(`/api/my/orders/${o.orderId}/pay/balance`, { amount: 5_000 });
    expect(r1.statusCode, r1.body).toBe(200);
    expect(r1.json()).toMatchObject({ paidTotal: 5_000, outstanding: 15_000, paymentStatus: 'partially_paid' });
    const r2 = await buyerA.post(`/api/my/orders/${o.orderId}/pay/balance`, { amount: 15_000 });
    expect(r2.json()).toMatchObject({ paidTotal: 20_000, outstanding: 0, paymentStatus: 'paid' });
    expect(await balanceOf(t.fx.companyA)).toBe(before - 20_000);
    const row = await t.db.selectFrom('orders').select(['payment_status', 'paid_total', 'payment_method']).where('id', '=', o.orderId).executeTakeFirstOrThrow();
    expect(row).toEqual({ payment_status: 'paid', paid_total: 20_000, payment_method: 'balance' });
    const journals = await t.db.selectFrom('ledger_journals').select(['kind', 'amount']).where('order_id', '=', o.orderId).orderBy('id').execute();
    expect(journals).toEqual([{ kind: 'order_charge', amount: 20_000 }, { kind: 'order_payment', amount: 5_000 }, { kind: 'order_payment', amount: 15_000 }]);
    expect((await t.db.selectFrom('customer_accounts').select('receivable').where('company_id', '=', t.fx.companyA).executeTakeFirstOrThrow()).receivable).toBe(0);
    await expectLedgerConsistent(t);
  });

  it('an Idempotency-Key retry returns the first result and pays once', async () => {
    const o = await order(10);
    const h = { 'idempotency-key': `pay-${o.orderId}` };
    const a = await buyerA.post(`/api/my/orders/${o.orderId}/pay/balance`, { amount: 1_000 }, h);
    const b = await buyerA.post(`/api/my/orders/${o.orderId}/pay/balance`, { amount: 1_000 }, h);
    expect(a.statusCode).toBe(200);
    expect(b.json()).toEqual(a.json());
    expect((await t.db.selectFrom('payments').select('id').where('order_id', '=', o.orderId).execute()).length).toBe(1);
    expect((await buyerA.post(`/api/my/orders/${o.orderId}/pay/balance`, { amount: 900 }, h)).json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('refuses bad amounts, overpaying, cancelled orders, another company\'s order, a short balance — writing nothing', async () => {
    const o = await order(10); // 2000
    const cancelled = await order(10, t.fx.companyA, 'cancelled');
    const other = await order(10, t.fx.companyB);
    const before = await state();
    for (const amount of [0, -100, 12.5, '100', null, 1e13]) {
      const r = await buyerA.post(`/api/my/orders/${o.orderId}/pay/balance`, { amount });
      expect(r.statusCode, String(amount)).toBe(400);
    }
    expect((await buyerA.post(`/api/my/orders/${o.orderId}/pay/balance`, {})).statusCode).toBe(400);
    const over = await buyerA.post(`/api/my/orders/${o.orderId}/pay/balance`, { amount: 2_001 });
    expect(over.statusCode).toBe(422);
    expect(over.json().error).toMatchObject({ code: 'PAYMENT_EXCEEDS_OUTSTANDING', details: { outstanding: 2_000 } });
    const c = await buyerA.post(`/api/my/orders/${cancelled.orderId}/pay/balance`, { amount: 100 });
    expect(c.statusCode).toBe(409);
    expect(c.json().error.code).toBe('ORDER_NOT_PAYABLE');
    expect((await buyerA.post(`/api/my/orders/${other.orderId}/pay/balance`, { amount: 100 })).statusCode).toBe(404);
    expect((await buyerA.get(`/api/my/orders/${other.orderId}/payment`)).statusCode).toBe(404);
    expect((await buyerA.post('/api/my/orders/99999999/pay/balance', { amount: 100 })).statusCode).toBe(404);
    expect((await sales2.get(`/api/payments/orders/${o.orderId}`)).statusCode).toBe(404);
    expect((await sales.post(`/api/payments/orders/${o.orderId}/balance`, { amount: 100 })).statusCode).toBe(403);
    // company B has no balance
    const short = await buyerB.post(`/api/my/orders/${other.orderId}/pay/balance`, { amount: 100 });
    expect(short.statusCode).toBe(409);
    expect(short.json().error).toMatchObject({ code: 'INSUFFICIENT_BALANCE', details: { balance: 0, amount: 100 } });
    expect(short.json().error.message).toContain('预存款余额不足');
    expect(await state()).toEqual(before);
  });

  it('50 concurrent orders paid from a balance that covers 20 → exactly 20 paid, balance never below zero', async () => {
    // company B: balance 20 × 2000 fen
    expect((await topup(t.fx.companyB, 40_000, png)).statusCode).toBe(200);
    const orders = [];
    for (let i = 0; i < 50; i++) orders.push(await order(10, t.fx.companyB));
    const results = await Promise.all(orders.map((o) => buyerB.post(`/api/my/orders/${o.orderId}/pay/balance`, { amount: 2_000 })));
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(20);
    expect(codes.filter((c) => c === 409)).toHaveLength(30);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json().error.code).toBe('INSUFFICIENT_BALANCE');
    expect(await balanceOf(t.fx.companyB)).toBe(0);
    const paid = await t.db.selectFrom('orders').select('id').where('company_id', '=', t.fx.companyB).where('payment_status', '=', 'paid').execute();
    expect(paid).toHaveLength(20);
    await expectLedgerConsistent(t);
  });

  it('staff pay from the balance on the customer\'s behalf; sales reps see only their customers\' accounts', async () => {
    const o = await order(5);
    const r = await finance.post(`/api/payments/orders/${o.orderId}/balance`, { amount: 1_000 });
    expect(r.statusCode).toBe(200);
    expect(r.json().paymentStatus).toBe('paid');
    const mine = (await sales.get('/api/payments/accounts')).json();
    expect(mine.items.map((a: { companyId: number }) => a.companyId)).toEqual([t.fx.companyA]);
    expect((await sales.get(`/api/payments/accounts/${t.fx.companyB}`)).statusCode).toBe(404);
    expect((await sales2.get(`/api/payments/accounts/${t.fx.companyB}/ledger`)).statusCode).toBe(200);
    expect((await admin.get('/api/payments/accounts')).json().total).toBe(2);
    expect((await buyerA.get('/api/payments/accounts')).statusCode).toBe(403);
    expect((await warehouse.get('/api/payments')).statusCode).toBe(403);
  });
});
