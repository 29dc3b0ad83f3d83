import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';
import { createTestOrder, seedWarehouseStock } from '../../test/order-fixtures';
import { buildNotification, sandboxPay, sandboxSecret, signFields } from './provider/sandbox';
import { expectLedgerConsistent, cancelOrder } from './testkit';
import { emit } from '../platform/outbox';

let t: TestApp;
let finance: Client, warehouse: Client, buyerA: Client, buyerB: Client;
let WATER: number;
let base: string;
const order = (qty = 50, companyId = t.fx.companyA) =>
  createTestOrder(t.database, { companyId, buyerUserId: t.fx.users.buyerA, lines: [{ skuId: WATER, qty }], status: 'awaiting_payment', reserve: false }); // 50 → 10000 fen
const notify = (body: string) => t.anon.request({ method: 'POST', url: '/api/payments/notify/sandbox', payload: body, headers: { 'content-type': 'application/json' } });
const tradeOf = async (paymentId: number) => (await t.db.selectFrom('payments').select(['provider_ref', 'number']).where('id', '=', paymentId).executeTakeFirstOrThrow());
const orderRow = (id: number) => t.db.selectFrom('orders').select(['payment_status', 'paid_total', 'refunded_total']).where('id', '=', id).executeTakeFirstOrThrow();
const state = () => counts(t.db, ['payments', 'ledger_journals', 'refunds']);

async function freePort() {
  return new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  t = await createTestApp({ config: { publicUrl: base } });
  await t.app.listen({ port, host: '127.0.0.1' });
  [finance, warehouse, buyerA, buyerB] = await Promise.all(['finance', 'warehouse', 'buyerA', 'buyerB'].map((l) => t.as(l)));
  WATER = (await seedCatalogFixtures(t.database)).skus['WATER-550']!;
  await seedWarehouseStock(t.database, [WATER], 100_000);
});
afterAll(() => t.close());

