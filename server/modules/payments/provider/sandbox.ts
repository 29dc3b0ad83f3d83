import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../lib/db-types';
import { getSetting, setSetting, setSettingIfAbsent } from '../../platform/settings';
import { emit } from '../../platform/outbox';
import type { OutboxHandler } from '../../platform/outbox';
import type { PaymentProvider, ProviderNotice, VerifiedNotice } from './types';
import '../tables';

/**
 * A complete sandbox provider that behaves like WeChat Pay / Alipay: its own books
 * (sandbox_trades), a pay page the tester opens, asynchronous notifications signed with
 * HMAC-SHA256 over the sorted fields (Alipay's scheme), sent through the outbox and retried
 * until Ordo answers "success", refunds notified the same way, and a query API.
 */
export const SANDBOX = 'sandbox';
export const SANDBOX_NOTIFY_TOPIC = 'sandbox.notify';
const SECRET_KEY = 'payments.sandbox.secret';

export async function sandboxSecret(db: Kysely<DB>): Promise<string> {
  const s = await getSetting<string | null>(db, SECRET_KEY, null);
  if (s) return s;
  return setSettingIfAbsent(db, SECRET_KEY, randomBytes(24).toString('hex'));
}
export const rotateSandboxSecret = (db: Kysely<DB>) => setSetting(db, SECRET_KEY, randomBytes(24).toString('hex'));

/** Canonical string: non-empty fields except `sign`, sorted by name, as k=v joined by &. */
export function canonical(fields: Record<string, unknown>): string {
  return Object.keys(fields)
    .filter((k) => k !== 'sign' && fields[k] !== undefined && fields[k] !== null && fields[k] !== '')
    .sort()
    .map((k) => `${k}=${String(fields[k])}`)
    .join('&');
}
export const signFields = (secret: string, fields: Record<string, unknown>) => createHmac('sha256', secret).update(canonical(fields)).digest('hex');

/** The notification body the sandbox sends for a trade event (signed). */
export async function buildNotification(db: Kysely<DB>, ev: { tradeNo: string; kind: 'payment' | 'refund'; outRefundNo?: string }) {
  const trade = await db.selectFrom('sandbox_trades').selectAll().where('trade_no', '=', ev.tradeNo).executeTakeFirstOrThrow();
  const fields: Record<string, string | number> = {
    notify_id: randomBytes(8).toString('hex'),
    notify_time: new Date().toISOString(),
    out_trade_no: trade.out_trade_no,
    trade_no: trade.trade_no,
    total_amount: trade.amount,
  };
  if (ev.kind === 'payment') Object.assign(fields, { event: 'TRADE_SUCCESS' });
  else {
    const r = await db.selectFrom('sandbox_refunds').selectAll().where('out_refund_no', '=', ev.outRefundNo!).executeTakeFirstOrThrow();
    Object.assign(fields, { event: 'REFUND_SUCCESS', out_refund_no: r.out_refund_no, refund_no: r.refund_no, refund_amount: r.amount });
  }
  const body = JSON.stringify({ ...fields, sign: signFields(await sandboxSecret(db), fields) });
  return { body, notifyUrl: trade.notify_url };
}

const int = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : null);
const str = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 64 ? v : null);

