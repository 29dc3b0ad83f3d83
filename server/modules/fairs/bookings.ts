import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError, dbRefusal, notFound, validation } from '../../lib/errors';
import { applyBasisPoints, formatYuan } from '../../lib/money';
import type { Actor } from '../auth/actor';
import { hashRequest } from '../platform/idempotency';
import { FAIR, fairHead, fairItems, STATE_ZH, stateOf } from './fairs';
import { fairChanged } from './live';
import type { FairState } from './schemas';
import type { DepositStatus } from './tables';
import './messages';
import './tables';

/**
 * Booking (订货) at a fair: a commitment at the fair's prices, not a stock reservation. Every
 * booking of a customer first locks the customer's totals row of the fair, then checks the
 * window (the database's clock: closed from closes_at to the second), the invitation, the lines
 * (fair products, per-booking minimum, per-customer maximum) and the amount quota against what is
 * already booked, so quotas hold under any concurrency. Once per Idempotency-Key.
 */
export const BOOKING = '订货单 / booking';
export const bookingNumber = (id: number) => `FB${String(id).padStart(6, '0')}`;

type Item = Awaited<ReturnType<typeof fairItems>>[number];
/** A published fair's products and prices never change: kept per fair for the opening rush. */
const itemCache = new Map<number, { at: number; items: Item[] }>();
async function publishedItems(db: Kysely<DB> | Transaction<DB>, fairId: number): Promise<Item[]> {
  const hit = itemCache.get(fairId);
  if (hit && Date.now() - hit.at < 60_000) return hit.items;
  const items = await fairItems(db, fairId);
  itemCache.set(fairId, { at: Date.now(), items });
  return items;
}

/** The unit price of a line: the highest break the quantity reaches. */
export const priceFor = (item: Item, qty: number) => item.prices.filter((p) => p.minQty <= qty).reduce((a, b) => (b.minQty > a.minQty ? b : a)).unitPrice;

export const depositFor = (kind: string, value: number, total: number) => (kind === 'percent' ? applyBasisPoints(total, value) : kind === 'fixed' ? Math.min(value, total) : 0);

const WHEN: Record<FairState, { zh: string; en: string }> = {
  draft: { zh: '尚未发布', en: 'is not published' }, scheduled: { zh: '尚未开始', en: 'has not opened yet' }, open: { zh: '进行中', en: 'is open' },
  closed: { zh: '已结束', en: 'has closed' }, cancelled: { zh: '已取消', en: 'was cancelled' },
};

/** Whether a customer (its tier) is invited: named, or of an invited tier, or everyone when the fair names nobody. */
export const invited = (f: { tier_ids: number[]; company_ids: number[] }, companyId: number, tierId: number | null) =>
  (f.tier_ids.length === 0 && f.company_ids.length === 0) || f.company_ids.map(Number).includes(companyId) || (tierId != null && f.tier_ids.map(Number).includes(Number(tierId)));

export interface BookInput { lines: { skuId: number; qty: number }[]; note?: string | null }
/** The payments module's name for a booking's deposit hold. */
export const depositRef = (bookingId: number) => `fair_booking:${bookingId}`;

/** The fair as one customer books at it (with the database's clock); 404 when not invited, 409 when not open. */
export async function fairFor(trx: Transaction<DB>, companyId: number, fairId: number, change = false) {
  const f = await trx.selectFrom('fairs as f')
    .innerJoin('companies as c', (j) => j.on('c.id', '=', companyId))
    .leftJoin('fair_customers as fc', (j) => j.onRef('fc.fair_id', '=', 'f.id').on('fc.company_id', '=', companyId))
    .select(['f.id', 'f.name', 'f.status', 'f.opens_at', 'f.closes_at', 'f.tier_ids', 'f.company_ids', 'f.min_amount', 'f.max_amount', 'f.deposit_kind', 'f.deposit_value',
      'f.deposit_due_at', 'f.deposit_refund', 'c.tier_id', 'fc.min_amount as c_min', 'fc.max_amount as c_max', sql<Date>`statement_timestamp()`.as('now')])
    .where('f.id', '=', fairId).executeTakeFirst();
  // a fair the customer is not invited to does not exist for it
  if (!f || f.status === 'draft' || !invited(f, companyId, f.tier_id)) throw notFound(FAIR);
  const state = stateOf(f, f.now);
  if (state !== 'open') {
    throw new AppError(change ? 'FAIR_CHANGE_CLOSED' : 'FAIR_NOT_OPEN', 409, { name: f.name, when: WHEN[state] }, { state, opensAt: f.opens_at, closesAt: f.closes_at });
  }
  return f;
}
type BookingFair = Awaited<ReturnType<typeof fairFor>>;

