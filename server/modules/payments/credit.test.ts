import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';
import { createTestOrder, seedWarehouseStock } from '../../test/order-fixtures';
import { AppError } from '../../lib/errors';
import { creditCheck, creditStatus } from './accounts';
import { expectLedgerConsistent } from './testkit';

let t: TestApp;
let admin: Client, finance: Client, sales: Client, buyerA: Client, ownerB: Client;
let WATER: number;
const order = (qty: number, companyId = t.fx.companyA) =>
  createTestOrder(t.database, { companyId, buyerUserId: t.fx.users.buyerA, lines: [{ skuId: WATER, qty }], status: 'pending_review', paymentMethod: 'credit', reserve: false });

beforeAll(async () => {
  t = await createTestApp();
  [admin, finance, sales, buyerA, ownerB] = await Promise.all(['admin', 'finance', 'sales', 'buyerA', 'ownerB'].map((l) => t.as(l)));
  WATER = (await seedCatalogFixtures(t.database)).skus['WATER-550']!;
  await seedWarehouseStock(t.database, [WATER], 100_000);
  // A: credit terms, limit ¥1000 (100000 fen), 30 days
  await t.db.updateTable('companies').set({ payment_terms: 'credit', credit_limit: 100_000, credit_days: 30, sales_rep_id: t.fx.users.sales }).where('id', '=', t.fx.companyA).execute();
});
afterAll(() => t.close());

