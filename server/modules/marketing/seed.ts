import type { SeedContext } from '../../lib/module';
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
