import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';
import { cartWorld, idem, moreBuyers, type CartWorld } from '../cart/test-world';
import { expectLedgerConsistent, multipart } from '../payments/testkit';

/**
 * A fair booking after it is made, through HTTP: the deposit (定金) held from the prepaid balance
 * at booking or paid by the fair's deadline, overdue bookings released, the deposit paid to the
 * delivery orders pro rata; bookings edited and cancelled while the fair is open (quotas re-checked
 * under the same lock, the deposit following); sales reps seeing only their own customers.
 */
let t: TestApp;
let w: CartWorld;
let admin: Client, sales: Client, sales2: Client, buyerA: Client, buyerA2: Client, buyerB: Client, finance: Client;

const iso = (ms: number) => new Date(ms).toISOString();
const state = () => counts(t.db, ['fair_bookings', 'fair_booking_lines', 'fair_customer_totals', 'deposit_holds', 'payments', 'ledger_journals', 'orders']);
const account = async () => {
  const a = await t.db.selectFrom('customer_accounts').select(['balance', 'held']).where('company_id', '=', t.fx.companyA).executeTakeFirstOrThrow();
  return { balance: Number(a.balance), held: Number(a.held) };
};
const totals = async (fairId: number) => Number((await t.db.selectFrom('fair_customer_totals').select('amount').where('fair_id', '=', fairId).where('company_id', '=', t.fx.companyA).executeTakeFirst())?.amount ?? 0);
async function topup(amount: number) {
  const m = multipart({ amount: String(amount) });
  const r = await finance.request({ method: 'POST', url: `/api/payments/accounts/${t.fx.companyA}/topups`, payload: m.payload, headers: m.headers });
  expect(r.statusCode, r.body).toBe(200);
}
async function fair(over: Record<string, unknown> = {}) {
  const r = await admin.post('/api/fairs', {
    name: '秋季订货会', opensAt: iso(Date.now() - 60_000), closesAt: iso(Date.now() + 3_600_000),
    items: [{ skuId: w.WATER, maxQty: 100, prices: [{ minQty: 1, unitPrice: 180 }, { minQty: 10, unitPrice: 160 }] }, { skuId: w.COLA, prices: [{ minQty: 1, unitPrice: 220 }] }],
    companyIds: [t.fx.companyA], customers: [{ companyId: t.fx.companyA, maxAmount: 10_000 }], depositKind: 'percent', depositValue: 1000, ...over,
  });
  expect(r.statusCode, r.body).toBe(200);
  const p = await admin.post(`/api/fairs/${r.json().id}/publish`);
  expect(p.statusCode, p.body).toBe(200);
  return p.json() as { id: number; depositDueAt: string | null };
}
const book = (c: Client, fairId: number, lines: { skuId: number; qty: number }[]) => c.post(`/api/my/fairs/${fairId}/bookings`, { lines }, idem());
const water = (qty: number) => [{ skuId: w.WATER, qty }];

beforeAll(async () => {
  t = await createTestApp();
  w = await cartWorld(t, 1000);
  [admin, sales, sales2, buyerA, buyerB, finance] = await Promise.all(['admin', 'sales', 'sales2', 'buyerA', 'buyerB', 'finance'].map((l) => t.as(l)));
  [buyerA2] = await moreBuyers(t, t.fx.companyA, 'fairbuyer', 1);
});
afterAll(() => t.close());

describe('the deposit at booking', () => {
  it('is held from the prepaid balance; two bookings racing for the last of it: one books, the other is refused and writes nothing', async () => {
    await topup(1000);
    const f = await fair({ depositKind: 'fixed', depositValue: 600 });
    const first = await book(buyerA, f.id, water(10));
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ total: 1600, deposit: 600, depositStatus: 'held' });
    expect(await account()).toEqual({ balance: 1000, held: 600 });
    await topup(200); // ¥6 available: the deposit of one more booking
    const before = await state();
    const rs = await Promise.all([book(buyerA, f.id, water(10)), book(buyerA2, f.id, water(10))]);
    expect(rs.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const refused = rs.find((r) => r.statusCode === 409)!.json().error;
    expect(refused.code).toBe('DEPOSIT_BALANCE_SHORT');
    expect(refused.message).toBe('预存款可用余额不足，无法支付定金 ¥6.00：可用 ¥0.00（已冻结 ¥12.00）。请先充值后再试');
    const after = await state();
    expect(after.fair_bookings).toBe(before.fair_bookings + 1);
    expect(after.deposit_holds).toBe(before.deposit_holds + 1);
    expect(await account()).toEqual({ balance: 1200, held: 1200 });
    expect(await totals(f.id)).toBe(3200);
    // the held deposit cannot be spent on anything else
    expect((await book(buyerA, f.id, [{ skuId: w.COLA, qty: 1 }])).statusCode).toBe(409);
    await expectLedgerConsistent(t);
  });
});