describe('credit terms', () => {
  it('credit status before any order: configured, all available; B has no credit terms', async () => {
    expect(await creditStatus(t.db, t.fx.companyA)).toMatchObject({ configured: true, creditLimit: 100_000, creditDays: 30, outstanding: 0, available: 100_000, onHold: false });
    expect(await creditStatus(t.db, t.fx.companyB)).toMatchObject({ configured: false, available: 0 });
    const r = await finance.get(`/api/payments/accounts/${t.fx.companyA}/credit`);
    expect(r.json()).toMatchObject({ configured: true, available: 100_000 });
  });

  it('concurrent approvals: 30 orders of ¥100 against a ¥1000 limit → exactly 10 charged, the rest refused with the figures', async () => {
    const orders = [];
    for (let i = 0; i < 30; i++) orders.push(await order(50)); // 50 × 200 = 10000 fen
    const results = await Promise.allSettled(orders.map((o) => t.db.transaction().execute((trx) => creditCheck(trx, t.fx.companyA, o.total, o.orderId))));
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(10);
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(AppError);
      expect(r.reason).toMatchObject({ code: 'CREDIT_LIMIT_EXCEEDED', status: 409, details: { outstanding: 100_000, amount: 10_000, limit: 100_000 } });
    }
    expect(await creditStatus(t.db, t.fx.companyA)).toMatchObject({ outstanding: 100_000, available: 0 });
    const charges = await t.db.selectFrom('ledger_journals').select('order_id').where('kind', '=', 'order_charge').where('company_id', '=', t.fx.companyA).execute();
    expect(charges).toHaveLength(10);
    // checking an already charged order again does not count it twice
    const first = charges[0]!.order_id!;
    await expect(t.db.transaction().execute((trx) => creditCheck(trx, t.fx.companyA, 10_000, first))).resolves.toMatchObject({ outstanding: 100_000 });
    await expectLedgerConsistent(t);
  });

  it('paying a credit order frees credit; a hold refuses credit and hides it from the allowed methods', async () => {
    const charged = await t.db.selectFrom('ledger_journals').select('order_id').where('kind', '=', 'order_charge').where('company_id', '=', t.fx.companyA).orderBy('id').executeTakeFirstOrThrow();
    const m = await finance.request({ method: 'POST', url: `/api/payments/accounts/${t.fx.companyA}/topups`, ...multipartBody({ amount: '10000' }) });
    expect(m.statusCode).toBe(200);
    expect((await finance.post(`/api/payments/orders/${charged.order_id}/balance`, { amount: 10_000 })).statusCode).toBe(200);
    expect(await creditStatus(t.db, t.fx.companyA)).toMatchObject({ outstanding: 90_000, available: 10_000 });
    expect((await finance.get(`/api/payments/accounts/${t.fx.companyA}/methods`)).json()).toEqual(['online', 'transfer', 'balance', 'credit']);

    const before = await counts(t.db, ['audit_log']);
    expect((await sales.put(`/api/payments/accounts/${t.fx.companyA}/hold`, { hold: true, reason: 'x' })).statusCode).toBe(403);
    expect((await buyerA.put(`/api/payments/accounts/${t.fx.companyA}/hold`, { hold: true, reason: 'x' })).statusCode).toBe(403);
    expect((await finance.put(`/api/payments/accounts/${t.fx.companyA}/hold`, { hold: 'yes' })).statusCode).toBe(400);
    expect((await finance.put('/api/payments/accounts/424242/hold', { hold: true })).statusCode).toBe(404);
    expect(await counts(t.db, ['audit_log'])).toEqual(before);

    const h = await finance.put(`/api/payments/accounts/${t.fx.companyA}/hold`, { hold: true, reason: '逾期未付 ⚠️' });
    expect(h.json()).toMatchObject({ onHold: true, holdReason: '逾期未付 ⚠️' });
    const o = await order(10);
    await expect(t.db.transaction().execute((trx) => creditCheck(trx, t.fx.companyA, o.total, o.orderId))).rejects.toMatchObject({ code: 'CUSTOMER_ON_HOLD' });
    expect((await buyerA.get(`/api/my/orders/${o.orderId}/payment`)).json().allowedMethods).toEqual(['online', 'transfer', 'balance']);
    await finance.put(`/api/payments/accounts/${t.fx.companyA}/hold`, { hold: false });
    await expect(t.db.transaction().execute((trx) => creditCheck(trx, t.fx.companyA, o.total, o.orderId))).resolves.toMatchObject({ ok: true });
  });

  it('no credit terms → refused; supplier method rules narrow what a customer may use (customer > tier > default)', async () => {
    const o = await order(1, t.fx.companyB);
    await expect(t.db.transaction().execute((trx) => creditCheck(trx, t.fx.companyB, o.total, o.orderId))).rejects.toMatchObject({ code: 'CREDIT_NOT_ALLOWED' });
    expect((await ownerB.get(`/api/my/orders/${o.orderId}/payment`)).json().allowedMethods).toEqual(['online', 'transfer', 'balance']);
    expect((await admin.put('/api/payments/method-rules', { scope: 'default', methods: ['transfer', 'balance', 'cod'] })).statusCode).toBe(200);
    expect((await ownerB.get(`/api/my/orders/${o.orderId}/payment`)).json().allowedMethods).toEqual(['transfer', 'balance']);
    expect((await finance.put('/api/payments/method-rules', { scope: 'company', scopeId: t.fx.companyB, methods: ['online'] })).statusCode).toBe(200);
    expect((await ownerB.get(`/api/my/orders/${o.orderId}/payment`)).json().allowedMethods).toEqual(['online']);
    const refused = await ownerB.post(`/api/my/orders/${o.orderId}/pay/balance`, { amount: 1 });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('PAYMENT_METHOD_NOT_ALLOWED');
    for (const body of [{ scope: 'company', methods: ['online'] }, { scope: 'tier', scopeId: 1, methods: ['bitcoin'] }, { scope: 'everyone', methods: [] }]) {
      expect((await admin.put('/api/payments/method-rules', body)).statusCode).toBe(400);
    }
    expect((await admin.put('/api/payments/method-rules', { scope: 'tier', scopeId: 987654, methods: ['online'] })).statusCode).toBe(404);
    expect((await sales.put('/api/payments/method-rules', { scope: 'default', methods: null })).statusCode).toBe(403);
    await admin.put('/api/payments/method-rules', { scope: 'company', scopeId: t.fx.companyB, methods: null });
    await admin.put('/api/payments/method-rules', { scope: 'default', methods: null });
    expect((await admin.get('/api/payments/method-rules')).json()).toEqual([]);
  });
});

function multipartBody(fields: Record<string, string>) {
  const boundary = '----b' + Math.random().toString(16).slice(2);
  const payload = Buffer.from(Object.entries(fields).map(([k, v]) => `--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('') + `--${boundary}--\r\n`);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