/** The customer's row of the fair, locked: all its bookings, changes and cancellations queue here. */
export async function lockTotals(trx: Transaction<DB>, fairId: number, companyId: number) {
  const t = await trx.insertInto('fair_customer_totals').values({ fair_id: fairId, company_id: companyId })
    .onConflict((oc) => oc.columns(['fair_id', 'company_id']).doUpdateSet({ bookings: sql`fair_customer_totals.bookings` }))
    .returning(['amount', 'bookings']).executeTakeFirstOrThrow();
  return { amount: Number(t.amount), bookings: t.bookings };
}

/**
 * Prices lines at the fair and checks them against the quotas, given what the customer has booked
 * apart from these lines (`booked`, and its other bookings' quantities: `except` leaves out the
 * booking being changed). Call with the totals row locked.
 */
export async function priceAndCheck(trx: Transaction<DB>, f: BookingFair, companyId: number, lines: BookInput['lines'], booked: number, except: number | null) {
  const fairId = Number(f.id);
  const dup = lines.find((l, i) => lines.findIndex((m) => m.skuId === l.skuId) !== i);
  if (dup) throw new AppError('FAIR_DUPLICATE_LINE', 400, { id: dup.skuId }, [{ path: 'lines', message: 'each product once' }]);
  const items = await publishedItems(trx, fairId);
  const unknown = lines.filter((l) => !items.some((i) => i.skuId === l.skuId)).map((l) => l.skuId);
  if (unknown.length) throw new AppError('FAIR_ITEM_UNKNOWN', 422, { ids: unknown.join(', '), name: f.name }, { unknown });
  const priced = lines.map((l) => {
    const item = items.find((i) => i.skuId === l.skuId)!;
    if (item.minQty != null && l.qty < item.minQty) throw new AppError('FAIR_LINE_BELOW_MIN', 422, { code: item.code, min: `${item.minQty} ${item.unit}`, qty: `${l.qty} ${item.unit}` });
    const unitPrice = priceFor(item, l.qty);
    const lineTotal = unitPrice * l.qty;
    if (!Number.isSafeInteger(lineTotal) || lineTotal > 1e13) throw validation([{ path: 'lines', message: 'amount too large' }]);
    return { item, qty: l.qty, unitPrice, lineTotal };
  });
  const total = priced.reduce((a, l) => a + l.lineTotal, 0);
  const limited = priced.filter((l) => l.item.maxQty != null);
  if (limited.length) {
    let prior = trx.selectFrom('fair_booking_lines as l').innerJoin('fair_bookings as b', 'b.id', 'l.booking_id')
      .select(['l.sku_id', (eb) => eb.fn.sum<number>('l.qty').as('qty')])
      .where('b.fair_id', '=', fairId).where('b.company_id', '=', companyId).where('b.status', '<>', 'cancelled')
      .where('l.sku_id', 'in', limited.map((l) => l.item.skuId));
    if (except != null) prior = prior.where('b.id', '<>', except);
    const had = await prior.groupBy('l.sku_id').execute();
    for (const l of limited) {
      const n = Number(had.find((p) => Number(p.sku_id) === l.item.skuId)?.qty ?? 0);
      if (n + l.qty > l.item.maxQty!) {
        throw new AppError('FAIR_QTY_OVER_QUOTA', 409, { code: l.item.code, max: `${l.item.maxQty} ${l.item.unit}`, booked: `${n} ${l.item.unit}`, qty: `${l.qty} ${l.item.unit}`, left: `${Math.max(0, l.item.maxQty! - n)} ${l.item.unit}` },
          { skuId: l.item.skuId, max: l.item.maxQty, booked: n, qty: l.qty });
      }
    }
  }
  const max = f.c_max ?? f.max_amount;
  if (max != null && booked + total > Number(max)) {
    throw new AppError('FAIR_AMOUNT_OVER_QUOTA', 409, { amount: formatYuan(total), max: formatYuan(Number(max)), booked: formatYuan(booked), left: formatYuan(Math.max(0, Number(max) - booked)) },
      { max: Number(max), booked, amount: total });
  }
  const min = f.c_min ?? f.min_amount;
  if (min != null && booked + total < Number(min)) {
    throw new AppError('FAIR_AMOUNT_BELOW_MIN', 422, { name: f.name, min: formatYuan(Number(min)), total: formatYuan(booked + total), short: formatYuan(Number(min) - booked - total) });
  }
  return { priced, total, deposit: depositFor(f.deposit_kind, Number(f.deposit_value), total) };
}
export type Priced = Awaited<ReturnType<typeof priceAndCheck>>['priced'];

type Booked = {
  id: number; number: string; fairId: number; status: 'booked'; total: number; deposit: number; depositStatus: DepositStatus; depositDueAt: string | Date | null; createdAt: string | Date;
  lines: { id: number; skuId: number; code: string; name: string; unit: string; qty: number; unitPrice: number; lineTotal: number; convertedQty: number }[];
};

