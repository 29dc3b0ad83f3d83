import type { SeedContext } from '../../lib/module';
import { bpOf } from './engine';
import { zoneYear } from './funds';
import { periodOf, periodRange } from './rebates';
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
  await seedFundsDemo(ctx);
}

/**
 * Demo rebates and points: a quarterly rebate rule for the first two tiers (满 ¥100,000 返 2%,
 * 满 ¥300,000 返 3%), last quarter's net purchases of C001, C002 and C007 (demo history: negative
 * source ids, no real orders behind them), C001's settlement approved and credited, C002's pending
 * for finance to approve, and some points for C001 earned this year.
 */
export async function seedFundsDemo(ctx: SeedContext): Promise<void> {
  const db = ctx.database.db;
  const tiers = ctx.refs.tiers ?? {};
  const companies = ctx.refs.companies ?? {};
  if (!companies.C001 || !companies.C002) return;
  const tz = ctx.timeZone;
  const rule = await db.insertInto('rebate_rules').values({
    name: '季度采购返利', period: 'quarter', levels: JSON.stringify([{ threshold: 10_000_000, rateBp: 200 }, { threshold: 30_000_000, rateBp: 300 }]),
    audience: JSON.stringify({ tierIds: [tiers.T1, tiers.T2].filter((x) => x != null) }), note: '演示数据',
  }).returning('id').executeTakeFirstOrThrow();
  const { start } = periodRange('quarter', periodOf('quarter', new Date(), tz), tz);
  const period = periodOf('quarter', new Date(start.getTime() - 86_400_000), tz);
  const last = periodRange('quarter', period, tz);
  const sales: [string, number[]][] = [['C001', [8_640_000, 6_200_000, 3_800_000]], ['C002', [7_000_000, 6_200_000]], ['C007', [6_200_000]]];
  let n = 0;
  for (const [code, amounts] of sales) {
    const companyId = companies[code];
    if (!companyId) continue;
    for (const amount of amounts) {
      n += 1;
      await db.insertInto('marketing_sales').values({ source: 'order', source_id: -n, company_id: companyId, order_id: -n, amount, at: new Date(last.start.getTime() + n * 5 * 86_400_000) }).execute();
    }
  }
  const settle = async (code: string, approved: boolean) => {
    const companyId = companies[code]!;
    const total = sales.find((x) => x[0] === code)![1].reduce((a, b) => a + b, 0);
    const amount = bpOf(total, 200);
    const st = await db.insertInto('rebate_settlements').values({
      rule_id: rule.id, company_id: companyId, period, period_start: last.start, period_end: last.end, sales: total, rate_bp: 200, amount,
      status: approved ? 'approved' : 'pending', approved_at: approved ? new Date() : null,
    }).returning('id').executeTakeFirstOrThrow();
    if (approved) {
      await db.insertInto('marketing_accounts').values({ company_id: companyId, kind: 'rebate', balance: amount }).execute();
      await db.insertInto('marketing_ledger').values({ company_id: companyId, kind: 'rebate', entry: 'settle', amount, balance_after: amount, ref: `settlement:${st.id}`, note: `${period} 返利（2%）` }).execute();
    }
  };
  await settle('C001', true);
  await settle('C002', false);
  const year = zoneYear(new Date(), tz);
  await db.insertInto('marketing_accounts').values({ company_id: companies.C001, kind: 'points', balance: 2560 }).execute();
  await db.insertInto('marketing_ledger').values({ company_id: companies.C001, kind: 'points', entry: 'earn', amount: 2560, balance_after: 2560, ref: 'earn:demo', year, note: '演示：本年收货得积分' }).execute();
}