export const sandboxProvider: PaymentProvider = {
  name: SANDBOX,
  ackBody: 'success',
  // The channel and buyer IP change nothing here: the sandbox pay page works on a desktop
  // (shown as a QR code, or opened) and in a phone's browser alike.
  async createPayment(db, input) {
    const tradeNo = `SBX${Date.now()}${randomBytes(4).toString('hex')}`;
    await db.insertInto('sandbox_trades').values({ trade_no: tradeNo, out_trade_no: input.outTradeNo, amount: input.amountFen, subject: input.subject, notify_url: input.notifyUrl, return_url: input.returnUrl, paid_at: null }).execute();
    const base = new URL(input.notifyUrl).origin;
    return { tradeNo, payUrl: `${base}/api/payments/sandbox/pay/${tradeNo}` };
  },
  async verifyNotification(db, _headers, rawBody): Promise<VerifiedNotice> {
    let f: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(rawBody);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: false, reason: 'malformed body', signature: null };
      f = parsed as Record<string, unknown>;
    } catch {
      return { ok: false, reason: 'body is not JSON', signature: null };
    }
    const signature = typeof f.sign === 'string' ? f.sign : null;
    if (!signature || !/^[0-9a-f]{64}$/.test(signature)) return { ok: false, reason: 'missing signature', signature };
    const expected = Buffer.from(signFields(await sandboxSecret(db), f), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return { ok: false, reason: 'bad signature', signature };
    const outTradeNo = str(f.out_trade_no), tradeNo = str(f.trade_no);
    if (!outTradeNo || !tradeNo) return { ok: false, reason: 'missing trade numbers', signature };
    let notice: ProviderNotice | null = null;
    if (f.event === 'TRADE_SUCCESS' && int(f.total_amount)) notice = { kind: 'payment', outTradeNo, tradeNo, amountFen: int(f.total_amount)! };
    if (f.event === 'REFUND_SUCCESS' && int(f.refund_amount) && str(f.out_refund_no) && str(f.refund_no)) {
      notice = { kind: 'refund', outTradeNo, tradeNo, outRefundNo: str(f.out_refund_no)!, refundNo: str(f.refund_no)!, amountFen: int(f.refund_amount)! };
    }
    return notice ? { ok: true, notice, signature } : { ok: false, reason: 'unknown event', signature };
  },
  async queryPayment(db, outTradeNo) {
    const t = await db.selectFrom('sandbox_trades').select(['status', 'amount', 'trade_no']).where('out_trade_no', '=', outTradeNo).executeTakeFirst();
    return t ? { status: t.status === 'created' ? 'pending' : t.status, amountFen: t.amount, tradeNo: t.trade_no } : null;
  },
  async refund(db, input) {
    return db.transaction().execute(async (trx) => {
      const refundNo = `SBXR${Date.now()}${randomBytes(4).toString('hex')}`;
      const t = await trx
        .updateTable('sandbox_trades')
        .set({ refunded: sql`refunded + ${input.amountFen}` })
        .where('out_trade_no', '=', input.outTradeNo)
        .where('status', '=', 'paid')
        .where(sql<boolean>`refunded + ${input.amountFen} <= amount`)
        .returning('trade_no')
        .executeTakeFirst();
      if (!t) throw new Error(`sandbox: trade ${input.outTradeNo} cannot be refunded ${input.amountFen}`);
      await trx.insertInto('sandbox_refunds').values({ refund_no: refundNo, out_refund_no: input.outRefundNo, trade_no: t.trade_no, amount: input.amountFen }).execute();
      await emit(trx, SANDBOX_NOTIFY_TOPIC, { tradeNo: t.trade_no, kind: 'refund', outRefundNo: input.outRefundNo });
      return { refundNo };
    });
  },
};

/** The tester clicked 付款 on the sandbox page: the trade is paid and a notification is queued. */
export async function sandboxPay(db: Kysely<DB>, tradeNo: string): Promise<{ returnUrl: string | null; changed: boolean } | null> {
  return db.transaction().execute(async (trx) => {
    const t = await trx.updateTable('sandbox_trades').set({ status: 'paid', paid_at: sql`now()` }).where('trade_no', '=', tradeNo).where('status', '=', 'created').returning('return_url').executeTakeFirst();
    if (!t) {
      const existing = await trx.selectFrom('sandbox_trades').select('return_url').where('trade_no', '=', tradeNo).executeTakeFirst();
      return existing ? { returnUrl: existing.return_url, changed: false } : null;
    }
    await emit(trx, SANDBOX_NOTIFY_TOPIC, { tradeNo, kind: 'payment' });
    return { returnUrl: t.return_url, changed: true };
  });
}

/**
 * The sandbox's notifier: POSTs the signed notification to the merchant's notify URL; anything
 * but a 2xx "success" is a failure the outbox retries with backoff, as real providers do.
 */
export function sandboxNotifier(): OutboxHandler {
  return {
    name: 'payments.sandbox-notifier',
    topics: [SANDBOX_NOTIFY_TOPIC],
    async handle(ev, db) {
      const p = ev.payload as { tradeNo: string; kind: 'payment' | 'refund'; outRefundNo?: string };
      const { body, notifyUrl } = await buildNotification(db, p);
      const res = await fetch(notifyUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(5000) });
      const text = await res.text();
      if (!res.ok || text.trim() !== 'success') throw new Error(`notify ${notifyUrl}: HTTP ${res.status} ${text.slice(0, 100)}`);
    },
  };
}
