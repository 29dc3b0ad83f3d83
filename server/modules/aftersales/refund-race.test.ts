import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';
import { seedWarehouseStock } from '../../test/order-fixtures';
import { expectLedgerConsistent } from '../payments/testkit';
import { computeStatement, statementLines } from '../payments/statements';
import { balanceOf, reasonId, receivableOf, shippedOrder } from './testkit';

/**
 * 20 refund calls on one after-sales request at once, through HTTP (issue 14, must show): one
 * refund is made, never more than was paid for the units; the other 19 get a 409 that says the
 * request was already handled, in Chinese; balance, receivable, ledger and statement agree.
 * On PostgreSQL the calls really overlap (the request's row lock and version decide); on PGlite
 * they queue on its one connection, which must give the same answer.
 */
let t: TestApp;
let skus: Record<string, number>;
let wh: number;
let admin: Client, warehouse: Client, finance: Client, buyerA: Client, buyerB: Client;
let damaged: number;
const N = 20;
const act = (id: number, body: Record<string, unknown>, as: Client) => as.post(as === buyerA || as === buyerB ? `/api/my/aftersales/${id}/events` : `/api/aftersales/${id}/events`, body);

beforeAll(async () => {
  t = await createTestApp();
  skus = (await seedCatalogFixtures(t.database)).skus;
  wh = await seedWarehouseStock(t.database, Object.values(skus), 1000);
  [admin, warehouse, finance, buyerA, buyerB] = await Promise.all(['admin', 'warehouse', 'finance', 'buyerA', 'buyerB'].map((l) => t.as(l)));
  damaged = await reasonId(t, 'damaged');
});
afterAll(() => t.close());

/** 20 refund calls at once, from finance and the admin, half naming the version they saw, half a smaller amount with a reason. */
async function race(id: number, version: number, destination: 'balance' | 'original') {
  const calls = Array.from({ length: N }, (_, i) => act(id, {
    event: 'refund',
    ...(i % 2 ? { version } : {}),
    ...(i % 4 === 3 ? { refund: { destination, amount: 250 }, note: '部分退款' } : { refund: { destination } }),
  }, i % 3 ? finance : admin));
  const res = await Promise.all(calls);
  const won = res.filter((r) => r.statusCode === 200);
  const lost = res.filter((r) => r.statusCode !== 200);
  expect(won, res.map((r) => r.body).join('\n')).toHaveLength(1);
  expect(lost.map((r) => r.statusCode)).toEqual(Array(N - 1).fill(409));
  for (const r of lost) {
    const e = r.json().error;
    expect(e.code).toMatch(/^AFTERSALES_(VERSION_CONFLICT|TRANSITION_NOT_ALLOWED)$/);
    // says which request and that it is done, in words: no status codes
    expect(e.message).toMatch(/售后单 SH\d{8}-\d{4} /);
    expect(e.message).toContain('已完成');
    expect(e.message).not.toMatch(/completed|refund\b/);
  }
  return won[0]!.json() as { refundAmount: number; status: string; lines: { paidAmount: number }[] };
}

describe('20 concurrent refunds of one request', () => {
  it('to the prepaid balance: one refund, at most what was paid, the balance and ledger move once', async () => {
    const o = await shippedOrder(t, { warehouse, finance, buyer: buyerA }, { warehouseId: wh, skus, pay: true });
    const r = (await buyerA.post('/api/my/aftersales', { orderId: o.orderId, kind: 'return_refund', reasonId: damaged, description: '两瓶破损', lines: [{ orderLineId: o.water, qty: 2 }] })).json();
    expect((await act(r.id, { event: 'approve' }, admin)).statusCode).toBe(200);
    expect((await act(r.id, { event: 'ship_back', returnShipment: { carrier: '中通快递', trackingNo: 'ZT1' } }, buyerA)).statusCode).toBe(200);
    const recv = await act(r.id, { event: 'receive', inspection: { warehouseId: wh, lines: [{ lineId: r.lines[0].id, toStock: 2, defective: 0, refused: 0 }] } }, warehouse);
    expect(recv.statusCode, recv.body).toBe(200);
    const paid = recv.json().lines[0].paidAmount as number;
    const balance0 = await balanceOf(t, t.fx.companyA);
    const start = new Date(Date.now() - 60_000);

    const won = await race(r.id, recv.json().version, 'balance');
    expect(won.status).toBe('completed');
    expect([paid, 250]).toContain(won.refundAmount);
    expect(won.refundAmount).toBeLessThanOrEqual(paid);

    const refunds = await t.db.selectFrom('refunds').select(['amount', 'status']).where('order_id', '=', o.orderId).execute();
    expect(refunds).toEqual([{ amount: won.refundAmount, status: 'succeeded' }]);
    expect(await balanceOf(t, t.fx.companyA)).toBe(balance0 + won.refundAmount);
    const journals = await t.db.selectFrom('ledger_journals').select('kind').where('order_id', '=', o.orderId).where('kind', 'in', ['refund', 'return_credit']).execute();
    expect(journals.map((j) => j.kind).sort()).toEqual(['refund', 'return_credit']);
    const history = await t.db.selectFrom('aftersales_history').select('event').where('request_id', '=', r.id).where('event', '=', 'refund').execute();
    expect(history).toHaveLength(1);
    // the statement shows the credit and the refund to the balance once each
    const end = new Date(Date.now() + 60_000);
    const st = await computeStatement(t.db, t.fx.companyA, start, end);
    expect(st.cancellations).toBe(won.refundAmount);
    const lines = (await statementLines(t.db, t.fx.companyA, start, end, st.opening)).filter((l) => l.orderNumber === o.number && ['return_credit', 'refund'].includes(l.kind));
    expect(lines.map((l) => [l.kind, l.amount])).toEqual([['return_credit', won.refundAmount], ['refund', won.refundAmount]]);
    expect(lines[1]!.refundNumber).toBeTruthy();
    await expectLedgerConsistent(t);
  });

  it("for a credit customer: one credit note, the receivable drops once, the statement shows it once", async () => {
    await t.db.updateTable('companies').set({ payment_terms: 'credit', credit_limit: 10_000_000, credit_days: 30 }).where('id', '=', t.fx.companyB).execute();
    const o = await shippedOrder(t, { warehouse, finance, buyer: buyerB }, { warehouseId: wh, skus, companyId: t.fx.companyB, buyerUserId: t.fx.users.buyerB });
    const r = (await buyerB.post('/api/my/aftersales', { orderId: o.orderId, kind: 'refund_only', reasonId: damaged, description: '压坏 4 罐', lines: [{ orderLineId: o.cola, qty: 4 }] })).json();
    const ok = await act(r.id, { event: 'approve' }, admin);
    expect(ok.statusCode, ok.body).toBe(200);
    const paid = ok.json().lines[0].paidAmount as number;
    const start = new Date(Date.now() - 60_000);

    const won = await race(r.id, ok.json().version, 'original');
    expect([paid, 250]).toContain(won.refundAmount);
    // company B's only order: it owes the order less the one credit note
    expect(await receivableOf(t, t.fx.companyB)).toBe(o.total - won.refundAmount);
    const credits = await t.db.selectFrom('ledger_journals').select('kind').where('order_id', '=', o.orderId).where('kind', '=', 'return_credit').execute();
    expect(credits).toHaveLength(1);
    const st = await computeStatement(t.db, t.fx.companyB, start, new Date(Date.now() + 60_000));
    expect(st.cancellations).toBe(won.refundAmount);
    await expectLedgerConsistent(t);
  });
});
