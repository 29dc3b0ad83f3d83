import { sql, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError, badRequest, notFound } from '../../lib/errors';
import { registerMessages } from '../../lib/i18n';
import { formatYuan } from '../../lib/money';
import { audit } from '../platform/audit';
import type { Actor } from '../auth/actor';
import { notify } from '../notifications';
import { assertCustomerAccess } from '../customers';
import { resolvePrices } from '../pricing';
import { skuFacts } from '../orders/orderable';
import { QUOTE_ENTITY } from '../orders/submit';
import type { QuoteMessageKind, QuoteStatus } from './tables';
import './tables';

/**
 * Quotes (询价/报价, issue 16): a buyer asks for prices of quantities the price list does not cover
 * (or a sales rep starts one for a customer), the supplier offers per-line prices with a validity
 * date and terms, the buyer may counter, and each step is a message of the thread. Customers see
 * their own company's quotes; a sales rep those of the customers they own; admins all — anyone
 * else gets 404. Accepting (accept.ts) turns the offer into an order at the offered prices.
 */
type Db = Kysely<DB> | Transaction<DB>;

registerMessages({
  QUOTE_SKU_UNAVAILABLE: { zh: '第 {row} 行：商品 {code} 不存在或不对您开放，请删除此行', en: 'Line {row}: product {code} does not exist or is not available to you; remove the line' },
  QUOTE_UNIT_UNKNOWN: { zh: '第 {row} 行：商品 {code} 没有“{unit}”这个单位，可选：{units}', en: 'Line {row}: {code} is not sold by "{unit}"; choose one of {units}' },
  QUOTE_DUPLICATE_LINE: { zh: '第 {row} 行与前面的行是同一商品，请合并为一行', en: 'Line {row} repeats an earlier product; merge them into one line' },
  QUOTE_WRONG_STATE: { zh: '报价单 {number} 当前为“{status}”，不能{action}', en: 'Quote {number} is {status}; it cannot be {action}' },
  QUOTE_STALE: { zh: '报价单 {number} 已被对方更新，请刷新后再操作', en: 'Quote {number} was changed meanwhile; reload it and try again' },
  QUOTE_PRICES_INCOMPLETE: { zh: '请为每一行报价（缺少第 {rows} 行）', en: 'Give a price for every line (missing line {rows})' },
  QUOTE_LINE_UNKNOWN: { zh: '报价行 {lineId} 不属于报价单 {number}', en: 'Line {lineId} is not a line of quote {number}' },
  QUOTE_VALIDITY_PAST: { zh: '有效期 {date} 已过，请填写今天或以后的日期', en: 'Valid until {date} has passed; give today or a later date' },
  QUOTE_NOT_OFFERED: { zh: '报价单 {number} 当前为“{status}”，只有供应商已报价的单据可以接受', en: 'Quote {number} is {status}; only an offered quote can be accepted' },
  QUOTE_EXPIRED: { zh: '报价单 {number} 已过期，请联系业务员重新报价', en: 'Quote {number} has expired; ask your sales rep for a new offer' },
  QUOTE_LINES_CHANGED: { zh: '报价单 {number} 的商品行与下单内容不一致，请刷新后重试', en: 'The lines of quote {number} differ from the order; reload and try again' },
});

export const STATUS_LABELS: Record<QuoteStatus | 'expired', { zh: string; en: string }> = {
  requested: { zh: '待报价', en: 'awaiting offer' },
  offered: { zh: '已报价', en: 'offered' },
  countered: { zh: '已还价', en: 'countered' },
  ordered: { zh: '已下单', en: 'ordered' },
  declined: { zh: '已拒绝', en: 'declined' },
  withdrawn: { zh: '已撤回', en: 'withdrawn' },
  expired: { zh: '已过期', en: 'expired' },
};
const ACTION_LABELS = {
  offer: { zh: '报价', en: 'offered' }, counter: { zh: '还价', en: 'countered' }, decline: { zh: '拒绝', en: 'declined' },
  withdraw: { zh: '撤回', en: 'withdrawn' }, message: { zh: '留言', en: 'commented on' }, accept: { zh: '接受', en: 'accepted' },
} as const;
type Action = keyof typeof ACTION_LABELS;
const OPEN: QuoteStatus[] = ['requested', 'offered', 'countered'];
const FROM: Record<Action, QuoteStatus[]> = {
  offer: ['requested', 'countered', 'offered'], counter: ['offered'], decline: OPEN, withdraw: OPEN, message: OPEN, accept: ['offered'],
};

