import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import type { Actor } from '../auth/actor';
import { orderListLink, orderScope, REVIEW_STEPS } from '../orders';
import type { OrderStatus } from '../orders/status';
import { replenishmentSuggestions } from '../inventory/replenishment';
import { aftersalesTodo } from '../aftersales';
import '../orders/tables';
import '../payments/tables';
import '../inventory/tables';

export interface TodoItem {
  key: 'review' | 'toShip' | 'awaitingPayment' | 'transfers' | 'lowStock' | 'replenishment' | 'aftersalesOverdue' | 'complaintsOverdue';
  count: number;
  /** the staff page that lists exactly these */
  link: string;
}

const SHIP: OrderStatus[] = ['picking', 'partially_shipped'];

/**
 * What waits for the viewer (the staff home page): orders to review at the viewer's step, orders
 * to ship, orders awaiting payment and transfers to confirm, stock rows below safety stock and
 * replenishment suggestions — each counted the way the linked page lists them (a sales rep: their
 * customers' orders only).
 */
export async function staffTodo(db: Kysely<DB>, actor: Actor): Promise<TodoItem[]> {
  const role = actor.role;
  const out: TodoItem[] = [];
  const orders = (statuses: readonly OrderStatus[]) =>
    db.selectFrom('orders').innerJoin('companies', 'companies.id', 'orders.company_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(orderScope(actor)).where('orders.status', 'in', statuses)
      .executeTakeFirstOrThrow().then((r) => Number(r.n));
  // each link opens the order list on exactly the statuses counted (orders/tabs: the same rule the list page reads)
  const review = REVIEW_STEPS[role];
  if (review) out.push({ key: 'review', count: await orders(review), link: orderListLink('review', review) });
  if (role === 'admin' || role === 'warehouse') out.push({ key: 'toShip', count: await orders(SHIP), link: orderListLink('ship', SHIP) });
  if (role === 'admin' || role === 'finance') {
    out.push({ key: 'awaitingPayment', count: await orders(['awaiting_payment']), link: orderListLink('payment', ['awaiting_payment']) });
    const t = await db.selectFrom('payments').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'pending').where('method', '=', 'transfer').executeTakeFirstOrThrow();
    out.push({ key: 'transfers', count: Number(t.n), link: '/admin/finance/queue' });
  }
  if (role === 'admin' || role === 'warehouse') {
    const low = await db
      .selectFrom('stock_levels as sl').innerJoin('warehouses as w', 'w.id', 'sl.warehouse_id').innerJoin('skus as k', 'k.id', 'sl.sku_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('w.active', '=', true).where('k.active', '=', true)
      .where(sql<boolean>`sl.on_hand - sl.reserved > 0 and sl.on_hand - sl.reserved < sl.safety_stock`)
      .executeTakeFirstOrThrow();
    out.push({ key: 'lowStock', count: Number(low.n), link: '/admin/inventory/stock?status=low' });
  }
  if (role === 'admin' || role === 'warehouse' || role === 'finance') {
    out.push({ key: 'replenishment', count: (await replenishmentSuggestions(db)).length, link: '/admin/inventory/replenishment' });
  }
  // after-sales requests waiting past the SLA, complaints past their targets (超时)
  const as = await aftersalesTodo(db, actor);
  out.push({ key: 'aftersalesOverdue', count: as.requestsOverdue, link: '/admin/aftersales?overdue=1' });
  out.push({ key: 'complaintsOverdue', count: as.complaintsOverdue, link: '/admin/complaints?overdue=1' });
  return out;
}
