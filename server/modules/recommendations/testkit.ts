import type { TestApp } from '../../test/harness';
import { createTestOrder } from '../../test/order-fixtures';
import { applyOrderEvent, demoActor } from '../orders';

const DAY = 86_400_000;

/**
 * A received order history for reorder tests: one order per entry, `daysAgo` before now, each
 * created as delivered and completed through the workflow (so the outbox carries the real
 * `order.completed` event the model listens to). Back-dating submitted_at is test data only.
 */
export async function receivedHistory(t: TestApp, o: { companyId: number; buyerUserId: number; orders: { daysAgo: number; lines: { skuId: number; qty: number; unit?: string; factor?: number }[] }[] }) {
  const ids: number[] = [];
  const admin = await demoActor(t.db, t.fx.users.admin);
  for (const order of o.orders) {
    const made = await createTestOrder(t.database, { companyId: o.companyId, buyerUserId: o.buyerUserId, status: 'delivered', reserve: false, lines: order.lines });
    const at = new Date(Date.now() - order.daysAgo * DAY);
    await t.db.updateTable('orders').set({ submitted_at: at, created_at: at, delivered_at: at }).where('id', '=', made.orderId).execute();
    for (const [i, l] of order.lines.entries()) {
      if (l.unit) await t.db.updateTable('order_lines').set({ unit: l.unit, unit_factor: l.factor ?? 1 }).where('id', '=', made.lineIds[i]!).execute();
    }
    await t.db.transaction().execute((trx) => applyOrderEvent(trx, admin, made.orderId, 'complete'));
    ids.push(made.orderId);
  }
  await t.drainOutbox();
  return ids;
}

/** Every `every` days from `from` days ago, `n` orders: a steady rhythm. */
export const rhythm = (from: number, every: number, n: number) => Array.from({ length: n }, (_, i) => from - i * every);