/** SQL: the quotes an actor may see (customers their company's, a rep their customers', admins all). */
export function quoteScope(actor: Actor) {
  if (actor.companyId != null) return sql<SqlBool>`q.company_id = ${actor.companyId}`;
  if (actor.role === 'sales') return sql<SqlBool>`c.sales_rep_id = ${actor.userId}`;
  return sql<SqlBool>`true`;
}

const base = (db: Db) => db.selectFrom('quotes as q').innerJoin('companies as c', 'c.id', 'q.company_id');

/** The quote row, locked, if the actor may see it; 404 otherwise (another company's quote too). */
async function lockQuote(trx: Transaction<DB>, actor: Actor, id: number) {
  const q = await base(trx).select(['q.id', 'q.number', 'q.status', 'q.company_id', 'q.version', 'q.valid_until', 'c.sales_rep_id', 'q.requested_by_user_id'])
    .where('q.id', '=', id).where(quoteScope(actor)).forUpdate('q').executeTakeFirst();
  if (!q) throw notFound(QUOTE_ENTITY);
  return q;
}

function assertState(q: { number: string; status: QuoteStatus; version: number }, action: Action, version?: number) {
  if (!FROM[action].includes(q.status)) {
    throw new AppError('QUOTE_WRONG_STATE', 409, { number: q.number, status: STATUS_LABELS[q.status].zh, action: ACTION_LABELS[action].zh }, { status: q.status, action });
  }
  if (version != null && version !== q.version) throw new AppError('QUOTE_STALE', 409, { number: q.number }, { version: q.version });
}

export interface QuoteLineInput {
  skuId: number;
  /** a selling unit of the SKU (default its base unit) */
  unit?: string;
  /** in that unit */
  qty: number;
  /** the buyer's wished price per base unit, fen */
  targetPrice?: number | null;
}

/** Who hears about a quote: the customer's users, or the rep owning the customer (else the admins). */
async function tell(trx: Transaction<DB>, side: 'customer' | 'supplier', q: { id: number; number: string; company_id: number; sales_rep_id: number | null }, title: string, body: string) {
  if (side === 'customer') {
    await notify(trx, { companyId: q.company_id, kind: 'quote.update', title, body, link: `/quotes/${q.id}`, entity: { type: 'quote', id: q.id }, email: true });
  } else {
    await notify(trx, {
      ...(q.sales_rep_id ? { userIds: [q.sales_rep_id] } : { roles: ['admin'] }), kind: 'quote.queue', title, body, link: `/admin/quotes/${q.id}`, entity: { type: 'quote', id: q.id }, email: false,
    });
  }
}

/**
 * 询价: a buyer (for their company) or staff (for a customer they may act for) asks for prices.
 * Each line's SKU must be visible and on the shelf for that customer and sold in that unit; the
 * customer's price-list price at that quantity is kept beside it for reference.
 */
