import { assertImagePixels, uploadedImage } from '../../lib/uploads';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError } from '../../lib/errors';
import { audit } from '../platform/audit';
import { emit } from '../platform/outbox';
import type { Actor } from '../auth/actor';
import { assertCustomerAccess } from '../customers';
import { assertMethodAllowed } from './accounts';
import { assertPayable, orderForActor } from './order-payments';
import { getPayment, settlePayment } from './payments';
import './tables';

/** Re-encodes an uploaded voucher as JPEG (≤ 2000 px, EXIF stripped); anything not an image is refused. */
export async function normaliseVoucher(buf: Buffer): Promise<{ body: Buffer; mime: string }> {
  await assertImagePixels(buf);
  try {
    const meta = await uploadedImage(buf).metadata();
    if (!meta.format || !['jpeg', 'png', 'webp'].includes(meta.format)) throw new Error('format');
    const body = await uploadedImage(buf).rotate().resize({ width: 2000, height: 2000, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 85 }).toBuffer();
    return { body, mime: 'image/jpeg' };
  } catch {
    throw new AppError('VOUCHER_NOT_IMAGE', 400, {}, [{ path: 'body.voucher', message: 'not a JPG, PNG or WebP image' }]);
  }
}

export interface TransferInput {
  amount: number;
  payerName?: string | null;
  note?: string | null;
  voucher: Buffer;
}

/**
 * A bank transfer the customer says it made, with its voucher (转账凭证): a pending payment in
 * finance's queue, for an order or (without orderId) for the prepaid balance.
 */
export async function submitTransfer(db: Kysely<DB>, actor: Actor, target: { orderId: number } | { companyId: number }, input: TransferInput) {
  let companyId: number;
  let orderId: number | null = null;
  if ('orderId' in target) {
    const o = await orderForActor(db, actor, target.orderId);
    assertPayable(o, input.amount);
    companyId = o.company_id;
    orderId = o.id;
    await assertMethodAllowed(db, companyId, 'transfer');
  } else {
    companyId = target.companyId;
    await assertCustomerAccess(db, actor, companyId);
  }
  const voucher = await normaliseVoucher(input.voucher);
  const id = await db.transaction().execute(async (trx) => {
    const p = await trx
      .insertInto('payments')
      .values({
        company_id: companyId, order_id: orderId, purpose: orderId ? 'order' : 'topup', method: 'transfer', amount: input.amount, status: 'pending',
        provider: null, provider_ref: null, pay_url: null, voucher: voucher.body, voucher_mime: voucher.mime, payer_name: input.payerName ?? null,
        note: input.note ?? null, reject_reason: null, created_by: actor.userId, confirmed_by: null, confirmed_at: null,
      })
      .returning(['id', 'number'])
      .executeTakeFirstOrThrow();
    await audit(trx, actor, { action: 'payment.transfer_submitted', entityType: 'payment', entityId: p.id, after: { orderId, amount: input.amount } });
    await emit(trx, 'payment.transfer_submitted', { paymentId: p.id, number: p.number, companyId, orderId, amount: input.amount });
    return p.id;
  });
  return getPayment(db, actor, id);
}

/** Finance confirms a pending transfer: the money is applied to the order or the balance, once. */
export async function confirmTransfer(db: Kysely<DB>, actor: Actor, paymentId: number) {
  const before = await getPayment(db, actor, paymentId);
  if (before.status !== 'pending' || before.method !== 'transfer') throw new AppError('PAYMENT_NOT_PENDING', 409, { number: before.number, status: before.status });
  await db.transaction().execute(async (trx) => {
    const applied = await settlePayment(trx, actor, paymentId, { method: 'transfer' });
    const now = await trx.selectFrom('payments').select('status').where('id', '=', paymentId).executeTakeFirstOrThrow();
    if (now.status !== 'succeeded') throw new AppError('PAYMENT_NOT_PENDING', 409, { number: before.number, status: now.status });
    await audit(trx, actor, { action: 'payment.confirm', entityType: 'payment', entityId: paymentId, before: { status: 'pending' }, after: { status: 'succeeded', applied } });
    return applied;
  });
  return getPayment(db, actor, paymentId);
}

/** Finance rejects a pending transfer (money not received, wrong amount…) with a reason the customer sees. */
export async function rejectTransfer(db: Kysely<DB>, actor: Actor, paymentId: number, reason: string) {
  const before = await getPayment(db, actor, paymentId);
  await db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('payments')
      .set({ status: 'rejected', reject_reason: reason, confirmed_by: actor.userId, confirmed_at: sql`now()`, updated_at: sql`now()` })
      .where('id', '=', paymentId)
      .where('status', '=', 'pending')
      .where('method', '=', 'transfer')
      .returning('id')
      .executeTakeFirst();
    if (!r) throw new AppError('PAYMENT_NOT_PENDING', 409, { number: before.number, status: before.status });
    await audit(trx, actor, { action: 'payment.reject', entityType: 'payment', entityId: paymentId, before: { status: 'pending' }, after: { status: 'rejected', reason } });
    await emit(trx, 'payment.rejected', { paymentId, number: before.number, companyId: before.companyId, orderId: before.orderId, reason });
  });
  return getPayment(db, actor, paymentId);
}