describe('editing a booking while the fair is open', () => {
  it('re-checks the quotas without its old lines under the same lock; the deposit hold follows; bad input and strangers change nothing', async () => {
    await topup(100_000);
    const f = await fair();
    const b = (await book(buyerA, f.id, water(10))).json();
    const held = (await account()).held;
    const edit = (c: Client, lines: unknown, url = `/api/my/fair-bookings/${b.id}`) => c.put(url, { lines });
    const r = await edit(buyerA, water(50));
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ total: 8000, deposit: 800, depositStatus: 'held', version: 2 });
    expect((await account()).held).toBe(held + 640);
    expect(await totals(f.id)).toBe(8000);

    const before = await state();
    const over = await edit(buyerA, water(101));
    expect(over.statusCode).toBe(409);
    expect(over.json().error.message).toBe('商品 WATER-550 每个客户最多订 100 瓶，已订 0 瓶，本次 101 瓶 超出配额，最多还能订 100 瓶');
    const amount = await edit(buyerA, water(70));
    expect(amount.json().error.message).toBe('本次订货 ¥112.00 超出您的订货额度：上限 ¥100.00，已订 ¥0.00，最多还能订 ¥100.00');
    const bad: [Client, unknown, number, string?][] = [
      [buyerA, [], 400], [buyerA, [{ skuId: w.WATER, qty: -1 }], 400], [buyerA, [{ skuId: w.WATER, qty: 1e12 }], 400], [buyerA, [{ skuId: 'abc', qty: 1 }], 400],
      [buyerA, [{ skuId: w.JUICE, qty: 1 }], 422], [buyerA, water(1), 404, '/api/my/fair-bookings/999999'], [buyerA, water(1), 400, '/api/my/fair-bookings/abc'],
      [buyerB, water(1), 404], [sales2, water(1), 404, `/api/fairs/${f.id}/bookings/${b.id}`], [buyerA, water(1), 403, `/api/fairs/${f.id}/bookings/${b.id}`],
    ];
    for (const [c, lines, status, url] of bad) expect((await edit(c, lines, url)).statusCode, `${JSON.stringify(lines)} ${url ?? ''}`).toBe(status);
    expect((await buyerA.put(`/api/my/fair-bookings/${b.id}`, { lines: water(1), note: '备注😀'.repeat(70) })).statusCode).toBe(400);
    expect(await state()).toEqual(before);

    // the same edit again changes nothing more
    expect((await edit(buyerA, water(50))).json()).toMatchObject({ total: 8000, deposit: 800 });
    expect(await totals(f.id)).toBe(8000);
    expect((await account()).held).toBe(held + 640);
    // an edit to ¥96 and a new ¥16 booking at once: only one fits under ¥100, either way ¥96 is booked
    const both = await Promise.all([edit(buyerA, water(60)), book(buyerA2, f.id, water(10))]);
    expect(both.map((x) => x.statusCode).sort()).toEqual([200, 409]);
    expect(await totals(f.id)).toBe(9600);
    // the rep of the customer may change it for the customer
    expect((await edit(sales, water(20), `/api/fairs/${f.id}/bookings/${b.id}`)).statusCode).toBe(200);

    await admin.post(`/api/fairs/${f.id}/close`);
    const late = await edit(buyerA, water(5));
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toBe('订货会「秋季订货会」已结束，订货单不能再修改或取消');
    await expectLedgerConsistent(t);
  });
});

