import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError, notFound, validation } from '../../lib/errors';
import type { Actor } from '../auth/actor';
import { audit } from '../platform/audit';
import { marketingChanged } from './apply';
import { couponText } from './engine';
import { parseMoment } from './promotions';
import type { CouponTemplateBody } from './schemas';
import './messages';
import './tables';

/**
 * Coupons: a template (amount or percent off, threshold, scope, validity: fixed dates or N days
 * from issue) is issued to customers or whole tiers by staff, or claimed by a customer in the
 * portal when the template is claimable; each coupon sits in its customer's wallet until used
 * once (the submission statement's conditional update) or past its validity.
 */
export const TEMPLATE = '优惠券 / coupon';
type T = Selectable<DB['coupon_templates']>;

export function templateView(r: T, usedQty = 0) {
  return {
    id: Number(r.id), name: r.name, kind: r.kind, amountOff: r.amount_off == null ? null : Number(r.amount_off), discountBp: r.discount_bp,
    maxOff: r.max_off == null ? null : Number(r.max_off), threshold: Number(r.threshold), scope: r.scope, validFrom: r.valid_from, validTo: r.valid_to,
    validDays: r.valid_days, claimable: r.claimable, totalQty: r.total_qty, issuedQty: r.issued_qty, perCustomer: r.per_customer, status: r.status,
    summary: couponText({ kind: r.kind, amountOff: r.amount_off == null ? null : Number(r.amount_off), discountBp: r.discount_bp, maxOff: r.max_off == null ? null : Number(r.max_off), threshold: Number(r.threshold) }),
    usedQty, pointsCost: r.points_cost ?? null,
  };
}

export async function createTemplate(db: Kysely<DB>, actor: Actor, b: CouponTemplateBody, timeZone: string) {
  const validFrom = b.validFrom ? parseMoment(b.validFrom, timeZone, 'validFrom') : null;
  const validTo = b.validTo ? parseMoment(b.validTo, timeZone, 'validTo') : null;
  if (validFrom && validTo && validTo <= validFrom) throw validation([{ path: 'validTo', message: 'must be after validFrom' }]);
  return db.transaction().execute(async (trx) => {
    const r = await trx.insertInto('coupon_templates').values({
      name: b.name, kind: b.kind, amount_off: b.kind === 'amount' ? b.amountOff! : null, discount_bp: b.kind === 'percent' ? b.discountBp! : null,
      max_off: b.kind === 'percent' ? b.maxOff ?? null : null, threshold: b.threshold ?? 0, scope: JSON.stringify(b.scope ?? {}),
      valid_from: validFrom, valid_to: validTo, valid_days: b.validDays ?? null, claimable: b.claimable ?? false, total_qty: b.totalQty ?? null,
      per_customer: b.perCustomer ?? 1, points_cost: b.pointsCost ?? null,
    }).returningAll().executeTakeFirstOrThrow();
    await audit(trx, actor, { action: 'coupon_template.create', entityType: 'coupon_template', entityId: r.id, after: templateView(r) });
    return templateView(r);
  });
}

export async function listTemplates(db: Kysely<DB>) {
  const rows = await db.selectFrom('coupon_templates as t').selectAll('t')
    .select(sql<number>`(select count(*) from coupons c where c.template_id = t.id and c.status = 'used')::int`.as('used'))
    .orderBy('t.id', 'desc').limit(500).execute();
  return rows.map((r) => templateView(r, Number(r.used)));
}

export async function stopTemplate(db: Kysely<DB>, actor: Actor, id: number) {
  const r = await db.updateTable('coupon_templates').set({ status: 'stopped' }).where('id', '=', id).returningAll().executeTakeFirst();
  if (!r) throw notFound(TEMPLATE);
  await audit(db, actor, { action: 'coupon_template.stop', entityType: 'coupon_template', entityId: id });
  return templateView(r);
}

/**
 * Puts `qty` coupons of a template into each customer's wallet, counted against the template's
 * total by a conditional update (never more than total_qty issued, whatever runs at once).
 */
export async function issueTo(trx: Transaction<DB>, templateId: number, companyIds: number[], qty: number, source: 'issued' | 'claimed'): Promise<number> {
  const n = companyIds.length * qty;
  if (n === 0) return 0;
  {
    const t = await trx.updateTable('coupon_templates').set({ issued_qty: sql`issued_qty + ${n}` })
      .where('id', '=', templateId).where('status', '=', 'active')
      .where((eb) => eb.or([eb('total_qty', 'is', null), eb(sql`issued_qty + ${n}`, '<=', eb.ref('total_qty'))]))
      .returningAll().executeTakeFirst();
    if (!t) {
      const cur = await trx.selectFrom('coupon_templates').selectAll().where('id', '=', templateId).executeTakeFirst();
      if (!cur) throw notFound(TEMPLATE);
      if (cur.status !== 'active') throw new AppError('COUPON_TEMPLATE_STOPPED', 409, { name: cur.name });
      throw new AppError('COUPON_SOLD_OUT', 409, { name: cur.name, total: cur.total_qty });
    }
    const now = new Date();
    const from = t.valid_from && t.valid_from > now ? t.valid_from : now;
    const to = t.valid_days != null ? new Date(now.getTime() + t.valid_days * 86_400_000) : t.valid_to!;
    const until = t.valid_to && t.valid_to < to ? t.valid_to : to;
    if (until <= now) throw new AppError('COUPON_EXPIRED_TEMPLATE', 409, { name: t.name });
    const rows = companyIds.flatMap((c) => Array.from({ length: qty }, () => ({ template_id: templateId, company_id: c, valid_from: from, valid_to: until, source })));
    for (let i = 0; i < rows.length; i += 1000) await trx.insertInto('coupons').values(rows.slice(i, i + 1000)).execute();
    marketingChanged();
    return rows.length;
  }
}

