import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';
import { createTestOrder, seedWarehouseStock } from '../../test/order-fixtures';
import { expectLedgerConsistent, multipart, cancelOrder } from './testkit';

let t: TestApp;
let finance: Client, sales2: Client, ownerA: Client, buyerA: Client, ownerB: Client;
let WATER: number;
const months: string[] = [];
/** Moves every journal not yet dated into the given month (day d, noon Shanghai). */
async function dateNewJournals(period: string, d: number) {
  const at = new Date(`${period}-${String(d).padStart(2, '0')}T04:00:00Z`);
  const ids = (await t.db.selectFrom('ledger_journals').select('id').where('created_at', '>', new Date(Date.now() - 3_600_000)).execute()).map((r) => r.id);
  if (!ids.length) return;
  await t.db.updateTable('ledger_journals').set({ created_at: at }).where('id', 'in', ids).execute();
  await t.db.updateTable('ledger_entries').set({ created_at: at }).where('journal_id', 'in', ids).execute();
}
const topup = async (companyId: number, amount: number) => {
  const m = multipart({ amount: String(amount) });
  expect((await finance.request({ method: 'POST', url: `/api/payments/accounts/${companyId}/topups`, payload: m.payload, headers: m.headers })).statusCode).toBe(200);
};

beforeAll(async () => {
  t = await createTestApp();
  [finance, sales2, ownerA, buyerA, ownerB] = await Promise.all(['finance', 'sales2', 'ownerA', 'buyerA', 'ownerB'].map((l) => t.as(l)));
  WATER = (await seedCatalogFixtures(t.database)).skus['WATER-550']!;
  await seedWarehouseStock(t.database, [WATER], 100_000);
  await t.db.updateTable('companies').set({ payment_terms: 'credit', credit_limit: 10_000_000, credit_days: 30, sales_rep_id: t.fx.users.sales }).where('id', '=', t.fx.companyA).execute();
  const now = new Date();
  for (const back of [3, 2, 1]) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 15));
    months.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  // month 1: top-up 500, a credit order of 200 charged, paid 50 from the balance
  await topup(t.fx.companyA, 50_000);
  const o1 = await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, lines: [{ skuId: WATER, qty: 100 }], status: 'awaiting_payment', paymentMethod: 'credit', reserve: false });
  expect((await buyerA.post(`/api/my/orders/${o1.orderId}/pay/balance`, { amount: 5_000 })).statusCode).toBe(200);
  await dateNewJournals(months[0]!, 10);
  // month 2: another order of 100 cancelled after paying 100 from the balance, refunded to the balance; a bank transfer of 80
  const o2 = await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, lines: [{ skuId: WATER, qty: 50 }], status: 'awaiting_payment', reserve: false });
  await buyerA.post(`/api/my/orders/${o2.orderId}/pay/balance`, { amount: 10_000 });
  await cancelOrder(t, o2.orderId);
  expect((await finance.post(`/api/payments/orders/${o2.orderId}/refunds`, { destination: 'balance' })).statusCode).toBe(200);
  await topup(t.fx.companyA, 8_000);
  await dateNewJournals(months[1]!, 20);
  // month 3: nothing; B gets a top-up in month 3
  await topup(t.fx.companyB, 1_000);
  await dateNewJournals(months[2]!, 5);
});
afterAll(() => t.close());

