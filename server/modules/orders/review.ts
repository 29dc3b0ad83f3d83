import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { DB } from '../../lib/db-types';
import { paginate, type PageParams } from '../../lib/pagination';
import type { Actor } from '../auth/actor';
import { creditStatus } from './guards';
import { orderScope } from './queries';
import { allowedEvents, lockOrder } from './workflow';
import type { OrderStatus } from './status';
import '../inventory/tables';

/** A line priced this far (basis points) under its list price is flagged for the reviewer (margin check). */
export const LOW_PRICE_BP = 2000;
const REVIEW_STATES: OrderStatus[] = ['pending_review', 'pending_finance', 'pending_outbound', 'awaiting_approval'];

/**
 * The review queue (订单审核 / 财务审核 / 出库审核): orders waiting for a review the viewer may do,
 * urgent and oldest first, each with flags — credit status (the payments check the module
 * registry wires into the lifecycle), stock not fully reserved, SKUs at or below safety
 * stock, and lines priced more than 20 % under list price.
 */
export async function reviewQueue(db: Kysely<DB>, actor: Actor, q: PageParams & { status?: OrderStatus[] }) {
  const states = q.status?.length ? q.status.filter((s) => REVIEW_STATES.includes(s)) : REVIEW_STATES.filter((s) => allowedEvents(s, actor).length > 0);
  const base = db
    .selectFrom('orders')
    .innerJoin('companies', 'companies.id', 'orders.company_id')
    .leftJoin('users as rep', 'rep.id', 'companies.sales_rep_id')
    .select([
      'orders.id', 'orders.number', 'orders.status', 'orders.urgent', 'orders.total', 'orders.version', 'orders.submitted_at as submittedAt',
      'orders.company_id as companyId', 'companies.name as companyName', 'rep.name as salesRepName',
      sql<number>`(select count(*)::int from order_lines l where l.order_id = orders.id)`.as('lineCount'),
      sql<number>`(select count(*)::int from order_lines l where l.order_id = orders.id and l.qty > coalesce((select sum(r.qty - r.consumed_qty - r.released_qty) from reservations r where r.order_line_id = l.id and r.status = 'active'), 0))`.as('linesShort'),
      sql<number>`(select count(*)::int from order_lines l where l.order_id = orders.id and l.unit_price * 10000 < l.base_price * ${10000 - LOW_PRICE_BP})`.as('linesLowPrice'),
      sql<number>`(select count(*)::int from order_lines l where l.order_id = orders.id and (select coalesce(sum(s.on_hand - s.reserved - s.safety_stock), 0) from stock_levels s join warehouses w on w.id = s.warehouse_id and w.active where s.sku_id = l.sku_id) <= 0)`.as('linesLowStock'),
    ])
    .where(orderScope(actor))
    .where('orders.status', 'in', states.length ? states : ['__none__' as OrderStatus])
    .orderBy('orders.urgent', 'desc')
    .orderBy('orders.submitted_at')
    .orderBy('orders.id');
  type Row = Awaited<ReturnType<typeof base.executeTakeFirstOrThrow>>;
  const page = await paginate(base as unknown as SelectQueryBuilder<DB, 'orders', Row>, q);
  const items = [];
  for (const r of page.items) {
    const c = await creditStatus(db, await lockOrder(db, null, r.id, false));
    items.push({
      ...r,
      credit: { configured: true, ok: c.ok, code: c.code ?? null, overdue: c.overdue ?? 0, summary: c.summary ?? null },
      allowedEvents: allowedEvents(r.status, actor),
    });
  }
  return { ...page, items };
}
