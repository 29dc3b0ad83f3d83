import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';
import { createTestOrder, seedWarehouseStock } from '../../test/order-fixtures';
import { expectLedgerConsistent, multipart } from './testkit';

let t: TestApp;
let finance: Client, buyerA: Client;
let WATER: number;
const order = (status: 'pending_finance' | 'awaiting_payment', paymentMethod: 'credit' | 'transfer' | null, qty = 50) =>
  createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, lines: [{ skuId: WATER, qty }], status, paymentMethod, reserve: false });
const statusOf = async (id: number) => (await t.db.selectFrom('orders').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

beforeAll(async () => {
  t = await createTestApp();
  [finance, buyerA] = await Promise.all(['finance', 'buyerA'].map((l) => t.as(l)));
  WATER = (await seedCatalogFixtures(t.database)).skus['WATER-550']!;
  await seedWarehouseStock(t.database, [WATER], 100_000);
  await t.db.updateTable('companies').set({ payment_terms: 'credit', credit_limit: 100_000, credit_days: 30 }).where('id', '=', t.fx.companyA).execute();
});
afterAll(() => t.close());

describe('payments inside the order workflow', () => {
  it('concurrent finance approvals of credit orders: exactly what fits the limit is approved, the rest refused with the figures', async () => {
    const orders = [];
    for (let i = 0; i < 24; i++) orders.push(await order('pending_finance', 'credit')); // ¥100 each, limit ¥1000
    const res = await Promise.all(orders.map((o) => finance.post(`/api/orders/${o.orderId}/events`, { event: 'finance_approve' })));
    const ok = res.filter((r) => r.statusCode === 200);
    expect(ok).toHaveLength(10);
    for (const r of res.filter((x) => x.statusCode !== 200)) {
      expect(r.statusCode).toBe(422);
      expect(r.json().error.code).toBe('CREDIT_LIMIT_EXCEEDED');
      expect(r.json().error.message).toContain('超出信用额度');
    }
    const approved = (await Promise.all(orders.map((o) => statusOf(o.orderId)))).filter((s) => s !== 'pending_finance');
    expect(approved).toHaveLength(10);
    expect((await finance.get(`/api/payments/accounts/${t.fx.companyA}/credit`)).json()).toMatchObject({ outstanding: 100_000, available: 0 });
    await expectLedgerConsistent(t);
  });

  it('an order waiting for payment moves on once fully paid (and not before)', async () => {
    await t.db.updateTable('companies').set({ payment_terms: 'prepay' }).where('id', '=', t.fx.companyA).execute();
    const m = multipart({ amount: '50000' });
    expect((await finance.request({ method: 'POST', url: `/api/payments/accounts/${t.fx.companyA}/topups`, payload: m.payload, headers: m.headers })).statusCode).toBe(200);
    const o = await order('awaiting_payment', 'transfer', 10); // ¥20
    const part = await buyerA.post(`/api/my/orders/${o.orderId}/pay/balance`, { amount: 1_000 });
    expect(part.json()).toMatchObject({ paymentStatus: 'partially_paid', status: 'awaiting_payment' });
    const rest = await buyerA.post(`/api/my/orders/${o.orderId}/pay/balance`, { amount: 1_000 });
    expect(rest.json().paymentStatus).toBe('paid');
    expect(rest.json().status).not.toBe('awaiting_payment');
    expect(await statusOf(o.orderId)).toBe(rest.json().status);
    const h = await t.db.selectFrom('order_history').select(['event', 'from_status']).where('order_id', '=', o.orderId).orderBy('id').execute();
    expect(h.map((x) => x.event)).toContain('payment_confirmed');
  });

  it('cancelling a paid order through the workflow refunds it to the balance (the payments outbox consumer)', async () => {
    const o = await order('awaiting_payment', 'transfer', 10);
    await buyerA.post(`/api/my/orders/${o.orderId}/pay/balance`, { amount: 500 });
    const before = (await buyerA.get('/api/my/account')).json().balance;
    const c = await finance.post(`/api/orders/${o.orderId}/events`, { event: 'cancel', note: '客户要求取消' });
    expect(c.statusCode, c.body).toBe(200);
    await t.drainOutbox();
    expect((await buyerA.get('/api/my/account')).json().balance).toBe(before + 500);
    expect((await t.db.selectFrom('orders').select('payment_status').where('id', '=', o.orderId).executeTakeFirstOrThrow()).payment_status).toBe('refunded');
    await expectLedgerConsistent(t);
  });
});
