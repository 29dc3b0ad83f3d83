import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';
import { createTestOrder, seedWarehouseStock } from '../../test/order-fixtures';
import { expectLedgerConsistent, multipart } from './testkit';

let t: TestApp;
let finance: Client, buyerA: Client, ownerA: Client;
let WATER: number;
const balanceOf = async (companyId: number) => (await t.db.selectFrom('customer_accounts').select('balance').where('company_id', '=', companyId).executeTakeFirst())?.balance ?? 0;

beforeAll(async () => {
  t = await createTestApp();
  [finance, buyerA, ownerA] = await Promise.all(['finance', 'buyerA', 'ownerA'].map((l) => t.as(l)));
  WATER = (await seedCatalogFixtures(t.database)).skus['WATER-550']!;
  await seedWarehouseStock(t.database, [WATER], 100_000);
  const m = multipart({ amount: '1000000' });
  expect((await finance.request({ method: 'POST', url: `/api/payments/accounts/${t.fx.companyA}/topups`, payload: m.payload, headers: m.headers })).statusCode).toBe(200);
});
afterAll(() => t.close());

// PGlite has one connection and runs transactions one after another: the race needs a server.
describe.skipIf(!process.env.TEST_DATABASE_URL)('money races on PostgreSQL answer 409, never 500', () => {
  it('20 concurrent balance payments of one order: exactly one succeeds, the others 409, balances consistent', async () => {
    const o = await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, lines: [{ skuId: WATER, qty: 10 }], status: 'awaiting_payment', reserve: false });
    const before = await balanceOf(t.fx.companyA);
    const res = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? buyerA : ownerA).post(`/api/my/orders/${o.orderId}/pay/balance`, { amount: o.total })));
    const codes = res.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 200), res.map((r) => r.body).join('\n')).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(19);
    for (const r of res.filter((x) => x.statusCode === 409)) expect(r.json().error.code).toBe('ORDER_ALREADY_PAID');
    expect(await balanceOf(t.fx.companyA)).toBe(before - o.total);
    const paid = await t.db.selectFrom('orders').select(['paid_total', 'payment_status', 'status']).where('id', '=', o.orderId).executeTakeFirstOrThrow();
    expect(paid).toMatchObject({ paid_total: o.total, payment_status: 'paid' });
    expect(paid.status).not.toBe('awaiting_payment');
    const pays = await t.db.selectFrom('payments').select('id').where('order_id', '=', o.orderId).execute();
    expect(pays).toHaveLength(1);
    await expectLedgerConsistent(t);
  });

  it('20 concurrent part payments that together overpay: what fits is paid, the rest 409/422, never 500', async () => {
    const o = await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, lines: [{ skuId: WATER, qty: 10 }], status: 'awaiting_payment', reserve: false });
    const part = o.total / 4; // 4 of the 20 fit
    const before = await balanceOf(t.fx.companyA);
    const res = await Promise.all(Array.from({ length: 20 }, () => buyerA.post(`/api/my/orders/${o.orderId}/pay/balance`, { amount: part })));
    expect(res.filter((r) => r.statusCode >= 500).map((r) => r.body)).toEqual([]);
    expect(res.filter((r) => r.statusCode === 200)).toHaveLength(4);
    for (const r of res.filter((x) => x.statusCode !== 200)) expect(r.statusCode).toBe(409);
    expect(await balanceOf(t.fx.companyA)).toBe(before - o.total);
    await expectLedgerConsistent(t);
  });
});
