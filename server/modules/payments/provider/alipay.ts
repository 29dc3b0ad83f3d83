import { sign, verify, type KeyObject } from 'node:crypto';
import { envGroup, fenToYuan, privateKeyFrom, ProviderConfigError, providerFailed, publicKeyFrom, yuanToFen } from './shared';
import type { PaymentProvider, VerifiedNotice } from './types';

/**
 * Alipay OpenAPI adapter (public-key mode, RSA2): trade query, refund, asynchronous
 * notifications, and two ways to pay, chosen per payment:
 * - channel 'qr' → 当面付 alipay.trade.precreate (a server call): the desktop shows `qr_code` as a
 *   QR code and the buyer scans it with Alipay;
 * - channel 'mobile' → 手机网站支付 alipay.trade.wap.pay (product_code QUICK_WAP_WAY): no server
 *   call — `payUrl` is the gateway URL with the signed common parameters and biz_content
 *   (out_trade_no, total_amount, subject, quit_url) as its query string, which the phone's browser
 *   opens (GET, as the SDKs' pageExecute "GET" builds it); return_url brings the buyer back.
 *   The trade exists at Alipay only once the buyer pays, as with precreate, so query,
 *   notifications and refunds work the same. Needs the 手机网站支付 product signed for the app.
 *
 * Protocol as published by Alipay: gateway requests carry the common parameters (app_id, method,
 * format JSON, charset utf-8, sign_type RSA2, timestamp "yyyy-MM-dd HH:mm:ss" Beijing time,
 * version 1.0, notify_url, biz_content) signed RSA-SHA256 by the app's private key over the
 * non-empty parameters except `sign`, sorted by name, joined as k=v&k=v; a reply's `sign` covers
 * the exact JSON text of its `<method>_response` member; a notification (form-encoded) is signed
 * over its parameters except `sign` and `sign_type`. Amounts are yuan strings on the wire and
 * integer fen in Ordo, converted exactly (shared.ts).
 *
 * Refunds: alipay.trade.refund has no notify_url and answers synchronously; Alipay then sends a
 * trade notification to the payment's notify_url (TRADE_SUCCESS for a partial refund,
 * TRADE_CLOSED for a full one) carrying out_biz_no (our refund number) and refund_fee, which is
 * the trade's *total* refunded. So such a notification is confirmed with
 * alipay.trade.fastpay.refund.query, which gives that one refund's amount and status.
 *
 * Tested against a local fake that follows that protocol (alipay.test.ts), not against Alipay.
 * Not supported: certificate mode (公钥证书), AES content encryption, GBK.
 *
 * Environment (all or none): ORDO_ALIPAY_APP_ID, ORDO_ALIPAY_PRIVATE_KEY (the app private key:
 * PEM, bare base64 as Alipay's key tool prints it, or a file path), ORDO_ALIPAY_PUBLIC_KEY (the
 * Alipay public key, same forms); optional ORDO_ALIPAY_GATEWAY (default
 * https://openapi.alipay.com/gateway.do; the sandbox is https://openapi-sandbox.dl.alipaydev.com/gateway.do).
 */
export const ALIPAY = 'alipay';
const DEFAULT_GATEWAY = 'https://openapi.alipay.com/gateway.do';

export interface AlipayConfig {
  appId: string;
  privateKey: KeyObject;
  alipayPublicKey: KeyObject;
  gateway: string;
  now?: () => number;
}

const ENV = ['ORDO_ALIPAY_APP_ID', 'ORDO_ALIPAY_PRIVATE_KEY', 'ORDO_ALIPAY_PUBLIC_KEY'] as const;

