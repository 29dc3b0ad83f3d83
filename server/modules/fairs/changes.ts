import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError, notFound } from '../../lib/errors';
import { formatYuan } from '../../lib/money';
import type { Actor } from '../auth/actor';
import { emitAudited } from '../platform/outbox';
import { forfeitDeposit, holdDeposit, startOnlinePayment } from '../payments';
import type { OutboxHandler } from '../platform/outbox';
import { BOOKING, bookingNumber, depositRef, fairFor, insertLines, listBookings, lockTotals, priceAndCheck, type BookInput } from './bookings';
import { fairChanged } from './live';
import './messages';
import type { DepositStatus } from './tables';

/**
 * A booking changed after it was made: edited or cancelled while the fair is open (the buyer, or
 * staff for the customer), its deposit paid by the fair's deadline, or released by staff when the
 * deposit is overdue. Every change locks the customer's totals row of the fair first — the same
 * row every booking locks — then the booking, so quotas are re-checked against what is really
 * booked. Each is safe to repeat: cancelling a cancelled booking or paying a paid deposit returns
 * the booking as it is; an edit replaces the lines, so sending it again changes nothing more.
 */
export type BookingScope = { companyId: number } | { salesRepId: number } | { all: true };
const STATUS_ZH = { converted: { zh: '已转订单', en: 'converted' }, cancelled: { zh: '已取消', en: 'cancelled' }, booked: { zh: '已订货', en: 'booked' } };

/** The booking as the scope may see it (another company's, or another rep's customer's → 404). */
async function bookingIn(trx: Transaction<DB>, scope: BookingScope, bookingId: number, fairId?: number) {
  let q = trx.selectFrom('fair_bookings as b').innerJoin('companies as c', 'c.id', 'b.company_id')
    .select(['b.id', 'b.fair_id', 'b.company_id']).where('b.id', '=', bookingId);
  if (fairId != null) q = q.where('b.fair_id', '=', fairId);
  if ('companyId' in scope) q = q.where('b.company_id', '=', scope.companyId);
  if ('salesRepId' in scope) q = q.where('c.sales_rep_id', '=', scope.salesRepId);
  const b = await q.executeTakeFirst();
  if (!b) throw notFound(BOOKING);
  return { id: Number(b.id), fairId: Number(b.fair_id), companyId: Number(b.company_id) };
}

async function lockBooking(trx: Transaction<DB>, id: number) {
  const b = await trx.selectFrom('fair_bookings').select(['id', 'status', 'total', 'deposit', 'deposit_status']).where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
  return { ...b, total: Number(b.total), deposit: Number(b.deposit) };
}
const notBooked = (id: number, status: 'converted' | 'cancelled' | 'booked', action: { zh: string; en: string }) =>
  new AppError('FAIR_BOOKING_DONE', 409, { number: bookingNumber(id), status: STATUS_ZH[status], action });

async function view(trx: Transaction<DB>, id: number) {
  const [b] = await listBookings(trx, { ids: [id] });
  return b;
}

/** Replaces a booking's lines while the fair is open; quotas re-checked without the booking's old lines, its deposit follows the new total. */
export async function editBooking(db: Kysely<DB>, actor: Actor, scope: BookingScope, bookingId: number, body: BookInput, fairId?: number) {
  const r = await db.transaction().execute(async (trx) => {
    const at = await bookingIn(trx, scope, bookingId, fairId);
    const f = await fairFor(trx, at.companyId, at.fairId, true);
    const totals = await lockTotals(trx, at.fairId, at.companyId);
    const b = await lockBooking(trx, bookingId);
    if (b.status !== 'booked') throw notBooked(bookingId, b.status, { zh: '修改', en: 'changed' });
    const { priced, total, deposit } = await priceAndCheck(trx, f, at.companyId, body.lines, totals.amount - b.total, bookingId);
    let depositStatus = b.deposit_status;
    if (b.deposit_status === 'held') {
      // the hold follows the new deposit (a larger one is refused when the balance is short)
      await holdDeposit(trx, actor, { ref: depositRef(bookingId), companyId: at.companyId, amount: deposit });
      if (deposit === 0) depositStatus = 'refunded';
    } else if (b.deposit_status === 'none' || b.deposit_status === 'unpaid') {
      const due = deposit > 0 && f.deposit_due_at == null;
      if (due) await holdDeposit(trx, actor, { ref: depositRef(bookingId), companyId: at.companyId, amount: deposit });
      depositStatus = deposit === 0 ? 'none' : due ? 'held' : 'unpaid';
    }
    await trx.deleteFrom('fair_booking_lines').where('booking_id', '=', bookingId).execute();
    await insertLines(trx, bookingId, priced);
    await trx.updateTable('fair_bookings').set({ total, deposit, deposit_status: depositStatus, note: body.note ?? null, version: sql`version + 1`, updated_at: sql`now()` })
      .where('id', '=', bookingId).execute();
    await trx.updateTable('fair_customer_totals').set({ amount: sql`amount + ${total - b.total}` }).where('fair_id', '=', at.fairId).where('company_id', '=', at.companyId).execute();
    await emitAudited(trx, 'fair.booking_changed', { fairId: at.fairId, bookingId, number: bookingNumber(bookingId), companyId: at.companyId, total }, actor,
      { action: 'fair.booking.edit', entityType: 'fair_booking', entityId: bookingId, before: { total: b.total, deposit: b.deposit }, after: { total, deposit, lines: priced.map((l) => ({ skuId: l.item.skuId, qty: l.qty })) } });
    return { fairId: at.fairId, booking: await view(trx, bookingId) };
  });
  fairChanged(r.fairId);
  return r.booking;
}

