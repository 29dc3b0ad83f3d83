import { sql, type Kysely, type Transaction } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { DB } from '../../lib/db-types';
import { AppError, notFound } from '../../lib/errors';
import type { Actor } from '../auth/actor';
import { audit } from '../platform/audit';
import { getSetting, setSetting } from '../platform/settings';
import type { OutboxHandler } from '../platform/outbox';
import { assertCustomerAccess } from '../customers';
import { marketingChanged } from './apply';
import { issueTo, TEMPLATE, templateView } from './coupons';
import { FUNDS_DEFAULTS, type FundsSettings } from './funds-step';
import './messages';
import './tables';

type Db = Kysely<DB> | Transaction<DB>;
export type FundKind = 'rebate' | 'points';

/**
 * Rebate and points balances (返利, 积分): one account per customer and kind, every change a
 * ledger row with the balance after it, each change once (its ref). Earned from received orders
 * through the outbox (fundsHandler), spent in the submission statement (marketing_redeem), given
 * back on cancel (marketing_release), adjusted by staff, points expiring by year.
 */

export async function fundsSettings(db: Db): Promise<FundsSettings> {
  return { ...FUNDS_DEFAULTS, ...(await getSetting<Partial<FundsSettings>>(db, 'marketing.funds', {})) };
}

export async function saveFundsSettings(db: Kysely<DB>, actor: Actor, s: FundsSettings): Promise<FundsSettings> {
  await db.transaction().execute(async (trx) => {
    await setSetting(trx, 'marketing.funds', s);
    await audit(trx, actor, { action: 'marketing.funds_settings', entityType: 'setting', entityId: 'marketing.funds', after: s });
  });
  return s;
}

/** The supplier-zone calendar year of a moment. */
export function zoneYear(at: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric' }).format(at));
}

/** Moves a balance once per ref (returns the new balance, or null: already done, or it would go below zero). */
export async function moveFunds(db: Db, m: { companyId: number; kind: FundKind; entry: string; amount: number; ref: string; orderId?: number | null; year?: number | null; note?: string | null; actorId?: number | null }): Promise<number | null> {
  const { rows } = await sql<{ b: number | null }>`select marketing_fund_move(${m.companyId}::bigint, ${m.kind}, ${m.entry}, ${m.amount}::bigint, ${m.ref},
    ${m.orderId ?? null}::bigint, ${m.year ?? null}::int, ${m.note ?? null}, ${m.actorId ?? null}::bigint) as b`.execute(db);
  marketingChanged();
  return rows[0]?.b == null ? null : Number(rows[0].b);
}

const entryView = (r: { id: number; entry: string; amount: number; balance_after: number; order_id: number | null; year: number | null; note: string | null; created_at: Date }) => ({
  id: Number(r.id), entry: r.entry, amount: Number(r.amount), balanceAfter: Number(r.balance_after), orderId: r.order_id == null ? null : Number(r.order_id),
  year: r.year, note: r.note, at: r.created_at,
});

/** A customer's balance and latest ledger rows of one kind (staff: within their customers; buyers: their own). */
export async function account(db: Db, companyId: number, kind: FundKind, limit = 100) {
  const [acc, rows] = await Promise.all([
    db.selectFrom('marketing_accounts').select('balance').where('company_id', '=', companyId).where('kind', '=', kind).executeTakeFirst(),
    db.selectFrom('marketing_ledger').select(['id', 'entry', 'amount', 'balance_after', 'order_id', 'year', 'note', 'created_at'])
      .where('company_id', '=', companyId).where('kind', '=', kind).orderBy('id', 'desc').limit(limit).execute(),
  ]);
  return { balance: Number(acc?.balance ?? 0), ledger: rows.map(entryView) };
}

export async function staffAccount(db: Kysely<DB>, actor: Actor, companyId: number) {
  await assertCustomerAccess(db, actor, companyId);
  const c = await db.selectFrom('companies').select(['id', 'code', 'name']).where('id', '=', companyId).executeTakeFirstOrThrow();
  const [rebate, points] = await Promise.all([account(db, companyId, 'rebate'), account(db, companyId, 'points')]);
  return { customer: { id: Number(c.id), code: c.code, name: c.name }, rebate, points };
}

