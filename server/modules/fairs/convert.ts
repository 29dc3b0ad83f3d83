import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError, notFound } from '../../lib/errors';
import { t, type Locale } from '../../lib/i18n';
import { formatYuan, proRataFloor } from '../../lib/money';
import type { Actor } from '../auth/actor';
import { audit } from '../platform/audit';
import { once } from '../platform/idempotency';
import { submitAgreedOrder } from '../orders';
import { applyDeposit } from '../payments';
import { BOOKING, bookingNumber, depositRef } from './bookings';
import { FAIR, loadFair, stateOf } from './fairs';
import { fairChanged } from './live';
import type { ConvertBody } from './schemas';
import './messages';
import './tables';

/**
 * After the fair: bookings become delivery orders in batches (a delivery date, optionally a
 * warehouse), all or part of each line, each booking in its own transaction through the orders
 * module's creation path at the fair's prices (orders/agreed.ts). The booking row is locked first
 * and every line's converted quantity only grows up to what was booked, so converting the same
 * booking twice at once makes one order; with an Idempotency-Key a retried batch returns the same
 * orders. A booking that cannot become an order (stock short, customer suspended, no address) is
 * reported and left as it was; the others go ahead.
 */
interface Converted { bookingId: number; bookingNumber: string; orderId: number; orderNumber: string; amount: number }

