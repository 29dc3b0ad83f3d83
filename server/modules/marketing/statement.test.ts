import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';
import { createTestOrder, seedWarehouseStock } from '../../test/order-fixtures';
import { moveFunds } from './funds';

/**
 * The monthly statement (对账单, payments) lists the customer's rebate and points movements of the
 * month beside its money figures (not in them): opening, in, out, closing, each movement with its
 * order number; one month's closing is the next month's opening; the print view shows them too.
 */
let t: TestApp;
let finance: Client, buyerA: Client, buyerB: Client;
const months: string[] = [];
let orderNumber = '';

/** Dates every rebate or points movement made in the last hour into a month (day d, noon Shanghai). */
const dateNew = async (period: string, d: number) =>
  t.db.updateTable('marketing_ledger').set({ created_at: new Date(`${period}-${String(d).padStart(2, '0')}T04:00:00Z`) }).where('created_at', '>', new Date(Date.now() - 3_600_000)).execute();

beforeAll(async () => {
  t = await createTestApp();
  [finance, buyerA, buyerB] = await Promise.all(['finance', 'buyerA', 'buyerB'].map((l) => t.as(l)));
  const now = new Date();
  for (const back of [2, 1]) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 15));
    months.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  const WATER = (await seedCatalogFixtures(t.database)).skus['WATER-550']!;
  await seedWarehouseStock(t.database, [WATER], 1000);
  const o = await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, lines: [{ skuId: WATER, qty: 10 }], status: 'awaiting_payment', reserve: false });
  orderNumber = (await t.db.selectFrom('orders').select('number').where('id', '=', o.orderId).executeTakeFirstOrThrow()).number;
  const A = t.fx.companyA;
  // month 1: a rebate of ¥500 settled, 300 points earned
  await moveFunds(t.db, { companyId: A, kind: 'rebate', entry: 'settle', amount: 50_000, ref: 'settlement:1', note: '2026Q3 返利（2%）' });
  await moveFunds(t.db, { companyId: A, kind: 'points', entry: 'earn', amount: 300, ref: 'earn:1', year: 2026 });
  await dateNew(months[0]!, 10);
  // month 2: ¥100 of rebate spent on an order, 100 points expired
  await moveFunds(t.db, { companyId: A, kind: 'rebate', entry: 'spend', amount: -10_000, ref: 'redeem:1', orderId: o.orderId });
  await moveFunds(t.db, { companyId: A, kind: 'points', entry: 'expire', amount: -100, ref: 'expire:2024' });
  await dateNew(months[1]!, 20);
  // this month (on no statement yet): ¥1 adjusted
  await moveFunds(t.db, { companyId: A, kind: 'rebate', entry: 'adjust', amount: 100, ref: 'adjust:1', note: '补差' });
  for (const p of months) expect((await finance.post('/api/payments/statements', { period: p, companyId: A })).statusCode).toBe(200);
});
afterAll(() => t.close());

describe('rebate and points on the monthly statement', () => {
  it('lists each month\'s movements with opening, in, out and closing; closing is the next opening', async () => {
    const list = (await finance.get(`/api/payments/statements?companyId=${t.fx.companyA}`)).json();
    const byPeriod = Object.fromEntries(list.items.map((s: { period: string; id: number }) => [s.period, s.id]));
    const [m1, m2] = await Promise.all(months.map(async (p) => (await finance.get(`/api/payments/statements/${byPeriod[p]}`)).json()));
    expect(m1.funds.rebate).toMatchObject({ opening: 0, credited: 50_000, debited: 0, closing: 50_000 });
    expect(m1.funds.points).toMatchObject({ opening: 0, credited: 300, debited: 0, closing: 300 });
    expect(m2.funds.rebate).toMatchObject({ opening: 50_000, credited: 0, debited: 10_000, closing: 40_000 });
    expect(m2.funds.points).toMatchObject({ opening: 300, credited: 0, debited: 100, closing: 200 });
    expect(m2.funds.rebate.movements).toEqual([expect.objectContaining({ entry: 'spend', amount: -10_000, balanceAfter: 40_000, orderNumber })]);
    expect(m1.funds.rebate.movements[0]).toMatchObject({ entry: 'settle', note: '2026Q3 返利（2%）', orderNumber: null });
    // the money figures do not include them: nothing was charged or paid
    expect(m2).toMatchObject({ orders: 0, payments: 0, agrees: true });
  });

  it('the customer sees them on its statement and its print view; another company sees neither', async () => {
    const mine = (await buyerA.get('/api/my/statements')).json();
    const latest = mine.items.find((s: { period: string }) => s.period === months[1]);
    const d = (await buyerA.get(`/api/my/statements/${latest.id}`)).json();
    expect(d.funds.rebate.closing).toBe(40_000);
    const html = (await buyerA.get(`/api/my/statements/${latest.id}/print`)).body;
    expect(html).toContain('返利与积分（不计入应付）');
    expect(html).toContain(`返利 · 下单抵扣 · ${orderNumber}`);
    expect(html).toContain('¥400.00');
    expect(html).toContain('200 分');
    expect((await buyerB.get(`/api/my/statements/${latest.id}`)).statusCode).toBe(404);
    const x = await buyerA.get(`/api/my/statements/${latest.id}/export`);
    expect(x.statusCode).toBe(200);
  });
});
