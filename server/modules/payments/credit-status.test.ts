import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';
import { createTestOrder, seedWarehouseStock } from '../../test/order-fixtures';
import { chargeOrder } from './accounts';

/**
 * The credit status a reviewer sees counts everything the customer owes: receivables past their
 * terms (as the aging report counts them), whatever the payment method of the order under review
 * or of the overdue ones — not only orders placed on credit.
 */
let t: TestApp;
let admin: Client, sales: Client, finance: Client;
let WATER: number;

beforeAll(async () => {
  t = await createTestApp();
  [admin, sales, finance] = await Promise.all(['admin', 'sales', 'finance'].map((l) => t.as(l)));
  WATER = (await seedCatalogFixtures(t.database)).skus['WATER-550']!;
  await seedWarehouseStock(t.database, [WATER], 100_000);
  await t.db.updateTable('companies').set({ payment_terms: 'credit', credit_limit: 1_000_000, credit_days: 30, sales_rep_id: t.fx.users.sales }).where('id', '=', t.fx.companyA).execute();
});
afterAll(() => t.close());

/** An order shipped `daysAgo` days ago whose total is on the receivable, unpaid. */
async function shippedUnpaid(qty: number, daysAgo: number, paymentMethod: 'transfer' | 'credit' | 'cod') {
  const o = await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, lines: [{ skuId: WATER, qty }], status: 'shipped', paymentMethod, reserve: false });
  await t.db.transaction().execute((trx) => chargeOrder(trx, null, o.orderId));
  await t.db.updateTable('orders').set({ shipped_at: sql`now() - make_interval(days => ${daysAgo})` }).where('id', '=', o.orderId).execute();
  return o;
}
const review = async (c: Client, orderId: number) => (await c.get('/api/orders/review-queue?pageSize=100')).json().items.find((i: { id: number }) => i.id === orderId);

describe('credit status on the review screen', () => {
  it('is 信用正常 while nothing is overdue; an overdue 货到付款 / transfer receivable makes it a warning with the amount, for any order', async () => {
    const pending = await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, lines: [{ skuId: WATER, qty: 5 }], status: 'pending_review', paymentMethod: 'transfer', reserve: false });
    await shippedUnpaid(10, 5, 'cod'); // shipped 5 days ago: owed, not yet due
    expect((await admin.get(`/api/orders/${pending.orderId}`)).json().credit).toMatchObject({ configured: true, ok: true, overdue: 0 });

    const late = await shippedUnpaid(1000, 45, 'cod'); // 45 days > 30 credit days
    const late2 = await shippedUnpaid(7, 31, 'transfer');
    const overdue = late.total + late2.total;
    const detail = (await admin.get(`/api/orders/${pending.orderId}`)).json().credit;
    expect(detail).toMatchObject({ configured: true, ok: false, code: 'CREDIT_OVERDUE', overdue });
    expect(await review(sales, pending.orderId)).toMatchObject({ credit: { ok: false, code: 'CREDIT_OVERDUE', overdue } });
    // the same figure as the account's credit status and the aging report
    expect((await finance.get(`/api/payments/accounts/${t.fx.companyA}/credit`)).json().overdue).toBe(overdue);
    const aging = (await finance.get('/api/payments/aging')).json();
    expect(aging.customers.find((c: { companyId: number }) => c.companyId === t.fx.companyA).overdue).toBe(overdue);
    // an order on credit under review says so too
    const onCredit = await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, lines: [{ skuId: WATER, qty: 5 }], status: 'pending_review', paymentMethod: 'credit', reserve: false });
    expect((await admin.get(`/api/orders/${onCredit.orderId}`)).json().credit).toMatchObject({ ok: false, code: 'CREDIT_OVERDUE', overdue });
    // company B owes nothing: its orders stay 信用正常 / not configured
    const b = await createTestOrder(t.database, { companyId: t.fx.companyB, buyerUserId: t.fx.users.buyerB, lines: [{ skuId: WATER, qty: 5 }], status: 'pending_review', paymentMethod: 'transfer', reserve: false });
    expect((await admin.get(`/api/orders/${b.orderId}`)).json().credit).toMatchObject({ ok: true, overdue: 0 });
  });

  it('the warning informs, it does not veto: the rep may still approve a prepaid order of that customer', async () => {
    const q = (await sales.get('/api/orders/review-queue?pageSize=100')).json().items.find((i: { companyId: number; credit: { code: string | null } }) => i.companyId === t.fx.companyA && i.credit.code === 'CREDIT_OVERDUE');
    expect(q).toBeDefined();
    const r = await sales.post(`/api/orders/${q.id}/events`, { event: 'approve', version: q.version });
    expect(r.statusCode, r.body).toBe(200);
  });
});
