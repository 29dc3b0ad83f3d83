import { generateKeyPairSync } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../../lib/db-types';
import type { AppError } from '../../../lib/errors';
import { alipayConfigFromEnv, createAlipay, rawMember, rsa2Verify, signContent } from './alipay';
import { startFakeAlipay, type FakeAlipay } from './alipay.fake';
import { fenToYuan, yuanToFen } from './shared';
import { configureProviders, providerOf } from '.';
import type { PaymentProvider, VerifiedNotice } from './types';

// Against a local fake that follows the Alipay OpenAPI protocol as published (alipay.fake.ts), not Alipay itself.
const db = {} as Kysely<DB>;
let fake: FakeAlipay;
let ali: PaymentProvider;
const verifyBody = (body: string) => ali.verifyNotification(db, { 'content-type': 'application/x-www-form-urlencoded' }, body);
const notice = (v: VerifiedNotice) => (v.ok ? v.notice : expect.unreachable(`rejected: ${v.reason}`));
const reason = (v: VerifiedNotice) => (v.ok ? expect.unreachable('accepted') : v.reason);
const errorOf = (p: Promise<unknown>) => p.then(() => expect.unreachable('resolved'), (e: unknown) => e as AppError);

beforeAll(async () => {
  fake = await startFakeAlipay();
  ali = createAlipay(fake.config());
});
afterAll(() => fake.close());

describe('fen ↔ yuan on the wire', () => {
  it('is exact both ways', () => {
    for (const [fen, yuan] of [[1, '0.01'], [10, '0.10'], [100, '1.00'], [199_999, '1999.99'], [1_234_567, '12345.67'], [0, '0.00']] as const) {
      expect(fenToYuan(fen)).toBe(yuan);
      expect(yuanToFen(yuan)).toBe(fen);
    }
    expect(yuanToFen('12345.6')).toBe(1_234_560);
    expect(yuanToFen('7')).toBe(700);
    for (let f = 0; f < 100_000; f += 7) expect(yuanToFen(fenToYuan(f))).toBe(f);
  });
  it('refuses anything that is not a plain yuan amount', () => {
    for (const bad of ['1.005', '1e3', '-1.00', ' 1.00', '1.00 ', '01.00', '1,000.00', '.50', '1.', '', 'NaN', '0x10']) expect(yuanToFen(bad), bad).toBeNull();
    expect(yuanToFen(1.5)).toBeNull();
    expect(() => fenToYuan(1.5)).toThrow(RangeError);
    expect(() => fenToYuan(-1)).toThrow(RangeError);
  });
});