/** The configuration from the environment; null when no ORDO_ALIPAY_* variable is set. */
export function alipayConfigFromEnv(env: NodeJS.ProcessEnv): AlipayConfig | null {
  const v = envGroup(env, 'Alipay', ENV);
  if (!v) return null;
  const gateway = env.ORDO_ALIPAY_GATEWAY?.trim() || DEFAULT_GATEWAY;
  if (!/^https?:\/\//.test(gateway)) throw new ProviderConfigError('ORDO_ALIPAY_GATEWAY', 'must be an http(s) URL');
  return {
    appId: v.ORDO_ALIPAY_APP_ID,
    privateKey: privateKeyFrom('ORDO_ALIPAY_PRIVATE_KEY', v.ORDO_ALIPAY_PRIVATE_KEY, { allowBare: true }),
    alipayPublicKey: publicKeyFrom('ORDO_ALIPAY_PUBLIC_KEY', v.ORDO_ALIPAY_PUBLIC_KEY, { allowBare: true }),
    gateway,
  };
}

/** Non-empty parameters except the excluded ones, sorted by name, as k=v joined by & (raw values). */
export function signContent(params: Record<string, string>, exclude: readonly string[]): string {
  return Object.keys(params)
    .filter((k) => !exclude.includes(k) && params[k] !== undefined && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}
export const rsa2Sign = (content: string, key: KeyObject) => sign('sha256', Buffer.from(content, 'utf8'), key).toString('base64');
export function rsa2Verify(content: string, signature: string, key: KeyObject): boolean {
  try {
    return verify('sha256', Buffer.from(content, 'utf8'), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/**
 * The exact text of a top-level member's object value in a JSON reply (what Alipay signs), found
 * by scanning braces outside strings. Null when the member is absent or not an object.
 */
export function rawMember(text: string, name: string): string | null {
  const m = new RegExp(`"${name.replace(/\./g, '\\.')}"\\s*:\\s*\\{`).exec(text);
  if (!m) return null;
  const start = m.index + m[0].length - 1;
  let depth = 0, inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  return null;
}

/** "yyyy-MM-dd HH:mm:ss" in Beijing time (UTC+8, no daylight saving). */
const beijing = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

type Json = Record<string, unknown>;
const s = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 64 ? v : null);

export function createAlipay(cfg: AlipayConfig): PaymentProvider {
  const now = cfg.now ?? Date.now;

  /** The common parameters with biz_content, signed by the app key (for a server call or a page URL). */
  function signedParams(method: string, biz: Json, urls: { notifyUrl?: string; returnUrl?: string | null } = {}): Record<string, string> {
    const params: Record<string, string> = {
      app_id: cfg.appId, method, format: 'JSON', charset: 'utf-8', sign_type: 'RSA2', timestamp: beijing(now()), version: '1.0',
      ...(urls.notifyUrl ? { notify_url: urls.notifyUrl } : {}), ...(urls.returnUrl ? { return_url: urls.returnUrl } : {}), biz_content: JSON.stringify(biz),
    };
    params.sign = rsa2Sign(signContent(params, ['sign']), cfg.privateKey);
    return params;
  }

  /** One signed gateway call; returns the verified `<method>_response` object. */
  async function call(method: string, biz: Json, notifyUrl?: string): Promise<Json> {
    const params = signedParams(method, biz, { notifyUrl });
    let res: Response, text: string;
    try {
      res = await fetch(cfg.gateway, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' }, body: new URLSearchParams(params).toString(), signal: AbortSignal.timeout(10_000) });
      text = await res.text();
    } catch (e) {
      throw providerFailed(ALIPAY, `no answer from ${new URL(cfg.gateway).host} (${e instanceof Error ? e.name : 'error'})`);
    }
    if (!res.ok) throw providerFailed(ALIPAY, `${method} answered HTTP ${res.status}`);
    const key = `${method.replace(/\./g, '_')}_response`;
    let parsed: Json;
    try {
      parsed = JSON.parse(text) as Json;
    } catch {
      throw providerFailed(ALIPAY, `${method} answered a body that is not JSON`);
    }
    const raw = rawMember(text, key) ?? rawMember(text, 'error_response');
    if (!raw) throw providerFailed(ALIPAY, `${method} answered without ${key}`);
    const reply = JSON.parse(raw) as Json;
    const signature = typeof parsed.sign === 'string' ? parsed.sign : null;
    // Alipay leaves some gateway errors (e.g. a bad app signature) unsigned; a success must be signed.
    if (signature ? !rsa2Verify(raw, signature, cfg.alipayPublicKey) : reply.code === '10000') throw providerFailed(ALIPAY, `${method} answered with a missing or bad signature`);
    return reply;
  }
  const failed = (method: string, r: Json) => providerFailed(ALIPAY, `${method}: ${String(r.code)} ${String(r.sub_code ?? r.msg ?? '')} ${String(r.sub_msg ?? '')}`.trim());

  /** One refund's amount and status, asked when a refund notification comes (refund_fee is the trade's total). */
  async function refundOf(outTradeNo: string, outRequestNo: string): Promise<{ amountFen: number; done: boolean } | null> {
    const r = await call('alipay.trade.fastpay.refund.query', { out_trade_no: outTradeNo, out_request_no: outRequestNo });
    if (r.code !== '10000') throw failed('refund query', r);
    const amountFen = yuanToFen(r.refund_amount);
    if (amountFen === null) return null;
    return { amountFen, done: r.refund_status === 'REFUND_SUCCESS' };
  }

  return {
    name: ALIPAY,
    ackBody: 'success',

    async createPayment(_db, input) {
      const amount = fenToYuan(input.amountFen), subject = input.subject.slice(0, 256);
      if (input.channel === 'mobile') {
        // quit_url (where the buyer lands on leaving the cashier) is required; Ordo always has a return URL.
        if (!input.returnUrl) throw new Error('alipay: a wap.pay payment needs a return URL (quit_url)');
        const biz = { out_trade_no: input.outTradeNo, total_amount: amount, subject, product_code: 'QUICK_WAP_WAY', quit_url: input.returnUrl };
        const url = new URL(cfg.gateway);
        for (const [k, v] of Object.entries(signedParams('alipay.trade.wap.pay', biz, { notifyUrl: input.notifyUrl, returnUrl: input.returnUrl }))) url.searchParams.set(k, v);
        return { tradeNo: null, payUrl: url.toString() }; // trade_no comes with the payment notification
      }
      const r = await call('alipay.trade.precreate', { out_trade_no: input.outTradeNo, total_amount: amount, subject, product_code: 'FACE_TO_FACE_PAYMENT' }, input.notifyUrl);
      if (r.code !== '10000' || typeof r.qr_code !== 'string' || !r.qr_code) throw failed('precreate', r);
      if (r.out_trade_no !== input.outTradeNo) throw providerFailed(ALIPAY, 'precreate answered for another out_trade_no');
      return { tradeNo: null, payUrl: r.qr_code }; // trade_no comes with the payment notification
    },

    async verifyNotification(_db, _headers, rawBody): Promise<VerifiedNotice> {
      const f: Record<string, string> = {};
      for (const [k, v] of new URLSearchParams(rawBody)) {
        if (k in f) return { ok: false, reason: `parameter ${k} appears twice`, signature: null };
        f[k] = v;
      }
      const signature = f.sign || null;
      if (!signature) return { ok: false, reason: 'notification has no sign parameter', signature };
      if (f.sign_type !== 'RSA2') return { ok: false, reason: `sign_type ${f.sign_type ?? '(none)'} is not RSA2`, signature };
      if (!rsa2Verify(signContent(f, ['sign', 'sign_type']), signature, cfg.alipayPublicKey)) return { ok: false, reason: 'bad signature', signature };
      if (f.app_id !== cfg.appId) return { ok: false, reason: `notification is for app_id ${f.app_id ?? '(none)'}, not ${cfg.appId}`, signature };
      const outTradeNo = s(f.out_trade_no), tradeNo = s(f.trade_no);
      if (!outTradeNo || !tradeNo) return { ok: false, reason: 'notification lacks out_trade_no or trade_no', signature };

      if (f.out_biz_no && (f.refund_fee || f.gmt_refund)) {
        // A refund changed the trade (TRADE_SUCCESS: partial, TRADE_CLOSED: full). Ask for this refund.
        if (yuanToFen(f.refund_fee) === null) return { ok: false, reason: `refund_fee "${f.refund_fee}" is not a yuan amount with at most 2 decimals`, signature };
        const outRefundNo = s(f.out_biz_no)!;
        const r = await refundOf(outTradeNo, outRefundNo);
        if (!r) return { ok: false, reason: `refund ${outRefundNo} is unknown to Alipay`, signature };
        if (!r.done) return { ok: false, reason: `refund ${outRefundNo} is not REFUND_SUCCESS yet`, signature };
        return { ok: true, signature, notice: { kind: 'refund', outTradeNo, tradeNo, outRefundNo, refundNo: `${tradeNo}/${outRefundNo}`, amountFen: r.amountFen } };
      }
      // WAIT_BUYER_PAY, TRADE_CLOSED (unpaid): signed and ours, but nothing to record
      if (f.trade_status !== 'TRADE_SUCCESS' && f.trade_status !== 'TRADE_FINISHED') return { ok: true, signature, notice: { kind: 'ignored', outTradeNo, tradeNo, event: `trade_status ${f.trade_status ?? '(none)'}` } };
      const amountFen = yuanToFen(f.total_amount);
      if (amountFen === null || amountFen === 0) return { ok: false, reason: `total_amount "${f.total_amount ?? ''}" is not a yuan amount with at most 2 decimals`, signature };
      return { ok: true, signature, notice: { kind: 'payment', outTradeNo, tradeNo, amountFen } };
    },

    async queryPayment(_db, outTradeNo) {
      const r = await call('alipay.trade.query', { out_trade_no: outTradeNo });
      if (r.code === '40004' && r.sub_code === 'ACQ.TRADE_NOT_EXIST') return null; // precreated but never scanned
      if (r.code !== '10000') throw failed('trade query', r);
      const amountFen = yuanToFen(r.total_amount);
      if (amountFen === null) throw providerFailed(ALIPAY, `trade query answered total_amount "${String(r.total_amount)}"`);
      const tradeNo = s(r.trade_no) ?? '';
      if (r.trade_status === 'TRADE_SUCCESS' || r.trade_status === 'TRADE_FINISHED') return { status: 'paid', amountFen, tradeNo };
      if (r.trade_status === 'WAIT_BUYER_PAY') return { status: 'pending', amountFen, tradeNo };
      return { status: 'closed', amountFen, tradeNo }; // TRADE_CLOSED: unpaid and closed, or fully refunded
    },

    async refund(_db, input) {
      const r = await call('alipay.trade.refund', { out_trade_no: input.outTradeNo, refund_amount: fenToYuan(input.amountFen), out_request_no: input.outRefundNo, ...(input.reason ? { refund_reason: input.reason.slice(0, 256) } : {}) });
      if (r.code !== '10000') throw failed('refund', r);
      // code 10000 accepts the request; the refund notification (confirmed by refund query) completes it in Ordo.
      return { refundNo: `${s(r.trade_no) ?? input.outTradeNo}/${input.outRefundNo}` };
    },
  };
}