export async function convertBookings(db: Kysely<DB>, actor: Actor, fairId: number, body: ConvertBody, key: string | undefined, opts: { timeZone: string; locale: Locale; salesRepId?: number }) {
  const f = await loadFair(db, fairId);
  const state = stateOf(f);
  if (state !== 'closed') {
    if (state === 'cancelled' || state === 'draft') throw new AppError('FAIR_BAD_STATE', 409, { state: { zh: state === 'draft' ? '草稿' : '已取消', en: state }, action: { zh: '转订单', en: 'converted' } });
    throw new AppError('FAIR_NOT_CLOSED', 409, { name: f.name, closesAt: f.closes_at.toISOString() });
  }
  let provinces: string[] | null = null;
  if (body.warehouseId != null) {
    const w = await db.selectFrom('warehouses').select(['provinces']).where('id', '=', body.warehouseId).executeTakeFirst();
    if (!w) throw notFound('仓库 / warehouse');
    provinces = w.provinces;
  }
  let q = db.selectFrom('fair_bookings as b').innerJoin('companies as c', 'c.id', 'b.company_id').select(['b.id']).where('b.fair_id', '=', fairId).where('b.status', '=', 'booked');
  if (body.bookings) q = q.where('b.id', 'in', body.bookings.map((x) => x.bookingId));
  if (provinces) q = q.where('c.province', 'in', provinces.length ? provinces : ['']);
  // a sales rep converts the bookings of the rep's own customers; another rep's are not found
  const rep = opts.salesRepId;
  if (rep != null) q = q.where('c.sales_rep_id', '=', rep);
  const found = new Set((await q.orderBy('b.id').execute()).map((r) => Number(r.id)));
  const wanted = body.bookings ?? [...found].map((bookingId) => ({ bookingId, lines: undefined }));
  if (body.bookings) {
    // a named booking of another fair is not found; one outside the warehouse's region or done is skipped below
    const exists = await db.selectFrom('fair_bookings as b').innerJoin('companies as c', 'c.id', 'b.company_id').select('b.id').where('b.fair_id', '=', fairId)
      .where('b.id', 'in', body.bookings.map((x) => x.bookingId)).$if(rep != null, (x) => x.where('c.sales_rep_id', '=', rep!)).execute();
    const gone = body.bookings.find((x) => !exists.some((e) => Number(e.id) === x.bookingId));
    if (gone) throw notFound(BOOKING);
  }

  const converted: Converted[] = [];
  const skipped: { bookingId: number; bookingNumber: string; code: string; message: string }[] = [];
  for (const w of wanted) {
    const number = bookingNumber(w.bookingId);
    try {
      const r = await db.transaction().execute((trx) => once(trx, `fair.convert:${fairId}:${w.bookingId}`, key ? `${key}` : undefined, { body, bookingId: w.bookingId }, async () => {
        const b = await trx.selectFrom('fair_bookings as b').innerJoin('companies as c', 'c.id', 'b.company_id')
          .select(['b.id', 'b.company_id', 'b.user_id', 'b.status', 'b.total', 'b.deposit', 'b.deposit_status', 'b.deposit_applied', 'c.name as company', 'c.province'])
          .where('b.id', '=', w.bookingId).where('b.fair_id', '=', fairId)
          .forUpdate('b').executeTakeFirstOrThrow();
        if (b.status === 'cancelled') throw new AppError('FAIR_BAD_STATE', 409, { state: { zh: '已取消', en: 'cancelled' }, action: { zh: '转订单', en: 'converted' } });
        if (provinces && !provinces.includes(b.province ?? '')) throw new AppError('FAIR_NOTHING_LEFT', 409, { number });
        if (b.deposit_status === 'unpaid') throw new AppError('FAIR_DEPOSIT_UNPAID', 409, { number, amount: formatYuan(Number(b.deposit)) });
        const lines = await trx.selectFrom('fair_booking_lines as l').innerJoin('skus as s', 's.id', 'l.sku_id').innerJoin('products as p', 'p.id', 's.product_id')
          .select(['l.id', 'l.sku_id', 'l.qty', 'l.converted_qty', 'l.unit_price', 'p.base_unit']).where('l.booking_id', '=', b.id).orderBy('l.id').execute();
        const take = lines.map((l) => {
          const left = l.qty - l.converted_qty;
          const asked = w.lines ? w.lines.find((x) => x.skuId === Number(l.sku_id))?.qty ?? 0 : left;
          if (asked > left) throw new AppError('FAIR_CONVERT_TOO_MUCH', 409, { number, skuId: Number(l.sku_id), left, qty: asked });
          return { ...l, take: asked };
        }).filter((l) => l.take > 0);
        const strangers = (w.lines ?? []).filter((x) => !lines.some((l) => Number(l.sku_id) === x.skuId));
        if (strangers.length) throw new AppError('FAIR_ITEM_UNKNOWN', 422, { ids: strangers.map((s) => s.skuId).join(', '), name: number });
        if (!take.length) throw new AppError('FAIR_NOTHING_LEFT', 409, { number });
        const addr = await trx.selectFrom('company_addresses').select('id').where('company_id', '=', b.company_id).orderBy('is_default', 'desc').orderBy('id').executeTakeFirst();
        if (!addr) throw new AppError('FAIR_NO_ADDRESS', 422, { name: b.company });
        const order = await submitAgreedOrder(trx, actor, {
          companyId: Number(b.company_id), buyerUserId: Number(b.user_id), addressId: Number(addr.id),
          lines: take.map((l) => ({ ref: Number(l.id), skuId: Number(l.sku_id), unit: l.base_unit, unitFactor: 1, qty: l.take })),
          agreedPrices: Object.fromEntries(take.map((l) => [Number(l.sku_id), {
            unitPrice: Number(l.unit_price),
            rule: { kind: 'fair_price', fairId, bookingId: Number(b.id), name: f.name, detail: `ordering fair "${f.name}" booking ${number}: ¥${formatYuan(Number(l.unit_price))}` },
          }])),
          wishedDeliveryDate: body.deliveryDate, note: body.note ?? `订货会「${f.name}」订货单 ${number}`, paymentMethod: null, timeZone: opts.timeZone,
        }, opts.locale);
        for (const l of take) {
          const u = await trx.updateTable('fair_booking_lines').set({ converted_qty: sql`converted_qty + ${l.take}` })
            .where('id', '=', l.id).where(sql<boolean>`converted_qty + ${l.take} <= qty`).executeTakeFirst();
          if (Number(u.numUpdatedRows) !== 1) throw new AppError('FAIR_NOTHING_LEFT', 409, { number });
        }
        const done = lines.every((l) => l.converted_qty + (take.find((x) => x.id === l.id)?.take ?? 0) >= l.qty);
        if (done) await trx.updateTable('fair_bookings').set({ status: 'converted' }).where('id', '=', b.id).execute();
        const amount = take.reduce((a, l) => a + Number(l.unit_price) * l.take, 0);
        const depositPaid = b.deposit_status === 'held' ? await applyDepositShare(trx, actor, b, lines, take, order.id, number, done) : 0;
        await trx.insertInto('fair_conversions').values({
          fair_id: fairId, booking_id: b.id, order_id: order.id, order_number: order.number, delivery_date: body.deliveryDate, warehouse_id: body.warehouseId ?? null,
          lines: JSON.stringify(take.map((l) => ({ lineId: Number(l.id), skuId: Number(l.sku_id), qty: l.take }))), amount, created_by: actor.userId,
        }).execute();
        await audit(trx, actor, { action: 'fair.convert', entityType: 'fair_booking', entityId: b.id, after: { orderId: order.id, orderNumber: order.number, amount, depositPaid, done } });
        return { bookingId: Number(b.id), bookingNumber: number, orderId: order.id, orderNumber: order.number, amount };
      }));
      converted.push(r.result);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      skipped.push({ bookingId: w.bookingId, bookingNumber: number, code: e.code, message: t(e.code, opts.locale, e.params) });
    }
  }
  if (converted.length) fairChanged(fairId);
  return { converted, skipped };
}
/**
 * Pays the booking's held deposit to the order just made, pro rata in integer fen: after each
 * conversion the deposit paid so far is deposit − ⌊deposit × amount still to convert / total⌋,
 * so the shares add up to the deposit exactly and the rounding remainder goes to the first order.
 */
async function applyDepositShare(
  trx: Transaction<DB>, actor: Actor, b: { id: number; total: number; deposit: number; deposit_applied: number },
  lines: { id: number; qty: number; converted_qty: number; unit_price: number }[], take: { id: number; take: number }[], orderId: number, number: string, done: boolean,
) {
  const total = Number(b.total);
  const deposit = Number(b.deposit);
  const left = lines.reduce((a, l) => a + (l.qty - l.converted_qty - (take.find((x) => x.id === l.id)?.take ?? 0)) * Number(l.unit_price), 0);
  const due = total > 0 ? deposit - proRataFloor(deposit, left, total) : 0;
  const share = due - Number(b.deposit_applied);
  const paid = share > 0 ? await applyDeposit(trx, actor, depositRef(b.id), orderId, share, `订货会定金（订货单 ${number}） / fair deposit`) : 0;
  await trx.updateTable('fair_bookings').set({ deposit_applied: sql`deposit_applied + ${paid}`, ...(done ? { deposit_status: 'applied' as const } : {}) }).where('id', '=', b.id).execute();
  return paid;
}
export { FAIR };