describe('online payment through the sandbox provider', () => {
  it('start → pay page → 付款 → signed notification through the outbox → recorded, order paid', async () => {
    const o = await order();
    const r = await buyerA.post(`/api/my/orders/${o.orderId}/pay/online`, {});
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: 'pending', method: 'online', provider: 'sandbox', amount: 10_000 });
    const payUrl: string = r.json().payUrl;
    expect(payUrl.startsWith(`${base}/api/payments/sandbox/pay/SBX`)).toBe(true);
    const pageRes = await fetch(payUrl);
    const html = await pageRes.text();
    expect(html).toContain('付款 ¥100.00');
    expect(html).toContain(`订单 ${o.number}`);
    const click = await fetch(payUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '', redirect: 'manual' });
    expect(click.status).toBe(303);
    expect(click.headers.get('location')).toBe(`${base}/pay/${o.orderId}?payment=${r.json().id}`);
    expect((await orderRow(o.orderId)).payment_status).toBe('unpaid');
    await t.drainOutbox();
    expect(await orderRow(o.orderId)).toEqual({ payment_status: 'paid', paid_total: 10_000, refunded_total: 0 });
    const log = await t.db.selectFrom('payment_notifications').select('outcome').where('payment_id', '=', r.json().id).execute();
    expect(log).toEqual([{ outcome: 'recorded' }]);
    await expectLedgerConsistent(t);
  });

  it('channel: "mobile" and "qr" both open the sandbox pay page (it works on phones); a bad channel or amount is a 400 that writes nothing', async () => {
    const o = await order();
    const before = await state();
    const bad: [string, unknown][] = [
      [`/api/my/orders/${o.orderId}/pay/online`, { channel: 'wap' }], [`/api/my/orders/${o.orderId}/pay/online`, { channel: '' }], [`/api/my/orders/${o.orderId}/pay/online`, { channel: 1 }],
      [`/api/my/orders/${o.orderId}/pay/online`, { channel: null }], [`/api/my/orders/${o.orderId}/pay/online`, { amount: 0, channel: 'mobile' }], [`/api/my/orders/${o.orderId}/pay/online`, { amount: 12.5 }],
      ['/api/my/account/topups/online', { amount: 100, channel: 'MOBILE' }], ['/api/my/account/topups/online', { amount: 100, channel: ['qr'] }], ['/api/my/account/topups/online', { channel: 'qr' }],
      ['/api/my/account/topups/online', { amount: -1, channel: 'qr' }],
    ];
    for (const [url, body] of bad) {
      const r = await buyerA.post(url, body);
      expect([r.statusCode, r.json().error.code], `${url} ${JSON.stringify(body)}`).toEqual([400, 'VALIDATION']);
    }
    const wrong = await buyerA.post(`/api/my/orders/${o.orderId}/pay/online`, { channel: 'wap' });
    expect(JSON.stringify(wrong.json().error.details)).toContain('channel');
    expect(JSON.stringify(wrong.json().error.details)).toContain('只能是以下之一：qr / mobile');
    expect(await state()).toEqual(before);

    for (const channel of ['mobile', 'qr'] as const) {
      const r = await buyerA.post(`/api/my/orders/${o.orderId}/pay/online`, { amount: 100, channel });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().payUrl.startsWith(`${base}/api/payments/sandbox/pay/SBX`)).toBe(true);
    }
    const top = await buyerA.post('/api/my/account/topups/online', { amount: 100, channel: 'mobile' });
    expect([top.statusCode, top.json().purpose]).toEqual([200, 'topup']);
  });

  it('a notification the merchant does not acknowledge is retried by the outbox until it is', async () => {
    const o = await order();
    const p = (await buyerA.post(`/api/my/orders/${o.orderId}/pay/online`, { amount: 4_000 })).json();
    const { provider_ref } = await tradeOf(p.id);
    await t.db.updateTable('sandbox_trades').set({ notify_url: `${base}/api/payments/notify/nope` }).where('trade_no', '=', provider_ref!).execute();
    await sandboxPay(t.db, provider_ref!);
    await t.drainOutbox();
    const ev = await t.db.selectFrom('outbox').select(['id', 'attempts', 'last_error', 'delivered_at']).where('topic', '=', 'sandbox.notify').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(ev).toMatchObject({ attempts: 1, delivered_at: null });
    expect(ev.last_error).toContain('HTTP 404');
    await t.db.updateTable('sandbox_trades').set({ notify_url: `${base}/api/payments/notify/sandbox` }).where('trade_no', '=', provider_ref!).execute();
    await t.db.updateTable('outbox').set({ available_at: new Date() }).where('id', '=', ev.id).execute();
    await t.drainOutbox();
    expect((await t.db.selectFrom('outbox').select('attempts').where('id', '=', ev.id).executeTakeFirstOrThrow()).attempts).toBe(2);
    expect(await orderRow(o.orderId)).toMatchObject({ payment_status: 'partially_paid', paid_total: 4_000 });
  });

  it('the same notification 5 times (concurrently) → one payment; bad signature and altered amount refused and logged', async () => {
    const o = await order();
    const p = (await buyerA.post(`/api/my/orders/${o.orderId}/pay/online`, {})).json();
    const { provider_ref } = await tradeOf(p.id);
    await sandboxPay(t.db, provider_ref!);
    const { body } = await buildNotification(t.db, { tradeNo: provider_ref!, kind: 'payment' });

    const before = await state();
    const forged = JSON.parse(body);
    forged.total_amount = 1;
    const bad = await notify(JSON.stringify(forged));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('NOTIFY_REJECTED');
    const resigned = { ...JSON.parse(body), total_amount: 1 };
    resigned.sign = signFields(await sandboxSecret(t.db), resigned);
    const amt = await notify(JSON.stringify(resigned));
    expect(amt.statusCode).toBe(400);
    expect(amt.json().error.message).toContain('amount 1 differs from 10000');
    for (const junk of ['', 'not json', '[]', '{"sign":"zz"}', JSON.stringify({ ...JSON.parse(body), sign: undefined })]) expect((await notify(junk)).statusCode).toBe(400);
    expect(await state()).toEqual(before);
    expect(await orderRow(o.orderId)).toMatchObject({ payment_status: 'unpaid' });

    const results = await Promise.all(Array.from({ length: 5 }, () => notify(body)));
    expect(results.map((r) => [r.statusCode, r.body])).toEqual(Array.from({ length: 5 }, () => [200, 'success']));
    expect(await orderRow(o.orderId)).toEqual({ payment_status: 'paid', paid_total: 10_000, refunded_total: 0 });
    const outcomes = (await t.db.selectFrom('payment_notifications').select('outcome').where('payment_id', '=', p.id).execute()).map((x) => x.outcome).sort();
    expect(outcomes).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate', 'recorded', 'rejected']);
    expect(await t.db.selectFrom('payment_notifications').select('detail').where('outcome', '=', 'rejected').where('detail', '=', 'bad signature').execute()).toHaveLength(1);
    expect(await t.db.selectFrom('ledger_journals').select('id').where('payment_id', '=', p.id).execute()).toHaveLength(1);
    await expectLedgerConsistent(t);
  });

  it('out of order: recorded by query, order cancelled and refunded to the original method; the refund notice arrives before the late payment notices', async () => {
    const o = await order();
    const p = (await buyerA.post(`/api/my/orders/${o.orderId}/pay/online`, {})).json();
    const { provider_ref } = await tradeOf(p.id);
    await sandboxPay(t.db, provider_ref!);
    const paidNotice = (await buildNotification(t.db, { tradeNo: provider_ref!, kind: 'payment' })).body;
    await t.db.deleteFrom('outbox').where('topic', '=', 'sandbox.notify').where('delivered_at', 'is', null).execute(); // the provider's first notice is "lost"
    // the buyer returns from the pay page: Ordo asks the provider
    expect((await buyerA.post(`/api/my/payments/${p.id}/sync`)).json()).toMatchObject({ status: 'succeeded' });
    expect((await buyerB.post(`/api/my/payments/${p.id}/sync`)).statusCode).toBe(404);

    await cancelOrder(t, o.orderId);
    const before = await state();
    const tooMuch = await finance.post(`/api/payments/orders/${o.orderId}/refunds`, { amount: 10_001, destination: 'original' });
    expect([tooMuch.statusCode, tooMuch.json().error.code]).toEqual([422, 'REFUND_EXCEEDS_PAID']);
    expect(await state()).toEqual(before);
    const rf = await finance.post(`/api/payments/orders/${o.orderId}/refunds`, { destination: 'original', reason: '客户取消' });
    expect(rf.statusCode, rf.body).toBe(200);
    expect(rf.json()).toMatchObject([{ amount: 10_000, destination: 'original', status: 'pending', paymentMethod: 'online' }]);
    expect((await finance.post(`/api/payments/orders/${o.orderId}/refunds`, { destination: 'balance' })).json().error.code).toBe('NOTHING_TO_REFUND');

    const refundEvent = await t.db.selectFrom('outbox').select('payload').where('topic', '=', 'sandbox.notify').where('delivered_at', 'is', null).executeTakeFirstOrThrow();
    const refundNotice = (await buildNotification(t.db, refundEvent.payload as { tradeNo: string; kind: 'refund'; outRefundNo: string })).body;
    for (const b of [refundNotice, paidNotice, paidNotice, refundNotice, paidNotice]) expect((await notify(b)).statusCode).toBe(200);
    expect(await orderRow(o.orderId)).toEqual({ payment_status: 'refunded', paid_total: 10_000, refunded_total: 10_000 });
    expect(await t.db.selectFrom('refunds').select('status').where('order_id', '=', o.orderId).execute()).toEqual([{ status: 'succeeded' }]);
    expect((await t.db.selectFrom('payments').select('status').where('order_id', '=', o.orderId).execute())).toEqual([{ status: 'succeeded' }]);
    const kinds = (await t.db.selectFrom('ledger_journals').select('kind').where('order_id', '=', o.orderId).orderBy('id').execute()).map((j) => j.kind);
    expect(kinds).toEqual(['order_charge', 'order_payment', 'order_cancel', 'refund']);
    const rec = await t.db.selectFrom('ledger_entries as e').innerJoin('ledger_journals as j', 'j.id', 'e.journal_id').select((eb) => eb.fn.sum<number>('e.amount').as('s')).where('j.order_id', '=', o.orderId).where('e.account', '=', 'receivable').executeTakeFirstOrThrow();
    expect(Number(rec.s)).toBe(0);
    await expectLedgerConsistent(t);
  });

  it('money arriving for an order cancelled meanwhile goes to the prepaid balance', async () => {
    const o = await order(10);
    const p = (await buyerA.post(`/api/my/orders/${o.orderId}/pay/online`, {})).json();
    await cancelOrder(t, o.orderId);
    const { provider_ref } = await tradeOf(p.id);
    const balance = (await buyerA.get('/api/my/account')).json().balance;
    await sandboxPay(t.db, provider_ref!);
    await t.drainOutbox();
    expect((await buyerA.get('/api/my/account')).json().balance).toBe(balance + 2_000);
    expect((await t.db.selectFrom('payments').select(['purpose', 'order_id', 'status']).where('id', '=', p.id).executeTakeFirstOrThrow())).toEqual({ purpose: 'topup', order_id: null, status: 'succeeded' });
    await expectLedgerConsistent(t);
  });
});