/**
 * Books at a fair in one database call (fairs_book, functions/fairs_book.sql: idempotency key, the
 * fair's window and invitation, the totals row locked, lines priced and checked, the booking, its
 * deposit hold, the event and the audit entry). The refusals are the AppErrors priceAndCheck and
 * fairFor throw, with the same codes and params.
 */
export async function book(db: Kysely<DB>, actor: Actor, companyId: number, fairId: number, body: BookInput, key: string | undefined) {
  if (!key) throw new AppError('IDEMPOTENCY_KEY_REQUIRED', 400, {}, [{ path: 'Idempotency-Key', message: 'header required' }]);
  const dup = body.lines.find((l, i) => body.lines.findIndex((m) => m.skuId === l.skuId) !== i);
  if (dup) throw new AppError('FAIR_DUPLICATE_LINE', 400, { id: dup.skuId }, [{ path: 'lines', message: 'each product once' }]);
  const p = {
    fairId, companyId, userId: actor.userId, scope: `fair.book:${fairId}:${companyId}:${actor.userId}`, key, hash: hashRequest(body),
    lines: body.lines.map((l) => ({ skuId: l.skuId, qty: l.qty })), note: body.note ?? null,
    actor: { userId: actor.userId, label: `${actor.login} (${actor.role})`, requestId: actor.requestId ?? null, ip: actor.ip ?? null },
  };
  let r: { booking: Booked; replayed: boolean };
  try {
    r = (await sql<{ r: typeof r }>`select fairs_book(${JSON.stringify(p)}::jsonb) as r`.execute(db)).rows[0]!.r;
  } catch (e) {
    throw bookingRefusal(e);
  }
  if (!r.replayed) fairChanged(fairId);
  const res = r.booking;
  return { ...res, createdAt: new Date(res.createdAt), depositDueAt: res.depositDueAt == null ? null : new Date(res.depositDueAt), replayed: r.replayed };
}

/** fairs_book's 'ordo:<CODE>' refusals as the AppErrors fairFor and priceAndCheck throw. */
function bookingRefusal(e: unknown): unknown {
  const r = dbRefusal(e);
  if (!r) return e;
  if (r.code === 'NOT_FOUND') return notFound(FAIR);
  if (r.code === 'FAIR_NOT_OPEN') {
    const state = r.params.state as FairState;
    return new AppError(r.code, r.status, { name: r.params.name, when: WHEN[state] }, r.details);
  }
  return r;
}

export async function insertLines(trx: Transaction<DB>, bookingId: number, priced: Priced) {
  return trx.insertInto('fair_booking_lines')
    .values(priced.map((l) => ({ booking_id: bookingId, sku_id: l.item.skuId, qty: l.qty, unit_price: l.unitPrice, line_total: l.lineTotal })))
    .returning(['id', 'sku_id']).execute();
}

/** Bookings with their lines, deposit and the orders made from them; scoped to one customer (companyId) or one rep's customers (salesRepId). */
export async function listBookings(db: Kysely<DB> | Transaction<DB>, q: { fairId?: number; companyId?: number; salesRepId?: number; ids?: number[]; limit?: number }) {
  let query = db.selectFrom('fair_bookings as b').innerJoin('fairs as f', 'f.id', 'b.fair_id').innerJoin('companies as c', 'c.id', 'b.company_id')
    .select(['b.id', 'b.fair_id', 'f.name as fair_name', 'b.company_id', 'c.name as company_name', 'c.province', 'b.user_id', 'b.status', 'b.total', 'b.deposit', 'b.note', 'b.created_at',
      'b.deposit_status', 'b.deposit_applied', 'b.cancel_reason', 'b.version', 'f.deposit_due_at', sql<Date>`statement_timestamp()`.as('now')]);
  if (q.fairId != null) query = query.where('b.fair_id', '=', q.fairId);
  if (q.companyId != null) query = query.where('b.company_id', '=', q.companyId);
  if (q.salesRepId != null) query = query.where('c.sales_rep_id', '=', q.salesRepId);
  if (q.ids) query = query.where('b.id', 'in', q.ids.length ? q.ids : [0]);
  const rows = await query.orderBy('b.id', 'desc').limit(q.limit ?? 500).execute();
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [lines, conversions] = await Promise.all([
    db.selectFrom('fair_booking_lines as l').innerJoin('skus as s', 's.id', 'l.sku_id').innerJoin('products as p', 'p.id', 's.product_id')
      .select(['l.id', 'l.booking_id', 'l.sku_id', 's.code', 'p.name', 'p.base_unit', 'l.qty', 'l.unit_price', 'l.line_total', 'l.converted_qty'])
      .where('l.booking_id', 'in', ids).orderBy('l.id').execute(),
    db.selectFrom('fair_conversions as v').innerJoin('orders as o', 'o.id', 'v.order_id')
      .select(['v.booking_id', 'v.order_id', 'o.number', 'o.status', 'o.total', sql<string | null>`to_char(v.delivery_date, 'YYYY-MM-DD')`.as('delivery_date'), 'v.created_at'])
      .where('v.booking_id', 'in', ids).orderBy('v.id').execute(),
  ]);
  return rows.map((r) => ({
    id: Number(r.id), number: bookingNumber(r.id), fairId: Number(r.fair_id), fairName: r.fair_name, companyId: Number(r.company_id), companyName: r.company_name,
    province: r.province, userId: Number(r.user_id), status: r.status, total: Number(r.total), deposit: Number(r.deposit), note: r.note, createdAt: r.created_at,
    depositStatus: r.deposit_status, depositApplied: Number(r.deposit_applied), depositDueAt: r.deposit_due_at, cancelReason: r.cancel_reason, version: r.version,
    // unpaid at the deadline: marked, and staff may release the booking
    depositOverdue: r.status === 'booked' && r.deposit_status === 'unpaid' && r.deposit_due_at != null && r.deposit_due_at <= r.now,
    lines: lines.filter((l) => l.booking_id === r.id).map((l) => ({
      id: Number(l.id), skuId: Number(l.sku_id), code: l.code, name: l.name, unit: l.base_unit, qty: l.qty, unitPrice: Number(l.unit_price), lineTotal: Number(l.line_total), convertedQty: l.converted_qty,
    })),
    orders: conversions.filter((v) => v.booking_id === r.id).map((v) => ({
      orderId: Number(v.order_id), number: v.number, status: v.status, total: Number(v.total), deliveryDate: v.delivery_date, createdAt: v.created_at,
    })),
  }));
}

