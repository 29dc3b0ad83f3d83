import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { rsa2Sign, rsa2Verify, signContent, type AlipayConfig } from './alipay';
import { fenToYuan, yuanToFen } from './shared';

/**
 * Tests only: a local stand-in for the Alipay OpenAPI gateway that follows the published protocol
 * as we read it — it checks the app's RSA2 signature over the sorted parameters, keeps its own
 * trades and refunds, answers `{"<method>_response": {...}, "sign": "..."}` signed over the
 * member's exact text, and produces signed form-encoded notifications. A GET of the gateway
 * with alipay.trade.wap.pay parameters is a phone's browser opening the mobile-web cashier: the
 * signature and parameters are checked and the trade is created as the buyer starts paying
 * (HTML answers; the status codes are this fake's choice). It is not Alipay.
 */
export interface FakeAlipay {
  url: string;
  config(overrides?: Partial<AlipayConfig>): AlipayConfig;
  /** the buyer paid: the TRADE_SUCCESS notification Alipay would send (form body) */
  pay(outTradeNo: string): string;
  /** the notification Alipay sends after a refund (partial: TRADE_SUCCESS, full: TRADE_CLOSED) */
  refundNotification(outTradeNo: string, outRequestNo: string): string;
  /** any notification, signed with the Alipay key unless another is given */
  notification(params: Record<string, string>, signWith?: KeyObject): string;
  /** server calls (POST) and cashier pages opened by a browser (GET: alipay.trade.wap.pay) */
  requests: { http: 'GET' | 'POST'; method: string; accepted: boolean; reason?: string; params: Record<string, string> }[];
  /** the app's public key, as uploaded to Alipay (what checks the app's signatures) */
  appPublicKey: KeyObject;
  /** the return_url and quit_url a wap.pay trade was opened with */
  pageUrls(outTradeNo: string): { returnUrl: string | null; quitUrl: string | null } | null;
  close(): Promise<void>;
}

interface Trade {
  outTradeNo: string; amount: number; subject: string; notifyUrl: string; tradeNo: string | null; status: 'WAIT_BUYER_PAY' | 'TRADE_SUCCESS' | 'TRADE_CLOSED'; refunded: number;
  /** precreate: the QR content; wap.pay: where the buyer returns or quits to */
  qr: string | null; returnUrl: string | null; quitUrl: string | null;
}
interface Refund { outTradeNo: string; outRequestNo: string; amount: number }

const APP_ID = '2021000123456789';