describe('refunds to the balance, cash on delivery, paying later', () => {
  it('a cancelled order paid from the balance is refunded to the balance; refunding a live order is refused', async () => {
    await finance.request({ method: 'POST', url: `/api/payments/accounts/${t.fx.companyB}/topups`, payload: `--x\r\ncontent-disposition: form-data; name="amount"\r\n\r\n5000\r\n--x--\r\n`, headers: { 'content-type': 'multipart/form-data; boundary=x' } });
    const o = await order(10, t.fx.companyB);
    expect((await buyerB.post(`/api/my/orders/${o.orderId}/pay/balance`, { amount: 2_000 })).statusCode).toBe(200);
    const live = await finance.post(`/api/payments/orders/${o.orderId}/refunds`, { destination: 'balance' });
    expect([live.statusCode, live.json().error.code]).toEqual([409, 'ORDER_NOT_CANCELLED']);
    await cancelOrder(t, o.orderId);
    for (const body of [{ destination: 'bank' }, { destination: 'balance', amount: 0 }, { destination: 'balance', amount: -5 }, { destination: 'balance', amount: 1.5 }, {}]) {
      expect((await finance.post(`/api/payments/orders/${o.orderId}/refunds`, body)).statusCode).toBe(400);
    }
    expect((await buyerB.post(`/api/payments/orders/${o.orderId}/refunds`, { destination: 'balance' })).statusCode).toBe(403);
    const r = await finance.post(`/api/payments/orders/${o.orderId}/refunds`, { destination: 'original', amount: 500 });
    expect(r.json()).toMatchObject([{ amount: 500, destination: 'balance', status: 'succeeded' }]);
    expect((await buyerB.get('/api/my/account')).json().balance).toBe(3_500);
    expect(await orderRow(o.orderId)).toEqual({ payment_status: 'partially_refunded', paid_total: 2_000, refunded_total: 500 });
    expect((await buyerB.get(`/api/my/orders/${o.orderId}/refunds`)).json()).toHaveLength(1);
    expect((await buyerA.get(`/api/my/orders/${o.orderId}/refunds`)).statusCode).toBe(404);
    await expectLedgerConsistent(t);
  });

  it('cash on delivery: COD terms allow it, the warehouse records the cash; credit needs credit terms', async () => {
    await t.db.updateTable('companies').set({ payment_terms: 'cod' }).where('id', '=', t.fx.companyA).execute();
    const o = await order(10);
    expect((await buyerA.post(`/api/my/orders/${o.orderId}/pay/later`, { method: 'credit' })).json().error.code).toBe('PAYMENT_METHOD_NOT_ALLOWED');
    expect((await buyerA.post(`/api/my/orders/${o.orderId}/pay/later`, { method: 'cod' })).json()).toEqual({ orderId: o.orderId, paymentMethod: 'cod' });
    expect((await buyerA.post(`/api/payments/orders/${o.orderId}/cod`, { amount: 2_000 })).statusCode).toBe(403);
    const c = await warehouse.post(`/api/payments/orders/${o.orderId}/cod`, { amount: 2_000, note: '司机代收' });
    expect(c.json()).toMatchObject({ method: 'cod', status: 'succeeded', amount: 2_000 });
    expect((await orderRow(o.orderId)).payment_status).toBe('paid');
    await t.db.updateTable('companies').set({ payment_terms: 'credit', credit_limit: 1_000 }).where('id', '=', t.fx.companyA).execute();
    const o2 = await order(10);
    const refused = await buyerA.post(`/api/my/orders/${o2.orderId}/pay/later`, { method: 'credit' });
    expect([refused.statusCode, refused.json().error.code]).toEqual([409, 'CREDIT_LIMIT_EXCEEDED']);
    await t.db.updateTable('companies').set({ credit_limit: 100_000 }).where('id', '=', t.fx.companyA).execute();
    const receivable = (await buyerA.get('/api/my/account')).json().receivable;
    expect((await buyerA.post(`/api/my/orders/${o2.orderId}/pay/later`, { method: 'credit' })).json().paymentMethod).toBe('credit');
    expect((await buyerA.get('/api/my/account')).json().receivable).toBe(receivable + 2_000);
    await expectLedgerConsistent(t);
  });

  it('cancelling through the workflow takes the charge off; its order.cancelled event refunds what was paid to the balance, once', async () => {
    const o = await order(10, t.fx.companyB);
    expect((await buyerB.post(`/api/my/orders/${o.orderId}/pay/balance`, { amount: 1_500 })).statusCode).toBe(200);
    await t.drainOutbox(); // earlier tests' cancellations settle first
    const balance = (await buyerB.get('/api/my/account')).json().balance;
    await cancelOrder(t, o.orderId);
    const journals = async () => (await t.db.selectFrom('ledger_journals').select('kind').where('order_id', '=', o.orderId).orderBy('id').execute()).map((j) => j.kind);
    expect(await journals()).toEqual(['order_charge', 'order_payment', 'order_cancel']); // the transition itself
    await emit(t.db, 'order.cancelled', { orderId: o.orderId }); // duplicates of the workflow's event
    await emit(t.db, 'order.cancelled', { orderId: o.orderId });
    await t.drainOutbox();
    expect((await buyerB.get('/api/my/account')).json().balance).toBe(balance + 1_500);
    expect(await orderRow(o.orderId)).toEqual({ payment_status: 'refunded', paid_total: 1_500, refunded_total: 1_500 });
    expect((await t.db.selectFrom('ledger_journals').select('kind').where('order_id', '=', o.orderId).orderBy('id').execute()).map((j) => j.kind)).toEqual(['order_charge', 'order_payment', 'order_cancel', 'refund']);
    await expectLedgerConsistent(t);
  });
});
