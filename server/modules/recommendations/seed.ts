import type { SeedContext } from '../../lib/module';
import { applyMovements } from '../inventory/stock';
import { demoActor, placeDemoOrder } from '../orders';
import { skuFacts } from '../orders/orderable';
import { advance } from '../shipping/seed';
import { rebuildAllPredictions } from './refresh';

const DAY = 86_400_000;
const H = 3_600_000;

/**
 * The demo buyer's regular reorders, so the portal home has something true to show: three
 * products ordered by the case on a rhythm for the last months, each order placed, shipped and
 * received through the real services. One is a day overdue (every 14 days), one due in two days
 * (weekly), one not due for weeks (monthly), and one stopped seven weeks ago (the rep's call
 * list). Products beyond the first 40 are used, so the shipping demo's random orders do not blur
 * the rhythms.
 */
const PLAN = [
  { every: 14, daysAgo: [71, 57, 43, 29, 15], cases: 2 },
  { every: 7, daysAgo: [33, 26, 19, 12, 5], cases: 1 },
  { every: 30, daysAgo: [100, 70, 40, 10], cases: 3 },
  // every 10 days until seven weeks ago, then nothing: a lapsed regular item on the rep's call list
  { every: 10, daysAgo: [89, 79, 69, 59, 49], cases: 1 },
];

export async function seedRecommendationsDemo(ctx: SeedContext): Promise<void> {
  const db = ctx.database.db;
  const users = ctx.refs.users ?? {};
  const companyId = ctx.refs.companies?.C001;
  const candidates = Object.values(ctx.refs.skus ?? {}).slice(40);
  if (!companyId || !users.buyer || !users.admin || !users.warehouse || !users.finance || candidates.length < PLAN.length) return;
  const facts = await skuFacts(db, candidates, companyId);
  const chosen = candidates
    .map((id) => facts.get(id))
    .filter((f) => f && f.visible && f.onShelf && f.units.some((u) => u.factor > 1))
    .filter((f, i, all) => all.findIndex((g) => g!.productId === f!.productId) === i) // different products
    .slice(0, PLAN.length);
  if (chosen.length < PLAN.length) return;

  const [admin, warehouse, finance, buyer] = await Promise.all([users.admin, users.warehouse, users.finance, users.buyer].map((id) => demoActor(db, id)));
  const company = await db.selectFrom('companies').select('sales_rep_id').where('id', '=', companyId).executeTakeFirstOrThrow();
  const rep = await demoActor(db, company.sales_rep_id ?? users.admin);
  const whId = Object.values(ctx.refs.warehouses ?? {})[0];
  if (whId) {
    await db.transaction().execute((trx) => applyMovements(trx, warehouse, chosen.map((f) => ({
      skuId: f!.skuId, warehouseId: whId, type: 'receipt' as const, qty: 2000, documentType: 'opening', documentId: null, documentNo: null, reason: '期初库存（演示补货节奏）',
    }))));
  }

  const byDay = new Map<number, { skuId: number; qty: number; unit: { unit: string; factor: number } }[]>();
  PLAN.forEach((p, i) => {
    const f = chosen[i]!;
    const box = f.units.find((u) => u.factor > 1)!;
    for (const d of p.daysAgo) byDay.set(d, [...(byDay.get(d) ?? []), { skuId: f.skuId, qty: p.cases * box.factor, unit: box }]);
  });
  const now = Date.now();
  for (const daysAgo of [...byDay.keys()].sort((a, b) => b - a)) {
    const at = new Date(now - daysAgo * DAY - 14 * H);
    const order = await placeDemoOrder(db, ctx.timeZone, {
      companyId, buyerId: buyer.userId, placedBy: buyer.userId, placedByLabel: `${buyer.name} (${buyer.role})`, at, lines: byDay.get(daysAgo)!, urgent: false,
    });
    // an even roll: approved, paid or granted credit, shipped in one part, received in full
    await advance(db, order, { at, daysAgo: Math.max(4, daysAgo), rand: () => 0.5, admin, warehouse, finance, rep, buyer, carrier: '顺丰速运' });
  }
  await rebuildAllPredictions(db, ctx.timeZone);
}
