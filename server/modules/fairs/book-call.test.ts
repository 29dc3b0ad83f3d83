import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';
import { cartWorld, idem, type CartWorld } from '../cart/test-world';
import { expectLedgerConsistent, multipart } from '../payments/testkit';

/**
 * Booking in one database call (fairs_book): the refusals fairs.test.ts and changes.test.ts do not
 * word — unknown product, not invited, not open yet, below the minimum amount, a reused key —
 * keep the codes and messages of the statement-by-statement booking, write nothing, and a
 * booking writes its event, audit entries and deposit hold in the same call.
 */
let t: TestApp;
let w: CartWorld;
let admin: Client, buyerA: Client, buyerB: Client;
const iso = (ms: number) => new Date(ms).toISOString();
const state = () => counts(t.db, ['fair_bookings', 'fair_booking_lines', 'fair_customer_totals', 'deposit_holds', 'idempotency_keys', 'outbox', 'audit_log']);

async function fair(over: Record<string, unknown> = {}) {
  const r = await admin.post('/api/fairs', {
    name: '冬季订货会', opensAt: iso(Date.now() - 60_000), closesAt: iso(Date.now() + 3_600_000),
    items: [{ skuId: w.WATER, prices: [{ minQty: 1, unitPrice: 180 }] }],
    companyIds: [t.fx.companyA], minAmount: 1000, depositKind: 'fixed', depositValue: 300, ...over,
  });
  expect(r.statusCode, r.body).toBe(200);
  const p = await admin.post(`/api/fairs/${r.json().id}/publish`);
  expect(p.statusCode, p.body).toBe(200);
  return p.json() as { id: number };
}
const book = (c: Client, fairId: number, lines: { skuId: number; qty: number }[], headers: Record<string, string> = idem()) =>
  c.post(`/api/my/fairs/${fairId}/bookings`, { lines }, headers);

beforeAll(async () => {
  t = await createTestApp();
  w = await cartWorld(t, 1000);
  [admin, buyerA, buyerB] = await Promise.all(['admin', 'buyerA', 'buyerB'].map((l) => t.as(l)));
  const m = multipart({ amount: '1000' });
  const top = await (await t.as('finance')).request({ method: 'POST', url: `/api/payments/accounts/${t.fx.companyA}/topups`, payload: m.payload, headers: m.headers });
  expect(top.statusCode, top.body).toBe(200);
});
afterAll(() => t.close());

describe('a booking in one call', () => {
  it('refuses with the same codes and messages and writes nothing', async () => {
    const f = await fair();
    const later = await fair({ opensAt: iso(Date.now() + 3_600_000), closesAt: iso(Date.now() + 7_200_000) });
    const before = await state();
    const unknown = await book(buyerA, f.id, [{ skuId: w.WATER, qty: 10 }, { skuId: w.JUICE, qty: 1 }]);
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error).toMatchObject({ code: 'FAIR_ITEM_UNKNOWN', message: `商品 ID ${w.JUICE} 不在订货会「冬季订货会」的商品中，请从订货会商品里选择`, details: { unknown: [w.JUICE] } });
    const stranger = await book(buyerB, f.id, [{ skuId: w.WATER, qty: 10 }]);
    expect(stranger.statusCode).toBe(404);
    expect(stranger.json().error.code).toBe('NOT_FOUND');
    expect(stranger.json().error.message).toMatch(/订货会/);
    const early = await book(buyerA, later.id, [{ skuId: w.WATER, qty: 10 }]);
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({ code: 'FAIR_NOT_OPEN', message: '订货会「冬季订货会」尚未开始，现在不能订货', details: { state: 'scheduled' } });
    expect(new Date(early.json().error.details.opensAt).getTime()).toBeGreaterThan(Date.now());
    const earlyEn = await book(buyerA, later.id, [{ skuId: w.WATER, qty: 10 }], { ...idem(), 'accept-language': 'en' });
    expect(earlyEn.json().error.message).toBe('The fair "冬季订货会" has not opened yet; booking is not possible now');
    const small = await book(buyerA, f.id, [{ skuId: w.WATER, qty: 5 }]);
    expect(small.statusCode).toBe(422);
    expect(small.json().error).toMatchObject({ code: 'FAIR_AMOUNT_BELOW_MIN', message: '订货会「冬季订货会」每个客户最低订货 ¥10.00，本次订货后累计 ¥9.00，请再加 ¥1.00' });
    expect(await state()).toEqual(before);
  });

  it('books with its deposit hold, event and audit entries; a reused key with other lines is refused', async () => {
    const f = await fair();
    const before = await state();
    const r = await book(buyerA, f.id, [{ skuId: w.WATER, qty: 10 }], idem('one-call'));
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ total: 1800, deposit: 300, depositStatus: 'held', status: 'booked', replayed: false, lines: [{ skuId: w.WATER, code: 'WATER-550', qty: 10, unitPrice: 180, lineTotal: 1800, convertedQty: 0 }] });
    expect(r.json().number).toMatch(/^FB\d{6}$/);
    const after = await state();
    expect(after).toMatchObject({ fair_bookings: before.fair_bookings + 1, deposit_holds: before.deposit_holds + 1, outbox: before.outbox + 1, audit_log: before.audit_log + 2 });
    const again = await book(buyerA, f.id, [{ skuId: w.WATER, qty: 10 }], idem('one-call'));
    expect(again.json()).toMatchObject({ id: r.json().id, replayed: true, createdAt: r.json().createdAt });
    const reused = await book(buyerA, f.id, [{ skuId: w.WATER, qty: 11 }], idem('one-call'));
    expect(reused.statusCode).toBe(422);
    expect(reused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await state()).toEqual(after);
    const a = await t.db.selectFrom('customer_accounts').select(['balance', 'held']).where('company_id', '=', t.fx.companyA).executeTakeFirstOrThrow();
    expect({ balance: Number(a.balance), held: Number(a.held) }).toEqual({ balance: 1000, held: 300 });
    await expectLedgerConsistent(t);
  });
});
