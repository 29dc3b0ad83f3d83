import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError, notFound, validation } from '../../lib/errors';
import type { Actor } from '../auth/actor';
import { audit } from '../platform/audit';
import { parseMoment } from '../marketing/promotions';
import type { FairBody, FairState } from './schemas';
import './messages';
import './tables';

/**
 * Fairs as staff manage them. Stored status is what staff set (draft, published, cancelled); the
 * state shown adds the window: a published fair is scheduled before opens_at, open from opens_at
 * (inclusive) and closed from closes_at (to the second; no job flips it). Only a draft may be
 * edited: buyers book against a published fair's products and prices.
 */
export const FAIR = '订货会 / ordering fair';
type Db = Kysely<DB> | Transaction<DB>;
type Row = Selectable<DB['fairs']>;

export function stateOf(r: Pick<Row, 'status' | 'opens_at' | 'closes_at'>, now = new Date()): FairState {
  if (r.status !== 'published') return r.status;
  if (now < r.opens_at) return 'scheduled';
  return now < r.closes_at ? 'open' : 'closed';
}
export const STATE_ZH: Record<FairState, string> = { draft: '草稿', scheduled: '未开始', open: '进行中', closed: '已结束', cancelled: '已取消' };

/** The fair's items with product names and price breaks, in the editor's order. */
export async function fairItems(db: Db, fairId: number) {
  const [items, prices] = await Promise.all([
    db.selectFrom('fair_items as i').innerJoin('skus as s', 's.id', 'i.sku_id').innerJoin('products as p', 'p.id', 's.product_id')
      .select(['i.sku_id', 'i.min_qty', 'i.max_qty', 'i.target_qty', 's.code', 'p.name', 's.spec_text', 'p.base_unit', 's.base_price'])
      .where('i.fair_id', '=', fairId).orderBy('i.position').orderBy('i.sku_id').execute(),
    db.selectFrom('fair_prices').selectAll().where('fair_id', '=', fairId).orderBy('sku_id').orderBy('min_qty').execute(),
  ]);
  return items.map((i) => ({
    skuId: Number(i.sku_id), code: i.code, name: i.name, specText: i.spec_text, unit: i.base_unit, basePrice: Number(i.base_price),
    minQty: i.min_qty, maxQty: i.max_qty, targetQty: i.target_qty,
    prices: prices.filter((p) => Number(p.sku_id) === Number(i.sku_id)).map((p) => ({ minQty: p.min_qty, unitPrice: Number(p.unit_price) })),
  }));
}

export function fairHead(r: Row, now = new Date()) {
  return {
    id: Number(r.id), name: r.name, status: r.status, state: stateOf(r, now), opensAt: r.opens_at, closesAt: r.closes_at, serverNow: now,
    tierIds: (r.tier_ids ?? []).map(Number), companyIds: (r.company_ids ?? []).map(Number),
    minAmount: r.min_amount == null ? null : Number(r.min_amount), maxAmount: r.max_amount == null ? null : Number(r.max_amount),
    targetAmount: r.target_amount == null ? null : Number(r.target_amount), depositKind: r.deposit_kind, depositValue: Number(r.deposit_value),
    depositDueAt: r.deposit_due_at, depositRefund: r.deposit_refund, note: r.note, version: r.version,
  };
}

