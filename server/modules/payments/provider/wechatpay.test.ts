import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../../lib/db-types';
import { AppError } from '../../../lib/errors';
import { authorization, createWechatPay, wechatPayConfigFromEnv } from './wechatpay';
import { startFakeWechatPay, type FakeWechatPay } from './wechatpay.fake';
import type { PaymentProvider, VerifiedNotice } from './types';

// Against a local fake that follows WeChat Pay API v3 as published (wechatpay.fake.ts), not WeChat Pay itself.
const db = {} as Kysely<DB>; // the adapter keeps no rows of its own
let fake: FakeWechatPay;
let wx: PaymentProvider;
const notice = (v: VerifiedNotice) => (v.ok ? v.notice : expect.unreachable(`rejected: ${v.reason}`));
const reason = (v: VerifiedNotice) => (v.ok ? expect.unreachable('accepted') : v.reason);

beforeAll(async () => {
  fake = await startFakeWechatPay();
  wx = createWechatPay(fake.config());
});
afterAll(() => fake.close());

describe('WeChat Pay v3 adapter against the local fake', () => {
  it('create → paid notification → query → refund → refund notification', async () => {
    const created = await wx.createPayment(db, { outTradeNo: 'PAY-1', amountFen: 199_999, subject: '订单 SO1', notifyUrl: 'https://ordo.example/api/payments/notify/wechatpay', returnUrl: null, channel: 'qr', clientIp: null });
    expect(created.tradeNo).toBeNull();
    expect(created.payUrl).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=/);
    const sent = fake.requests.at(-1)!;
    expect(sent).toMatchObject({ method: 'POST', url: '/v3/pay/transactions/native', accepted: true });
    expect(JSON.parse(sent.body)).toMatchObject({ out_trade_no: 'PAY-1', notify_url: 'https://ordo.example/api/payments/notify/wechatpay', amount: { total: 199_999, currency: 'CNY' } });

    expect(await wx.queryPayment(db, 'PAY-1')).toEqual({ status: 'pending', amountFen: 199_999, tradeNo: '' });
    expect(await wx.queryPayment(db, 'NOPE')).toBeNull();

    const paid = fake.pay('PAY-1');
    const n = notice(await wx.verifyNotification(db, paid.headers, paid.body));
    expect(n).toMatchObject({ kind: 'payment', outTradeNo: 'PAY-1', amountFen: 199_999 });
    expect(n.tradeNo).toMatch(/^42000/);
    expect(await wx.queryPayment(db, 'PAY-1')).toEqual({ status: 'paid', amountFen: 199_999, tradeNo: n.tradeNo });
    expect(fake.requests.at(-1)!.url).toBe('/v3/pay/transactions/out-trade-no/PAY-1?mchid=1900000109');

    const r = await wx.refund(db, { outTradeNo: 'PAY-1', outRefundNo: 'RF-1', amountFen: 1_234, totalFen: 199_999, reason: '客户取消', notifyUrl: '' });
    expect(r.refundNo).toMatch(/^50300/);
    expect(JSON.parse(fake.requests.at(-1)!.body)).toMatchObject({ out_refund_no: 'RF-1', notify_url: 'http://127.0.0.1:1/api/payments/notify/wechatpay', amount: { refund: 1_234, total: 199_999, currency: 'CNY' } });
    const done = fake.completeRefund('RF-1');
    expect(notice(await wx.verifyNotification(db, done.headers, done.body))).toEqual({ kind: 'refund', outTradeNo: 'PAY-1', tradeNo: n.tradeNo, outRefundNo: 'RF-1', refundNo: r.refundNo, amountFen: 1_234 });
    expect(await wx.queryPayment(db, 'PAY-1')).toMatchObject({ status: 'paid' }); // trade_state REFUND: it was paid
    expect(fake.requests.every((x) => x.accepted)).toBe(true);
  });

  it('mobile: H5 order with the buyer\'s IP → h5_url with redirect_url → paid (MWEB) notification → query', async () => {
    const returnUrl = 'https://ordo.example/pay/42?payment=7';
    const created = await wx.createPayment(db, { outTradeNo: 'PAY-H5', amountFen: 8_800, subject: '订单 SO42', notifyUrl: 'https://ordo.example/api/payments/notify/wechatpay', returnUrl, channel: 'mobile', clientIp: '203.0.113.7' });
    expect(created.tradeNo).toBeNull();
    const sent = fake.requests.at(-1)!;
    expect(sent).toMatchObject({ method: 'POST', url: '/v3/pay/transactions/h5', accepted: true });
    expect(JSON.parse(sent.body)).toEqual({
      appid: 'wxd678efh567hg6787', mchid: '1900000109', description: '订单 SO42', out_trade_no: 'PAY-H5', notify_url: 'https://ordo.example/api/payments/notify/wechatpay',
      amount: { total: 8_800, currency: 'CNY' }, scene_info: { payer_client_ip: '203.0.113.7', h5_info: { type: 'Wap' } },
    });
    // the h5_url WeChat Pay answered, with redirect_url appended URL-encoded
    const u = new URL(created.payUrl);
    expect(`${u.origin}${u.pathname}`).toBe('https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb');
    expect(u.searchParams.get('prepay_id')).toMatch(/^wx/);
    expect(created.payUrl.endsWith(`&redirect_url=${encodeURIComponent(returnUrl)}`)).toBe(true);
    expect(created.payUrl).toContain('redirect_url=https%3A%2F%2Fordo.example%2Fpay%2F42%3Fpayment%3D7');
    expect(u.searchParams.get('redirect_url')).toBe(returnUrl);
    // without a return URL, h5_url as it came
    const bare = await wx.createPayment(db, { outTradeNo: 'PAY-H5B', amountFen: 1, subject: 's', notifyUrl: 'https://o/n', returnUrl: null, channel: 'mobile', clientIp: '2001:db8::1' });
    expect(bare.payUrl).not.toContain('redirect_url');

    expect(await wx.queryPayment(db, 'PAY-H5')).toEqual({ status: 'pending', amountFen: 8_800, tradeNo: '' });
    const paid = fake.pay('PAY-H5');
    const n = notice(await wx.verifyNotification(db, paid.headers, paid.body));
    expect(n).toMatchObject({ kind: 'payment', outTradeNo: 'PAY-H5', amountFen: 8_800 });
    expect(await wx.queryPayment(db, 'PAY-H5')).toEqual({ status: 'paid', amountFen: 8_800, tradeNo: n.tradeNo });
    expect(fake.requests.every((x) => x.accepted)).toBe(true);
  });

  it('mobile: the fake refuses an H5 order without scene_info.payer_client_ip; the adapter never sends one', async () => {
    await expect(wx.createPayment(db, { outTradeNo: 'PAY-H5X', amountFen: 1, subject: 's', notifyUrl: 'https://o/n', returnUrl: null, channel: 'mobile', clientIp: null })).rejects.toThrow(/payer_client_ip/);
    expect(fake.requests.at(-1)!.body).not.toContain('PAY-H5X'); // nothing was sent
    // what WeChat Pay answers a request lacking it (the fake, called directly with a correctly signed request)
    const body = JSON.stringify({ appid: 'wxd678efh567hg6787', mchid: '1900000109', description: 's', out_trade_no: 'PAY-H5Y', notify_url: 'https://o/n', amount: { total: 1 }, scene_info: { h5_info: { type: 'Wap' } } });
    const ts = String(Math.floor(Date.now() / 1000));
    const res = await fetch(`${fake.url}/v3/pay/transactions/h5`, { method: 'POST', body, headers: { 'content-type': 'application/json', authorization: authorization(fake.config(), 'POST', '/v3/pay/transactions/h5', body, ts, 'n0nce') } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: 'PARAM_ERROR', message: '缺少参数 scene_info.payer_client_ip' });
  });

  it('ackBody is the JSON WeChat Pay accepts', () => {
    expect(JSON.parse(wx.ackBody)).toEqual({ code: 'SUCCESS', message: '成功' });
  });

  it('a request signed with another merchant key is refused by the provider and surfaces as PROVIDER_FAILED', async () => {
    const other = createWechatPay(fake.config({ privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey }));
    const err = await other.createPayment(db, { outTradeNo: 'PAY-X', amountFen: 100, subject: 'x', notifyUrl: 'https://o/n', returnUrl: null, channel: 'qr', clientIp: null }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('PROVIDER_FAILED');
    expect(String((err as AppError).params.reason)).toContain('HTTP 401 SIGN_ERROR');
    expect(fake.requests.at(-1)).toMatchObject({ accepted: false, reason: 'signature does not verify with the merchant certificate' });
  });

  it('a reply not signed by the platform key is not believed', async () => {
    fake.replyKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    try {
      const err = await wx.queryPayment(db, 'PAY-1').catch((e: unknown) => e);
      expect((err as AppError).code).toBe('PROVIDER_FAILED');
      expect(String((err as AppError).params.reason)).toContain('a bad signature');
    } finally {
      fake.replyKey = null;
    }
  });

  it('refuses tampered, wrongly signed, stale, undecryptable and foreign notifications, with a reason', async () => {
    await wx.createPayment(db, { outTradeNo: 'PAY-2', amountFen: 10, subject: 's', notifyUrl: 'https://o/n', returnUrl: null, channel: 'qr', clientIp: null });
    const good = fake.pay('PAY-2');
    expect(notice(await wx.verifyNotification(db, good.headers, good.body))).toMatchObject({ kind: 'payment', amountFen: 10 });

    const tampered = good.body.replace('"event_type":"TRANSACTION.SUCCESS"', '"event_type":"TRANSACTION.SUCCESS" ');
    expect(reason(await wx.verifyNotification(db, good.headers, tampered))).toBe('notification has a bad signature');

    const forged = fake.notification('TRANSACTION.SUCCESS', { mchid: '1900000109', appid: 'wxd678efh567hg6787', out_trade_no: 'PAY-2', transaction_id: 'T', trade_state: 'SUCCESS', amount: { total: 1 } }, { signWith: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey });
    expect(reason(await wx.verifyNotification(db, forged.headers, forged.body))).toBe('notification has a bad signature');

    const stale = fake.notification('TRANSACTION.SUCCESS', {}, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(reason(await wx.verifyNotification(db, stale.headers, stale.body))).toMatch(/Wechatpay-Timestamp 30\ds away from now/);

    const { 'wechatpay-signature': _s, ...unsigned } = good.headers;
    expect(reason(await wx.verifyNotification(db, unsigned, good.body))).toBe('notification has no Wechatpay-Signature/-Timestamp/-Nonce headers');
    expect(reason(await wx.verifyNotification(db, { ...good.headers, 'wechatpay-serial': 'PUB_KEY_ID_OTHER' }, good.body))).toContain('Wechatpay-Serial PUB_KEY_ID_OTHER');

    const otherKey = fake.notification('TRANSACTION.SUCCESS', { mchid: '1900000109' }, { apiV3Key: randomBytes(32) });
    expect(reason(await wx.verifyNotification(db, otherKey.headers, otherKey.body))).toContain('cannot be decrypted');

    const foreign = fake.notification('TRANSACTION.SUCCESS', { mchid: '1234', appid: 'wxd678efh567hg6787', out_trade_no: 'PAY-2', transaction_id: 'T', trade_state: 'SUCCESS', amount: { total: 10 } });
    expect(reason(await wx.verifyNotification(db, foreign.headers, foreign.body))).toBe('notification is for merchant 1234, not 1900000109');

    const yuan = fake.notification('TRANSACTION.SUCCESS', { mchid: '1900000109', appid: 'wxd678efh567hg6787', out_trade_no: 'PAY-2', transaction_id: 'T', trade_state: 'SUCCESS', amount: { total: '0.10' } });
    expect(reason(await wx.verifyNotification(db, yuan.headers, yuan.body))).toBe('amount.total is not a positive integer of CNY fen');

    const closed = fake.notification('REFUND.ABNORMAL', { mchid: '1900000109', out_trade_no: 'PAY-2', transaction_id: 'T', amount: { total: 10, refund: 10 } });
    // genuine but nothing to record: acknowledged (ignored), so WeChat stops resending it
    expect(await wx.verifyNotification(db, closed.headers, closed.body)).toMatchObject({ ok: true, notice: { kind: 'ignored', outTradeNo: 'PAY-2', event: 'REFUND.ABNORMAL' } });
    const gaveUp = fake.notification('REFUND.CLOSED', { mchid: '1900000109', out_trade_no: 'PAY-2', transaction_id: 'T', out_refund_no: 'RF-1', refund_status: 'CLOSED', amount: { total: 10, refund: 10 } });
    expect(await wx.verifyNotification(db, gaveUp.headers, gaveUp.body)).toMatchObject({ ok: true, notice: { kind: 'refund_failed', outRefundNo: 'RF-1', event: 'REFUND.CLOSED CLOSED' } });
  });

  it('configuration: none → not registered; partial → error naming the missing variable; bad APIv3 key refused', () => {
    expect(wechatPayConfigFromEnv({}, 'http://x')).toBeNull();
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const full = {
      ORDO_WECHATPAY_MCHID: '1900000109', ORDO_WECHATPAY_APPID: 'wx1', ORDO_WECHATPAY_SERIAL: 'ABC', ORDO_WECHATPAY_PRIVATE_KEY: pem.privateKey.replace(/\n/g, '\\n'),
      ORDO_WECHATPAY_PLATFORM_PUBLIC_KEY: pem.publicKey, ORDO_WECHATPAY_API_V3_KEY: 'a'.repeat(32),
    };
    const cfg = wechatPayConfigFromEnv(full, 'https://shop.example/')!;
    expect(cfg).toMatchObject({ mchid: '1900000109', baseUrl: 'https://api.mch.weixin.qq.com', defaultNotifyUrl: 'https://shop.example/api/payments/notify/wechatpay', platformKeyId: null });
    expect(() => wechatPayConfigFromEnv({ ...full, ORDO_WECHATPAY_SERIAL: '' }, 'http://x')).toThrow(/^ORDO_WECHATPAY_SERIAL: is required to use WeChat Pay/);
    expect(() => wechatPayConfigFromEnv({ ...full, ORDO_WECHATPAY_API_V3_KEY: 'short' }, 'http://x')).toThrow(/ORDO_WECHATPAY_API_V3_KEY: must be the 32-character APIv3 key/);
    expect(() => wechatPayConfigFromEnv({ ...full, ORDO_WECHATPAY_PRIVATE_KEY: '/nonexistent/key.pem' }, 'http://x')).toThrow(/ORDO_WECHATPAY_PRIVATE_KEY: is neither a PEM/);
    const err = (() => { try { wechatPayConfigFromEnv({ ...full, ORDO_WECHATPAY_MCHID: '' }, 'http://x'); } catch (e) { return String(e); } return ''; })();
    expect(err).not.toContain('BEGIN'); // no secret in the message
  });
});