/**
 * Cancels a booking while the fair is open. A held deposit is given back, or kept by the supplier
 * when the buyer cancels at a fair whose rule is forfeit (staff cancelling always give it back).
 */
export async function cancelBooking(db: Kysely<DB>, actor: Actor, scope: BookingScope, bookingId: number, opts: { fairId?: number; reason?: string | null } = {}) {
  const r = await db.transaction().execute(async (trx) => {
    const at = await bookingIn(trx, scope, bookingId, opts.fairId);
    const f = await fairFor(trx, at.companyId, at.fairId, true);
    await lockTotals(trx, at.fairId, at.companyId);
    const b = await lockBooking(trx, bookingId);
    if (b.status === 'cancelled') return { fairId: at.fairId, changed: false, booking: await view(trx, bookingId) };
    if (b.status !== 'booked') throw notBooked(bookingId, b.status, { zh: '取消', en: 'cancelled' });
    const byBuyer = 'companyId' in scope;
    const kept = b.deposit_status === 'held' && byBuyer && f.deposit_refund === 'forfeit';
    const depositStatus = b.deposit_status !== 'held' ? b.deposit_status : kept ? 'forfeited' as const : 'refunded' as const;
    if (kept) await forfeitDeposit(trx, actor, depositRef(bookingId), `订货会定金不退（买方取消订货单 ${bookingNumber(bookingId)}）`);
    else if (b.deposit_status === 'held') await holdDeposit(trx, actor, { ref: depositRef(bookingId), companyId: at.companyId, amount: 0 });
    await closeBooking(trx, actor, at, b, depositStatus, opts.reason ?? (byBuyer ? '客户取消' : '业务取消'));
    return { fairId: at.fairId, changed: true, booking: await view(trx, bookingId) };
  });
  if (r.changed) fairChanged(r.fairId);
  return r.booking;
}