/** Customers with a rebate or points balance (staff list), largest rebate first. */
export async function listAccounts(db: Kysely<DB>, actor: Actor) {
  let q = db.selectFrom('companies as c')
    .leftJoin('marketing_accounts as r', (j) => j.onRef('r.company_id', '=', 'c.id').on('r.kind', '=', 'rebate'))
    .leftJoin('marketing_accounts as p', (j) => j.onRef('p.company_id', '=', 'c.id').on('p.kind', '=', 'points'))
    .select(['c.id', 'c.code', 'c.name', 'r.balance as rebate', 'p.balance as points'])
    .where((eb) => eb.or([eb('r.balance', '>', 0), eb('p.balance', '>', 0)]));
  if (actor.companyId == null && actor.role === 'sales') q = q.where('c.sales_rep_id', '=', actor.userId);
  const rows = await q.orderBy('r.balance', sql`desc nulls last`).orderBy('c.id').limit(500).execute();
  return rows.map((r) => ({ id: Number(r.id), code: r.code, name: r.name, rebate: Number(r.rebate ?? 0), points: Number(r.points ?? 0) }));
}

/** Staff add to or take from a balance (with a reason), never below zero. */
export async function adjustFunds(db: Kysely<DB>, actor: Actor, companyId: number, b: { kind: FundKind; amount: number; note: string }) {
  await assertCustomerAccess(db, actor, companyId);
  return db.transaction().execute(async (trx) => {
    const after = await moveFunds(trx, { companyId, kind: b.kind, entry: 'adjust', amount: b.amount, ref: `adjust:${randomUUID()}`, note: b.note, actorId: actor.userId });
    if (after == null) throw new AppError('FUNDS_ADJUST_BELOW_ZERO', 422, { balance: (await account(trx, companyId, b.kind, 0)).balance });
    await audit(trx, actor, { action: `marketing.${b.kind}_adjust`, entityType: 'company', entityId: companyId, after: { amount: b.amount, balance: after, note: b.note } });
    return account(trx, companyId, b.kind);
  });
}

/**
 * The outbox consumer. A received order (delivered or completed; the first of the two counts)
 * adds its total to the customer's net purchases (what rebate rules settle on) and earns points
 * (whole ¥ × pointsPerYuan, in the year it was received). A credit note (after-sales return, paid
 * or on credit terms) or a succeeded refund takes back (takeBack). Idempotent by order, credit
 * and refund.
 */
export function fundsHandler(timeZone: () => string): OutboxHandler {
  return {
    name: 'marketing.funds',
    topics: ['order.delivered', 'order.completed', 'order.refunded', 'order.credited'],
    async handle(event, db) {
      const p = event.payload as { orderId?: number; companyId?: number; total?: number; refundId?: number; creditId?: number; amount?: number };
      if (typeof p.orderId !== 'number' || typeof p.companyId !== 'number') return;
      const s = await fundsSettings(db);
      await db.transaction().execute(async (trx) => {
        if (event.topic === 'order.refunded' || event.topic === 'order.credited') {
          const sourceId = event.topic === 'order.refunded' ? p.refundId : p.creditId;
          if (typeof sourceId !== 'number' || typeof p.amount !== 'number' || p.amount <= 0) return;
          const source = event.topic === 'order.refunded' ? 'refund' : 'credit';
          await takeBack(trx, s, { source, sourceId, companyId: p.companyId!, orderId: p.orderId!, amount: p.amount, at: event.createdAt });
          return;
        }
        if (typeof p.total !== 'number' || p.total <= 0) return;
        const ins = await trx.insertInto('marketing_sales').values({ source: 'order', source_id: p.orderId!, company_id: p.companyId!, order_id: p.orderId!, amount: p.total, at: event.createdAt })
          .onConflict((oc) => oc.doNothing()).executeTakeFirst();
        if (Number(ins.numInsertedOrUpdatedRows ?? 0) === 0) return;
        const pts = Math.floor(p.total / 100) * s.pointsPerYuan;
        if (pts > 0) await moveFunds(trx, { companyId: p.companyId!, kind: 'points', entry: 'earn', amount: pts, ref: `earn:${p.orderId}`, orderId: p.orderId!, year: zoneYear(event.createdAt, timeZone()) });
      });
    },
  };
}

/**
 * What a credit note or a refund takes back. A return of a paid order is a credit note and then a
 * refund of the same goods, a return on credit terms a credit note alone: so what an order has had
 * taken back is the larger of its credits and its refunds, never their sum. The part this one adds
 * comes off the net purchases and the points earned (both at most what the order counted, so a
 * cancelled order's refund takes nothing), and gives back its share of the rebate and points the
 * order deducted.
 */
