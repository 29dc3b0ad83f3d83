import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCipheriv, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import type { WechatPayConfig } from './wechatpay';

/**
 * Tests only: a local stand-in for WeChat Pay API v3 that follows the published protocol as we
 * read it — it checks the merchant's WECHATPAY2-SHA256-RSA2048 signature on every request,
 * creates Native (code_url) and H5 (h5_url; scene_info.payer_client_ip required) orders,
 * signs every reply with its platform key, keeps its own trades and refunds, and produces
 * signed notifications with an AEAD_AES_256_GCM-encrypted resource. It is not WeChat Pay.
 */
export interface FakeWechatPay {
  url: string;
  config(overrides?: Partial<WechatPayConfig>): WechatPayConfig;
  /** the buyer paid: returns the TRANSACTION.SUCCESS notification WeChat Pay would send */
  pay(outTradeNo: string): Notification;
  /** the refund went through: returns its REFUND.SUCCESS notification */
  completeRefund(outRefundNo: string): Notification;
  /** any notification, with knobs to break it */
  notification(eventType: string, resource: Record<string, unknown>, opts?: { timestamp?: number; apiV3Key?: Buffer; signWith?: KeyObject }): Notification;
  requests: { method: string; url: string; body: string; accepted: boolean; reason?: string }[];
  /** sign replies with this key instead of the platform key (a forged reply) */
  replyKey: KeyObject | null;
  platformPrivateKey: KeyObject;
  close(): Promise<void>;
}
export interface Notification {
  headers: Record<string, string>;
  body: string;
}

/** NATIVE: created by /v3/pay/transactions/native (code_url); MWEB: by /v3/pay/transactions/h5 (h5_url) */
interface Trade { outTradeNo: string; amount: number; description: string; notifyUrl: string; transactionId: string | null; state: 'NOTPAY' | 'SUCCESS' | 'REFUND'; refunded: number; tradeType: 'NATIVE' | 'MWEB'; payUrl: string }
interface Refund { outRefundNo: string; refundId: string; outTradeNo: string; amount: number; notifyUrl: string }

const MCHID = '1900000109', APPID = 'wxd678efh567hg6787', SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1', PLATFORM_KEY_ID = 'PUB_KEY_ID_0114232134912410000000000000';