describe('cancelling a booking while the fair is open', () => {
  it('gives the deposit back by the refund rule, keeps it by the forfeit rule, is safe to repeat and refused after the close', async () => {
    await topup(100_000);
    const refund = await fair();
    const b = (await book(buyerA, refund.id, water(10))).json();
    const acc = await account();
    const c = await buyerA.post(`/api/my/fair-bookings/${b.id}/cancel`, { reason: '计划有变 🙏' });
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json()).toMatchObject({ status: 'cancelled', depositStatus: 'refunded', cancelReason: '计划有变 🙏' });
    expect(await account()).toEqual({ balance: acc.balance, held: acc.held - 160 });
    expect(await totals(refund.id)).toBe(0);
    const before = await state();
    expect((await buyerA.post(`/api/my/fair-bookings/${b.id}/cancel`)).json()).toMatchObject({ status: 'cancelled', depositStatus: 'refunded' });
    expect((await buyerA.post(`/api/my/fair-bookings/${b.id}/cancel`, { reason: '长'.repeat(201) })).statusCode).toBe(400);
    expect((await buyerB.post(`/api/my/fair-bookings/${b.id}/cancel`)).statusCode).toBe(404);
    expect(await state()).toEqual(before);
    // the freed quota books again
    expect((await book(buyerA, refund.id, water(60))).statusCode).toBe(200);

    const forfeit = await fair({ depositRefund: 'forfeit' });
    const k = (await book(buyerA, forfeit.id, water(10))).json();
    const s = (await book(buyerA, forfeit.id, water(10))).json();
    const acc2 = await account();
    expect((await sales2.post(`/api/fairs/${forfeit.id}/bookings/${s.id}/cancel`)).statusCode).toBe(404);
    expect((await buyerA.post(`/api/my/fair-bookings/${k.id}/cancel`)).json()).toMatchObject({ depositStatus: 'forfeited' });
    expect(await account()).toEqual({ balance: acc2.balance - 160, held: acc2.held - 160 });
    // staff cancelling for the customer always give it back
    expect((await sales.post(`/api/fairs/${forfeit.id}/bookings/${s.id}/cancel`)).json()).toMatchObject({ depositStatus: 'refunded', cancelReason: '业务取消' });
    expect(await account()).toEqual({ balance: acc2.balance - 160, held: acc2.held - 320 });

    const open = (await book(buyerA, forfeit.id, water(10))).json();
    await admin.post(`/api/fairs/${forfeit.id}/close`);
    const late = await buyerA.post(`/api/my/fair-bookings/${open.id}/cancel`);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('FAIR_CHANGE_CLOSED');
    await expectLedgerConsistent(t);
  });
});

describe('a deposit deadline', () => {
  it('books unpaid, takes the deposit before the deadline, marks the unpaid after it for staff to release, and converts only paid bookings', async () => {
    await topup(100_000);
    const dueAt = Date.now() + 2500;
    const f = await fair({ depositDueAt: iso(dueAt) });
    expect(new Date(f.depositDueAt!).getTime()).toBe(dueAt);
    const [b1, b2, b3] = [(await book(buyerA, f.id, water(10))).json(), (await book(buyerA, f.id, water(10))).json(), (await book(buyerA, f.id, [{ skuId: w.COLA, qty: 5 }])).json()];
    expect(b1).toMatchObject({ depositStatus: 'unpaid', deposit: 160 });
    const acc = await account();
    const paid = await buyerA.post(`/api/my/fair-bookings/${b1.id}/deposit`);
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({ depositStatus: 'held', depositOverdue: false });
    expect((await buyerA.post(`/api/my/fair-bookings/${b1.id}/deposit`)).json()).toMatchObject({ depositStatus: 'held' });
    expect(await account()).toEqual({ balance: acc.balance, held: acc.held + 160 });
    expect((await buyerB.post(`/api/my/fair-bookings/${b2.id}/deposit`)).statusCode).toBe(404);
    expect((await admin.post(`/api/fairs/${f.id}/bookings/${b2.id}/release`)).json().error.code).toBe('FAIR_NOT_OVERDUE');

    await new Promise((r) => setTimeout(r, Math.max(0, dueAt - Date.now() + 100)));
    const late = await buyerA.post(`/api/my/fair-bookings/${b2.id}/deposit`);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toBe(`订货单 ${b2.number} 的定金 ¥1.60 已过付款截止时间，请联系业务员`);
    const list = (await admin.get(`/api/fairs/${f.id}/bookings`)).json() as { id: number; depositOverdue: boolean }[];
    expect(list.filter((x) => x.depositOverdue).map((x) => x.id).sort()).toEqual([b2.id, b3.id].sort());
    expect((await admin.post(`/api/fairs/${f.id}/bookings/${b1.id}/release`)).statusCode).toBe(409);
    expect((await sales2.post(`/api/fairs/${f.id}/bookings/${b2.id}/release`)).statusCode).toBe(404);
    const released = await sales.post(`/api/fairs/${f.id}/bookings/${b2.id}/release`);
    expect(released.json()).toMatchObject({ status: 'cancelled', cancelReason: '定金逾期未付，已释放' });
    expect(await totals(f.id)).toBe(1600 + 1100);

    await admin.post(`/api/fairs/${f.id}/close`);
    const conv = (await admin.post(`/api/fairs/${f.id}/convert`, { deliveryDate: '2026-12-20' })).json();
    expect(conv.converted.map((x: { bookingId: number }) => x.bookingId)).toEqual([b1.id]);
    expect(conv.skipped).toMatchObject([{ bookingId: b3.id, code: 'FAIR_DEPOSIT_UNPAID', message: `订货单 ${b3.number} 的定金 ¥1.10 未付，请先收取定金或释放该订货单` }]);
    await expectLedgerConsistent(t);
  });
});

