import { sql, type Kysely, type SelectQueryBuilder, type SqlBool, type Transaction } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../lib/db-types';
import { notFound } from '../../lib/errors';
import { paginate } from '../../lib/pagination';
import { splitActorLabel } from '../../lib/actor-label';
import type { Actor } from '../auth/actor';
import { reservedForOrder } from '../inventory/reservations';
import { waitsForOrder } from '../inventory/presale';
import { creditStatus } from './guards';
import { ORDER_ENTITY } from './messages';
import type { orderQuery } from './schemas';
import { allowedEvents, canSee, lockOrder } from './workflow';
import './tables';
import '../auth/tables';
import '../customers/tables';
import '../catalog/tables';
import '../inventory/tables';
import { orderDiscounts } from '../marketing';

type Db = Kysely<DB> | Transaction<DB>;
export type OrderListQuery = Partial<z.infer<typeof orderQuery>> & { page: number; pageSize: number };

const escapeLike = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function base(db: Db) {
  return db
    .selectFrom('orders')
    .innerJoin('companies', 'companies.id', 'orders.company_id')
    .leftJoin('users as buyer', 'buyer.id', 'orders.buyer_user_id')
    .leftJoin('users as rep', 'rep.id', 'companies.sales_rep_id');
}

const summaryColumns = [
  'orders.id', 'orders.number', 'orders.company_id as companyId', 'companies.name as companyName', 'buyer.name as buyerName',
  'rep.name as salesRepName', 'orders.status', 'orders.payment_status as paymentStatus', 'orders.payment_method as paymentMethod',
  'orders.urgent', 'orders.total', 'orders.paid_total as paidTotal', 'orders.version', 'orders.submitted_at as submittedAt',
  'orders.updated_at as updatedAt',
] as const;

/** SQL form of canSee(): the orders an actor may list. */
export function orderScope(actor: Actor) {
  if (actor.companyId != null) {
    const own = sql<SqlBool>`orders.company_id = ${actor.companyId}`;
    if (actor.role === 'customer_admin') return own;
    return sql<SqlBool>`${own} and (orders.buyer_user_id = ${actor.userId} or orders.placed_by_user_id = ${actor.userId})`;
  }
  if (actor.role === 'sales') return sql<SqlBool>`companies.sales_rep_id = ${actor.userId}`;
  return sql<SqlBool>`true`;
}

/** Order list for staff (filters) and customers (their own), newest first or by warehouse priority. */
export async function listOrders(db: Kysely<DB>, actor: Actor, query: OrderListQuery, timeZone: string) {
  let q = base(db)
    .select(summaryColumns)
    .select(sql<number>`(select count(*)::int from order_lines l where l.order_id = orders.id)`.as('lineCount'))
    .where(orderScope(actor));
  if (query.status?.length) q = q.where('orders.status', 'in', query.status);
  if (query.companyId) q = q.where('orders.company_id', '=', query.companyId);
  if (query.salesRepId) q = q.where('companies.sales_rep_id', '=', query.salesRepId);
  if (query.urgent !== undefined) q = q.where('orders.urgent', '=', query.urgent);
  if (query.from) q = q.where(sql<SqlBool>`(orders.submitted_at at time zone ${timeZone})::date >= ${query.from}::date`);
  if (query.to) q = q.where(sql<SqlBool>`(orders.submitted_at at time zone ${timeZone})::date <= ${query.to}::date`);
  if (query.q) {
    const like = escapeLike(query.q);
    q = q.where((eb) => eb.or([
      eb('orders.number', 'ilike', like),
      eb('companies.name', 'ilike', like),
      sql<SqlBool>`exists (select 1 from order_lines l where l.order_id = orders.id and (l.sku_code ilike ${like} or l.name ilike ${like}))`,
    ]));
  }
  const ordered = query.sort === 'priority'
    ? q.orderBy('orders.urgent', 'desc').orderBy('orders.submitted_at', 'asc').orderBy('orders.id', 'asc')
    : q.orderBy('orders.id', 'desc');
  type Row = Awaited<ReturnType<typeof ordered.executeTakeFirstOrThrow>>;
  return paginate(ordered as unknown as SelectQueryBuilder<DB, 'orders', Row>, query);
}

const ON_BEHALF_NOTE = '代客下单 / placed on behalf';

