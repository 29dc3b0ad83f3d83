import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError, notFound } from '../../lib/errors';
import type { Actor } from '../auth/actor';
import { audit } from '../platform/audit';
import { forCustomer } from './apply';
import { bpOf, type Audience } from './engine';
import { moveFunds, zoneYear } from './funds';
import { parseMoment } from './promotions';
import type { RebateRuleBody } from './schemas';
import './messages';
import './tables';

/**
 * Rebates (返利): a rule gives a customer a rate of its net purchases over a period (month,
 * quarter or year in the supplier's calendar) by levels — the highest level reached sets the rate
 * on the whole period's purchases (满 ¥100,000 → 2%, 满 ¥300,000 → 3%). Net purchases are
 * marketing_sales: received orders' totals less refunds (fed by the outbox, funds.ts). After a
 * period ends staff compute the settlement (pending rows per customer), finance approves each,
 * which credits the customer's rebate account once; the buyer spends it on later orders.
 */
export const RULE = '返利规则 / rebate rule';
export const SETTLEMENT = '返利结算 / rebate settlement';
export type Period = 'month' | 'quarter' | 'year';
type Level = { threshold: number; rateBp: number };

const pad = (n: number) => String(n).padStart(2, '0');

/** A period's label ("2026-11", "2026Q4", "2026") to its start and end in the supplier's time zone. */
export function periodRange(kind: Period, label: string, timeZone: string): { start: Date; end: Date } {
  const bad = () => new AppError('REBATE_PERIOD_BAD', 422, { period: label });
  let y: number;
  let m0: number;
  let months: number;
  if (kind === 'month') {
    const m = /^(\d{4})-(\d{2})$/.exec(label);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw bad();
    [y, m0, months] = [Number(m[1]), Number(m[2]) - 1, 1];
  } else if (kind === 'quarter') {
    const m = /^(\d{4})Q([1-4])$/.exec(label);
    if (!m) throw bad();
    [y, m0, months] = [Number(m[1]), (Number(m[2]) - 1) * 3, 3];
  } else {
    if (!/^\d{4}$/.test(label)) throw bad();
    [y, m0, months] = [Number(label), 0, 12];
  }
  if (y < 2000 || y > 2100) throw bad();
  const at = (yy: number, mm: number) => parseMoment(`${yy + Math.floor(mm / 12)}-${pad((mm % 12) + 1)}-01 00:00`, timeZone, 'period');
  return { start: at(y, m0), end: at(y, m0 + months) };
}

/** The label of the period a moment falls in. */
export function periodOf(kind: Period, at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(at);
  const y = zoneYear(at, timeZone);
  const m = Number(parts.find((p) => p.type === 'month')!.value);
  return kind === 'month' ? `${y}-${pad(m)}` : kind === 'quarter' ? `${y}Q${Math.ceil(m / 3)}` : String(y);
}

/** The level a period's purchases reach (the highest threshold at or below them), or null. */
export function levelFor(levels: Level[], sales: number): Level | null {
  return [...levels].sort((a, b) => a.threshold - b.threshold).filter((l) => l.threshold <= sales).pop() ?? null;
}

const ruleView = (r: { id: number; name: string; period: Period; levels: unknown; audience: unknown; status: 'active' | 'stopped'; note: string | null; created_at: Date }) => {
  const levels = r.levels as Level[];
  return {
    id: Number(r.id), name: r.name, period: r.period, levels, audience: r.audience as Audience, status: r.status, note: r.note, createdAt: r.created_at,
    summary: levels.map((l) => `满 ¥${l.threshold / 100} 返 ${l.rateBp / 100}%`).join('，'),
  };
};

function checkLevels(levels: Level[]) {
  const sorted = levels.map((l) => l.threshold);
  if (sorted.some((x, i) => i > 0 && x <= sorted[i - 1]!)) throw new AppError('REBATE_LEVELS_ORDER', 422, {}, [{ path: 'levels', message: 'thresholds from low to high, each different' }]);
}

async function checkAudience(db: Kysely<DB>, a: Audience | undefined) {
  if (a?.companyIds?.length) {
    const n = await db.selectFrom('companies').select('id').where('id', 'in', a.companyIds).execute();
    if (n.length !== new Set(a.companyIds).size) throw notFound('客户 / customer');
  }
  if (a?.tierIds?.length) {
    const n = await db.selectFrom('customer_tiers').select('id').where('id', 'in', a.tierIds).execute();
    if (n.length !== new Set(a.tierIds).size) throw notFound('客户等级 / tier');
  }
}

