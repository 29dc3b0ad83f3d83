import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import type { SeedContext } from '../../lib/module';
import type { Actor, Role } from '../auth/actor';
import { fundsHandler } from './funds';
import { approveSettlement, createRule, periodOf, periodRange, settle } from './rebates';
import '../orders/tables';
import './tables';

/**
 * Demo marketing: a claimable coupon (满 ¥500 减 ¥20, 30 days from claiming) and a draft 满减
 * for the demo's first tier that staff can publish from the promotion editor. Nothing runs by
 * itself, so the demo's carts and orders keep their plain prices until someone publishes.
 */
export async function seedMarketingDemo(ctx: SeedContext): Promise<void> {
  const db = ctx.database.db;
  const tiers = ctx.refs.tiers ?? {};
  await db.insertInto('coupon_templates').values({
    name: '新客专享券', kind: 'amount', amount_off: 2000, discount_bp: null, max_off: null, threshold: 50_000, scope: '{}',
    valid_from: null, valid_to: null, valid_days: 30, claimable: true, total_qty: 1000, per_customer: 1,
  }).execute();
  const now = Date.now();
  await db.insertInto('promotions').values({
    name: '年终满减（草稿）', kind: 'threshold_off', starts_at: new Date(now), ends_at: new Date(now + 30 * 86_400_000),
    rule: JSON.stringify({ kind: 'threshold_off', basis: 'amount', levels: [{ threshold: 100_000, off: 5000 }, { threshold: 300_000, off: 20_000 }] }),
    scope: '{}', audience: JSON.stringify(tiers.T1 ? { tierIds: [tiers.T1] } : {}), limit_qty: null, budget: null, per_customer: null, per_order_qty: null, note: null,
  }).execute();
}

/**
 * Demo rebates and points, accrued from the demo's order history as the live system accrues them:
 * a quarterly rebate rule for the first two tiers (满 ¥1,000 返 2%, 满 ¥5,000 返 3%: the demo's
 * orders are small), every received order of the history handed to the outbox consumer that
 * counts net purchases and earns points (fundsHandler), last quarter's settlement computed by
 * `settle`, C001's approved by finance (credited to its rebate account), the others pending.
 * Runs after every module's seed (seedDemoLast): the history is the shipping and recommendations
 * modules' demo orders.
 */
export async function seedFundsDemo(ctx: SeedContext): Promise<void> {
  const db = ctx.database.db;
  const tiers = ctx.refs.tiers ?? {};
  const companies = ctx.refs.companies ?? {};
  const users = ctx.refs.users ?? {};
  if (!companies.C001 || !users.admin || !users.finance) return;
  const tz = ctx.timeZone;
  const [admin, finance] = await Promise.all([users.admin, users.finance].map((id) => staffActor(db, id)));
  const rule = await createRule(db, admin!, {
    name: '季度采购返利', period: 'quarter', levels: [{ threshold: 100_000, rateBp: 200 }, { threshold: 500_000, rateBp: 300 }],
    audience: { tierIds: [tiers.T1, tiers.T2].filter((x) => x != null) }, note: '演示数据',
  });
  // The demo's history is back-dated, but its outbox events carry the time they were written (the
  // seed's): the consumer gets each received order with its receipt time, as the worker would have
  // then. The worker later delivers the same events again and they count nothing twice (one row
  // and one points entry per order). A read of orders' rows, for the demo only.
  const received = await db.selectFrom('orders').select(['id', 'company_id', 'total', 'delivered_at', 'completed_at'])
    .where((eb) => eb.or([eb('delivered_at', 'is not', null), eb('completed_at', 'is not', null)])).orderBy('id').execute();
  const funds = fundsHandler(() => tz);
  for (const o of received) {
    const at = o.delivered_at ?? o.completed_at!;
    await funds.handle({ id: 0, topic: 'order.delivered', payload: { orderId: o.id, companyId: o.company_id, total: Number(o.total) }, createdAt: at, attempts: 1 }, db);
  }
  // the points entries say when the goods came, as the live ledger would
  await sql`update marketing_ledger l set created_at = coalesce(o.delivered_at, o.completed_at) from orders o
    where l.kind = 'points' and l.entry = 'earn' and l.ref = 'earn:' || o.id::text`.execute(db);
  const { start } = periodRange('quarter', periodOf('quarter', new Date(), tz), tz);
  const period = periodOf('quarter', new Date(start.getTime() - 86_400_000), tz);
  const settled = await settle(db, admin!, rule.id, period, tz);
  const c1 = settled.find((r) => r.companyId === companies.C001 && r.status === 'pending');
  if (c1) await approveSettlement(db, finance!, c1.id);
}

/** A staff user of the demo as the actor of the seed's service calls. */
async function staffActor(db: Kysely<DB>, userId: number): Promise<Actor> {
  const u = await db.selectFrom('users').select(['id', 'login', 'name', 'role', 'company_id']).where('id', '=', userId).executeTakeFirstOrThrow();
  return { userId: u.id, login: u.login, name: u.name, role: u.role as Role, companyId: u.company_id, via: 'session', scopes: null };
}