export async function createQuote(db: Kysely<DB>, actor: Actor, input: { companyId?: number; title: string; lines: QuoteLineInput[]; message?: string | null }) {
  const companyId = actor.companyId ?? input.companyId;
  if (companyId == null) throw badRequest('VALIDATION', {}, [{ path: 'body.companyId', message: 'required for staff' }]);
  if (actor.companyId == null) await assertCustomerAccess(db, actor, companyId);
  const facts = await skuFacts(db, input.lines.map((l) => l.skuId), companyId);
  const seen = new Set<string>();
  const lines = input.lines.map((l, i) => {
    const f = facts.get(l.skuId);
    if (!f || !f.visible || !f.onShelf) throw new AppError('QUOTE_SKU_UNAVAILABLE', 422, { row: i + 1, code: f?.visible ? f.code : l.skuId }, [{ path: `body.lines.${i}.skuId`, message: 'not available' }]);
    const unit = f.units.find((u) => u.unit === (l.unit ?? f.baseUnit));
    if (!unit) throw new AppError('QUOTE_UNIT_UNKNOWN', 422, { row: i + 1, code: f.code, unit: l.unit, units: f.units.map((u) => u.unit).join(' / ') }, [{ path: `body.lines.${i}.unit`, message: 'unknown unit' }]);
    // one line per SKU (its price is per base unit, whatever unit it is asked in)
    const key = String(l.skuId);
    if (seen.has(key)) throw new AppError('QUOTE_DUPLICATE_LINE', 400, { row: i + 1 }, [{ path: `body.lines.${i}`, message: 'duplicate' }]);
    seen.add(key);
    const qty = l.qty * unit.factor;
    if (qty > 10_000_000) throw badRequest('VALIDATION', {}, [{ path: `body.lines.${i}.qty`, message: 'quantity too large' }]);
    return { skuId: l.skuId, unit: unit.unit, unitFactor: unit.factor, qty, targetPrice: l.targetPrice ?? null };
  });
  const prices = await resolvePrices(db, companyId, lines.map((l) => ({ skuId: l.skuId, qty: l.qty })));
  return db.transaction().execute(async (trx) => {
    const q = await trx.insertInto('quotes').values({
      number: `pending-${crypto.randomUUID()}`, company_id: companyId, requested_by_user_id: actor.companyId != null ? actor.userId : null,
      created_by_user_id: actor.userId, title: input.title, valid_until: null, terms: null, order_id: null, offered_at: null, ordered_at: null,
    }).returning('id').executeTakeFirstOrThrow();
    const number = `QT${String(q.id).padStart(6, '0')}`;
    await trx.updateTable('quotes').set({ number }).where('id', '=', q.id).execute();
    await trx.insertInto('quote_lines').values(lines.map((l, i) => ({
      quote_id: q.id, line_no: i + 1, sku_id: l.skuId, unit: l.unit, unit_factor: l.unitFactor, qty: l.qty,
      list_price: prices.get(l.skuId)?.unitPrice ?? 0, target_price: l.targetPrice, offer_price: null,
    }))).execute();
    await trx.insertInto('quote_messages').values({ quote_id: q.id, author_user_id: actor.userId, side: actor.companyId != null ? 'customer' : 'supplier', kind: 'request', body: input.message ?? null, prices: null, valid_until: null }).execute();
    const c = await trx.selectFrom('companies').select(['name', 'sales_rep_id']).where('id', '=', companyId).executeTakeFirstOrThrow();
    if (actor.companyId != null) await tell(trx, 'supplier', { id: q.id, number, company_id: companyId, sales_rep_id: c.sales_rep_id }, `新询价 ${number}`, `${c.name}：${input.title}`);
    await audit(trx, actor, { action: 'quote.create', entityType: 'quote', entityId: q.id, after: { companyId, title: input.title, lines } });
    return q.id;
  });
}

/**
 * 报价 (staff): a price per base unit for every line, valid to the end of `validUntil` in the
 * supplier's time zone, with terms. Replaces an earlier offer; a counter-offer is answered this way.
 */
export async function offerQuote(
  db: Kysely<DB>, actor: Actor, id: number,
  input: { version?: number; lines: { lineId: number; unitPrice: number }[]; validUntil: string; terms?: string | null; message?: string | null },
  ctx: { timeZone: string; today: string },
) {
  return db.transaction().execute(async (trx) => {
    const q = await lockQuote(trx, actor, id);
    assertState(q, 'offer', input.version);
    if (input.validUntil < ctx.today) throw new AppError('QUOTE_VALIDITY_PAST', 422, { date: input.validUntil }, [{ path: 'body.validUntil', message: `before ${ctx.today}` }]);
    const prices = await linePrices(trx, q, input.lines, true);
    for (const p of prices) await trx.updateTable('quote_lines').set({ offer_price: p.unitPrice }).where('id', '=', p.lineId).execute();
    const until = sql<Date>`((${input.validUntil}::date + 1)::timestamp at time zone ${ctx.timeZone})`;
    await trx.updateTable('quotes').set({ status: 'offered', valid_until: until, terms: input.terms ?? null, offered_at: sql`now()`, updated_at: sql`now()`, version: sql`version + 1` }).where('id', '=', id).execute();
    await trx.insertInto('quote_messages').values({ quote_id: id, author_user_id: actor.userId, side: 'supplier', kind: 'offer', body: input.message ?? null, prices: JSON.stringify(prices), valid_until: until }).execute();
    const total = await offerTotal(trx, id);
    await tell(trx, 'customer', q, `报价单 ${q.number} 已报价`, `报价合计 ¥${formatYuan(total)}，有效期至 ${input.validUntil}。`);
    await audit(trx, actor, { action: 'quote.offer', entityType: 'quote', entityId: id, before: { status: q.status }, after: input });
    return id;
  });
}