describe('conversion', () => {
  it('pays the held deposit to the delivery orders pro rata in fen, the remainder on the first', async () => {
    await topup(100_000);
    const f = await fair({ depositKind: 'fixed', depositValue: 1001 });
    const b = (await book(buyerA, f.id, water(30))).json();
    expect(b).toMatchObject({ total: 4800, deposit: 1001 });
    const acc = await account();
    await admin.post(`/api/fairs/${f.id}/close`);
    const first = (await sales.post(`/api/fairs/${f.id}/convert`, { deliveryDate: '2026-12-20', bookings: [{ bookingId: b.id, lines: water(10) }] })).json();
    const second = (await sales.post(`/api/fairs/${f.id}/convert`, { deliveryDate: '2026-12-27' })).json();
    const orders = [first.converted[0].orderId, second.converted[0].orderId];
    const paid = await Promise.all(orders.map((id) => t.db.selectFrom('orders').select(['total', 'paid_total']).where('id', '=', id).executeTakeFirstOrThrow()));
    // ¥10.01 over ¥16 and ¥32: 333.67 and 667.33 → 334 and 667
    expect(paid.map((o) => [Number(o.total), Number(o.paid_total)])).toEqual([[1600, 334], [3200, 667]]);
    const pays = await t.db.selectFrom('payments').select(['method', 'status', 'note']).where('order_id', 'in', orders).execute();
    expect(pays.every((p) => p.method === 'balance' && p.status === 'succeeded' && /订货会定金/.test(p.note ?? ''))).toBe(true);
    expect(await account()).toEqual({ balance: acc.balance - 1001, held: acc.held - 1001 });
    const mine = (await buyerA.get(`/api/my/fair-bookings?fairId=${f.id}`)).json();
    expect(mine[0]).toMatchObject({ status: 'converted', depositStatus: 'applied', depositApplied: 1001 });
    await expectLedgerConsistent(t);
  });
});

describe('sales reps', () => {
  it('see only their own customers\' bookings on lists, boards and conversion', async () => {
    await topup(100_000);
    const f = await fair();
    const b = (await book(buyerA, f.id, water(10))).json();
    expect((await sales.get(`/api/fairs/${f.id}/bookings`)).json().map((x: { id: number }) => x.id)).toEqual([b.id]);
    expect((await sales2.get(`/api/fairs/${f.id}/bookings`)).json()).toEqual([]);
    const board = (await sales2.get(`/api/fairs/${f.id}/board`)).json();
    expect(board).toMatchObject({ booked: 0, bookings: 0, customers: 0, byCustomer: [], byRegion: [] });
    expect(board.byProduct.every((p: { qty: number }) => p.qty === 0)).toBe(true);
    expect((await sales.get(`/api/fairs/${f.id}/board`)).json()).toMatchObject({ booked: 1600, bookings: 1 });
    const row = (who: Client) => who.get('/api/fairs?pageSize=100').then((r) => r.json().items.find((x: { id: number }) => x.id === f.id));
    expect(await row(sales2)).toMatchObject({ booked: 0, bookings: 0 });
    expect(await row(admin)).toMatchObject({ booked: 1600, bookings: 1 });
    await admin.post(`/api/fairs/${f.id}/close`);
    expect((await sales2.post(`/api/fairs/${f.id}/convert`, { deliveryDate: '2026-12-20', bookings: [{ bookingId: b.id }] })).statusCode).toBe(404);
    expect((await sales2.post(`/api/fairs/${f.id}/convert`, { deliveryDate: '2026-12-20' })).json()).toEqual({ converted: [], skipped: [] });
    expect((await sales.post(`/api/fairs/${f.id}/convert`, { deliveryDate: '2026-12-20' })).json().converted).toHaveLength(1);
  });
});
