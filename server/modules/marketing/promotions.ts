import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError, notFound, validation } from '../../lib/errors';
import type { Actor } from '../auth/actor';
import { audit } from '../platform/audit';
import { marketingChanged } from './apply';
import { levelText, type PromotionRule } from './engine';
import type { PromotionBody, STATES } from './schemas';
import './messages';
import './tables';

/**
 * Promotions as staff manage them. Stored status is what staff set — draft, active (published),
 * stopped; the state shown adds the window: an active promotion is scheduled before it starts,
 * running inside its window and ended after it (no job needs to flip it). A draft or a scheduled
 * promotion may be edited; a running or ended one may only be stopped (orders already froze it).
 */
export const PROMOTION = '促销活动 / promotion';
type Row = Selectable<DB['promotions']>;
export type State = (typeof STATES)[number];

export function stateOf(r: Pick<Row, 'status' | 'starts_at' | 'ends_at'>, now = new Date()): State {
  if (r.status !== 'active') return r.status;
  if (now < r.starts_at) return 'scheduled';
  return now < r.ends_at ? 'running' : 'ended';
}

const STATE_ZH: Record<State, string> = { draft: '草稿', scheduled: '未开始', running: '进行中', ended: '已结束', stopped: '已停止' };

/** Offset of a time zone at a moment, in minutes (Asia/Shanghai: 480). */
function zoneOffset(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return (Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(at.getTime() / 1000) * 1000) / 60_000;
}

/** A moment from the API: with an offset as given, without one in the supplier's time zone. */
export function parseMoment(s: string, timeZone: string, path: string): Date {
  const iso = s.replace(' ', 'T');
  if (/(Z|[+-]\d{2}:\d{2})$/.test(iso)) {
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) throw validation([{ path, message: 'not a valid date-time' }]);
    return d;
  }
  const asUtc = new Date(`${iso}Z`);
  if (Number.isNaN(asUtc.getTime()) || asUtc.toISOString().slice(0, 16) !== `${iso}:00`.slice(0, 16)) throw validation([{ path, message: 'not a valid date-time' }]);
  const first = new Date(asUtc.getTime() - zoneOffset(asUtc, timeZone) * 60_000);
  return new Date(asUtc.getTime() - zoneOffset(first, timeZone) * 60_000);
}

/** One line that says what a promotion gives, in Chinese (the list and the portal tags show it). */
export function summaryOf(rule: PromotionRule): string {
  switch (rule.kind) {
    case 'threshold_off':
    case 'threshold_discount':
    case 'gift':
      return rule.levels.map((l) => levelText(rule, l)).join('，') + ('repeat' in rule && rule.repeat ? '（上不封顶）' : '');
    case 'special_price':
      return `特价 ${rule.items.length} 款`;
    case 'nth_item':
      return `第 ${rule.nth} 件 ${(10_000 - rule.discountBp) / 1000}折`;
    case 'bundle':
      return `组合价 ¥${(rule.price / 100).toFixed(2)}（${rule.items.length} 款）`;
  }
}

export function promotionView(r: Row, now = new Date()) {
  const rule = r.rule as PromotionRule;
  return {
    id: Number(r.id), name: r.name, kind: r.kind, status: r.status, state: stateOf(r, now), startsAt: r.starts_at, endsAt: r.ends_at,
    rule, scope: r.scope, audience: r.audience, limitQty: r.limit_qty, budget: r.budget == null ? null : Number(r.budget),
    perCustomer: r.per_customer, perOrderQty: r.per_order_qty, usedQty: r.used_qty, usedBudget: Number(r.used_budget),
    exclusive: r.exclusive, withCoupons: r.with_coupons, withContractPrices: r.with_contract_prices, priority: r.priority, note: r.note,
    summary: summaryOf(rule),
  };
}

/** Every SKU a rule or scope names must exist (a gift that does not exist could never be given). */
async function checkSkus(db: Kysely<DB>, body: Pick<PromotionBody, 'rule' | 'scope'>) {
  const r = body.rule;
  const ids = new Set<number>([
    ...(r.kind === 'gift' ? [r.giftSkuId] : []),
    ...(r.kind === 'special_price' || r.kind === 'bundle' ? r.items.map((i) => i.skuId) : []),
    ...(body.scope?.skuIds ?? []),
  ]);
  if (!ids.size) return;
  const found = await db.selectFrom('skus').select('id').where('id', 'in', [...ids]).execute();
  const missing = [...ids].filter((id) => !found.some((f) => Number(f.id) === id));
  if (missing.length) throw new AppError('PROMOTION_UNKNOWN_SKU', 422, { ids: missing.join(', ') }, { missing });
}

