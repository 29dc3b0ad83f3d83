import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError, notFound } from '../../lib/errors';
import { audit } from '../platform/audit';
import type { Actor } from '../auth/actor';
import { assertCustomerAccess } from '../customers';
import { assertMethodAllowed } from './accounts';
import { assertPayable, orderForActor, outstandingOf, UNPAYABLE } from './order-payments';
import { getPayment, PAYMENT_ENTITY, settlePayment } from './payments';
import { completeRefund, failRefund } from './refunds';
import { defaultProvider, providerOf } from './provider';
import type { PayChannel, ProviderNotice } from './provider';
import './tables';

/**
 * Starts an online payment: our pending payment row commits first, then the provider is asked
 * for a trade (an outside call, never inside our transaction), then the trade number and pay
 * URL are stored. The buyer opens the pay URL; the notification or a status query records it.
 * `channel` is how the buyer pays ('qr': a code to scan, shown on a desktop; 'mobile': the
 * provider's mobile-web payment in the phone's browser), `clientIp` the buyer's IP (WeChat H5).
 */
export async function startOnlinePayment(
  db: Kysely<DB>, publicUrl: string, actor: Actor, target: { orderId: number } | { companyId: number; subject?: string; returnPath?: string }, amount: number | undefined,
  how: { channel: PayChannel; clientIp: string | null },
) {
  let companyId: number, orderId: number | null = null, subject: string, payAmount: number, returnUrl: string;
  if ('orderId' in target) {
    const o = await orderForActor(db, actor, target.orderId);
    payAmount = amount ?? outstandingOf(o);
    assertPayable(o, payAmount);
    await assertMethodAllowed(db, o.company_id, 'online');
    ({ company_id: companyId, id: orderId } = o);
    subject = `订单 ${o.number}`;
    returnUrl = `${publicUrl}/pay/${o.id}`;
  } else {
    await assertCustomerAccess(db, actor, target.companyId);
    if (!amount) throw new AppError('VALIDATION', 400, {}, [{ path: 'body.amount', message: 'required' }]);
    companyId = target.companyId;
    payAmount = amount;
    // a top-up for a commitment (a fair's deposit) names it and returns to it
    subject = target.subject ?? '预存款充值';
    returnUrl = `${publicUrl}${target.returnPath ?? '/account/balance'}`;
  }
  const provider = defaultProvider();
  const pay = await db.transaction().execute(async (trx) => {
    const p = await trx
      .insertInto('payments')
      .values({
        company_id: companyId, order_id: orderId, purpose: orderId ? 'order' : 'topup', method: 'online', provider: provider.name, amount: payAmount, status: 'pending',
        provider_ref: null, pay_url: null, voucher: null, voucher_mime: null, payer_name: null, note: null, reject_reason: null, created_by: actor.userId, confirmed_by: null, confirmed_at: null,
      })
      .returning(['id', 'number'])
      .executeTakeFirstOrThrow();
    await audit(trx, actor, { action: 'payment.online_started', entityType: 'payment', entityId: p.id, after: { orderId, amount: payAmount, provider: provider.name, channel: how.channel } });
    return p;
  });
  const trade = await provider.createPayment(db, { outTradeNo: pay.number, amountFen: payAmount, subject, notifyUrl: `${publicUrl}/api/payments/notify/${provider.name}`, returnUrl: `${returnUrl}?payment=${pay.id}`, channel: how.channel, clientIp: how.clientIp });
  await db.updateTable('payments').set({ ...(trade.tradeNo ? { provider_ref: trade.tradeNo } : {}), pay_url: trade.payUrl, updated_at: sql`now()` }).where('id', '=', pay.id).execute();
  return getPayment(db, actor, pay.id);
}

/** At most this many rejected notices are kept per hour: a flood of junk is counted in the log, not stored. */
export const MAX_REJECTED_PER_HOUR = 1000;