describe('Alipay adapter against the local fake', () => {
  it('precreate → paid notification → query → refund → refund notification (amount from refund query)', async () => {
    const created = await ali.createPayment(db, { outTradeNo: 'PAY-1', amountFen: 1_234_567, subject: '订单 SO1', notifyUrl: 'https://ordo.example/api/payments/notify/alipay', returnUrl: null, channel: 'qr', clientIp: null });
    expect(created).toEqual({ tradeNo: null, payUrl: expect.stringMatching(/^https:\/\/qr\.alipay\.com\//) });
    const sent = fake.requests.at(-1)!;
    expect(sent).toMatchObject({ method: 'alipay.trade.precreate', accepted: true });
    expect(sent.params).toMatchObject({ notify_url: 'https://ordo.example/api/payments/notify/alipay', sign_type: 'RSA2', charset: 'utf-8', version: '1.0' });
    expect(JSON.parse(sent.params.biz_content!)).toMatchObject({ out_trade_no: 'PAY-1', total_amount: '12345.67', subject: '订单 SO1' });

    expect(await ali.queryPayment(db, 'PAY-1')).toBeNull(); // not scanned yet: Alipay has no trade
    const paid = notice(await verifyBody(fake.pay('PAY-1')));
    expect(paid).toMatchObject({ kind: 'payment', outTradeNo: 'PAY-1', amountFen: 1_234_567 });
    expect(await ali.queryPayment(db, 'PAY-1')).toEqual({ status: 'paid', amountFen: 1_234_567, tradeNo: paid.tradeNo });

    const r1 = await ali.refund(db, { outTradeNo: 'PAY-1', outRefundNo: 'RF-1', amountFen: 199_999, totalFen: 1_234_567, reason: '退货', notifyUrl: '' });
    expect(r1.refundNo).toBe(`${paid.tradeNo}/RF-1`);
    expect(JSON.parse(fake.requests.at(-1)!.params.biz_content!)).toEqual({ out_trade_no: 'PAY-1', refund_amount: '1999.99', out_request_no: 'RF-1', refund_reason: '退货' });
    expect(notice(await verifyBody(fake.refundNotification('PAY-1', 'RF-1')))).toEqual({ kind: 'refund', outTradeNo: 'PAY-1', tradeNo: paid.tradeNo, outRefundNo: 'RF-1', refundNo: r1.refundNo, amountFen: 199_999 });
    // a second refund: refund_fee in the notification is the total (2000.00), the notice is this refund's 0.01
    await ali.refund(db, { outTradeNo: 'PAY-1', outRefundNo: 'RF-2', amountFen: 1, totalFen: 1_234_567, reason: null, notifyUrl: '' });
    const second = fake.refundNotification('PAY-1', 'RF-2');
    expect(new URLSearchParams(second).get('refund_fee')).toBe('2000.00');
    expect(notice(await verifyBody(second))).toMatchObject({ kind: 'refund', outRefundNo: 'RF-2', amountFen: 1 });
    expect(fake.requests.every((x) => x.accepted)).toBe(true);
    expect(ali.ackBody).toBe('success');
  });

  it('mobile: a signed wap.pay URL (no server call) → the phone opens it → paid notification → query → refund', async () => {
    const returnUrl = 'https://ordo.example/pay/42?payment=7';
    const sentBefore = fake.requests.length;
    const created = await ali.createPayment(db, { outTradeNo: 'PAY-W', amountFen: 8_800, subject: '订单 SO42', notifyUrl: 'https://ordo.example/api/payments/notify/alipay', returnUrl, channel: 'mobile', clientIp: '203.0.113.7' });
    expect(created.tradeNo).toBeNull();
    expect(fake.requests.length).toBe(sentBefore); // nothing was sent to Alipay

    const u = new URL(created.payUrl);
    expect(`${u.origin}${u.pathname}`).toBe(fake.url);
    const params = Object.fromEntries(u.searchParams);
    expect(params).toMatchObject({
      app_id: '2021000123456789', method: 'alipay.trade.wap.pay', format: 'JSON', charset: 'utf-8', sign_type: 'RSA2', version: '1.0',
      notify_url: 'https://ordo.example/api/payments/notify/alipay', return_url: returnUrl, timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
    });
    expect(JSON.parse(params.biz_content!)).toEqual({ out_trade_no: 'PAY-W', total_amount: '88.00', subject: '订单 SO42', product_code: 'QUICK_WAP_WAY', quit_url: returnUrl });
    // signed by the app key over the sorted parameters: verifies with the app's public key…
    expect(rsa2Verify(signContent(params, ['sign']), params.sign!, fake.appPublicKey)).toBe(true);
    // …and not once a parameter is changed
    const tampered = new URL(created.payUrl);
    tampered.searchParams.set('biz_content', params.biz_content!.replace('"88.00"', '"0.01"'));
    const tamperedParams = Object.fromEntries(tampered.searchParams);
    expect(rsa2Verify(signContent(tamperedParams, ['sign']), tamperedParams.sign!, fake.appPublicKey)).toBe(false);

    // the phone opens the tampered URL: refused, no trade; then the real one: the cashier page
    const refused = await fetch(tampered);
    expect(refused.status).toBe(400);
    expect(fake.requests.at(-1)).toMatchObject({ http: 'GET', method: 'alipay.trade.wap.pay', accepted: false, reason: 'isv.invalid-signature' });
    expect(fake.pageUrls('PAY-W')).toBeNull();
    const opened = await fetch(created.payUrl);
    expect([opened.status, await opened.text()]).toEqual([200, expect.stringContaining('手机网站支付收银台')]);
    expect(fake.requests.at(-1)).toMatchObject({ http: 'GET', method: 'alipay.trade.wap.pay', accepted: true });
    expect(fake.pageUrls('PAY-W')).toEqual({ returnUrl, quitUrl: returnUrl });

    expect(await ali.queryPayment(db, 'PAY-W')).toBeNull(); // opened, not paid: Alipay has no trade yet
    const paid = notice(await verifyBody(fake.pay('PAY-W')));
    expect(paid).toMatchObject({ kind: 'payment', outTradeNo: 'PAY-W', amountFen: 8_800 });
    expect(await ali.queryPayment(db, 'PAY-W')).toEqual({ status: 'paid', amountFen: 8_800, tradeNo: paid.tradeNo });
    const r = await ali.refund(db, { outTradeNo: 'PAY-W', outRefundNo: 'RF-W', amountFen: 800, totalFen: 8_800, reason: null, notifyUrl: '' });
    expect(notice(await verifyBody(fake.refundNotification('PAY-W', 'RF-W')))).toMatchObject({ kind: 'refund', outRefundNo: 'RF-W', refundNo: r.refundNo, amountFen: 800 });
    expect(fake.requests.filter((x) => x.http === 'POST').every((x) => x.accepted)).toBe(true);
  });

  it('mobile: a wap.pay URL signed with another app key is refused when opened', async () => {
    const other = createAlipay(fake.config({ privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey }));
    const created = await other.createPayment(db, { outTradeNo: 'PAY-WX', amountFen: 100, subject: 's', notifyUrl: 'https://o/n', returnUrl: 'https://o/r', channel: 'mobile', clientIp: null });
    expect((await fetch(created.payUrl)).status).toBe(400);
    expect(fake.requests.at(-1)).toMatchObject({ http: 'GET', accepted: false, reason: 'isv.invalid-signature' });
    expect(fake.pageUrls('PAY-WX')).toBeNull();
    await expect(ali.createPayment(db, { outTradeNo: 'PAY-WY', amountFen: 100, subject: 's', notifyUrl: 'https://o/n', returnUrl: null, channel: 'mobile', clientIp: null })).rejects.toThrow(/quit_url/);
  });

  it('refuses tampered, wrongly signed, foreign and malformed-amount notifications, with a reason', async () => {
    await ali.createPayment(db, { outTradeNo: 'PAY-2', amountFen: 10, subject: 's', notifyUrl: 'https://o/n', returnUrl: null, channel: 'qr', clientIp: null });
    const good = fake.pay('PAY-2');
    expect(notice(await verifyBody(good))).toMatchObject({ kind: 'payment', amountFen: 10 });
    expect(reason(await verifyBody(good.replace('total_amount=0.10', 'total_amount=1000.00')))).toBe('bad signature');
    const forged = fake.notification({ trade_no: 'T1', out_trade_no: 'PAY-2', trade_status: 'TRADE_SUCCESS', total_amount: '0.10' }, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
    expect(reason(await verifyBody(forged))).toBe('bad signature');
    expect(reason(await verifyBody(good.replace(/&sign=[^&]*/, '')))).toBe('notification has no sign parameter');
    expect(reason(await verifyBody(good.replace('sign_type=RSA2', 'sign_type=RSA')))).toBe('sign_type RSA is not RSA2');
    expect(reason(await verifyBody(`${good}&total_amount=0.10`))).toBe('parameter total_amount appears twice');
    for (const amount of ['0.1000', '1e-1', '-0.10', '0,10']) {
      const v = await verifyBody(fake.notification({ trade_no: 'T1', out_trade_no: 'PAY-2', trade_status: 'TRADE_SUCCESS', total_amount: amount }));
      expect(reason(v)).toBe(`total_amount "${amount}" is not a yuan amount with at most 2 decimals`);
    }
    expect(reason(await verifyBody(fake.notification({ app_id: '2021000999999999', trade_no: 'T1', out_trade_no: 'PAY-2', trade_status: 'TRADE_SUCCESS', total_amount: '0.10' })))).toBe('notification is for app_id 2021000999999999, not 2021000123456789');
    // genuine but nothing to record: acknowledged (ignored), so Alipay stops resending it
    expect(await verifyBody(fake.notification({ trade_no: 'T1', out_trade_no: 'PAY-2', trade_status: 'WAIT_BUYER_PAY', total_amount: '0.10' })))
      .toMatchObject({ ok: true, notice: { kind: 'ignored', outTradeNo: 'PAY-2', event: 'trade_status WAIT_BUYER_PAY' } });
    expect(reason(await verifyBody(fake.notification({ trade_no: 'T1', out_trade_no: 'PAY-2', out_biz_no: 'RF-9', trade_status: 'TRADE_SUCCESS', total_amount: '0.10', refund_fee: '0.05', gmt_refund: '2026-12-01 11:00:00' })))).toBe('refund RF-9 is unknown to Alipay');
  });

  it('a request signed with another app key is refused by the gateway; a reply with a bad signature is not believed', async () => {
    const other = createAlipay(fake.config({ privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey }));
    const e = await errorOf(other.queryPayment(db, 'PAY-1'));
    expect([e.code, e.params.reason]).toEqual(['PROVIDER_FAILED', 'trade query: 40002 isv.invalid-signature isv.invalid-signature']);
    expect(fake.requests.at(-1)).toMatchObject({ accepted: false, reason: 'isv.invalid-signature' });
    const wrongKey = createAlipay(fake.config({ alipayPublicKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey }));
    const e2 = await errorOf(wrongKey.queryPayment(db, 'PAY-1'));
    expect(e2.params.reason).toBe('alipay.trade.query answered with a missing or bad signature');
  });

  it('finds the exact signed text of the response member', () => {
    const text = '{"a_response" : {"msg": "x}\\"{", "n": {"k": 1}} ,"sign":"S"}';
    expect(rawMember(text, 'a_response')).toBe('{"msg": "x}\\"{", "n": {"k": 1}}');
    expect(rawMember(text, 'b_response')).toBeNull();
    expect(rawMember('{"a_response": {"open": "', 'a_response')).toBeNull();
  });

  it('configuration: none → not registered; partial → error naming the missing variable; bare base64 keys accepted', () => {
    expect(alipayConfigFromEnv({})).toBeNull();
    const k = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'der' }, publicKeyEncoding: { type: 'spki', format: 'der' } });
    const full = { ORDO_ALIPAY_APP_ID: '2021000123456789', ORDO_ALIPAY_PRIVATE_KEY: k.privateKey.toString('base64'), ORDO_ALIPAY_PUBLIC_KEY: k.publicKey.toString('base64') };
    expect(alipayConfigFromEnv(full)).toMatchObject({ appId: '2021000123456789', gateway: 'https://openapi.alipay.com/gateway.do' });
    expect(() => alipayConfigFromEnv({ ORDO_ALIPAY_APP_ID: '1', ORDO_ALIPAY_PUBLIC_KEY: 'x' })).toThrow(/^ORDO_ALIPAY_PRIVATE_KEY: is required to use Alipay/);
    expect(() => alipayConfigFromEnv({ ...full, ORDO_ALIPAY_PUBLIC_KEY: 'not a key' })).toThrow(/^ORDO_ALIPAY_PUBLIC_KEY: is neither a PEM/);
    expect(() => configureProviders({ ...full, ORDO_PAYMENT_PROVIDER: 'wechatpay' }, 'http://x')).toThrow(/^ORDO_PAYMENT_PROVIDER: names "wechatpay", which is not configured \(available: sandbox, alipay\)/);
    expect(configureProviders({ ...full, ORDO_PAYMENT_PROVIDER: 'alipay' }, 'http://x')).toEqual(['alipay']);
    expect(providerOf('alipay').name).toBe('alipay');
  });
});