/** 还价 (the customer): the prices the buyer proposes instead; the supplier answers with a new offer. */
export async function counterQuote(db: Kysely<DB>, actor: Actor, id: number, input: { version?: number; lines: { lineId: number; unitPrice: number }[]; message?: string | null }) {
  return db.transaction().execute(async (trx) => {
    const q = await lockQuote(trx, actor, id);
    assertState(q, 'counter', input.version);
    const prices = await linePrices(trx, q, input.lines, false);
    for (const p of prices) await trx.updateTable('quote_lines').set({ target_price: p.unitPrice }).where('id', '=', p.lineId).execute();
    await trx.updateTable('quotes').set({ status: 'countered', updated_at: sql`now()`, version: sql`version + 1` }).where('id', '=', id).execute();
    await trx.insertInto('quote_messages').values({ quote_id: id, author_user_id: actor.userId, side: 'customer', kind: 'counter', body: input.message ?? null, prices: JSON.stringify(prices), valid_until: null }).execute();
    await tell(trx, 'supplier', q, `报价单 ${q.number} 客户还价`, input.message ?? '客户提出了新的价格，请回复报价。');
    await audit(trx, actor, { action: 'quote.counter', entityType: 'quote', entityId: id, before: { status: q.status }, after: input });
    return id;
  });
}

/** A message in the thread (either side), or closing it: decline (staff) / withdraw (customer). */
export async function quoteStep(db: Kysely<DB>, actor: Actor, id: number, action: 'message' | 'decline' | 'withdraw', input: { version?: number; body?: string | null }) {
  return db.transaction().execute(async (trx) => {
    const q = await lockQuote(trx, actor, id);
    assertState(q, action, input.version);
    const side = actor.companyId != null ? 'customer' : 'supplier';
    if (action !== 'message') {
      await trx.updateTable('quotes').set({ status: action === 'decline' ? 'declined' : 'withdrawn', updated_at: sql`now()`, version: sql`version + 1` }).where('id', '=', id).execute();
    } else {
      await trx.updateTable('quotes').set({ updated_at: sql`now()` }).where('id', '=', id).execute();
    }
    await trx.insertInto('quote_messages').values({ quote_id: id, author_user_id: actor.userId, side, kind: action as QuoteMessageKind, body: input.body ?? null, prices: null, valid_until: null }).execute();
    const what = action === 'message' ? '新留言' : action === 'decline' ? '供应商已拒绝' : '客户已撤回';
    await tell(trx, side === 'customer' ? 'supplier' : 'customer', q, `报价单 ${q.number} ${what}`, input.body ?? what);
    await audit(trx, actor, { action: `quote.${action}`, entityType: 'quote', entityId: id, before: { status: q.status }, after: input });
    return id;
  });
}

/** Checks a price for lines of the quote: every line exactly once when `all`, known line ids only. */
async function linePrices(trx: Transaction<DB>, q: { id: number; number: string }, input: { lineId: number; unitPrice: number }[], all: boolean) {
  const lines = await trx.selectFrom('quote_lines').select(['id', 'line_no']).where('quote_id', '=', q.id).orderBy('line_no').execute();
  const seen = new Set<number>();
  input.forEach((p, i) => {
    if (!lines.some((l) => l.id === p.lineId)) throw new AppError('QUOTE_LINE_UNKNOWN', 422, { lineId: p.lineId, number: q.number }, [{ path: `body.lines.${i}.lineId`, message: 'not a line of this quote' }]);
    if (seen.has(p.lineId)) throw badRequest('VALIDATION', {}, [{ path: `body.lines.${i}.lineId`, message: 'appears twice' }]);
    seen.add(p.lineId);
  });
  const missing = lines.filter((l) => !seen.has(l.id));
  if (all && missing.length) throw new AppError('QUOTE_PRICES_INCOMPLETE', 422, { rows: missing.map((l) => l.line_no).join('、') }, missing.map((l) => ({ lineId: l.id })));
  return input.map((p) => ({ lineId: p.lineId, unitPrice: p.unitPrice }));
}