export async function loadFair(db: Db, id: number): Promise<Row> {
  const r = await db.selectFrom('fairs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound(FAIR);
  return r;
}

export async function getFair(db: Db, id: number) {
  const r = await loadFair(db, id);
  const [items, customers] = await Promise.all([
    fairItems(db, id),
    db.selectFrom('fair_customers as f').innerJoin('companies as c', 'c.id', 'f.company_id')
      .select(['f.company_id', 'c.name', 'f.min_amount', 'f.max_amount', 'f.target_amount']).where('f.fair_id', '=', id).orderBy('c.name').execute(),
  ]);
  return {
    ...fairHead(r), items,
    customers: customers.map((c) => ({ companyId: Number(c.company_id), name: c.name, minAmount: num(c.min_amount), maxAmount: num(c.max_amount), targetAmount: num(c.target_amount) })),
  };
}
const num = (v: number | null) => (v == null ? null : Number(v));

/** Fairs for staff; a sales rep's booking counts and amounts are those of the rep's own customers. */
export async function listFairs(db: Kysely<DB>, q: { state?: FairState; page: number; pageSize: number }, salesRepId?: number) {
  const now = new Date();
  let query = db.selectFrom('fairs');
  if (q.state === 'draft' || q.state === 'cancelled') query = query.where('status', '=', q.state);
  else if (q.state === 'scheduled') query = query.where('status', '=', 'published').where('opens_at', '>', now);
  else if (q.state === 'open') query = query.where('status', '=', 'published').where('opens_at', '<=', now).where('closes_at', '>', now);
  else if (q.state === 'closed') query = query.where('status', '=', 'published').where('closes_at', '<=', now);
  const [rows, total] = await Promise.all([
    query.selectAll('fairs')
      .select((eb) => [
        eb.selectFrom('fair_items').select(eb.fn.countAll<number>().as('n')).whereRef('fair_items.fair_id', '=', 'fairs.id').as('items'),
        eb.selectFrom('fair_customer_totals as t').innerJoin('companies as c', 'c.id', 't.company_id').select(sql<number>`coalesce(sum(t.bookings), 0)`.as('n')).whereRef('t.fair_id', '=', 'fairs.id')
          .$if(salesRepId != null, (w) => w.where('c.sales_rep_id', '=', salesRepId!)).as('bookings'),
        eb.selectFrom('fair_customer_totals as t').innerJoin('companies as c', 'c.id', 't.company_id').select(sql<number>`coalesce(sum(t.amount), 0)`.as('n')).whereRef('t.fair_id', '=', 'fairs.id')
          .$if(salesRepId != null, (w) => w.where('c.sales_rep_id', '=', salesRepId!)).as('booked'),
      ])
      .orderBy('opens_at', 'desc').orderBy('id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => ({
      id: Number(r.id), name: r.name, status: r.status, state: stateOf(r, now), opensAt: r.opens_at, closesAt: r.closes_at,
      items: Number(r.items ?? 0), bookings: Number(r.bookings ?? 0), booked: Number(r.booked ?? 0), targetAmount: num(r.target_amount),
    })),
    total: Number(total.n), page: q.page, pageSize: q.pageSize,
  };
}

/** Checks a fair body against the database: times, breaks, and that every SKU, tier and customer exists. */
async function checked(db: Db, body: FairBody, timeZone: string) {
  const opens = parseMoment(body.opensAt, timeZone, 'opensAt');
  const closes = parseMoment(body.closesAt, timeZone, 'closesAt');
  if (closes <= opens) throw validation([{ path: 'closesAt', message: 'must be after opensAt' }]);
  const depositDue = body.depositDueAt ? parseMoment(body.depositDueAt, timeZone, 'depositDueAt') : null;
  if (depositDue && depositDue <= opens) throw validation([{ path: 'depositDueAt', message: 'must be after opensAt' }]);
  if (body.minAmount != null && body.maxAmount != null && body.minAmount > body.maxAmount) throw validation([{ path: 'minAmount', message: 'must not be above maxAmount' }]);
  if (body.depositKind === 'percent' && !(body.depositValue! >= 1 && body.depositValue! <= 10_000)) throw validation([{ path: 'depositValue', message: 'basis points from 1 to 10000' }]);
  const seen = new Set<number>();
  for (const [i, item] of body.items.entries()) {
    if (seen.has(item.skuId)) throw validation([{ path: `items.${i}.skuId`, message: 'each product once' }]);
    seen.add(item.skuId);
    const breaks = item.prices.map((p) => p.minQty);
    if (!breaks.includes(1) || new Set(breaks).size !== breaks.length) throw new AppError('FAIR_PRICE_BREAKS', 422, { id: item.skuId }, [{ path: `items.${i}.prices` }]);
    if (item.minQty != null && item.maxQty != null && item.minQty > item.maxQty) throw validation([{ path: `items.${i}.minQty`, message: 'must not be above maxQty' }]);
  }
  const missing = async (table: 'skus' | 'customer_tiers' | 'companies', ids: number[], path: string) => {
    if (!ids.length) return;
    const found = await db.selectFrom(table).select('id').where('id', 'in', ids).execute();
    const gone = ids.filter((x) => !found.some((f) => Number(f.id) === x));
    if (gone.length) throw new AppError('VALIDATION', 400, {}, [{ path, message: `unknown id(s): ${gone.join(', ')}` }]);
  };
  const customerIds = [...new Set([...(body.companyIds ?? []), ...(body.customers ?? []).map((c) => c.companyId)])];
  await missing('skus', [...seen], 'items');
  await missing('customer_tiers', [...new Set(body.tierIds ?? [])], 'tierIds');
  await missing('companies', customerIds, 'companyIds');
  return {
    row: {
      name: body.name, opens_at: opens, closes_at: closes, tier_ids: [...new Set(body.tierIds ?? [])], company_ids: customerIds,
      min_amount: body.minAmount ?? null, max_amount: body.maxAmount ?? null, target_amount: body.targetAmount ?? null,
      deposit_kind: body.depositKind ?? 'none', deposit_value: body.depositKind && body.depositKind !== 'none' ? body.depositValue ?? 0 : 0, note: body.note ?? null,
      deposit_due_at: depositDue, deposit_refund: body.depositRefund ?? 'refund',
    },
  };
}