export async function listRules(db: Kysely<DB>) {
  return (await db.selectFrom('rebate_rules').selectAll().orderBy('id', 'desc').limit(200).execute()).map(ruleView);
}

export async function createRule(db: Kysely<DB>, actor: Actor, b: RebateRuleBody) {
  checkLevels(b.levels);
  await checkAudience(db, b.audience);
  return db.transaction().execute(async (trx) => {
    const r = await trx.insertInto('rebate_rules').values({ name: b.name, period: b.period, levels: JSON.stringify(b.levels), audience: JSON.stringify(b.audience ?? {}), note: b.note ?? null })
      .returningAll().executeTakeFirstOrThrow();
    await audit(trx, actor, { action: 'rebate_rule.create', entityType: 'rebate_rule', entityId: r.id, after: ruleView(r) });
    return ruleView(r);
  });
}

export async function updateRule(db: Kysely<DB>, actor: Actor, id: number, b: RebateRuleBody & { status?: 'active' | 'stopped' }) {
  checkLevels(b.levels);
  await checkAudience(db, b.audience);
  return db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('rebate_rules').set({
      name: b.name, period: b.period, levels: JSON.stringify(b.levels), audience: JSON.stringify(b.audience ?? {}), note: b.note ?? null, ...(b.status ? { status: b.status } : {}),
    }).where('id', '=', id).returningAll().executeTakeFirst();
    if (!r) throw notFound(RULE);
    await audit(trx, actor, { action: 'rebate_rule.update', entityType: 'rebate_rule', entityId: id, after: ruleView(r) });
    return ruleView(r);
  });
}

const settlementView = (r: { id: number; rule_id: number; company_id: number; period: string; period_start: Date; period_end: Date; sales: number; rate_bp: number; amount: number; status: string; approved_at: Date | null; code?: string; cname?: string }) => ({
  id: Number(r.id), ruleId: Number(r.rule_id), companyId: Number(r.company_id), customerCode: r.code ?? '', customerName: r.cname ?? '', period: r.period,
  periodStart: r.period_start, periodEnd: r.period_end, sales: Number(r.sales), rateBp: r.rate_bp, amount: Number(r.amount),
  status: r.status as 'pending' | 'approved' | 'void', approvedAt: r.approved_at,
});

/** Net purchases per customer within [start, end). */
async function salesIn(db: Kysely<DB>, start: Date, end: Date, companyId?: number) {
  const rows = await db.selectFrom('marketing_sales as s').innerJoin('companies as c', 'c.id', 's.company_id')
    .select(['s.company_id', 'c.tier_id', 'c.province', (eb) => eb.fn.sum<number>('s.amount').as('sales')])
    .where('s.at', '>=', start).where('s.at', '<', end)
    .$if(companyId != null, (q) => q.where('s.company_id', '=', companyId!))
    .groupBy(['s.company_id', 'c.tier_id', 'c.province']).execute();
  return rows.map((r) => ({ companyId: Number(r.company_id), tierId: r.tier_id == null ? null : Number(r.tier_id), province: r.province, sales: Number(r.sales) }));
}

/**
 * Computes (or recomputes, while still pending) a rule's settlement of an ended period: one row per
 * customer of the rule's audience whose net purchases reach a level; pending rows that no longer
 * reach one are voided. Approved rows never change.
 */
export async function settle(db: Kysely<DB>, actor: Actor, ruleId: number, period: string, timeZone: string, now = new Date()) {
  const rule = await db.selectFrom('rebate_rules').selectAll().where('id', '=', ruleId).executeTakeFirst();
  if (!rule) throw notFound(RULE);
  const { start, end } = periodRange(rule.period, period, timeZone);
  if (end > now) throw new AppError('REBATE_PERIOD_OPEN', 422, { period, end: periodLocal(end, timeZone) });
  const levels = rule.levels as Level[];
  const rows = (await salesIn(db, start, end)).filter((s) => forCustomer(rule.audience as Audience, s.companyId, s))
    .map((s) => ({ ...s, level: levelFor(levels, s.sales) })).filter((s) => s.level);
  return db.transaction().execute(async (trx) => {
    const keep = rows.map((r) => r.companyId);
    await trx.updateTable('rebate_settlements').set({ status: 'void' }).where('rule_id', '=', ruleId).where('period', '=', period).where('status', '=', 'pending')
      .$if(keep.length > 0, (q) => q.where('company_id', 'not in', keep)).execute();
    for (const r of rows) {
      const amount = bpOf(r.sales, r.level!.rateBp);
      await trx.insertInto('rebate_settlements').values({ rule_id: ruleId, company_id: r.companyId, period, period_start: start, period_end: end, sales: r.sales, rate_bp: r.level!.rateBp, amount })
        .onConflict((oc) => oc.columns(['rule_id', 'company_id', 'period']).doUpdateSet({ sales: r.sales, rate_bp: r.level!.rateBp, amount, status: 'pending' })
          .where('rebate_settlements.status', '<>', 'approved')).execute();
    }
    await audit(trx, actor, { action: 'rebate_rule.settle', entityType: 'rebate_rule', entityId: ruleId, after: { period, customers: rows.length } });
    return listSettlements(trx as unknown as Kysely<DB>, actor, { ruleId, period });
  });
}

