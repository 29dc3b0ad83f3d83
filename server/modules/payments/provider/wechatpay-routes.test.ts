import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../../test/harness';
import { seedCatalogFixtures } from '../../../test/catalog-fixtures';
import { createTestOrder, seedWarehouseStock } from '../../../test/order-fixtures';
import { expectLedgerConsistent } from '../testkit';
import { registerProvider } from '.';
import { createWechatPay } from './wechatpay';
import { startFakeWechatPay, type FakeWechatPay, type Notification } from './wechatpay.fake';

// Ordo's own HTTP routes with the WeChat Pay adapter pointed at the local fake (not WeChat Pay itself).
let t: TestApp, fake: FakeWechatPay;
let buyerA: Client, finance: Client;
let WATER: number;
const savedDefault = process.env.ORDO_PAYMENT_PROVIDER;
const deliver = (n: Notification) => t.anon.request({ method: 'POST', url: '/api/payments/notify/wechatpay', payload: n.body, headers: n.headers });
const numberOf = async (paymentId: number) => (await t.db.selectFrom('payments').select('number').where('id', '=', paymentId).executeTakeFirstOrThrow()).number;
const outcomes = async (paymentId: number) => (await t.db.selectFrom('payment_notifications').select('outcome').where('payment_id', '=', paymentId).execute()).map((x) => x.outcome).sort();

beforeAll(async () => {
  fake = await startFakeWechatPay();
  t = await createTestApp({ config: { publicUrl: 'https://shop.example', trustedProxies: ['127.0.0.1'] } });
  registerProvider(createWechatPay(fake.config({ defaultNotifyUrl: 'https://shop.example/api/payments/notify/wechatpay' })));
  process.env.ORDO_PAYMENT_PROVIDER = 'wechatpay';
  [buyerA, finance] = await Promise.all(['buyerA', 'finance'].map((l) => t.as(l)));
  WATER = (await seedCatalogFixtures(t.database)).skus['WATER-550']!;
  await seedWarehouseStock(t.database, [WATER], 1_000);
});
afterAll(async () => {
  if (savedDefault === undefined) delete process.env.ORDO_PAYMENT_PROVIDER;
  else process.env.ORDO_PAYMENT_PROVIDER = savedDefault;
  await t.close();
  await fake.close();
});