async function writeChildren(trx: Transaction<DB>, fairId: number, body: FairBody) {
  await trx.deleteFrom('fair_items').where('fair_id', '=', fairId).execute();
  await trx.deleteFrom('fair_customers').where('fair_id', '=', fairId).execute();
  await trx.insertInto('fair_items').values(body.items.map((i, n) => ({ fair_id: fairId, sku_id: i.skuId, position: n, min_qty: i.minQty ?? null, max_qty: i.maxQty ?? null, target_qty: i.targetQty ?? null }))).execute();
  await trx.insertInto('fair_prices').values(body.items.flatMap((i) => i.prices.map((p) => ({ fair_id: fairId, sku_id: i.skuId, min_qty: p.minQty, unit_price: p.unitPrice })))).execute();
  const named = (body.customers ?? []).filter((c) => c.minAmount != null || c.maxAmount != null || c.targetAmount != null);
  if (named.length) {
    await trx.insertInto('fair_customers').values(named.map((c) => ({ fair_id: fairId, company_id: c.companyId, min_amount: c.minAmount ?? null, max_amount: c.maxAmount ?? null, target_amount: c.targetAmount ?? null }))).execute();
  }
}

export async function createFair(db: Kysely<DB>, actor: Actor, body: FairBody, timeZone: string) {
  const { row } = await checked(db, body, timeZone);
  const id = await db.transaction().execute(async (trx) => {
    const r = await trx.insertInto('fairs').values(row).returning('id').executeTakeFirstOrThrow();
    await writeChildren(trx, r.id, body);
    await audit(trx, actor, { action: 'fair.create', entityType: 'fair', entityId: r.id, after: { name: body.name, opensAt: row.opens_at, closesAt: row.closes_at } });
    return r.id;
  });
  return getFair(db, id);
}

export async function updateFair(db: Kysely<DB>, actor: Actor, id: number, body: FairBody, timeZone: string) {
  const { row } = await checked(db, body, timeZone);
  await db.transaction().execute(async (trx) => {
    const cur = await trx.selectFrom('fairs').select(['status']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!cur) throw notFound(FAIR);
    if (cur.status !== 'draft') throw new AppError('FAIR_NOT_EDITABLE', 409);
    await trx.updateTable('fairs').set({ ...row, version: sql`version + 1`, updated_at: sql`now()` }).where('id', '=', id).execute();
    await writeChildren(trx, id, body);
    await audit(trx, actor, { action: 'fair.update', entityType: 'fair', entityId: id, after: { name: body.name } });
  });
  return getFair(db, id);
}

const ACTION = { publish: { zh: '发布', en: 'published' }, cancel: { zh: '取消', en: 'cancelled' }, close: { zh: '提前结束', en: 'closed early' } };

/** Publish a draft (buyers see it, from opens_at they book) cancel a fair before it closes, or close an open fair now. */
export async function changeFairStatus(db: Kysely<DB>, actor: Actor, id: number, action: 'publish' | 'cancel' | 'close') {
  await db.transaction().execute(async (trx) => {
    const cur = await trx.selectFrom('fairs').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!cur) throw notFound(FAIR);
    const state = stateOf(cur);
    const allowed = action === 'publish' ? cur.status === 'draft' : action === 'close' ? state === 'open' : state === 'draft' || state === 'scheduled' || state === 'open';
    if (!allowed) throw new AppError('FAIR_BAD_STATE', 409, { state: { zh: STATE_ZH[state], en: state }, action: ACTION[action] });
    if (action === 'close') {
      // ends the fair now (提前结束): bookings from this second on are refused, conversion may start
      await trx.updateTable('fairs').set({ closes_at: sql`statement_timestamp()`, version: sql`version + 1`, updated_at: sql`now()` }).where('id', '=', id).execute();
    } else {
      await trx.updateTable('fairs').set({ status: action === 'publish' ? 'published' : 'cancelled', version: sql`version + 1`, updated_at: sql`now()` }).where('id', '=', id).execute();
    }
    await audit(trx, actor, { action: `fair.${action}`, entityType: 'fair', entityId: id, before: { status: cur.status, closesAt: cur.closes_at }, after: { action } });
  });
  return getFair(db, id);
}