async function closeBooking(trx: Transaction<DB>, actor: Actor, at: { fairId: number; companyId: number }, b: Awaited<ReturnType<typeof lockBooking>>, depositStatus: DepositStatus, reason: string) {
  await trx.updateTable('fair_bookings').set({ status: 'cancelled', deposit_status: depositStatus, cancelled_at: sql`now()`, cancel_reason: reason, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', b.id).execute();
  await trx.updateTable('fair_customer_totals').set({ amount: sql`amount - ${b.total}`, bookings: sql`bookings - 1` }).where('fair_id', '=', at.fairId).where('company_id', '=', at.companyId).execute();
  await emitAudited(trx, 'fair.booking_cancelled', { fairId: at.fairId, bookingId: Number(b.id), number: bookingNumber(b.id), companyId: at.companyId, total: b.total, depositStatus }, actor,
    { action: 'fair.booking.cancel', entityType: 'fair_booking', entityId: b.id, before: { status: b.status, depositStatus: b.deposit_status }, after: { status: 'cancelled', depositStatus, reason } });
}

/** The buyer pays a booking's deposit from the prepaid balance before the fair's deadline (held until conversion). */
export async function payDeposit(db: Kysely<DB>, actor: Actor | null, companyId: number, bookingId: number) {
  return db.transaction().execute(async (trx) => {
    const at = await bookingIn(trx, { companyId }, bookingId);
    const b = await lockBooking(trx, bookingId);
    if (b.deposit_status === 'held' || b.deposit_status === 'applied') return view(trx, bookingId);
    if (b.status !== 'booked') throw notBooked(bookingId, b.status, { zh: '付定金', en: 'paid a deposit' });
    if (b.deposit_status !== 'unpaid') throw new AppError('FAIR_NO_DEPOSIT', 409, { number: bookingNumber(bookingId) });
    const f = await trx.selectFrom('fairs').select(['deposit_due_at', sql<Date>`statement_timestamp()`.as('now')]).where('id', '=', at.fairId).executeTakeFirstOrThrow();
    if (f.deposit_due_at != null && f.deposit_due_at <= f.now) throw new AppError('FAIR_DEPOSIT_OVERDUE', 409, { number: bookingNumber(bookingId), amount: formatYuan(b.deposit) });
    await holdDeposit(trx, actor, { ref: depositRef(bookingId), companyId, amount: b.deposit });
    await trx.updateTable('fair_bookings').set({ deposit_status: 'held', version: sql`version + 1`, updated_at: sql`now()` }).where('id', '=', bookingId).execute();
    await emitAudited(trx, 'fair.deposit_paid', { fairId: at.fairId, bookingId, number: bookingNumber(bookingId), companyId, amount: b.deposit }, actor,
      { action: 'fair.deposit.pay', entityType: 'fair_booking', entityId: bookingId, after: { deposit: b.deposit } });
    return view(trx, bookingId);
  });
}

/**
 * Starts paying a booking's deposit online (the payments module's provider flow): an online top-up
 * of the prepaid balance of exactly the deposit, linked to the booking. When the provider's
 * notification records it ('account.topped_up'), depositTopupHandler holds the deposit from the
 * balance as payDeposit does. Refused like payDeposit (not booked, no deposit, past the deadline),
 * and when the deposit is already paid (FAIR_DEPOSIT_PAID: it would be paid twice).
 */
export async function startDepositOnline(db: Kysely<DB>, publicUrl: string, actor: Actor, companyId: number, bookingId: number, how: { channel: 'qr' | 'mobile'; clientIp: string | null }) {
  const b = await db.transaction().execute(async (trx) => {
    const at = await bookingIn(trx, { companyId }, bookingId);
    const b = await lockBooking(trx, bookingId);
    if (b.status !== 'booked') throw notBooked(bookingId, b.status, { zh: '付定金', en: 'paid a deposit' });
    if (b.deposit_status === 'held' || b.deposit_status === 'applied') throw new AppError('FAIR_DEPOSIT_PAID', 409, { number: bookingNumber(bookingId) });
    if (b.deposit_status !== 'unpaid') throw new AppError('FAIR_NO_DEPOSIT', 409, { number: bookingNumber(bookingId) });
    const f = await trx.selectFrom('fairs').select(['deposit_due_at', sql<Date>`statement_timestamp()`.as('now')]).where('id', '=', at.fairId).executeTakeFirstOrThrow();
    if (f.deposit_due_at != null && f.deposit_due_at <= f.now) throw new AppError('FAIR_DEPOSIT_OVERDUE', 409, { number: bookingNumber(bookingId), amount: formatYuan(b.deposit) });
    return { fairId: at.fairId, deposit: b.deposit };
  });
  const pay = await startOnlinePayment(db, publicUrl, actor, { companyId, subject: `订货会定金 ${bookingNumber(bookingId)}`, returnPath: `/fairs/${b.fairId}` }, b.deposit, how);
  await db.insertInto('fair_deposit_payments').values({ payment_id: pay.id, booking_id: bookingId }).execute();
  return pay;
}

/**
 * Outbox consumer of payments' 'account.topped_up': a top-up started for a booking's deposit holds
 * it (payDeposit, idempotent). A booking that can no longer take it (cancelled, past the deadline)
 * leaves the money on the customer's prepaid balance, where the top-up put it.
 */
export function depositTopupHandler(): OutboxHandler {
  return {
    name: 'fairs.deposit-online',
    topics: ['account.topped_up'],
    async handle(ev, db) {
      const p = ev.payload as { companyId: number; paymentId: number };
      const link = await db.selectFrom('fair_deposit_payments').select('booking_id').where('payment_id', '=', p.paymentId).executeTakeFirst();
      if (!link) return;
      try {
        await payDeposit(db, null, p.companyId, Number(link.booking_id));
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
      }
    },
  };
}

/** Staff release a booking whose deposit was not paid by the fair's deadline: it is cancelled and its quota freed (any time after the deadline). */
export async function releaseBooking(db: Kysely<DB>, actor: Actor, scope: BookingScope, fairId: number, bookingId: number) {
  const r = await db.transaction().execute(async (trx) => {
    const at = await bookingIn(trx, scope, bookingId, fairId);
    await lockTotals(trx, at.fairId, at.companyId);
    const b = await lockBooking(trx, bookingId);
    if (b.status === 'cancelled') return { changed: false, booking: await view(trx, bookingId) };
    const f = await trx.selectFrom('fairs').select(['deposit_due_at', sql<Date>`statement_timestamp()`.as('now')]).where('id', '=', fairId).executeTakeFirstOrThrow();
    const overdue = b.status === 'booked' && b.deposit_status === 'unpaid' && f.deposit_due_at != null && f.deposit_due_at <= f.now;
    if (!overdue) throw new AppError('FAIR_NOT_OVERDUE', 409, { number: bookingNumber(bookingId) });
    await closeBooking(trx, actor, at, b, 'unpaid', '定金逾期未付，已释放');
    return { changed: true, booking: await view(trx, bookingId) };
  });
  if (r.changed) fairChanged(fairId);
  return r.booking;
}
