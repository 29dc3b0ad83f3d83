import type { SeedContext } from '../../lib/module';
import { localDay } from '../../lib/day-numbers';
import { skuStock } from '../inventory/levels';
import { createAdjustment } from '../inventory/operations';
import { dateDemoWaits, listWaits, putPresale, setWaitPriority } from '../inventory/presale';
import { demoActor, placeDemoOrder } from './seed';

const isoDay = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;

/**
 * Demo pre-orders and backorders (issue 16), after the order history so no demo shipment meets a
 * queued line: a SKU with no stock on 预订 with an expected date and three customers waiting (one
 * moved up the queue), and two on 缺货可订 — one with a cap, one whose order took the stock there
 * was and queues the rest. Written through inventory's and orders' own functions.
 */
export async function seedPresaleDemo(ctx: SeedContext): Promise<void> {
  const db = ctx.database.db;
  const users = ctx.refs.users ?? {};
  const companies = ctx.refs.companies ?? {};
  const skuIds = Object.values(ctx.refs.skus ?? {});
  if (!users.admin || !users.buyer || !users.buyer2 || !companies.C001 || !companies.C002 || !companies.C003 || skuIds.length < 60) return;
  const admin = await demoActor(db, users.admin);
  const today = localDay(new Date(), ctx.timeZone);
  const inDays = (n: number) => isoDay(localDay(new Date(Date.now() + n * 86_400_000), ctx.timeZone));
  // SKUs near the end of the catalog, which the order history leaves alone (not the newest
  // product, which browser tests pick as "the first product"): the pre-order's first batch sold
  // out (its stock written off to nothing), two backorders with what stock they have
  const [fresh, capped, short] = [skuIds[skuIds.length - 10]!, skuIds[skuIds.length - 20]!, skuIds[skuIds.length - 30]!];
  const warehouse = await demoActor(db, users.warehouse ?? users.admin);
  for (const l of (await skuStock(db, fresh)).levels) {
    if (l.active && l.available > 0) await createAdjustment(db, warehouse, { warehouseId: l.warehouseId, reason: '首批已售完，等待新品到货', lines: [{ skuId: fresh, qty: -l.available }] });
  }
  // without split shipping a line takes stock from one warehouse: the fullest one's is what an order gets now
  const fullest = async (skuId: number) => Math.max(0, ...(await skuStock(db, skuId)).levels.filter((l) => l.active).map((l) => l.available));
  const available = new Map([[capped, await fullest(capped)], [short, await fullest(short)]]);
  await putPresale(db, admin, fresh, { mode: 'preorder', expectedDate: inDays(12), note: '新品首批到货' }, isoDay(today));
  await putPresale(db, admin, capped, { mode: 'backorder', expectedDate: inDays(5), maxWaiting: 500, note: '厂家补货中' }, isoDay(today));
  await putPresale(db, admin, short, { mode: 'backorder', note: null }, isoDay(today));

  const [buyer, buyer2] = await Promise.all([demoActor(db, users.buyer), demoActor(db, users.buyer2)]);
  const now = Date.now();
  // 苏州好邻居 has no portal login in the demo: the order desk orders on its behalf (buyer null)
  const place = async (companyId: number, by: typeof admin, hoursAgo: number, lines: { skuId: number; qty: number }[]) => {
    const at = new Date(now - hoursAgo * 3_600_000);
    const o = await placeDemoOrder(db, ctx.timeZone, { companyId, buyerId: by.companyId == null ? null : by.userId, placedBy: by.userId, placedByLabel: `${by.name} (${by.role})`, at, lines, urgent: false });
    await dateDemoWaits(db, o.id, at);
    return o;
  };
  await place(companies.C001, buyer, 50, [{ skuId: fresh, qty: 24 }]);
  await place(companies.C002, buyer2, 30, [{ skuId: fresh, qty: 12 }, { skuId: capped, qty: (available.get(capped) ?? 0) + 60 }]);
  const late = await place(companies.C003, admin, 6, [{ skuId: fresh, qty: 36 }]);
  await place(companies.C001, buyer, 4, [{ skuId: capped, qty: 120 }]);
  await place(companies.C002, buyer2, 2, [{ skuId: short, qty: (available.get(short) ?? 0) + 48 }]);
  // a key customer's late order is moved to the front of the pre-order queue
  const waits = await listWaits(db, { page: 1, pageSize: 50, skuId: fresh, status: 'waiting' });
  const mine = waits.items.find((w) => w.orderId === late.id);
  if (mine) await setWaitPriority(db, admin, mine.id, 10);
}