describe('monthly statements', () => {
  it('finance issues statements; figures add up and each closing is the next opening', async () => {
    for (const p of months) expect((await finance.post('/api/payments/statements', { period: p })).statusCode).toBe(200);
    const list = (await finance.get(`/api/payments/statements?companyId=${t.fx.companyA}`)).json();
    const byPeriod = Object.fromEntries(list.items.map((s: { period: string }) => [s.period, s]));
    const [m1, m2, m3] = months.map((p) => byPeriod[p]);
    // customer's net position: owes orders, minus its prepaid balance
    expect(m1).toMatchObject({ opening: 0, orders: 20_000, cancellations: 0, payments: 50_000, refunds: 0, closing: -30_000 });
    expect(m2).toMatchObject({ opening: -30_000, orders: 10_000, cancellations: 10_000, payments: 8_000, refunds: 0, closing: -38_000 });
    expect(m3).toMatchObject({ opening: -38_000, closing: -38_000 });
    for (const s of [m1, m2, m3]) expect(s.closing).toBe(s.opening + s.orders - s.cancellations - s.payments + s.refunds);
    expect(m2.opening).toBe(m1.closing);
    expect(m3.opening).toBe(m2.closing);
    // the ledger agrees: closing = receivable − balance today
    const acc = (await ownerA.get('/api/my/account')).json();
    expect(acc.receivable - acc.balance).toBe(m3.closing);
    const detail = (await finance.get(`/api/payments/statements/${m2.id}`)).json();
    expect(detail.lines.at(-1).running).toBe(m2.closing);
    expect(detail.lines.map((l: { kind: string }) => l.kind)).toEqual(['order_charge', 'order_payment', 'order_cancel', 'refund', 'topup']);
    await expectLedgerConsistent(t);
  });

  it('the customer views, exports, prints, confirms one and disputes another; B sees only its own', async () => {
    const mine = (await buyerA.get('/api/my/statements')).json();
    expect(mine.total).toBe(3);
    const [latest, middle] = mine.items;
    const x = await buyerA.get(`/api/my/statements/${latest.id}/export`);
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getCell('A1').value)).toContain('对账单');
    const pr = await buyerA.get(`/api/my/statements/${middle.id}/print`);
    expect(pr.headers['content-type']).toContain('text/html');
    expect(pr.body).toContain('客户对账单');
    expect(pr.body).toContain('¥-380.00');
    expect((await buyerA.post(`/api/my/statements/${latest.id}/confirm`)).statusCode).toBe(403); // buyers view, the company admin answers
    expect((await ownerA.post(`/api/my/statements/${latest.id}/confirm`)).json()).toMatchObject({ status: 'confirmed', respondedByName: '测试 ownerA' });
    const before = await counts(t.db, ['statements', 'audit_log']);
    expect((await ownerA.post(`/api/my/statements/${latest.id}/dispute`, { reason: 'x' })).json().error.code).toBe('STATEMENT_NOT_OPEN');
    expect((await ownerA.post(`/api/my/statements/${middle.id}/dispute`, { reason: '' })).statusCode).toBe(400);
    expect((await ownerA.post(`/api/my/statements/${middle.id}/dispute`, { reason: '很'.repeat(501) })).statusCode).toBe(400);
    expect((await ownerB.post(`/api/my/statements/${middle.id}/dispute`, { reason: '不是我的' })).statusCode).toBe(404);
    expect((await ownerB.get(`/api/my/statements/${middle.id}/export`)).statusCode).toBe(404);
    expect(await counts(t.db, ['statements', 'audit_log'])).toEqual(before);
    expect((await ownerA.post(`/api/my/statements/${middle.id}/dispute`, { reason: '10 月退款金额不对 🤔' })).json()).toMatchObject({ status: 'disputed', disputeReason: '10 月退款金额不对 🤔' });
    expect((await ownerB.get('/api/my/statements')).json().total).toBe(1);
    expect((await sales2.get('/api/payments/statements')).json().items.every((s: { companyId: number }) => s.companyId === t.fx.companyB)).toBe(true);
    // re-issuing leaves answered statements alone
    await finance.post('/api/payments/statements', { period: months[2] });
    expect((await ownerA.get(`/api/my/statements/${latest.id}`)).json().status).toBe('confirmed');
  });

  it('refuses a month that has not ended, bad periods, unknown customers and other roles', async () => {
    const now = new Date();
    const current = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
    const before = await counts(t.db, ['statements']);
    expect((await finance.post('/api/payments/statements', { period: current })).json().error.code).toBe('PERIOD_NOT_CLOSED');
    for (const period of ['2026-13', '2026-1', '二〇二六年', '', '2026-00']) expect((await finance.post('/api/payments/statements', { period })).statusCode).toBe(400);
    expect((await finance.post('/api/payments/statements', { period: months[0], companyId: 99999 })).statusCode).toBe(404);
    expect((await buyerA.post('/api/payments/statements', { period: months[0] })).statusCode).toBe(403);
    expect(await counts(t.db, ['statements'])).toEqual(before);
  });
});

describe('receivables aging', () => {
  it('buckets what each order still owes by age from shipment, per customer and per sales rep', async () => {
    const mk = async (daysAgo: number, qty: number) => {
      const o = await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, lines: [{ skuId: WATER, qty }], status: 'shipped', paymentMethod: 'credit', reserve: false });
      await t.db.transaction().execute(async (trx) => (await import('./accounts')).chargeOrder(trx, null, o.orderId));
      await t.db.updateTable('orders').set({ shipped_at: new Date(Date.now() - daysAgo * 86_400_000) }).where('id', '=', o.orderId).execute();
      return o;
    };
    const base = (await finance.get('/api/payments/aging')).json();
    await mk(5, 10); // 2000, not due
    await mk(45, 20); // 4000, overdue (30 days)
    await mk(75, 30); // 6000
    await mk(120, 40); // 8000
    const a = (await finance.get('/api/payments/aging')).json();
    const d = (k: string) => a.totals[k] - base.totals[k];
    expect([d('d0_30'), d('d31_60'), d('d61_90'), d('d90_plus')]).toEqual([2_000, 4_000, 6_000, 8_000]);
    expect(d('overdue')).toBe(18_000);
    const rep = a.reps.find((r: { salesRepName: string }) => r.salesRepName === '测试 sales');
    expect(rep.total).toBe(a.customers.find((c: { companyId: number }) => c.companyId === t.fx.companyA).total);
    expect((await sales2.get('/api/payments/aging')).json().customers.every((c: { companyId: number }) => c.companyId !== t.fx.companyA)).toBe(true);
    expect((await buyerA.get('/api/payments/aging')).statusCode).toBe(403);
  });
});
