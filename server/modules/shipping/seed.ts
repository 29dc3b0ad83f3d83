import type { Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import type { SeedContext } from '../../lib/module';
import { AppError } from '../../lib/errors';
import type { Actor } from '../auth/actor';
import { applyMovements } from '../inventory/stock';
import { createWarehouse } from '../inventory/warehouses';
import { reservedForOrder } from '../inventory/reservations';
import { payFromBalance, recordTopup } from '../payments/payments';
import { dateDemoJournals, lastJournalId } from '../payments/seed';
import { applyOrderEvent, demoActor as actorFor, onOrderPaid, placeDemoOrder as placeOrder } from '../orders';
import { addTracking, createShipment, shipmentsOf } from './service';
import { confirmReceipt } from './receipt';
import '../inventory/tables';

/**
 * Demo order history: about 120 orders over the last 60 days from the demo customers, each moved
 * through the workflow by the real service functions (review, payment from balance, partial and
 * full shipments, receipts with a discrepancy, rejections, cancellations), so the dashboard,
 * reports, queues and the portal all have something true to show. It lives here rather than in
 * the orders module because it ships and receives orders; the orders seed supplies the helpers.
 */
const DAY = 86_400_000;
const H = 3_600_000;

function rng(seed: number) {
  let x = seed;
  return () => ((x = (x * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
}

export async function seedShippingDemo(ctx: SeedContext): Promise<void> {
  const db = ctx.database.db;
  const users = ctx.refs.users ?? {};
  const companies = Object.entries(ctx.refs.companies ?? {}).sort();
  const skuIds = Object.values(ctx.refs.skus ?? {}).slice(0, 40);
  if (!users.admin || !users.warehouse || !users.finance || companies.length === 0 || skuIds.length < 5) return;
  const [admin, warehouse, finance] = await Promise.all([users.admin, users.warehouse, users.finance].map((id) => actorFor(db, id)));

  // Stock to ship from: the demo warehouses if inventory seeded them, else one of our own.
  let whId = Object.values(ctx.refs.warehouses ?? {})[0];
  if (!whId) {
    whId = (await createWarehouse(db, admin, { code: 'WH-HZ', name: '杭州中心仓', address: '杭州市余杭区仓前街道 88 号', provinces: [], priority: 1, active: true })).id;
  }
  await db.transaction().execute((trx) => applyMovements(trx, warehouse, skuIds.map((skuId) => ({ skuId, warehouseId: whId, type: 'receipt' as const, qty: 5000, documentType: 'opening', documentId: null, documentNo: null, reason: '期初库存（演示发货备货）' }))));

  const rand = rng(20261201);
  const now = Date.now();
  const carriers = ['顺丰速运', '德邦物流', '中通快递', '京东物流', '自有车辆'];
  // Before the last 60 days, back to the start of the last calendar quarter: an order every fourth
  // day, in turn from the two demo buyers' companies and one other (a quarter the marketing demo
  // settles rebates on). Its own random sequence, so the last 60 days stay as they were.
  const older = rng(20260701);
  const byCode = new Map(companies);
  const olderDays = daysSinceLastQuarterBegan(new Date(now), ctx.timeZone) + 1;
  let turn = 0;
  const days: { daysAgo: number; company?: [string, number]; r: () => number }[] = [];
  for (let daysAgo = olderDays; daysAgo > 60; daysAgo -= 4, turn++) {
    const code = ['C001', 'C002'][turn % 3];
    const company = code && byCode.has(code) ? ([code, byCode.get(code)!] as [string, number]) : companies[Math.floor(older() * companies.length)]!;
    days.push({ daysAgo, company, r: older });
  }
  for (let daysAgo = 60; daysAgo >= 0; daysAgo--) days.push({ daysAgo, r: rand });
  for (const { daysAgo, company, r } of days) {
    const one = <T>(a: T[]) => a[Math.floor(r() * a.length)]!;
    const n = company ? 1 : daysAgo <= 3 ? 3 : r() < 0.3 ? 2 : 1;
    for (let k = 0; k < n; k++) {
      const [code, companyId] = company ?? one(companies);
      const buyerLogin = code === 'C001' ? one(['buyer', 'owner']) : code === 'C002' ? one(['buyer2', 'owner2']) : null;
      const buyerId = buyerLogin ? users[buyerLogin] ?? null : null;
      const rep = (await db.selectFrom('companies').select('sales_rep_id').where('id', '=', companyId).executeTakeFirstOrThrow()).sales_rep_id ?? admin.userId;
      const at = new Date(now - daysAgo * DAY - (9 + r() * 8) * H + (daysAgo === 0 ? 10 * H : 0));
      const lines = [...new Set(Array.from({ length: 1 + Math.floor(r() * 4) }, () => one(skuIds)))].map((skuId) => ({ skuId, qty: (1 + Math.floor(r() * 5)) * 12 }));
      const repActor = await actorFor(db, rep);
      const buyer = buyerId ? await actorFor(db, buyerId) : null;
      const placer = buyer ?? repActor;
      const order = await placeOrder(db, ctx.timeZone, { companyId, buyerId, placedBy: placer.userId, placedByLabel: `${placer.name} (${placer.role})`, at, lines, urgent: r() < 0.12 });
      const mark = await lastJournalId(db);
      await advance(db, order, { at, daysAgo, rand: r, admin, warehouse, finance, rep: repActor, buyer, carrier: one(carriers) });
      // its payments and charges happened that day, not today: statements and aging must say so
      await dateDemoJournals(db, mark, new Date(at.getTime() + 3 * H));
    }
  }
  // A fresh order of the first customer's buyer, waiting for review: the one the walkthrough (and the e2e test) approves and ships.
  const [, c1] = companies[0]!;
  const buyerId = users.buyer ?? null;
  const rep = (await db.selectFrom('companies').select('sales_rep_id').where('id', '=', c1).executeTakeFirstOrThrow()).sales_rep_id ?? admin.userId;
  const placer = await actorFor(db, buyerId ?? rep);
  await placeOrder(db, ctx.timeZone, { companyId: c1, buyerId, placedBy: placer.userId, placedByLabel: `${placer.name} (${placer.role})`, at: new Date(now - 20 * 60_000), lines: skuIds.slice(0, 3).map((skuId, i) => ({ skuId, qty: 24 * (i + 1) })), urgent: false });
}

/** Whole days from the start of the last calendar quarter (in the supplier's time zone) to now, rounded up. */
function daysSinceLastQuarterBegan(now: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(now);
  const y = Number(parts.find((p) => p.type === 'year')!.value);
  const m0 = Number(parts.find((p) => p.type === 'month')!.value) - 1;
  const q0 = Math.floor(m0 / 3) * 3 - 3; // the last quarter's first month (may be in the year before)
  return Math.ceil((now.getTime() - Date.UTC(y, q0, 1)) / DAY);
}

export interface Step { at: Date; daysAgo: number; rand: () => number; admin: Actor; warehouse: Actor; finance: Actor; rep: Actor; buyer: Actor | null; carrier: string }

/**
 * Moves a demo order as far as its age makes plausible, with a few rejections and cancellations.
 * Exported for later modules' demo history (recommendations: the demo buyer's regular reorders).
 */
export async function advance(db: Kysely<DB>, order: { id: number; total: number }, s: Step) {
  const t = (hours: number) => new Date(s.at.getTime() + hours * H);
  const ev = (actor: Actor | null, event: Parameters<typeof applyOrderEvent>[3], hours: number, note?: string) =>
    db.transaction().execute((trx) => applyOrderEvent(trx, actor, order.id, event, { note, now: t(hours) }));
  const status = async () => (await db.selectFrom('orders').select('status').where('id', '=', order.id).executeTakeFirstOrThrow()).status;
  const roll = s.rand();
  // recent orders stop at every stage so each queue and status tab has something in it
  const stop = s.daysAgo === 0 ? 0 : s.daysAgo <= 3 ? Math.floor(s.rand() * 5) : 9;
  if (stop === 0) return;
  if (await status() === 'pending_review') {
    if (roll < 0.05) return void (await ev(s.rep, 'reject', 3, '价格需重新确认，请联系业务员'));
    if (roll < 0.09) return void (await ev(s.buyer ?? s.rep, 'cancel', 2, '客户重复下单'));
    await ev(s.rep, 'approve', 2);
  }
  if (await status() === 'awaiting_payment') {
    if (stop === 1) return;
    const companyId = (await db.selectFrom('orders').select('company_id').where('id', '=', order.id).executeTakeFirstOrThrow()).company_id;
    try {
      await recordTopup(db, s.finance, companyId, { amount: order.total, method: 'transfer', note: '银行转账（演示数据）' });
      await payFromBalance(db, s.finance, order.id, order.total);
      await db.transaction().execute((trx) => onOrderPaid(trx, s.finance, order.id));
    } catch (e) {
      // a customer whose payment rules exclude balance payments: finance lets it go on credit instead
      if (!(e instanceof AppError)) throw e;
      await ev(s.finance, 'grant_credit', 5, '财务同意赊销');
    }
  }
  if (await status() !== 'picking' || stop === 2) return;
  // one shipment per warehouse the stock was reserved in; a single-warehouse order is sometimes split in two
  const reserved = await reservedForOrder(db, order.id);
  const groups = new Map<number, { orderLineId: number; qty: number }[]>();
  for (const r of reserved) groups.set(r.warehouseId, [...(groups.get(r.warehouseId) ?? []), { orderLineId: r.orderLineId, qty: r.qty }]);
  let parts = [...groups].map(([warehouseId, lines]) => ({ warehouseId, lines }));
  if (parts.length === 1 && parts[0]!.lines.length > 1 && roll > 0.8) parts = [{ ...parts[0]!, lines: parts[0]!.lines.slice(0, 1) }, { ...parts[0]!, lines: parts[0]!.lines.slice(1) }];
  const tracking = () => `${s.carrier === '顺丰速运' ? 'SF' : 'YT'}${Math.floor(1e11 + s.rand() * 9e11)}`;
  for (const [i, part] of parts.entries()) {
    if (i > 0 && stop === 3) break; // the rest of a recent split order is still to ship
    await createShipment(db, s.warehouse, order.id, { warehouseId: part.warehouseId, carrier: s.carrier, trackingNo: tracking(), estimatedDelivery: t(72 + 24 * i).toISOString().slice(0, 10), shippedAt: t(20 + 24 * i), lines: part.lines });
  }
  for (const sh of await shipmentsOf(db, order.id)) {
    const at = new Date(sh.shippedAt).getTime();
    await addTracking(db, s.warehouse, sh.id, { at: new Date(at + 20 * H).toISOString(), place: '目的地网点', description: '派送中' });
  }
  if (stop < 9 || (await status()) !== 'shipped') return;
  const receiver = s.buyer ?? s.rep;
  for (const sh of await shipmentsOf(db, order.id)) {
    const short = s.rand() < 0.08 ? sh.lines[0] : null;
    await confirmReceipt(db, receiver, sh.id, short ? { lines: [{ orderLineId: short.orderLineId, receivedQty: short.qty - 1, damagedQty: 1, note: '一箱外包装破损' }], note: '差异已拍照' } : {}, t(70));
  }
}
