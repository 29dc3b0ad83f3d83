import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';
import { cartWorld, idem, type CartWorld } from '../cart/test-world';
import { expectLedgerConsistent } from '../payments/testkit';
import { sandboxPay } from '../payments/provider/sandbox';

/**
 * A fair deposit paid online through the payments module's provider flow (the sandbox provider):
 * an online top-up of exactly the deposit, linked to the booking; once the provider's signed
 * notification records it, the deposit is held from the balance like one paid from it. Bad input,
 * another company's booking, a booking without a deposit or already paid: refused, nothing written.
 */
let t: TestApp;
let w: CartWorld;
let base: string;
let admin: Client, buyerA: Client, buyerB: Client;
const iso = (ms: number) => new Date(ms).toISOString();
const state = () => counts(t.db, ['payments', 'fair_deposit_payments', 'deposit_holds', 'ledger_journals']);
const account = async () => {
  const a = await t.db.selectFrom('customer_accounts').select(['balance', 'held']).where('company_id', '=', t.fx.companyA).executeTakeFirst();
  return { balance: Number(a?.balance ?? 0), held: Number(a?.held ?? 0) };
};

async function freePort() {
  return new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}
async function fair(over: Record<string, unknown> = {}) {
  const r = await admin.post('/api/fairs', {
    name: '春季订货会', opensAt: iso(Date.now() - 60_000), closesAt: iso(Date.now() + 3_600_000),
    items: [{ skuId: w.WATER, prices: [{ minQty: 1, unitPrice: 200 }] }], companyIds: [t.fx.companyA],
    depositKind: 'percent', depositValue: 1000, depositDueAt: iso(Date.now() + 1_800_000), ...over,
  });
  expect(r.statusCode, r.body).toBe(200);
  expect((await admin.post(`/api/fairs/${r.json().id}/publish`)).statusCode).toBe(200);
  return r.json() as { id: number };
}
const book = async (fairId: number, qty: number) => {
  const r = await buyerA.post(`/api/my/fairs/${fairId}/bookings`, { lines: [{ skuId: w.WATER, qty }] }, idem());
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as { id: number; number: string; deposit: number; depositStatus: string };
};

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  t = await createTestApp({ config: { publicUrl: base } });
  await t.app.listen({ port, host: '127.0.0.1' });
  w = await cartWorld(t, 1000);
  [admin, buyerA, buyerB] = await Promise.all(['admin', 'buyerA', 'buyerB'].map((l) => t.as(l)));
});
afterAll(() => t.close());

describe('the fair deposit paid online', () => {
  it('an online top-up of the deposit, held once the provider confirms it; paying again is refused', async () => {
    const f = await fair();
    const b = await book(f.id, 10);
    expect(b).toMatchObject({ deposit: 200, depositStatus: 'unpaid' });
    const before = await account();
    const r = await buyerA.post(`/api/my/fair-bookings/${b.id}/deposit/online`, { channel: 'mobile' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ amount: 200, purpose: 'topup', status: 'pending' });
    expect(r.json().payUrl.startsWith(`${base}/api/payments/sandbox/pay/SBX`)).toBe(true);
    const { provider_ref } = await t.db.selectFrom('payments').select('provider_ref').where('id', '=', r.json().id).executeTakeFirstOrThrow();
    await sandboxPay(t.db, provider_ref!);
    await t.drainOutbox(); // the provider's notification → the top-up recorded
    await t.drainOutbox(); // 'account.topped_up' → the deposit held
    const mine = (await buyerA.get(`/api/my/fair-bookings?fairId=${f.id}`)).json() as { id: number; depositStatus: string }[];
    expect(mine.find((x) => x.id === b.id)).toMatchObject({ depositStatus: 'held' });
    expect(await account()).toEqual({ balance: before.balance + 200, held: before.held + 200 });
    const again = await buyerA.post(`/api/my/fair-bookings/${b.id}/deposit/online`, { channel: 'qr' });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'FAIR_DEPOSIT_PAID']);
    expect(again.json().error.message).toBe(`订货单 ${b.number} 的定金已支付，无需再付`);
    await expectLedgerConsistent(t);
  });

  it('refuses bad input, another company, no deposit, and writes nothing', async () => {
    const f = await fair();
    const b = await book(f.id, 5);
    const none = await book((await fair({ depositKind: 'none', depositValue: 0, depositDueAt: null })).id, 5);
    const before = await state();
    for (const body of [{ channel: 'wap' }, { channel: 1 }, { channel: null }]) {
      const r = await buyerA.post(`/api/my/fair-bookings/${b.id}/deposit/online`, body);
      expect([r.statusCode, r.json().error.code], JSON.stringify(body)).toEqual([400, 'VALIDATION']);
    }
    expect((await buyerA.post('/api/my/fair-bookings/abc/deposit/online', { channel: 'qr' })).statusCode).toBe(400);
    expect((await buyerB.post(`/api/my/fair-bookings/${b.id}/deposit/online`, { channel: 'qr' })).statusCode).toBe(404);
    expect((await buyerA.post('/api/my/fair-bookings/999999/deposit/online', { channel: 'qr' })).statusCode).toBe(404);
    expect((await admin.post(`/api/my/fair-bookings/${b.id}/deposit/online`, { channel: 'qr' })).statusCode).toBe(403);
    const no = await buyerA.post(`/api/my/fair-bookings/${none.id}/deposit/online`, { channel: 'qr' });
    expect([no.statusCode, no.json().error.code]).toEqual([409, 'FAIR_NO_DEPOSIT']);
    expect(await state()).toEqual(before);
  });
});