/**
 * Logs one notification with only what is needed (issue 22): the body's SHA-256 and size (to match
 * a provider's resend or a dispute), the fields Ordo read from a verified notice (trade numbers,
 * amount, event) and the outcome — never the raw body, which carries the payer's details.
 */
async function logNotice(db: Kysely<DB> | Transaction<DB>, provider: string, body: string, signature: string | null, outcome: string, detail: string | null, paymentId: number | null, notice: ProviderNotice | null) {
  if (outcome === 'rejected') {
    const recent = await db.selectFrom('payment_notifications').select((eb) => eb.fn.countAll<string>().as('n'))
      .where('outcome', '=', 'rejected').where('received_at', '>', sql<Date>`now() - interval '1 hour'`).executeTakeFirstOrThrow();
    // The request log still shows each refused 400; the table stays bounded.
    if (Number(recent.n) >= MAX_REJECTED_PER_HOUR) return;
  }
  await db.insertInto('payment_notifications').values({
    provider: provider.slice(0, 32), body_sha256: createHash('sha256').update(body).digest('hex'), body_bytes: Buffer.byteLength(body),
    fields: notice ? JSON.stringify(notice) : null, signature: signature?.slice(0, 512) ?? null, outcome, detail: detail?.slice(0, 300) ?? null, payment_id: paymentId,
  }).execute();
}

/**
 * Records a verified "paid" once. The money is real, so if the order can no longer take it
 * (cancelled, or paid meanwhile by other means) it goes to the customer's prepaid balance.
 */
async function recordPaid(trx: Transaction<DB>, paymentId: number, tradeNo: string): Promise<'recorded' | 'duplicate' | 'to_balance'> {
  const p = await trx.selectFrom('payments').select(['id', 'status', 'order_id', 'amount', 'number', 'company_id']).where('id', '=', paymentId).forUpdate().executeTakeFirstOrThrow();
  if (p.status !== 'pending') return 'duplicate';
  await trx.updateTable('payments').set({ provider_ref: tradeNo }).where('id', '=', p.id).where('provider_ref', 'is', null).execute();
  if (p.order_id != null) {
    const o = await trx.selectFrom('orders').select(['number', 'status', 'total', 'paid_total', 'refunded_total']).where('id', '=', p.order_id).forUpdate().executeTakeFirstOrThrow();
    if (UNPAYABLE.includes(o.status) || outstandingOf(o) < p.amount) {
      await trx.updateTable('payments').set({ purpose: 'topup', order_id: null, note: `订单 ${o.number} 已${UNPAYABLE.includes(o.status) ? '取消' : '付清'}，款项转入预存款` }).where('id', '=', p.id).execute();
      await settlePayment(trx, null, p.id);
      return 'to_balance';
    }
  }
  await settlePayment(trx, null, p.id, { method: 'online' });
  return 'recorded';
}

/**
 * Handles one provider notification: verify the signature, match our payment or refund, check
 * the amount, record once. Duplicates and stale ones (a "paid" after the refund) change nothing
 * and are acknowledged; bad signatures and altered amounts are logged and refused.
 */