/** Fairs a customer is invited to (published; open, upcoming or closed within 30 days), newest first. */
export async function myFairs(db: Kysely<DB>, companyId: number) {
  const c = await db.selectFrom('companies').select(['tier_id']).where('id', '=', companyId).executeTakeFirstOrThrow();
  const rows = await db.selectFrom('fairs').selectAll().where('status', '=', 'published').where('closes_at', '>', sql<Date>`now() - interval '30 days'`).orderBy('opens_at', 'desc').limit(50).execute();
  const totals = await db.selectFrom('fair_customer_totals').selectAll().where('company_id', '=', companyId).where('fair_id', 'in', rows.length ? rows.map((r) => r.id) : [0]).execute();
  const now = new Date();
  return rows.filter((r) => invited(r, companyId, c.tier_id)).map((r) => {
    const t = totals.find((x) => x.fair_id === r.id);
    return { id: Number(r.id), name: r.name, state: stateOf(r, now), opensAt: r.opens_at, closesAt: r.closes_at, serverNow: now, booked: Number(t?.amount ?? 0), bookings: t?.bookings ?? 0, note: r.note };
  });
}

/** One fair as the customer sees it, with its own quota and what it has booked per product; 404 when not invited. */
export async function myFair(db: Kysely<DB>, companyId: number, fairId: number) {
  const f = await db.selectFrom('fairs').selectAll().where('id', '=', fairId).executeTakeFirst();
  const c = await db.selectFrom('companies').select(['tier_id']).where('id', '=', companyId).executeTakeFirstOrThrow();
  if (!f || f.status === 'draft' || !invited(f, companyId, c.tier_id)) throw notFound(FAIR);
  const [items, own, totals, qty] = await Promise.all([
    fairItems(db, fairId),
    db.selectFrom('fair_customers').selectAll().where('fair_id', '=', fairId).where('company_id', '=', companyId).executeTakeFirst(),
    db.selectFrom('fair_customer_totals').selectAll().where('fair_id', '=', fairId).where('company_id', '=', companyId).executeTakeFirst(),
    db.selectFrom('fair_booking_lines as l').innerJoin('fair_bookings as b', 'b.id', 'l.booking_id').select(['l.sku_id', (eb) => eb.fn.sum<number>('l.qty').as('qty')])
      .where('b.fair_id', '=', fairId).where('b.company_id', '=', companyId).where('b.status', '<>', 'cancelled').groupBy('l.sku_id').execute(),
  ]);
  const { tierIds: _t, companyIds: _c, ...head } = fairHead(f);
  const min = own?.min_amount ?? f.min_amount;
  const max = own?.max_amount ?? f.max_amount;
  return {
    ...head, items,
    quota: {
      minAmount: min == null ? null : Number(min), maxAmount: max == null ? null : Number(max), booked: Number(totals?.amount ?? 0), bookings: totals?.bookings ?? 0,
      bookedQty: Object.fromEntries(qty.map((q) => [String(q.sku_id), Number(q.qty)])),
    },
  };
}

export { STATE_ZH };