/** Timeline rows of one order, oldest first. */
export async function orderHistory(db: Db, orderId: number) {
  // Who did it: the person's name (read from their account, as some writers store the login) and
  // the role code of the label, which the UI names in the viewer's language.
  const rows = await db
    .selectFrom('order_history as h')
    .leftJoin('users as u', 'u.id', 'h.actor_user_id')
    .select(['h.id', 'h.at', 'h.event', 'h.from_status as fromStatus', 'h.to_status as toStatus', 'h.actor_label as actorLabel', 'u.name as userName', 'h.note', 'h.data'])
    .where('h.order_id', '=', orderId)
    .orderBy('h.id')
    .execute();
  return rows.map(({ userName, ...r }) => {
    const who = splitActorLabel(r.actorLabel);
    // Submission marks an order placed on behalf in data.onBehalf (the UI labels it); its old
    // bilingual note says the same and is not shown twice.
    const note = r.note === ON_BEHALF_NOTE && (r.data as { onBehalf?: boolean } | null)?.onBehalf ? null : r.note;
    return { ...r, note, actorName: who.actorRole === 'system' ? null : userName ?? who.actorName, actorRole: who.actorRole };
  });
}

/** Whether the actor may see the order (404 otherwise); returns the scope row. */
export async function assertOrderAccess(db: Db, actor: Actor, orderId: number) {
  const o = await db
    .selectFrom('orders')
    .innerJoin('companies', 'companies.id', 'orders.company_id')
    .select(['orders.id', 'orders.company_id', 'orders.buyer_user_id', 'orders.placed_by_user_id', 'companies.sales_rep_id', 'orders.status'])
    .where('orders.id', '=', orderId)
    .executeTakeFirst();
  if (!o || !canSee(actor, o)) throw notFound(ORDER_ENTITY);
  return o;
}

/** Everything an order screen shows: header, lines with what is still reserved, timeline, actions. */
export async function getOrder(db: Kysely<DB>, actor: Actor, orderId: number) {
  await assertOrderAccess(db, actor, orderId);
  const o = await base(db)
    .select(summaryColumns)
    .select([
      'orders.subtotal', 'orders.discount_total as discountTotal', 'orders.shipping_fee as shippingFee', 'orders.address',
      sql<string | null>`to_char(orders.wished_delivery_date, 'YYYY-MM-DD')`.as('wishedDeliveryDate'),
      'orders.invoice_type as invoiceType', 'orders.invoice', 'orders.customer_po as customerPo', 'orders.note', 'orders.on_behalf as onBehalf',
      'orders.approved_at as approvedAt', 'orders.shipped_at as shippedAt', 'orders.delivered_at as deliveredAt', 'orders.completed_at as completedAt',
      'orders.cancelled_at as cancelledAt', 'orders.cancel_reason as cancelReason', 'orders.reject_reason as rejectReason',
    ])
    .where('orders.id', '=', orderId)
    .executeTakeFirstOrThrow();
  const lines = await db
    .selectFrom('order_lines')
    .select([
      'id', 'line_no as lineNo', 'sku_id as skuId', 'sku_code as skuCode', 'name', 'spec_text as specText', 'unit', 'unit_factor as unitFactor', 'base_unit as baseUnit',
      'qty', 'unit_price as unitPrice', 'base_price as basePrice', 'line_total as lineTotal', 'shipped_qty as shippedQty', 'received_qty as receivedQty',
      'price_rule as priceRule',
    ])
    .where('order_id', '=', orderId)
    .orderBy('line_no')
    .execute();
  const reserved = await reservedForOrder(db, orderId);
  const waiting = await waitsForOrder(db, orderId);
  const whIds = [...new Set(reserved.map((r) => r.warehouseId))];
  const whs = whIds.length ? await db.selectFrom('warehouses').select(['id', 'name']).where('id', 'in', whIds).execute() : [];
  const history = await orderHistory(db, orderId);
  const staff = actor.companyId == null;
  let credit: { configured: boolean; ok: boolean | null; code: string | null; overdue: number; summary: string | null } | null = null;
  if (staff) {
    const c = await creditStatus(db, await lockOrder(db, null, orderId, false));
    credit = { configured: true, ok: c.ok, code: c.code ?? null, overdue: c.overdue ?? 0, summary: c.summary ?? null };
  }
  return {
    ...o,
    lineCount: lines.length,
    lines: lines.map((l) => {
      const own = reserved.filter((r) => r.orderLineId === l.id);
      const w = waiting.get(l.id);
      return { ...l, reservedQty: own.reduce((a, r) => a + r.qty, 0), waiting: w ?? null, allocations: own.map((r) => ({ warehouseId: r.warehouseId, warehouseName: whs.find((w) => w.id === r.warehouseId)?.name ?? '', qty: r.qty })) };
    }),
    history,
    allowedEvents: allowedEvents(o.status, actor),
    credit,
    discounts: await orderDiscounts(db, orderId),
  };
}