export async function handleNotification(db: Kysely<DB>, providerName: string, headers: Record<string, string | string[] | undefined>, rawBody: string) {
  const provider = providerOf(providerName);
  const v = await provider.verifyNotification(db, headers, rawBody);
  const reject = async (reason: string, signature: string | null, paymentId: number | null = null) => {
    await logNotice(db, providerName, rawBody, signature, 'rejected', reason, paymentId, v.ok ? v.notice : null);
    return new AppError('NOTIFY_REJECTED', 400, { reason });
  };
  if (!v.ok) throw await reject(v.reason, v.signature);
  const n: ProviderNotice = v.notice;
  const pay = await db.selectFrom('payments').select(['id', 'amount', 'method', 'provider', 'provider_ref']).where('number', '=', n.outTradeNo).executeTakeFirst();
  if (n.kind === 'ignored') {
    await logNotice(db, providerName, rawBody, v.signature, 'ignored', n.event, pay?.provider === providerName ? pay.id : null, n);
    return { ack: provider.ackBody, outcome: 'ignored' as const };
  }
  if (!pay || pay.method !== 'online' || pay.provider !== providerName) throw await reject(`unknown trade ${n.outTradeNo}`, v.signature);
  if (pay.provider_ref && pay.provider_ref !== n.tradeNo) throw await reject(`trade number ${n.tradeNo} does not match`, v.signature, pay.id);
  if (n.kind === 'payment') {
    if (n.amountFen !== pay.amount) throw await reject(`amount ${n.amountFen} differs from ${pay.amount}`, v.signature, pay.id);
    const outcome = await db.transaction().execute(async (trx) => {
      const o = await recordPaid(trx, pay.id, n.tradeNo);
      await logNotice(trx, providerName, rawBody, v.signature, o, null, pay.id, n);
      return o;
    });
    return { ack: provider.ackBody, outcome };
  }
  const refund = await db.selectFrom('refunds').select(['id', 'amount', 'payment_id']).where('number', '=', n.outRefundNo).executeTakeFirst();
  if (!refund || refund.payment_id !== pay.id) throw await reject(`unknown refund ${n.outRefundNo}`, v.signature, pay.id);
  if (n.kind === 'refund_failed') {
    const failed = await failRefund(db, refund.id, `${providerName}: ${n.event}`);
    const outcome = failed ? 'refund_failed' : 'duplicate';
    await logNotice(db, providerName, rawBody, v.signature, outcome, n.event, pay.id, n);
    return { ack: provider.ackBody, outcome };
  }
  if (refund.amount !== n.amountFen) throw await reject(`refund amount ${n.amountFen} differs from ${refund.amount}`, v.signature, pay.id);
  const outcome = await db.transaction().execute(async (trx) => {
    const done = await completeRefund(trx, null, refund.id, n.refundNo);
    const o = done ? 'refund_recorded' : 'duplicate';
    await logNotice(trx, providerName, rawBody, v.signature, o, null, pay.id, n);
    return o;
  });
  return { ack: provider.ackBody, outcome };
}

/** The buyer came back from the pay page: ask the provider and record the payment if it is paid. */
export async function syncOnlinePayment(db: Kysely<DB>, actor: Actor, paymentId: number) {
  const p = await getPayment(db, actor, paymentId);
  if (p.method !== 'online' || !p.provider) throw notFound(PAYMENT_ENTITY);
  if (p.status === 'pending') {
    const q = await providerOf(p.provider).queryPayment(db, p.number);
    if (q?.status === 'paid' && q.amountFen === p.amount) {
      await db.transaction().execute(async (trx) => {
        const o = await recordPaid(trx, p.id, q.tradeNo);
        await logNotice(trx, p.provider!, JSON.stringify(q), null, `query_${o}`, null, p.id, { kind: 'payment', outTradeNo: p.number, tradeNo: q.tradeNo, amountFen: q.amountFen });
      });
    }
  }
  return getPayment(db, actor, paymentId);
}

/** Cash on delivery collected (by the driver, handed to finance): money received for the order. */
export async function recordCod(db: Kysely<DB>, actor: Actor, orderId: number, amount: number, note: string | null) {
  const o = await orderForActor(db, actor, orderId);
  assertPayable(o, amount);
  const id = await db.transaction().execute(async (trx) => {
    const p = await trx
      .insertInto('payments')
      .values({ company_id: o.company_id, order_id: o.id, purpose: 'order', method: 'cod', amount, status: 'pending', provider: null, provider_ref: null, pay_url: null, voucher: null, voucher_mime: null, payer_name: null, note, reject_reason: null, created_by: actor.userId, confirmed_by: null, confirmed_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await settlePayment(trx, actor, p.id);
    return p.id;
  });
  return getPayment(db, actor, id);
}