async function offerTotal(db: Db, id: number): Promise<number> {
  const r = await db.selectFrom('quote_lines').select(sql<number>`coalesce(sum(offer_price * qty), 0)::bigint`.as('t')).where('quote_id', '=', id).executeTakeFirstOrThrow();
  return Number(r.t);
}

const listColumns = [
  'q.id', 'q.number', 'q.title', 'q.status', 'q.company_id as companyId', 'c.name as companyName', 'q.valid_until as validUntil', 'q.order_id as orderId',
  'q.version', 'q.created_at as createdAt', 'q.updated_at as updatedAt',
  sql<number>`(select count(*)::int from quote_lines ql where ql.quote_id = q.id)`.as('lineCount'),
  sql<number | null>`(select case when bool_and(ql.offer_price is not null) then sum(ql.offer_price * ql.qty)::bigint end from quote_lines ql where ql.quote_id = q.id)`.as('offerTotal'),
  sql<boolean>`(q.status = 'offered' and q.valid_until <= now())`.as('expired'),
] as const;

/** Quotes the actor may see, newest first; `status` 'expired' means offers past their date. */
export async function listQuotes(db: Db, actor: Actor, query: { page: number; pageSize: number; status?: QuoteStatus | 'expired'; companyId?: number }) {
  let qb = base(db).where(quoteScope(actor));
  if (query.status === 'expired') qb = qb.where('q.status', '=', 'offered').where('q.valid_until', '<=', sql<Date>`now()`);
  else if (query.status === 'offered') qb = qb.where('q.status', '=', 'offered').where('q.valid_until', '>', sql<Date>`now()`);
  else if (query.status) qb = qb.where('q.status', '=', query.status);
  if (query.companyId) qb = qb.where('q.company_id', '=', query.companyId);
  const [items, count] = await Promise.all([
    qb.select(listColumns).orderBy('q.id', 'desc').limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute(),
    qb.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: items.map(shapeListed), total: Number(count.n), page: query.page, pageSize: query.pageSize };
}

const shapeListed = <T extends { offerTotal: number | null }>(r: T) => ({ ...r, offerTotal: r.offerTotal == null ? null : Number(r.offerTotal) });

/** One quote with its lines, the thread and what the actor may do now. */
export async function getQuote(db: Db, actor: Actor, id: number) {
  const q = await base(db).select(listColumns).select(['q.terms', 'q.offered_at as offeredAt', 'q.ordered_at as orderedAt'])
    .where('q.id', '=', id).where(quoteScope(actor)).executeTakeFirst();
  if (!q) throw notFound(QUOTE_ENTITY);
  const lines = await db.selectFrom('quote_lines as l').innerJoin('skus as k', 'k.id', 'l.sku_id').innerJoin('products as p', 'p.id', 'k.product_id')
    .select(['l.id', 'l.line_no as lineNo', 'l.sku_id as skuId', 'k.code', 'p.name', 'k.spec_text as specText', 'p.base_unit as baseUnit', 'l.unit', 'l.unit_factor as unitFactor',
      'l.qty', 'l.list_price as listPrice', 'l.target_price as targetPrice', 'l.offer_price as offerPrice'])
    .where('l.quote_id', '=', id).orderBy('l.line_no').execute();
  const messages = await db.selectFrom('quote_messages as m').leftJoin('users as u', 'u.id', 'm.author_user_id')
    .select(['m.id', 'm.side', 'm.kind', 'm.body', 'm.prices', 'm.valid_until as validUntil', 'm.created_at as createdAt', 'u.name as authorName'])
    .where('m.quote_id', '=', id).orderBy('m.id').execute();
  const customer = actor.companyId != null;
  const open = OPEN.includes(q.status);
  const actions: string[] = [];
  if (open) actions.push('message', customer ? 'withdraw' : 'decline');
  if (!customer && FROM.offer.includes(q.status)) actions.push('offer');
  if (customer && q.status === 'offered' && !q.expired) actions.push('accept', 'counter');
  return {
    ...shapeListed(q),
    lines: lines.map((l) => ({ ...l, lineTotal: l.offerPrice == null ? null : l.offerPrice * l.qty, listTotal: l.listPrice * l.qty })),
    listTotal: lines.reduce((a, l) => a + l.listPrice * l.qty, 0),
    messages: messages.map((m) => ({ ...m, prices: (m.prices as { lineId: number; unitPrice: number }[] | null) ?? null })),
    actions,
  };
}