const periodLocal = (d: Date, timeZone: string) => new Intl.DateTimeFormat('zh-CN', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(d);

export async function listSettlements(db: Kysely<DB>, actor: Actor, q: { ruleId?: number; period?: string; companyId?: number; status?: string }) {
  let s = db.selectFrom('rebate_settlements as r').innerJoin('companies as c', 'c.id', 'r.company_id').selectAll('r').select(['c.code', 'c.name as cname'])
    .$if(q.ruleId != null, (x) => x.where('r.rule_id', '=', q.ruleId!))
    .$if(q.period != null, (x) => x.where('r.period', '=', q.period!))
    .$if(q.companyId != null, (x) => x.where('r.company_id', '=', q.companyId!))
    .$if(q.status != null, (x) => x.where('r.status', '=', q.status as 'pending'));
  if (actor.companyId != null) s = s.where('r.company_id', '=', actor.companyId);
  else if (actor.role === 'sales') s = s.where('c.sales_rep_id', '=', actor.userId);
  return (await s.orderBy('r.id', 'desc').limit(500).execute()).map(settlementView);
}

/** Finance approves a pending settlement: it credits the customer's rebate account, once. */
export async function approveSettlement(db: Kysely<DB>, actor: Actor, id: number) {
  return db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('rebate_settlements').set({ status: 'approved', approved_by: actor.userId, approved_at: sql`now()` })
      .where('id', '=', id).where('status', '=', 'pending').returningAll().executeTakeFirst();
    if (!r) {
      const cur = await trx.selectFrom('rebate_settlements').select('status').where('id', '=', id).executeTakeFirst();
      if (!cur) throw notFound(SETTLEMENT);
      throw new AppError('REBATE_SETTLEMENT_DONE', 409, { status: cur.status === 'approved' ? '已审批' : '已作废' });
    }
    if (Number(r.amount) > 0) {
      await moveFunds(trx, { companyId: r.company_id, kind: 'rebate', entry: 'settle', amount: Number(r.amount), ref: `settlement:${r.id}`, note: `${r.period} 返利（${r.rate_bp / 100}%）`, actorId: actor.userId });
    }
    await audit(trx, actor, { action: 'rebate_settlement.approve', entityType: 'rebate_settlement', entityId: id, after: { amount: Number(r.amount), companyId: r.company_id } });
    return settlementView(r);
  });
}

/**
 * A customer's rebate standing: balance and ledger, and for each active rule that applies to it the
 * current period's net purchases so far, the level reached and what the next level takes.
 */
export async function rebateProgress(db: Kysely<DB>, companyId: number, timeZone: string, now = new Date()) {
  const c = await db.selectFrom('companies').select(['tier_id', 'province']).where('id', '=', companyId).executeTakeFirst();
  if (!c) return [];
  const rules = (await db.selectFrom('rebate_rules').selectAll().where('status', '=', 'active').orderBy('id').execute())
    .filter((r) => forCustomer(r.audience as Audience, companyId, { tierId: c.tier_id, province: c.province }));
  const out = [];
  for (const r of rules) {
    const period = periodOf(r.period, now, timeZone);
    const { start, end } = periodRange(r.period, period, timeZone);
    const sales = (await salesIn(db, start, end, companyId))[0]?.sales ?? 0;
    const levels = [...(r.levels as Level[])].sort((a, b) => a.threshold - b.threshold);
    const level = levelFor(levels, sales);
    const next = levels.find((l) => l.threshold > sales) ?? null;
    out.push({
      ruleId: Number(r.id), name: r.name, summary: ruleView(r).summary, period, periodEnd: end, sales, rateBp: level?.rateBp ?? 0, estimate: level ? bpOf(sales, level.rateBp) : 0,
      next: next ? { short: next.threshold - sales, rateBp: next.rateBp } : null,
    });
  }
  return out;
}