export async function startFakeWechatPay(): Promise<FakeWechatPay> {
  const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const apiV3Key = randomBytes(16).toString('hex'); // 32 characters
  const trades = new Map<string, Trade>(), refunds = new Map<string, Refund>();
  const requests: FakeWechatPay['requests'] = [];
  let replyKey: KeyObject | null = null;

  const signed = (body: string, key: KeyObject = platform.privateKey, timestamp = Math.floor(Date.now() / 1000)) => {
    const nonce = randomBytes(16).toString('hex');
    const signature = sign('sha256', Buffer.from(`${timestamp}\n${nonce}\n${body}\n`), key).toString('base64');
    return { 'wechatpay-timestamp': String(timestamp), 'wechatpay-nonce': nonce, 'wechatpay-signature': signature, 'wechatpay-serial': PLATFORM_KEY_ID, 'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048' };
  };

  /** The merchant's request signature: null when valid, else why not. */
  function checkAuth(method: string, url: string, body: string, auth: string | undefined): string | null {
    const m = /^WECHATPAY2-SHA256-RSA2048 (.+)$/.exec(auth ?? '');
    if (!m) return 'Authorization is not WECHATPAY2-SHA256-RSA2048';
    const f = Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (f.mchid !== MCHID) return `mchid ${f.mchid} unknown`;
    if (f.serial_no !== SERIAL) return `serial_no ${f.serial_no} unknown`;
    if (!f.nonce_str || !f.timestamp || !f.signature) return 'nonce_str, timestamp and signature are required';
    if (Math.abs(Date.now() / 1000 - Number(f.timestamp)) > 300) return 'timestamp expired';
    const ok = verify('sha256', Buffer.from(`${method}\n${url}\n${f.timestamp}\n${f.nonce_str}\n${body}\n`), merchant.publicKey, Buffer.from(f.signature, 'base64'));
    return ok ? null : 'signature does not verify with the merchant certificate';
  }

  function route(method: string, url: string, body: string): [number, Record<string, unknown> | null] {
    const u = new URL(url, 'http://x');
    const j = (body ? JSON.parse(body) : {}) as Record<string, unknown> & { amount?: Record<string, unknown> };
    const order = /^\/v3\/pay\/transactions\/(native|h5)$/.exec(u.pathname);
    if (method === 'POST' && order) {
      const tradeType = order[1] === 'h5' ? 'MWEB' : 'NATIVE';
      const total = j.amount?.total;
      if (j.appid !== APPID || j.mchid !== MCHID || typeof j.out_trade_no !== 'string' || typeof j.description !== 'string' || typeof j.notify_url !== 'string' || !Number.isSafeInteger(total) || (total as number) <= 0) {
        return [400, { code: 'PARAM_ERROR', message: 'appid, mchid, description, out_trade_no, notify_url and integer amount.total are required' }];
      }
      if (tradeType === 'MWEB') {
        const scene = j.scene_info as { payer_client_ip?: unknown; h5_info?: { type?: unknown } } | undefined;
        if (typeof scene?.payer_client_ip !== 'string' || !scene.payer_client_ip) return [400, { code: 'PARAM_ERROR', message: '缺少参数 scene_info.payer_client_ip' }];
        if (!['iOS', 'Android', 'Wap'].includes(String(scene.h5_info?.type))) return [400, { code: 'PARAM_ERROR', message: 'scene_info.h5_info.type 必须为 iOS, Android 或 Wap' }];
      }
      const existing = trades.get(j.out_trade_no);
      if (existing) {
        if (existing.amount !== total || existing.tradeType !== tradeType) return [400, { code: 'OUT_TRADE_NO_USED', message: '商户订单号重复' }];
        return [200, tradeType === 'MWEB' ? { h5_url: existing.payUrl } : { code_url: existing.payUrl }];
      }
      const payUrl = tradeType === 'MWEB'
        ? `https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=wx${randomBytes(14).toString('hex')}&package=${randomBytes(4).readUInt32BE(0)}`
        : `weixin://wxpay/bizpayurl?pr=${randomBytes(5).toString('hex')}`;
      const t: Trade = { outTradeNo: j.out_trade_no, amount: total as number, description: j.description, notifyUrl: j.notify_url, transactionId: null, state: 'NOTPAY', refunded: 0, tradeType, payUrl };
      trades.set(t.outTradeNo, t);
      return [200, tradeType === 'MWEB' ? { h5_url: payUrl } : { code_url: payUrl }];
    }
    const q = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(u.pathname);
    if (method === 'GET' && q) {
      if (u.searchParams.get('mchid') !== MCHID) return [400, { code: 'PARAM_ERROR', message: 'mchid' }];
      const t = trades.get(decodeURIComponent(q[1]!));
      if (!t) return [404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' }];
      return [200, { appid: APPID, mchid: MCHID, out_trade_no: t.outTradeNo, trade_state: t.state, ...(t.transactionId ? { transaction_id: t.transactionId, trade_type: t.tradeType } : {}), amount: { total: t.amount, currency: 'CNY', ...(t.transactionId ? { payer_total: t.amount, payer_currency: 'CNY' } : {}) } }];
    }
    if (method === 'POST' && u.pathname === '/v3/refund/domestic/refunds') {
      const t = trades.get(String(j.out_trade_no));
      const refund = j.amount?.refund as number, total = j.amount?.total as number;
      if (!t || !t.transactionId) return [404, { code: 'RESOURCE_NOT_EXISTS', message: '订单不存在或未支付' }];
      if (total !== t.amount) return [400, { code: 'PARAM_ERROR', message: 'amount.total 与订单金额不一致' }];
      if (!Number.isSafeInteger(refund) || refund <= 0 || t.refunded + refund > t.amount) return [403, { code: 'NOT_ENOUGH', message: '退款金额超过可退金额' }];
      const prior = refunds.get(String(j.out_refund_no));
      if (prior) return [200, { refund_id: prior.refundId, out_refund_no: prior.outRefundNo, status: 'PROCESSING', amount: { refund: prior.amount, total: t.amount, currency: 'CNY' } }];
      const r: Refund = { outRefundNo: String(j.out_refund_no), refundId: `50300${randomBytes(8).toString('hex')}`, outTradeNo: t.outTradeNo, amount: refund, notifyUrl: String(j.notify_url ?? '') };
      refunds.set(r.outRefundNo, r);
      t.refunded += refund;
      t.state = 'REFUND';
      return [200, { refund_id: r.refundId, out_refund_no: r.outRefundNo, transaction_id: t.transactionId, out_trade_no: t.outTradeNo, status: 'PROCESSING', amount: { refund, total: t.amount, currency: 'CNY' } }];
    }
    return [404, { code: 'NOT_FOUND', message: `${method} ${u.pathname}` }];
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const method = req.method ?? 'GET', url = req.url ?? '/';
      const problem = checkAuth(method, url, body, req.headers.authorization);
      requests.push({ method, url, body, accepted: !problem, ...(problem ? { reason: problem } : {}) });
      const [status, json] = problem ? [401, { code: 'SIGN_ERROR', message: problem }] : route(method, url, body);
      const out = json ? JSON.stringify(json) : '';
      res.writeHead(status, { 'content-type': 'application/json', ...signed(out, replyKey ?? platform.privateKey) });
      res.end(out);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function notification(eventType: string, resource: Record<string, unknown>, opts: { timestamp?: number; apiV3Key?: Buffer; signWith?: KeyObject } = {}): Notification {
    const nonce = randomBytes(6).toString('hex'); // 12 characters
    const associatedData = eventType.startsWith('REFUND') ? 'refund' : 'transaction';
    const c = createCipheriv('aes-256-gcm', opts.apiV3Key ?? Buffer.from(apiV3Key), Buffer.from(nonce));
    c.setAAD(Buffer.from(associatedData));
    const ciphertext = Buffer.concat([c.update(JSON.stringify(resource), 'utf8'), c.final(), c.getAuthTag()]).toString('base64');
    const body = JSON.stringify({
      id: randomBytes(16).toString('hex'), create_time: new Date().toISOString(), resource_type: 'encrypt-resource', event_type: eventType, summary: eventType.startsWith('REFUND') ? '退款成功' : '支付成功',
      resource: { original_type: associatedData, algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: associatedData, nonce },
    });
    return { headers: { 'content-type': 'application/json', ...signed(body, opts.signWith, opts.timestamp) }, body };
  }

  return {
    url,
    requests,
    platformPrivateKey: platform.privateKey,
    get replyKey() { return replyKey; },
    set replyKey(k) { replyKey = k; },
    config: (o = {}) => ({ mchid: MCHID, appid: APPID, serialNo: SERIAL, privateKey: merchant.privateKey, platformPublicKey: platform.publicKey, platformKeyId: PLATFORM_KEY_ID, apiV3Key: Buffer.from(apiV3Key), baseUrl: url, defaultNotifyUrl: 'http://127.0.0.1:1/api/payments/notify/wechatpay', ...o }),
    pay(outTradeNo) {
      const t = trades.get(outTradeNo);
      if (!t) throw new Error(`fake wechatpay: no trade ${outTradeNo}`);
      t.transactionId ??= `42000${randomBytes(10).toString('hex')}`.slice(0, 28);
      t.state = 'SUCCESS';
      return notification('TRANSACTION.SUCCESS', {
        mchid: MCHID, appid: APPID, out_trade_no: t.outTradeNo, transaction_id: t.transactionId, trade_type: t.tradeType, trade_state: 'SUCCESS', trade_state_desc: '支付成功',
        bank_type: 'OTHERS', success_time: new Date().toISOString(), payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' }, amount: { total: t.amount, payer_total: t.amount, currency: 'CNY', payer_currency: 'CNY' },
      });
    },
    completeRefund(outRefundNo) {
      const r = refunds.get(outRefundNo);
      if (!r) throw new Error(`fake wechatpay: no refund ${outRefundNo}`);
      const t = trades.get(r.outTradeNo)!;
      return notification('REFUND.SUCCESS', {
        mchid: MCHID, out_trade_no: t.outTradeNo, transaction_id: t.transactionId, out_refund_no: r.outRefundNo, refund_id: r.refundId, refund_status: 'SUCCESS',
        success_time: new Date().toISOString(), user_received_account: '支付用户零钱', amount: { total: t.amount, refund: r.amount, payer_total: t.amount, payer_refund: r.amount },
      });
    },
    notification,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
