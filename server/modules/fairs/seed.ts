import type { SeedContext } from '../../lib/module';
import './tables';

/**
 * Demo fair: "春季订货会" open from an hour ago for three days, every customer invited, eight
 * products at about 85% of their base price (80% from 10 units), at most ¥50,000 per customer,
 * a fair target of ¥500,000 and a 10% deposit paid from the prepaid balance within two days.
 */
export async function seedFairsDemo(ctx: SeedContext): Promise<void> {
  const db = ctx.database.db;
  const skuIds = Object.values(ctx.refs.skus ?? {}).slice(0, 8);
  if (!skuIds.length) return;
  const skus = await db.selectFrom('skus').select(['id', 'base_price']).where('id', 'in', skuIds).execute();
  const now = Date.now();
  const f = await db.insertInto('fairs').values({
    name: '2027 春季订货会', status: 'published', opens_at: new Date(now - 3_600_000), closes_at: new Date(now + 3 * 86_400_000),
    min_amount: null, max_amount: 5_000_000, target_amount: 50_000_000, deposit_kind: 'percent', deposit_value: 1000, deposit_due_at: new Date(now + 2 * 86_400_000),
    note: '春季新品与主力商品订货价，订货后按约定日期分批发货。',
  }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('fair_items').values(skus.map((s, i) => ({ fair_id: f.id, sku_id: s.id, position: i, min_qty: null, max_qty: 500, target_qty: 200 }))).execute();
  await db.insertInto('fair_prices').values(skus.flatMap((s) => [
    { fair_id: f.id, sku_id: s.id, min_qty: 1, unit_price: Math.round(Number(s.base_price) * 0.85) },
    { fair_id: f.id, sku_id: s.id, min_qty: 10, unit_price: Math.round(Number(s.base_price) * 0.8) },
  ])).execute();
  (ctx.refs.fairs ??= {}).spring = f.id;
}