function rowOf(body: PromotionBody, timeZone: string) {
  const starts = parseMoment(body.startsAt, timeZone, 'startsAt');
  const ends = parseMoment(body.endsAt, timeZone, 'endsAt');
  if (ends <= starts) throw validation([{ path: 'endsAt', message: 'must be after startsAt' }]);
  if (body.rule.kind === 'bundle' && new Set(body.rule.items.map((i) => i.skuId)).size !== body.rule.items.length) throw validation([{ path: 'rule.items', message: 'each product once' }]);
  if ('levels' in body.rule && new Set(body.rule.levels.map((l) => l.threshold)).size !== body.rule.levels.length) throw validation([{ path: 'rule.levels', message: 'each threshold once' }]);
  return {
    name: body.name, kind: body.rule.kind, starts_at: starts, ends_at: ends, rule: JSON.stringify(body.rule),
    scope: JSON.stringify(body.scope ?? {}), audience: JSON.stringify(body.audience ?? {}),
    limit_qty: body.limitQty ?? null, budget: body.budget ?? null, per_customer: body.perCustomer ?? null, per_order_qty: body.perOrderQty ?? null,
    exclusive: body.exclusive ?? false, with_coupons: body.withCoupons ?? true, with_contract_prices: body.withContractPrices ?? true,
    priority: body.priority ?? 0, note: body.note ?? null,
  };
}

export async function listPromotions(db: Kysely<DB>, q: { state?: State; q?: string; page: number; pageSize: number }) {
  let query = db.selectFrom('promotions').selectAll();
  const now = new Date();
  if (q.q) query = query.where('name', 'ilike', `%${q.q.replace(/[\\%_]/g, '\\$&')}%`);
  if (q.state === 'draft' || q.state === 'stopped') query = query.where('status', '=', q.state);
  else if (q.state === 'scheduled') query = query.where('status', '=', 'active').where('starts_at', '>', now);
  else if (q.state === 'running') query = query.where('status', '=', 'active').where('starts_at', '<=', now).where('ends_at', '>', now);
  else if (q.state === 'ended') query = query.where('status', '=', 'active').where('ends_at', '<=', now);
  const [rows, total] = await Promise.all([
    query.orderBy('id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    query.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => promotionView(r, now)), total: Number(total.n), page: q.page, pageSize: q.pageSize };
}

async function load(db: Kysely<DB>, id: number) {
  const r = await db.selectFrom('promotions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound(PROMOTION);
  return r;
}

export async function getPromotion(db: Kysely<DB>, id: number) {
  return promotionView(await load(db, id));
}

export async function createPromotion(db: Kysely<DB>, actor: Actor, body: PromotionBody, timeZone: string) {
  const row = rowOf(body, timeZone);
  await checkSkus(db, body);
  return db.transaction().execute(async (trx) => {
    const r = await trx.insertInto('promotions').values(row).returningAll().executeTakeFirstOrThrow();
    await audit(trx, actor, { action: 'promotion.create', entityType: 'promotion', entityId: r.id, after: promotionView(r) });
    return promotionView(r);
  });
}

/** Edits a draft or a not yet started promotion (its whole definition). */
export async function updatePromotion(db: Kysely<DB>, actor: Actor, id: number, body: PromotionBody, timeZone: string) {
  const row = rowOf(body, timeZone);
  await checkSkus(db, body);
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('promotions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound(PROMOTION);
    const state = stateOf(before);
    if (state !== 'draft' && state !== 'scheduled') throw new AppError('PROMOTION_NOT_EDITABLE', 409, { state: STATE_ZH[state] });
    const r = await trx.updateTable('promotions').set({ ...row, updated_at: sql`now()` }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await audit(trx, actor, { action: 'promotion.update', entityType: 'promotion', entityId: id, before: promotionView(before), after: promotionView(r) });
    marketingChanged();
    return promotionView(r);
  });
}

const ACTIONS = { publish: { from: ['draft'], to: 'active', zh: '发布' }, stop: { from: ['draft', 'scheduled', 'running'], to: 'stopped', zh: '停止' } } as const;

/** Publishes a draft (it runs from its start) or stops a promotion (for good). */
export async function changeStatus(db: Kysely<DB>, actor: Actor, id: number, action: keyof typeof ACTIONS) {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('promotions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound(PROMOTION);
    const state = stateOf(before);
    const a = ACTIONS[action];
    if (!(a.from as readonly State[]).includes(state)) throw new AppError('PROMOTION_BAD_STATE', 409, { state: STATE_ZH[state], action: a.zh });
    const r = await trx.updateTable('promotions').set({ status: a.to, updated_at: sql`now()` }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await audit(trx, actor, { action: `promotion.${action}`, entityType: 'promotion', entityId: id, before: { status: before.status }, after: { status: r.status } });
    marketingChanged();
    return promotionView(r);
  });
}

/** Deletes a draft (published promotions stay: orders refer to them). */
export async function deletePromotion(db: Kysely<DB>, actor: Actor, id: number) {
  const before = await load(db, id);
  if (before.status !== 'draft') throw new AppError('PROMOTION_BAD_STATE', 409, { state: STATE_ZH[stateOf(before)], action: '删除' });
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('promotions').where('id', '=', id).where('status', '=', 'draft').execute();
    await audit(trx, actor, { action: 'promotion.delete', entityType: 'promotion', entityId: id, before: promotionView(before) });
  });
}