async function takeBack(trx: Transaction<DB>, s: FundsSettings, e: { source: 'refund' | 'credit'; sourceId: number; companyId: number; orderId: number; amount: number; at: Date }) {
  // one order's credits and refunds are taken one at a time
  await sql`select pg_advisory_xact_lock(hashtext('marketing.takeBack'), ${e.orderId}::int)`.execute(trx);
  const counted = await trx.selectFrom('marketing_sales').select('amount').where('source', '=', 'order').where('source_id', '=', e.orderId).executeTakeFirst();
  const ins = await trx.insertInto('marketing_sales').values({ source: e.source, source_id: e.sourceId, company_id: e.companyId, order_id: e.orderId, amount: 0, gross: e.amount, at: e.at })
    .onConflict((oc) => oc.doNothing()).executeTakeFirst();
  if (Number(ins.numInsertedOrUpdatedRows ?? 0) === 0) return;
  const rows = await trx.selectFrom('marketing_sales').select(['source', 'source_id', 'amount', 'gross']).where('order_id', '=', e.orderId).where('source', 'in', ['refund', 'credit']).execute();
  const total = (src: string, skipThis: boolean) => rows.filter((r) => r.source === src && !(skipThis && r.source === e.source && Number(r.source_id) === e.sourceId))
    .reduce((a, r) => a + Number(r.gross ?? 0), 0);
  const upTo = (skip: boolean) => Math.max(total('credit', skip), total('refund', skip));
  const added = upTo(false) - upTo(true);
  if (added <= 0) return;
  const taken = -rows.reduce((a, r) => a + Number(r.amount), 0);
  const cut = Math.max(0, Math.min(Number(counted?.amount ?? 0), upTo(false)) - taken);
  const ref = `${e.source === 'refund' ? '' : 'credit:'}${e.sourceId}`;
  if (cut > 0) {
    await trx.updateTable('marketing_sales').set({ amount: -cut }).where('source', '=', e.source).where('source_id', '=', e.sourceId).execute();
    const pts = Math.min(Math.floor(cut / 100) * s.pointsPerYuan, (await account(trx, e.companyId, 'points', 0)).balance);
    if (pts > 0) await moveFunds(trx, { companyId: e.companyId, kind: 'points', entry: 'reverse', amount: -pts, ref: `reverse:${ref}`, orderId: e.orderId });
  }
  await giveBackOnRefund(trx, e.companyId, e.orderId, ref, added);
}

/**
 * A refund of part of an order gives back the same part of the rebate and points the order
 * deducted (refund ÷ the order's total, rounded down; never more than it deducted in all), so a
 * return does not lose the buyer's rebate. Once per refund.
 */
async function giveBackOnRefund(trx: Transaction<DB>, companyId: number, orderId: number, ref: string, refund: number) {
  const used = await trx.selectFrom('order_promotions').select(['kind', 'amount', 'qty']).where('order_id', '=', orderId).where('kind', 'in', ['rebate', 'points'])
    .where('released_at', 'is', null).execute();
  if (!used.length) return;
  // the order's total (what was paid for it), read from orders: the share a refund is of the order
  const order = await trx.selectFrom('orders').select('total').where('id', '=', orderId).executeTakeFirst();
  const total = Number(order?.total ?? 0);
  if (total <= 0) return;
  for (const u of used) {
    const kind = u.kind as FundKind;
    const deducted = kind === 'points' ? u.qty : Number(u.amount);
    const back = await trx.selectFrom('marketing_ledger').select((eb) => eb.fn.sum<number>('amount').as('n'))
      .where('company_id', '=', companyId).where('kind', '=', kind).where('order_id', '=', orderId).where('entry', '=', 'release').where('ref', 'like', 'refund:%').executeTakeFirst();
    const share = Math.min(Math.floor((deducted * Math.min(refund, total)) / total), deducted - Number(back?.n ?? 0));
    if (share > 0) await moveFunds(trx, { companyId, kind, entry: 'release', amount: share, ref: `refund:${ref}`, orderId, note: '退货退款退回抵扣' });
  }
}

/**
 * Points expire by year: those earned in year Y lapse at the end of Y + pointsExpiryYears
 * (supplier's calendar). Spending takes the oldest first, so what is left of years up to a
 * cut-off C is the balance less the points earned after C; that is expired once per C.
 */