export async function startFakeAlipay(): Promise<FakeAlipay> {
  const app = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const alipay = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const trades = new Map<string, Trade>(), refunds = new Map<string, Refund>();
  const requests: FakeAlipay['requests'] = [];

  function check(p: Record<string, string>): string | null {
    if (p.app_id !== APP_ID) return `app_id ${p.app_id} unknown`;
    if (p.sign_type !== 'RSA2' || p.charset !== 'utf-8' || p.version !== '1.0') return 'sign_type RSA2, charset utf-8 and version 1.0 are required';
    if (!/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(p.timestamp ?? '')) return 'timestamp must be yyyy-MM-dd HH:mm:ss';
    if (!p.sign || !rsa2Verify(signContent(p, ['sign']), p.sign, app.publicKey)) return 'isv.invalid-signature';
    return null;
  }
  const biz = (code: string, sub: string, msg: string) => ({ code, msg: 'Business Failed', sub_code: sub, sub_msg: msg });

  function route(method: string, b: Record<string, string>, notifyUrl: string): Record<string, unknown> {
    const t = trades.get(b.out_trade_no ?? '');
    switch (method) {
      case 'alipay.trade.precreate': {
        const amount = yuanToFen(b.total_amount);
        if (!b.out_trade_no || !b.subject || amount === null || amount === 0) return biz('40004', 'ACQ.INVALID_PARAMETER', 'out_trade_no, subject and total_amount (yuan, 2 decimals) are required');
        if (t) return t.amount === amount && t.qr ? { code: '10000', msg: 'Success', out_trade_no: t.outTradeNo, qr_code: t.qr } : biz('40004', 'ACQ.CONTEXT_INCONSISTENT', '参数不一致');
        const n: Trade = { outTradeNo: b.out_trade_no, amount, subject: b.subject, notifyUrl, tradeNo: null, status: 'WAIT_BUYER_PAY', refunded: 0, qr: `https://qr.alipay.com/bax${randomBytes(8).toString('hex')}`, returnUrl: null, quitUrl: null };
        trades.set(n.outTradeNo, n);
        return { code: '10000', msg: 'Success', out_trade_no: n.outTradeNo, qr_code: n.qr };
      }
      case 'alipay.trade.query':
        if (!t || !t.tradeNo) return biz('40004', 'ACQ.TRADE_NOT_EXIST', '交易不存在');
        return { code: '10000', msg: 'Success', trade_no: t.tradeNo, out_trade_no: t.outTradeNo, trade_status: t.status, total_amount: fenToYuan(t.amount), buyer_logon_id: '159****5620' };
      case 'alipay.trade.refund': {
        const amount = yuanToFen(b.refund_amount);
        if (!t || t.status !== 'TRADE_SUCCESS') return biz('40004', 'ACQ.TRADE_STATUS_ERROR', '交易状态不合法');
        if (amount === null || amount === 0 || !b.out_request_no) return biz('40004', 'ACQ.INVALID_PARAMETER', 'refund_amount and out_request_no are required');
        const prior = refunds.get(`${t.outTradeNo}/${b.out_request_no}`);
        if (!prior) {
          if (t.refunded + amount > t.amount) return biz('40004', 'ACQ.REFUND_AMT_NOT_EQUAL_TOTAL', '退款金额超限');
          refunds.set(`${t.outTradeNo}/${b.out_request_no}`, { outTradeNo: t.outTradeNo, outRequestNo: b.out_request_no, amount });
          t.refunded += amount;
          if (t.refunded === t.amount) t.status = 'TRADE_CLOSED';
        }
        return { code: '10000', msg: 'Success', trade_no: t.tradeNo, out_trade_no: t.outTradeNo, buyer_logon_id: '159****5620', fund_change: prior ? 'N' : 'Y', refund_fee: fenToYuan(t.refunded) };
      }
      case 'alipay.trade.fastpay.refund.query': {
        const r = refunds.get(`${b.out_trade_no}/${b.out_request_no}`);
        if (!r || !t) return { code: '10000', msg: 'Success' }; // Alipay answers an unknown refund with no amount
        return { code: '10000', msg: 'Success', trade_no: t.tradeNo, out_trade_no: t.outTradeNo, out_request_no: r.outRequestNo, refund_amount: fenToYuan(r.amount), total_amount: fenToYuan(t.amount), refund_status: 'REFUND_SUCCESS' };
      }
      default:
        return { code: '40004', msg: 'Business Failed', sub_code: 'isv.invalid-method', sub_msg: `不存在的方法名 ${method}` };
    }
  }

  /** A browser opened a wap.pay URL: null and the trade created (or found again) when the URL is valid, else why not. */
  function openCashier(p: Record<string, string>): string | null {
    const problem = check(p);
    if (problem) return problem;
    if (p.method !== 'alipay.trade.wap.pay') return `isv.invalid-method: ${p.method ?? '(none)'} is not a page method`;
    let b: Record<string, unknown>;
    try {
      b = JSON.parse(p.biz_content ?? '') as Record<string, unknown>;
    } catch {
      return 'isv.invalid-biz-content: not JSON';
    }
    const amount = yuanToFen(b.total_amount);
    if (typeof b.out_trade_no !== 'string' || !b.out_trade_no || typeof b.subject !== 'string' || !b.subject || amount === null || amount === 0) return 'ACQ.INVALID_PARAMETER: out_trade_no, subject and total_amount (yuan, 2 decimals) are required';
    if (b.product_code !== 'QUICK_WAP_WAY') return `ACQ.INVALID_PARAMETER: product_code ${String(b.product_code)} is not QUICK_WAP_WAY`;
    if (typeof b.quit_url !== 'string' || !/^https?:\/\//.test(b.quit_url)) return 'ACQ.INVALID_PARAMETER: quit_url is required';
    if (p.return_url !== undefined && !/^https?:\/\//.test(p.return_url)) return 'ACQ.INVALID_PARAMETER: return_url is not a URL';
    const t = trades.get(b.out_trade_no);
    if (t) return t.amount === amount && t.quitUrl ? null : 'ACQ.CONTEXT_INCONSISTENT: 参数不一致';
    trades.set(b.out_trade_no, { outTradeNo: b.out_trade_no, amount, subject: b.subject, notifyUrl: p.notify_url ?? '', tradeNo: null, status: 'WAIT_BUYER_PAY', refunded: 0, qr: null, returnUrl: p.return_url ?? null, quitUrl: b.quit_url });
    return null;
  }

  const server = http.createServer((req, res) => {
    if (req.method === 'GET') {
      const u = new URL(req.url ?? '/', 'http://x');
      const p = Object.fromEntries(u.searchParams);
      const problem = u.pathname === '/gateway.do' ? openCashier(p) : 'not the gateway';
      requests.push({ http: 'GET', method: p.method ?? '', accepted: !problem, params: p, ...(problem ? { reason: problem } : {}) });
      res.writeHead(problem ? 400 : 200, { 'content-type': 'text/html;charset=utf-8' });
      res.end(problem ? `<html><body><h1>支付宝 · 错误</h1><p>${problem}</p></body></html>` : `<html><body><h1>支付宝 · 手机网站支付收银台</h1><p>¥${p.biz_content ? String((JSON.parse(p.biz_content) as Record<string, unknown>).total_amount) : ''}</p></body></html>`);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const p = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const method = p.method ?? '';
      const problem = check(p);
      requests.push({ http: 'POST', method, accepted: !problem, params: p, ...(problem ? { reason: problem } : {}) });
      const key = `${method.replace(/\./g, '_')}_response`;
      res.writeHead(200, { 'content-type': 'text/html;charset=utf-8' });
      if (problem) { // Alipay does not sign this kind of error
        res.end(JSON.stringify({ [key]: { code: '40002', msg: 'Invalid Arguments', sub_code: problem.startsWith('isv.') ? problem : 'isv.invalid-app-id', sub_msg: problem } }));
        return;
      }
      const reply = route(method, JSON.parse(p.biz_content ?? '{}') as Record<string, string>, p.notify_url ?? '');
      // Spaces and a brace inside a string: the signature covers these exact bytes, not a re-serialisation.
      const raw = JSON.stringify(reply, null, 1).replace('"msg"', '"msg" ');
      res.end(`{"${key}": ${raw},"sign":"${rsa2Sign(raw, alipay.privateKey)}"}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/gateway.do`;

  function notification(params: Record<string, string>, signWith: KeyObject = alipay.privateKey): string {
    const p = { notify_time: '2026-12-01 10:00:00', notify_type: 'trade_status_sync', notify_id: randomBytes(16).toString('hex'), app_id: APP_ID, charset: 'utf-8', version: '1.0', ...params };
    const sign = rsa2Sign(signContent(p, ['sign', 'sign_type']), signWith);
    return new URLSearchParams({ ...p, sign_type: 'RSA2', sign }).toString();
  }

  return {
    url,
    requests,
    config: (o = {}) => ({ appId: APP_ID, privateKey: app.privateKey, alipayPublicKey: alipay.publicKey, gateway: url, ...o }),
    appPublicKey: app.publicKey,
    pageUrls(outTradeNo) {
      const t = trades.get(outTradeNo);
      return t ? { returnUrl: t.returnUrl, quitUrl: t.quitUrl } : null;
    },
    pay(outTradeNo) {
      const t = trades.get(outTradeNo);
      if (!t) throw new Error(`fake alipay: no trade ${outTradeNo}`);
      t.tradeNo ??= `2026120122001${randomBytes(8).toString('hex').slice(0, 15)}`;
      t.status = 'TRADE_SUCCESS';
      return notification({
        trade_no: t.tradeNo, out_trade_no: t.outTradeNo, trade_status: 'TRADE_SUCCESS', total_amount: fenToYuan(t.amount), receipt_amount: fenToYuan(t.amount), buyer_pay_amount: fenToYuan(t.amount),
        subject: t.subject, gmt_create: '2026-12-01 09:59:00', gmt_payment: '2026-12-01 10:00:00', seller_id: '2088102177846880', buyer_id: '2088102177846875',
      });
    },
    refundNotification(outTradeNo, outRequestNo) {
      const t = trades.get(outTradeNo)!;
      return notification({
        trade_no: t.tradeNo!, out_trade_no: t.outTradeNo, out_biz_no: outRequestNo, trade_status: t.status, total_amount: fenToYuan(t.amount), refund_fee: fenToYuan(t.refunded),
        gmt_refund: '2026-12-01 11:00:00.123', subject: t.subject, ...(t.status === 'TRADE_CLOSED' ? { gmt_close: '2026-12-01 11:00:00' } : {}),
      });
    },
    notification,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
