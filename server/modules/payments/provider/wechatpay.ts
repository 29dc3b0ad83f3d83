import { createDecipheriv, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { envGroup, header, privateKeyFrom, ProviderConfigError, providerFailed, publicKeyFrom } from './shared';
import type { PaymentProvider, ProviderNotice, VerifiedNotice } from './types';

/**
 * WeChat Pay API v3 adapter (direct merchant). Two ways to pay, chosen per payment:
 * - channel 'qr' → Native pay (POST /v3/pay/transactions/native): the desktop shows `code_url`
 *   (weixin://wxpay/...) as a QR code and the buyer scans it with WeChat;
 * - channel 'mobile' → H5 pay (POST /v3/pay/transactions/h5, scene_info.payer_client_ip and
 *   h5_info.type "Wap"): the phone's browser goes to `h5_url`, which opens WeChat to pay; a
 *   `redirect_url` query parameter (URL-encoded) appended to it brings the buyer back to Ordo.
 *   WeChat Pay only allows H5 pay for merchants that have the H5 product enabled and only from
 *   the domains registered for it in the merchant console (it checks the Referer of the page that
 *   opens h5_url). payer_client_ip must be the buyer's real IP — WeChat Pay is documented to refuse
 *   the payment page when it does not match the phone's — so behind a reverse proxy Ordo must get
 *   X-Forwarded-For; h5_url is valid for about 5 minutes, so the web app opens it at once.
 *   Coming back through redirect_url does not mean paid: Ordo asks (queryPayment) or waits for
 *   the notification.
 * Query, refunds and notifications are the same for both.
 *
 * Protocol as published by WeChat Pay: every request carries
 * `Authorization: WECHATPAY2-SHA256-RSA2048 mchid=…,nonce_str=…,signature=…,timestamp=…,serial_no=…`
 * with an RSA-SHA256 signature of "METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n" by the merchant key;
 * every reply and notification is checked against the WeChat Pay platform public key over
 * "TIMESTAMP\nNONCE\nBODY\n" (Wechatpay-Timestamp / -Nonce / -Signature / -Serial headers);
 * a notification's `resource` is AEAD_AES_256_GCM-encrypted with the APIv3 key.
 *
 * Tested against a local fake server that follows that protocol (wechatpay.test.ts), not against
 * WeChat Pay itself: before going live, run one real payment and refund in a merchant account.
 *
 * Environment (all or none; a partial set stops start-up naming the missing one):
 *   ORDO_WECHATPAY_MCHID, ORDO_WECHATPAY_APPID, ORDO_WECHATPAY_SERIAL (merchant certificate serial),
 *   ORDO_WECHATPAY_PRIVATE_KEY (apiclient_key.pem: PEM text or file path),
 *   ORDO_WECHATPAY_PLATFORM_PUBLIC_KEY (WeChat Pay public key or platform certificate: PEM or path),
 *   ORDO_WECHATPAY_API_V3_KEY (32 characters);
 * optional: ORDO_WECHATPAY_PLATFORM_KEY_ID (the public key's id / certificate serial: replies and
 * notifications naming another are refused, and requests send it as Wechatpay-Serial),
 * ORDO_WECHATPAY_BASE_URL (default https://api.mch.weixin.qq.com).
 */
export const WECHATPAY = 'wechatpay';
const DEFAULT_BASE_URL = 'https://api.mch.weixin.qq.com';
/** Notifications older (or newer) than this are refused as replays. */
const MAX_SKEW_SECONDS = 300;

export interface WechatPayConfig {
  mchid: string;
  appid: string;
  /** the merchant API certificate's serial number */
  serialNo: string;
  privateKey: KeyObject;
  platformPublicKey: KeyObject;
  platformKeyId: string | null;
  /** the APIv3 key, 32 bytes */
  apiV3Key: Buffer;
  baseUrl: string;
  /** the notify URL refunds use when the caller gives none (Ordo's /api/payments/notify/wechatpay) */
  defaultNotifyUrl: string;
  /** clock in ms (tests move it) */
  now?: () => number;
}

const ENV = ['ORDO_WECHATPAY_MCHID', 'ORDO_WECHATPAY_APPID', 'ORDO_WECHATPAY_SERIAL', 'ORDO_WECHATPAY_PRIVATE_KEY', 'ORDO_WECHATPAY_PLATFORM_PUBLIC_KEY', 'ORDO_WECHATPAY_API_V3_KEY'] as const;

/** The configuration from the environment; null when no ORDO_WECHATPAY_* variable is set. */
export function wechatPayConfigFromEnv(env: NodeJS.ProcessEnv, publicUrl: string): WechatPayConfig | null {
  const v = envGroup(env, 'WeChat Pay', ENV);
  if (!v) return null;
  const apiV3Key = Buffer.from(v.ORDO_WECHATPAY_API_V3_KEY, 'utf8');
  if (apiV3Key.length !== 32) throw new ProviderConfigError('ORDO_WECHATPAY_API_V3_KEY', `must be the 32-character APIv3 key (got ${apiV3Key.length} bytes)`);
  const baseUrl = (env.ORDO_WECHATPAY_BASE_URL || DEFAULT_BASE_URL).replace(/\/$/, '');
  if (!/^https?:\/\//.test(baseUrl)) throw new ProviderConfigError('ORDO_WECHATPAY_BASE_URL', 'must be an http(s) URL');
  return {
    mchid: v.ORDO_WECHATPAY_MCHID,
    appid: v.ORDO_WECHATPAY_APPID,
    serialNo: v.ORDO_WECHATPAY_SERIAL,
    privateKey: privateKeyFrom('ORDO_WECHATPAY_PRIVATE_KEY', v.ORDO_WECHATPAY_PRIVATE_KEY),
    platformPublicKey: publicKeyFrom('ORDO_WECHATPAY_PLATFORM_PUBLIC_KEY', v.ORDO_WECHATPAY_PLATFORM_PUBLIC_KEY),
    platformKeyId: env.ORDO_WECHATPAY_PLATFORM_KEY_ID?.trim() || null,
    apiV3Key,
    baseUrl,
    defaultNotifyUrl: `${publicUrl.replace(/\/$/, '')}/api/payments/notify/${WECHATPAY}`,
  };
}

/** Authorization header value for one request (exported for the fake server's tests). */
export function authorization(cfg: Pick<WechatPayConfig, 'mchid' | 'serialNo' | 'privateKey'>, method: string, url: string, body: string, timestamp: string, nonce: string): string {
  const signature = sign('sha256', Buffer.from(`${method}\n${url}\n${timestamp}\n${nonce}\n${body}\n`), cfg.privateKey).toString('base64');
  return `WECHATPAY2-SHA256-RSA2048 mchid="${cfg.mchid}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${cfg.serialNo}"`;
}

/** Checks a WeChat Pay signature over "TIMESTAMP\nNONCE\nBODY\n"; false on any malformed input. */
export function verifyWechatSignature(key: KeyObject, timestamp: string, nonce: string, body: string, signature: string): boolean {
  try {
    return verify('sha256', Buffer.from(`${timestamp}\n${nonce}\n${body}\n`), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** Decrypts a notification resource (AEAD_AES_256_GCM: the last 16 bytes of the ciphertext are the tag). */
export function decryptResource(apiV3Key: Buffer, r: { ciphertext: string; nonce: string; associated_data?: string }): string {
  const data = Buffer.from(r.ciphertext, 'base64');
  if (data.length < 17) throw new Error('ciphertext too short');
  const d = createDecipheriv('aes-256-gcm', apiV3Key, Buffer.from(r.nonce, 'utf8'));
  d.setAuthTag(data.subarray(data.length - 16));
  d.setAAD(Buffer.from(r.associated_data ?? '', 'utf8'));
  return Buffer.concat([d.update(data.subarray(0, data.length - 16)), d.final()]).toString('utf8');
}

/** h5_url with `redirect_url` appended, URL-encoded as WeChat Pay requires (the buyer comes back there, paid or not). */
export function withRedirect(h5Url: string, redirectUrl: string): string {
  return `${h5Url}${h5Url.includes('?') ? '&' : '?'}redirect_url=${encodeURIComponent(redirectUrl)}`;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null);
const str = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 64 ? v : null);
const fen = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : null);

export function createWechatPay(cfg: WechatPayConfig): PaymentProvider {
  const now = cfg.now ?? Date.now;

  /** One signed API call; the reply must carry a valid platform signature before it is believed. */
  async function call(method: 'GET' | 'POST', path: string, payload?: Json): Promise<{ status: number; json: Json | null }> {
    const body = payload ? JSON.stringify(payload) : '';
    const timestamp = String(Math.floor(now() / 1000));
    const nonce = randomBytes(16).toString('hex');
    const headers: Record<string, string> = {
      authorization: authorization(cfg, method, path, body, timestamp, nonce),
      accept: 'application/json',
      'user-agent': 'Ordo (+https://github.com/ordo)',
      ...(payload ? { 'content-type': 'application/json' } : {}),
      ...(cfg.platformKeyId ? { 'wechatpay-serial': cfg.platformKeyId } : {}),
    };
    let res: Response;
    try {
      res = await fetch(cfg.baseUrl + path, { method, headers, body: payload ? body : undefined, signal: AbortSignal.timeout(10_000) });
    } catch (e) {
      throw providerFailed(WECHATPAY, `no answer from ${new URL(cfg.baseUrl).host} (${e instanceof Error ? e.name : 'error'})`);
    }
    const text = await res.text();
    const h = Object.fromEntries(res.headers.entries());
    const problem = replyProblem(h, text);
    if (problem) throw providerFailed(WECHATPAY, `${method} ${path.split('?')[0]} answered HTTP ${res.status} with ${problem}`);
    let json: Json | null = null;
    try {
      json = text ? obj(JSON.parse(text)) : null;
    } catch {
      throw providerFailed(WECHATPAY, `${method} ${path.split('?')[0]} answered a body that is not JSON`);
    }
    return { status: res.status, json };
  }

  /** Null when the headers hold a valid, current platform signature of the body. */
  function replyProblem(h: Record<string, string | string[] | undefined>, body: string): string | null {
    const signature = header(h, 'wechatpay-signature'), timestamp = header(h, 'wechatpay-timestamp'), nonce = header(h, 'wechatpay-nonce'), serial = header(h, 'wechatpay-serial');
    if (!signature || !timestamp || !nonce) return 'no Wechatpay-Signature/-Timestamp/-Nonce headers';
    if (cfg.platformKeyId && serial !== cfg.platformKeyId) return `Wechatpay-Serial ${serial ?? '(none)'} instead of ${cfg.platformKeyId}`;
    if (!/^\d{1,12}$/.test(timestamp)) return 'a malformed Wechatpay-Timestamp';
    const skew = Math.abs(Math.floor(now() / 1000) - Number(timestamp));
    if (skew > MAX_SKEW_SECONDS) return `a Wechatpay-Timestamp ${skew}s away from now (more than ${MAX_SKEW_SECONDS}s: a replay or a wrong clock)`;
    if (!verifyWechatSignature(cfg.platformPublicKey, timestamp, nonce, body, signature)) return 'a bad signature';
    return null;
  }

  const failed = (what: string, r: { status: number; json: Json | null }) =>
    providerFailed(WECHATPAY, `${what}: HTTP ${r.status} ${String(r.json?.code ?? '')} ${String(r.json?.message ?? '')}`.trim());

  return {
    name: WECHATPAY,
    // WeChat Pay takes HTTP 200/204 as received; older documents ask for this JSON, which is still accepted.
    ackBody: JSON.stringify({ code: 'SUCCESS', message: '成功' }),

    async createPayment(_db, input) {
      const order = {
        appid: cfg.appid, mchid: cfg.mchid, description: input.subject.slice(0, 127), out_trade_no: input.outTradeNo, notify_url: input.notifyUrl,
        amount: { total: input.amountFen, currency: 'CNY' },
      };
      // Neither Native nor H5 pay gives a transaction_id until the buyer pays: the notification or query brings it.
      if (input.channel === 'mobile') {
        // Ordo's routes always pass req.ip; an adapter call without it is a programming error, not the provider's.
        if (!input.clientIp) throw new Error('wechatpay: an H5 payment needs the buyer\'s IP (scene_info.payer_client_ip)');
        const r = await call('POST', '/v3/pay/transactions/h5', { ...order, scene_info: { payer_client_ip: input.clientIp, h5_info: { type: 'Wap' } } });
        const h5Url = r.json?.h5_url;
        if (r.status !== 200 || typeof h5Url !== 'string' || !/^https:\/\//.test(h5Url)) throw failed('H5 order', r);
        return { tradeNo: null, payUrl: input.returnUrl ? withRedirect(h5Url, input.returnUrl) : h5Url };
      }
      const r = await call('POST', '/v3/pay/transactions/native', order);
      const codeUrl = r.json?.code_url;
      if (r.status !== 200 || typeof codeUrl !== 'string' || !codeUrl) throw failed('native order', r);
      return { tradeNo: null, payUrl: codeUrl };
    },

    async verifyNotification(_db, headers, rawBody): Promise<VerifiedNotice> {
      const signature = header(headers, 'wechatpay-signature');
      const problem = replyProblem(headers, rawBody);
      if (problem) return { ok: false, reason: `notification has ${problem}`, signature };
      let n: Json | null;
      try {
        n = obj(JSON.parse(rawBody));
      } catch {
        n = null;
      }
      const resource = obj(n?.resource);
      if (!n || !resource) return { ok: false, reason: 'notification body is not a JSON object with a resource', signature };
      if (resource.algorithm !== 'AEAD_AES_256_GCM' || typeof resource.ciphertext !== 'string' || typeof resource.nonce !== 'string') {
        return { ok: false, reason: `resource is not AEAD_AES_256_GCM with ciphertext and nonce`, signature };
      }
      let plain: Json | null;
      try {
        plain = obj(JSON.parse(decryptResource(cfg.apiV3Key, { ciphertext: resource.ciphertext, nonce: resource.nonce, associated_data: typeof resource.associated_data === 'string' ? resource.associated_data : '' })));
      } catch {
        return { ok: false, reason: 'resource cannot be decrypted with the APIv3 key (altered, or another key)', signature };
      }
      if (!plain) return { ok: false, reason: 'decrypted resource is not a JSON object', signature };
      if (plain.mchid !== cfg.mchid) return { ok: false, reason: `notification is for merchant ${String(plain.mchid)}, not ${cfg.mchid}`, signature };
      const outTradeNo = str(plain.out_trade_no), tradeNo = str(plain.transaction_id), amount = obj(plain.amount);
      if (!outTradeNo || !tradeNo || !amount) return { ok: false, reason: 'resource lacks out_trade_no, transaction_id or amount', signature };
      let notice: ProviderNotice;
      if (n.event_type === 'TRANSACTION.SUCCESS') {
        if (plain.trade_state !== 'SUCCESS') return { ok: false, reason: `TRANSACTION.SUCCESS with trade_state ${String(plain.trade_state)}`, signature };
        if (plain.appid !== cfg.appid) return { ok: false, reason: `notification is for appid ${String(plain.appid)}, not ${cfg.appid}`, signature };
        const total = fen(amount.total);
        if (!total || (amount.currency !== undefined && amount.currency !== 'CNY')) return { ok: false, reason: 'amount.total is not a positive integer of CNY fen', signature };
        notice = { kind: 'payment', outTradeNo, tradeNo, amountFen: total };
      } else if (n.event_type === 'REFUND.SUCCESS') {
        const outRefundNo = str(plain.out_refund_no), refundNo = str(plain.refund_id), refund = fen(amount.refund);
        if (plain.refund_status !== 'SUCCESS') return { ok: false, reason: `REFUND.SUCCESS with refund_status ${String(plain.refund_status)}`, signature };
        if (!outRefundNo || !refundNo || !refund) return { ok: false, reason: 'refund resource lacks out_refund_no, refund_id or a positive integer amount.refund', signature };
        notice = { kind: 'refund', outTradeNo, tradeNo, outRefundNo, refundNo, amountFen: refund };
      } else if ((n.event_type === 'REFUND.ABNORMAL' || n.event_type === 'REFUND.CLOSED') && str(plain.out_refund_no)) {
        // the refund will not reach the buyer (e.g. the card was closed): Ordo marks it failed
        notice = { kind: 'refund_failed', outTradeNo, tradeNo, outRefundNo: str(plain.out_refund_no)!, event: `${String(n.event_type)} ${String(plain.refund_status ?? '')}`.trim() };
      } else {
        // other events: signed and ours, but nothing to record
        notice = { kind: 'ignored', outTradeNo, tradeNo, event: String(n.event_type) };
      }
      return { ok: true, notice, signature: signature! };
    },

    async queryPayment(_db, outTradeNo) {
      const r = await call('GET', `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${encodeURIComponent(cfg.mchid)}`);
      if (r.status === 404) return null;
      if (r.status !== 200 || !r.json) throw failed('order query', r);
      if (r.json.mchid !== undefined && r.json.mchid !== cfg.mchid) throw providerFailed(WECHATPAY, 'order query answered for another merchant');
      const state = String(r.json.trade_state);
      const total = fen(obj(r.json.amount)?.total) ?? 0;
      const tradeNo = str(r.json.transaction_id) ?? '';
      // REFUND means it was paid and then (partly) refunded; the refund itself comes by notification.
      if (state === 'SUCCESS' || state === 'REFUND') return { status: 'paid', amountFen: total, tradeNo };
      if (state === 'NOTPAY' || state === 'USERPAYING') return { status: 'pending', amountFen: total, tradeNo };
      return { status: 'closed', amountFen: total, tradeNo }; // CLOSED, REVOKED, PAYERROR
    },

    async refund(_db, input) {
      const r = await call('POST', '/v3/refund/domestic/refunds', {
        out_trade_no: input.outTradeNo, out_refund_no: input.outRefundNo, ...(input.reason ? { reason: input.reason.slice(0, 80) } : {}),
        notify_url: input.notifyUrl || cfg.defaultNotifyUrl, amount: { refund: input.amountFen, total: input.totalFen, currency: 'CNY' },
      });
      const refundId = str(r.json?.refund_id);
      if (r.status !== 200 || !refundId) throw failed('refund', r);
      if (r.json?.status === 'CLOSED' || r.json?.status === 'ABNORMAL') throw providerFailed(WECHATPAY, `refund ${input.outRefundNo} is ${String(r.json.status)}`);
      return { refundNo: refundId }; // SUCCESS or PROCESSING: REFUND.SUCCESS completes it in Ordo
    },
  };
}