export async function expirePoints(db: Kysely<DB>, timeZone: string, now = new Date()): Promise<number> {
  const s = await fundsSettings(db);
  const cutoff = zoneYear(now, timeZone) - s.pointsExpiryYears - 1;
  const { rows } = await sql<{ n: number }>`
    select count(marketing_fund_move(a.company_id, 'points', 'expire', -(a.balance - coalesce(e.later, 0)), ${`expire:${cutoff}`},
      null, ${cutoff}::int, ${`${cutoff} 年及以前的积分到期`}))::int as n
    from marketing_accounts a
    left join lateral (select sum(l.amount)::bigint as later from marketing_ledger l
      where l.company_id = a.company_id and l.kind = 'points' and l.entry = 'earn' and l.year > ${cutoff}) e on true
    where a.kind = 'points' and a.balance > coalesce(e.later, 0)`.execute(db);
  marketingChanged();
  return Number(rows[0]?.n ?? 0);
}

/** The points catalog: coupon templates with a points price that are active and within validity. */
export async function pointsCatalog(db: Db, companyId: number) {
  const rows = await db.selectFrom('coupon_templates as t').selectAll('t')
    .select(sql<number>`(select count(*) from coupons c where c.template_id = t.id and c.company_id = ${companyId})::int`.as('held'))
    .where('t.points_cost', 'is not', null).where('t.status', '=', 'active')
    .where((eb) => eb.or([eb('t.valid_to', 'is', null), eb('t.valid_to', '>', new Date())]))
    .where((eb) => eb.or([eb('t.total_qty', 'is', null), eb('t.issued_qty', '<', eb.ref('t.total_qty'))]))
    .orderBy('t.points_cost').limit(100).execute();
  return rows.map((r) => ({ ...templateView(r), pointsCost: r.points_cost!, held: Number(r.held), canExchange: Number(r.held) < r.per_customer }));
}

/** A customer's points: balance, ledger, what expires next and the catalog. */
export async function myPoints(db: Kysely<DB>, companyId: number, timeZone: string) {
  const s = await fundsSettings(db);
  const acc = await account(db, companyId, 'points');
  const year = zoneYear(new Date(), timeZone);
  // what lapses at the end of this year: the balance less what was earned after the cut-off
  const cutoff = year - s.pointsExpiryYears;
  const later = await db.selectFrom('marketing_ledger').select((eb) => eb.fn.sum<number>('amount').as('n'))
    .where('company_id', '=', companyId).where('kind', '=', 'points').where('entry', '=', 'earn').where('year', '>', cutoff).executeTakeFirst();
  const expiring = Math.max(0, acc.balance - Number(later?.n ?? 0));
  return { ...acc, expiring, expiresAt: `${year}-12-31`, settings: s, catalog: await pointsCatalog(db, companyId) };
}

/** Exchanges points for one coupon of a template with a points price (per-customer limit as claiming). */
export async function exchangePoints(db: Kysely<DB>, actor: Actor, companyId: number, templateId: number) {
  const t = await db.selectFrom('coupon_templates').selectAll().where('id', '=', templateId).executeTakeFirst();
  if (!t) throw notFound(TEMPLATE);
  if (t.points_cost == null) throw new AppError('POINTS_NOT_EXCHANGEABLE', 422, { name: t.name });
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${templateId}::int, ${companyId}::int)`.execute(trx);
    const have = await trx.selectFrom('coupons').select((eb) => eb.fn.countAll<number>().as('n')).where('template_id', '=', templateId).where('company_id', '=', companyId).executeTakeFirstOrThrow();
    if (Number(have.n) >= t.per_customer) throw new AppError('COUPON_CLAIM_LIMIT', 409, { name: t.name, limit: t.per_customer });
    const after = await moveFunds(trx, { companyId, kind: 'points', entry: 'spend', amount: -t.points_cost!, ref: `exchange:${randomUUID()}`, note: `兑换优惠券「${t.name}」`, actorId: actor.userId });
    if (after == null) throw new AppError('POINTS_NOT_ENOUGH', 409, { cost: t.points_cost, balance: (await account(trx, companyId, 'points', 0)).balance });
    await issueTo(trx, templateId, [companyId], 1, 'claimed');
    await audit(trx, actor, { action: 'points.exchange', entityType: 'coupon_template', entityId: templateId, after: { points: t.points_cost, balance: after } });
    return { balance: after };
  });
}