describe('WeChat Pay through Ordo routes (fake provider)', () => {
  it('top-up: the QR is the code_url; the same notification delivered twice is recorded once; a stale one is refused', async () => {
    const before = (await buyerA.get('/api/my/account')).json().balance as number;
    const r = await buyerA.post('/api/my/account/topups/online', { amount: 12_345 });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ provider: 'wechatpay', status: 'pending', amount: 12_345 });
    expect(r.json().payUrl).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=/);
    expect(JSON.parse(fake.requests.at(-1)!.body).notify_url).toBe('https://shop.example/api/payments/notify/wechatpay');

    const paid = fake.pay(await numberOf(r.json().id));
    const stale = fake.notification('TRANSACTION.SUCCESS', {}, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    const refused = await deliver(stale);
    expect([refused.statusCode, refused.json().error.code]).toEqual([400, 'NOTIFY_REJECTED']);
    for (let i = 0; i < 2; i++) {
      const res = await deliver(paid);
      expect([res.statusCode, res.headers['content-type']]).toEqual([200, 'application/json; charset=utf-8']);
      expect(res.json()).toEqual({ code: 'SUCCESS', message: '成功' });
    }
    expect((await buyerA.get('/api/my/account')).json().balance).toBe(before + 12_345);
    expect(await outcomes(r.json().id)).toEqual(['duplicate', 'recorded']);
    expect((await buyerA.post(`/api/my/payments/${r.json().id}/sync`)).json()).toMatchObject({ status: 'succeeded' });
    await expectLedgerConsistent(t);
  });

  it('phone top-up: channel mobile → an H5 order with the buyer\'s IP, payUrl is h5_url back to the balance page; paid and notified twice → recorded once', async () => {
    const before = (await buyerA.get('/api/my/account')).json().balance as number;
    const r = await buyerA.post('/api/my/account/topups/online', { amount: 6_600, channel: 'mobile' }, { 'x-forwarded-for': '198.51.100.23' });
    expect(r.statusCode, r.body).toBe(200);
    const p = r.json();
    expect(p).toMatchObject({ provider: 'wechatpay', status: 'pending', amount: 6_600, purpose: 'topup' });
    const sent = fake.requests.at(-1)!;
    expect(sent).toMatchObject({ method: 'POST', url: '/v3/pay/transactions/h5', accepted: true });
    expect(JSON.parse(sent.body)).toMatchObject({ out_trade_no: p.number, amount: { total: 6_600 }, notify_url: 'https://shop.example/api/payments/notify/wechatpay', scene_info: { payer_client_ip: '198.51.100.23', h5_info: { type: 'Wap' } } });
    const u = new URL(p.payUrl);
    expect(`${u.origin}${u.pathname}`).toBe('https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb');
    expect(u.searchParams.get('redirect_url')).toBe(`https://shop.example/account/balance?payment=${p.id}`);
    expect(p.payUrl).toContain(`redirect_url=${encodeURIComponent(`https://shop.example/account/balance?payment=${p.id}`)}`);

    // back from WeChat before paying: still pending; then paid, and the notification comes twice
    expect((await buyerA.post(`/api/my/payments/${p.id}/sync`)).json()).toMatchObject({ status: 'pending' });
    const paid = fake.pay(p.number);
    for (let i = 0; i < 2; i++) expect((await deliver(paid)).statusCode).toBe(200);
    expect((await buyerA.post(`/api/my/payments/${p.id}/sync`)).json()).toMatchObject({ status: 'succeeded' });
    expect((await buyerA.get('/api/my/account')).json().balance).toBe(before + 6_600);
    expect(await outcomes(p.id)).toEqual(['duplicate', 'recorded']);
    expect(await t.db.selectFrom('audit_log').select('after').where('entity_type', '=', 'payment').where('entity_id', '=', p.id).where('action', '=', 'payment.online_started').executeTakeFirstOrThrow()).toMatchObject({ after: { channel: 'mobile' } });
    await expectLedgerConsistent(t);
  });

  it('order: recorded by query when the buyer returns; cancelled and refunded to WeChat Pay; REFUND.SUCCESS twice completes it once', async () => {
    const o = await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, lines: [{ skuId: WATER, qty: 50 }], status: 'awaiting_payment', reserve: false });
    const p = (await buyerA.post(`/api/my/orders/${o.orderId}/pay/online`, {})).json();
    expect(p).toMatchObject({ provider: 'wechatpay', amount: 10_000 });
    expect((await buyerA.post(`/api/my/payments/${p.id}/sync`)).json()).toMatchObject({ status: 'pending' });
    const paid = fake.pay(await numberOf(p.id)); // the notification is "lost"; the buyer clicks 我已付款
    expect((await buyerA.post(`/api/my/payments/${p.id}/sync`)).json()).toMatchObject({ status: 'succeeded' });
    expect((await deliver(paid)).statusCode).toBe(200); // arrives late: a duplicate

    await t.db.updateTable('orders').set({ status: 'cancelled' }).where('id', '=', o.orderId).execute();
    const rf = await finance.post(`/api/payments/orders/${o.orderId}/refunds`, { destination: 'original', amount: 4_000, reason: '客户取消' });
    expect(rf.json(), rf.body).toMatchObject([{ amount: 4_000, status: 'pending', paymentMethod: 'online' }]);
    const sent = JSON.parse(fake.requests.at(-1)!.body);
    expect(sent).toMatchObject({ out_refund_no: rf.json()[0].number, amount: { refund: 4_000, total: 10_000 }, notify_url: 'https://shop.example/api/payments/notify/wechatpay' });
    const done = fake.completeRefund(rf.json()[0].number);
    for (let i = 0; i < 2; i++) expect((await deliver(done)).statusCode).toBe(200);
    expect(await t.db.selectFrom('orders').select(['payment_status', 'paid_total', 'refunded_total']).where('id', '=', o.orderId).executeTakeFirstOrThrow()).toEqual({ payment_status: 'partially_refunded', paid_total: 10_000, refunded_total: 4_000 });
    expect(await outcomes(p.id)).toEqual(['duplicate', 'duplicate', 'query_recorded', 'refund_recorded']);
    // a genuine event with nothing to record (a refund held up at the bank) is acknowledged, logged, and changes nothing
    const abnormal = fake.notification('REFUND.ABNORMAL', { mchid: '1900000109', out_trade_no: await numberOf(p.id), transaction_id: 'T', amount: { total: 10_000, refund: 4_000 } });
    const ack = await deliver(abnormal);
    expect([ack.statusCode, ack.json()]).toEqual([200, { code: 'SUCCESS', message: '成功' }]);
    expect(await outcomes(p.id)).toEqual(['duplicate', 'duplicate', 'ignored', 'query_recorded', 'refund_recorded']);

    expect(await t.db.selectFrom('refunds').select(['status', 'provider_refund_ref']).where('order_id', '=', o.orderId).execute()).toEqual([{ status: 'succeeded', provider_refund_ref: expect.stringMatching(/^50300/) }]);
    // a second refund that WeChat gives up on (REFUND.ABNORMAL): failed in Ordo, its amount free to refund again, once
    const rf2 = await finance.post(`/api/payments/orders/${o.orderId}/refunds`, { destination: 'original', amount: 1_000, reason: '补退' });
    expect(rf2.json(), rf2.body).toMatchObject([{ amount: 1_000, status: 'pending' }]);
    const tradeNo = (await t.db.selectFrom('payments').select('provider_ref').where('id', '=', p.id).executeTakeFirstOrThrow()).provider_ref;
    const gaveUp = fake.notification('REFUND.ABNORMAL', { mchid: '1900000109', out_trade_no: await numberOf(p.id), transaction_id: tradeNo, out_refund_no: rf2.json()[0].number, refund_status: 'ABNORMAL', amount: { total: 10_000, refund: 1_000 } });
    for (let i = 0; i < 2; i++) expect((await deliver(gaveUp)).statusCode).toBe(200);
    expect(await t.db.selectFrom('refunds').select('status').where('number', '=', rf2.json()[0].number).executeTakeFirstOrThrow()).toEqual({ status: 'failed' });
    expect(await t.db.selectFrom('payments').select('refunded_amount').where('id', '=', p.id).executeTakeFirstOrThrow()).toEqual({ refunded_amount: 4_000 });
    expect(await outcomes(p.id)).toEqual(['duplicate', 'duplicate', 'duplicate', 'ignored', 'query_recorded', 'refund_failed', 'refund_recorded']);
    await expectLedgerConsistent(t);
  });
});