/** Staff issue a template to named customers and/or every customer of some tiers. */
export async function issueCoupons(db: Kysely<DB>, actor: Actor, templateId: number, b: { companyIds?: number[]; tierIds?: number[]; qty?: number }) {
  const ids = new Set<number>();
  if (b.companyIds?.length) {
    const found = await db.selectFrom('companies').select('id').where('id', 'in', b.companyIds).execute();
    if (found.length !== new Set(b.companyIds).size) throw notFound('客户 / customer');
    for (const f of found) ids.add(Number(f.id));
  }
  if (b.tierIds?.length) {
    for (const f of await db.selectFrom('companies').select('id').where('tier_id', 'in', b.tierIds).where('status', '=', 'active').execute()) ids.add(Number(f.id));
  }
  return db.transaction().execute(async (trx) => {
    const issued = await issueTo(trx, templateId, [...ids], b.qty ?? 1, 'issued');
    await audit(trx, actor, { action: 'coupon.issue', entityType: 'coupon_template', entityId: templateId, after: { customers: ids.size, issued } });
    return { customers: ids.size, issued };
  });
}

/** A customer claims one coupon of a claimable template, within its per-customer limit. */
export async function claimCoupon(db: Kysely<DB>, actor: Actor, companyId: number, templateId: number) {
  const t = await db.selectFrom('coupon_templates').selectAll().where('id', '=', templateId).executeTakeFirst();
  if (!t || !t.claimable || t.points_cost != null) {
    if (!t) throw notFound(TEMPLATE);
    throw new AppError('COUPON_NOT_CLAIMABLE', 422, { name: t.name });
  }
  // the per-customer count and the issue in one transaction, the customer's row of claims locked first
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${templateId}::int, ${companyId}::int)`.execute(trx);
    const have = await trx.selectFrom('coupons').select((eb) => eb.fn.countAll<number>().as('n')).where('template_id', '=', templateId).where('company_id', '=', companyId).executeTakeFirstOrThrow();
    if (Number(have.n) >= t.per_customer) throw new AppError('COUPON_CLAIM_LIMIT', 409, { name: t.name, limit: t.per_customer });
    await issueTo(trx, templateId, [companyId], 1, 'claimed');
    await audit(trx, actor, { action: 'coupon.claim', entityType: 'coupon_template', entityId: templateId });
    return { ok: true as const };
  });
}

/** Templates a customer may claim now, with how many it holds. */
export async function claimable(db: Kysely<DB>, companyId: number) {
  const rows = await db.selectFrom('coupon_templates as t').selectAll('t')
    .select(sql<number>`(select count(*) from coupons c where c.template_id = t.id and c.company_id = ${companyId})::int`.as('held'))
    .where('t.claimable', '=', true).where('t.points_cost', 'is', null).where('t.status', '=', 'active')
    .where((eb) => eb.or([eb('t.valid_to', 'is', null), eb('t.valid_to', '>', new Date())]))
    .where((eb) => eb.or([eb('t.total_qty', 'is', null), eb('t.issued_qty', '<', eb.ref('t.total_qty'))]))
    .orderBy('t.id', 'desc').limit(100).execute();
  return rows.map((r) => ({ ...templateView(r), held: Number(r.held), canClaim: Number(r.held) < r.per_customer }));
}

/** A customer's wallet: available first (soonest to expire first), then used and expired. */
export async function wallet(db: Kysely<DB>, companyId: number) {
  const rows = await db.selectFrom('coupons as c').innerJoin('coupon_templates as t', 't.id', 'c.template_id')
    .select(['c.id', 'c.template_id', 't.name', 't.kind', 't.amount_off', 't.discount_bp', 't.max_off', 't.threshold', 'c.status', 'c.valid_from', 'c.valid_to', 'c.order_id', 'c.used_at', 'c.source'])
    .where('c.company_id', '=', companyId).orderBy('c.valid_to').orderBy('c.id').limit(500).execute();
  const now = new Date();
  const view = rows.map((r) => ({
    id: Number(r.id), templateId: Number(r.template_id), name: r.name,
    summary: couponText({ kind: r.kind, amountOff: r.amount_off == null ? null : Number(r.amount_off), discountBp: r.discount_bp, maxOff: r.max_off == null ? null : Number(r.max_off), threshold: Number(r.threshold) }),
    status: (r.status === 'used' ? 'used' : r.valid_to <= now ? 'expired' : 'available') as 'available' | 'used' | 'expired',
    validFrom: r.valid_from, validTo: r.valid_to, orderId: r.order_id == null ? null : Number(r.order_id), usedAt: r.used_at, source: r.source,
  }));
  const rank = { available: 0, used: 1, expired: 2 };
  return view.sort((a, b) => rank[a.status] - rank[b.status]);
}
