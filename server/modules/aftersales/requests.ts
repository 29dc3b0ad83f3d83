import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError, notFound, validation } from '../../lib/errors';
import type { PageParams } from '../../lib/pagination';
import { lineQuantity } from '../../lib/quantity';
import type { Actor } from '../auth/actor';
import { audit } from '../platform/audit';
import { emit } from '../platform/outbox';
import { getSetting } from '../platform/settings';
import { lockOrder, noteAftersales, orderLinesForAftersales, type LineForAftersales } from '../orders';
import { assignDayNumber } from '../../lib/day-numbers';
import { shipmentsReceivedAt } from '../shipping';
import { customerScope } from '../customers';
import { REQUEST_ENTITY } from './messages';
import { paidForUnits } from './refund-share';
import { noticeRequest } from './notices';
import type { AftersalesKind } from './transitions-table';
import './tables';

type Q = Kysely<DB> | Transaction<DB>;

export const WINDOW_SETTING = 'aftersales.windowDays';
export const QUARANTINE_SETTING = 'aftersales.quarantineWarehouseId';
export const DEFAULT_WINDOW_DAYS = 15;

export const SLA_SETTING = 'aftersales.slaHours';
export const COMPLAINT_RESPONSE_SETTING = 'aftersales.complaintResponseHours';
export const COMPLAINT_RESOLVE_SETTING = 'aftersales.complaintResolveHours';

export interface AftersalesSettings {
  windowDays: number;
  quarantineWarehouseId: number | null;
  /** hours a request may wait for the supplier's next step before it is marked 超时 */
  slaHours: number;
  /** complaint targets: first staff reply, and resolution (hours from filing) */
  complaintResponseHours: number;
  complaintResolveHours: number;
}
export async function getAftersalesSettings(db: Q): Promise<AftersalesSettings> {
  return {
    windowDays: await getSetting<number>(db, WINDOW_SETTING, DEFAULT_WINDOW_DAYS),
    quarantineWarehouseId: await getSetting<number | null>(db, QUARANTINE_SETTING, null),
    slaHours: await getSetting<number>(db, SLA_SETTING, 48),
    complaintResponseHours: await getSetting<number>(db, COMPLAINT_RESPONSE_SETTING, 24),
    complaintResolveHours: await getSetting<number>(db, COMPLAINT_RESOLVE_SETTING, 72),
  };
}

/** A base-unit quantity of an after-sales line as ordered: "2 箱（48 瓶）" (the shared formatter). */
export const qtyText = (qty: number, unit: string, factor: number, baseUnit: string): string => lineQuantity(qty, { unit, unitFactor: factor, baseUnit });

/** SH20261206-0001: the supplier's local day and a per-day counter (lib/day-numbers), written on the request. */
export const assignRequestNumber = (trx: Transaction<DB>, requestId: number, timeZone: string, at: Date = new Date()): Promise<string> =>
  assignDayNumber(trx, { counters: 'aftersales_number_counters', table: 'aftersales_requests', id: requestId, prefix: 'SH', timeZone, at });

/** Base units of each order line already in requests that are not rejected or cancelled. */
async function requestedByLine(trx: Transaction<DB>, orderId: number): Promise<Map<number, number>> {
  const rows = await trx
    .selectFrom('aftersales_lines as l')
    .innerJoin('aftersales_requests as r', 'r.id', 'l.request_id')
    .select(['l.order_line_id', sql<number>`sum(l.qty)::int`.as('q')])
    .where('r.order_id', '=', orderId)
    .where('r.status', 'not in', ['rejected', 'cancelled'])
    .groupBy('l.order_line_id')
    .execute();
  return new Map(rows.map((r) => [r.order_line_id, Number(r.q)]));
}

export interface LineOption extends LineForAftersales { requestedQty: number; availableQty: number }

/** What can still be requested per line of an order (the apply screen), and the window. */
export async function requestOptions(db: Kysely<DB>, actor: Actor, orderId: number) {
  return db.transaction().execute(async (trx) => {
    const order = await lockOrder(trx, actor, orderId, false);
    const lines = await orderLinesForAftersales(trx, orderId);
    const requested = await requestedByLine(trx, orderId);
    const settings = await getAftersalesSettings(trx);
    const window = await windowOf(trx, orderId, null, settings.windowDays);
    return {
      orderId, orderNumber: order.number, orderStatus: order.status, windowDays: settings.windowDays, windowEndsAt: window.endsAt, windowOpen: window.open,
      lines: lines.map((l): LineOption => ({ ...l, requestedQty: requested.get(l.id) ?? 0, availableQty: Math.max(l.shippedQty - (requested.get(l.id) ?? 0), 0) })),
    };
  });
}

/** The window counts from receipt: the shipment's (when raised from one), else the latest received shipment. Open while nothing was received. */
async function windowOf(trx: Transaction<DB>, orderId: number, shipmentId: number | null, days: number, now = new Date()) {
  const ships = await shipmentsReceivedAt(trx, orderId);
  const from = shipmentId ? ships.filter((s) => s.id === shipmentId) : ships;
  const times = from.map((s) => s.receivedAt).filter((d): d is Date => d != null).map((d) => new Date(d).getTime());
  if (!times.length) return { open: true, endsAt: null as Date | null };
  const endsAt = new Date(Math.max(...times) + days * 86_400_000);
  return { open: now <= endsAt, endsAt };
}

export interface CreateInput {
  orderId: number;
  shipmentId?: number | null;
  kind: AftersalesKind;
  reasonId: number;
  description?: string | null;
  lines: { orderLineId: number; qty: number }[];
}

/**
 * Raises a request (buyer, or staff for a customer; `source: 'receipt'` opens a draft from a
 * receipt with discrepancies). The order row is locked, so two requests on the same order queue
 * and never together exceed what was shipped. Everything is checked before anything is written.
 */
export async function createRequest(db: Kysely<DB>, actor: Actor | null, input: CreateInput, opts: { timeZone: string; source?: 'buyer' | 'staff' | 'receipt'; now?: Date; trx?: Transaction<DB> }) {
  const run = async (trx: Transaction<DB>) => {
    const order = await lockOrder(trx, actor, input.orderId);
    const source = opts.source ?? (actor?.companyId != null ? 'buyer' : 'staff');
    const lines = await orderLinesForAftersales(trx, order.id);
    if (lines.every((l) => l.shippedQty === 0)) throw new AppError('AFTERSALES_NOT_SHIPPED', 409, { number: order.number });
    if (input.shipmentId != null) {
      const ships = await shipmentsReceivedAt(trx, order.id);
      if (!ships.some((s) => s.id === input.shipmentId)) throw validation([{ path: 'body.shipmentId', message: 'not a shipment of this order' }]);
    }
    const settings = await getAftersalesSettings(trx);
    if (source !== 'receipt') {
      const w = await windowOf(trx, order.id, input.shipmentId ?? null, settings.windowDays, opts.now);
      if (!w.open) throw new AppError('AFTERSALES_WINDOW_CLOSED', 409, { number: order.number, days: settings.windowDays }, { windowEndsAt: w.endsAt });
    }
    const reason = await trx.selectFrom('aftersales_reasons').select('id').where('id', '=', input.reasonId).where('active', '=', true).executeTakeFirst();
    if (!reason) throw validation([{ path: 'body.reasonId', message: 'unknown reason' }]);
    const requested = await requestedByLine(trx, order.id);
    const seen = new Set<number>();
    const rows = [];
    for (const [i, l] of input.lines.entries()) {
      if (seen.has(l.orderLineId)) throw validation([{ path: `body.lines.${i}.orderLineId`, message: 'appears twice' }]);
      seen.add(l.orderLineId);
      const line = lines.find((x) => x.id === l.orderLineId);
      if (!line) throw new AppError('AFTERSALES_LINE_UNKNOWN', 400, { index: i + 1, number: order.number }, [{ path: `body.lines.${i}.orderLineId`, message: 'not a line of this order' }]);
      const already = requested.get(line.id) ?? 0;
      const available = Math.max(line.shippedQty - already, 0);
      if (l.qty > available) {
        // inside the message's own brackets: the counts without their base-unit brackets ("1 箱 + 22 瓶")
        const short = (q: number) => lineQuantity(q, line, { base: false });
        throw new AppError('AFTERSALES_QTY_EXCEEDS', 422, { name: line.name, available: lineQuantity(available, line), shipped: short(line.shippedQty), requested: short(already) }, [{ path: `body.lines.${i}.qty`, message: `at most ${available}`, available }]);
      }
      rows.push({ line, qty: l.qty, paid: await paidForUnits(trx, { orderId: order.id, orderLineId: line.id, qty: l.qty, lineQty: line.qty, lineTotal: line.lineTotal, paidTotal: line.paidTotal }) });
    }
    const status = source === 'receipt' ? 'draft' : 'submitted';
    const now = opts.now ?? new Date();
    const r = await trx
      .insertInto('aftersales_requests')
      .values({
        number: `tmp-${order.id}-${now.getTime()}-${Math.random().toString(36).slice(2, 8)}`, company_id: order.company_id, order_id: order.id, shipment_id: input.shipmentId ?? null,
        kind: input.kind, status, source, reason_id: input.reasonId, description: input.description ?? null,
        raised_by_user_id: actor?.userId ?? null, buyer_user_id: order.buyer_user_id, submitted_at: status === 'submitted' ? now : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const number = await assignRequestNumber(trx, r.id, opts.timeZone, now);
    await trx.insertInto('aftersales_lines').values(rows.map((x) => ({
      request_id: r.id, order_line_id: x.line.id, sku_id: x.line.skuId, sku_code: x.line.skuCode, name: x.line.name, unit: x.line.unit,
      unit_factor: x.line.unitFactor, base_unit: x.line.baseUnit, qty: x.qty, paid_amount: x.paid,
    }))).execute();
    await trx.insertInto('aftersales_history').values({
      request_id: r.id, event: 'create', from_status: null, to_status: status, actor_user_id: actor?.userId ?? null,
      actor_label: actor ? `${actor.name} (${actor.role})` : 'system', note: input.description ?? null, data: JSON.stringify({ source }),
    }).execute();
    await emit(trx, `aftersales.${status}`, { requestId: r.id, number, orderId: order.id, companyId: order.company_id, kind: input.kind, event: 'create', source });
    await audit(trx, actor, { action: 'aftersales.create', entityType: 'aftersales_request', entityId: r.id, after: { number, kind: input.kind, source, lines: input.lines } });
    await noteAftersales(trx, actor, order.id, { number, requestId: r.id, step: status === 'draft' ? '差异收货，待买家确认' : '已提交' });
    await noticeRequest(trx, { requestId: r.id, number, orderNumber: order.number, companyId: order.company_id, buyerUserId: order.buyer_user_id, salesRepId: order.sales_rep_id, to: status });
    return { id: r.id, number };
  };
  return opts.trx ? run(opts.trx) : db.transaction().execute(run);
}

/** Scope of requests: customers their company's (buyers their own orders'), reps their customers'. */
export function visible(actor: Actor) {
  const scope = customerScope(actor);
  return (qb: ReturnType<typeof base>) => {
    let q = qb;
    if ('companyId' in scope) {
      q = q.where('r.company_id', '=', scope.companyId);
      if (actor.role !== 'customer_admin') q = q.where((eb) => eb.or([eb('r.buyer_user_id', '=', actor.userId), eb('r.raised_by_user_id', '=', actor.userId)]));
    }
    if ('salesRepId' in scope) q = q.where('c.sales_rep_id', '=', scope.salesRepId);
    return q;
  };
}

const base = (db: Q) =>
  db
    .selectFrom('aftersales_requests as r')
    .innerJoin('companies as c', 'c.id', 'r.company_id')
    .innerJoin('orders as o', 'o.id', 'r.order_id')
    .innerJoin('aftersales_reasons as rs', 'rs.id', 'r.reason_id');

const columns = [
  'r.id', 'r.number', 'r.kind', 'r.status', 'r.version', 'r.source', 'r.company_id as companyId', 'c.name as companyName', 'r.order_id as orderId', 'o.number as orderNumber',
  'r.shipment_id as shipmentId', 'r.reason_id as reasonId', 'rs.name_zh as reasonZh', 'rs.name_en as reasonEn', 'r.description', 'r.return_carrier as returnCarrier',
  'r.return_tracking_no as returnTrackingNo', 'r.replacement_carrier as replacementCarrier', 'r.replacement_tracking_no as replacementTrackingNo', 'r.refund_amount as refundAmount',
  'r.refund_destination as refundDestination', 'r.refund_note as refundNote', 'r.credit_amount as creditAmount', 'r.reject_reason as rejectReason', 'r.cancel_reason as cancelReason',
  'r.created_at as createdAt', 'r.updated_at as updatedAt', 'r.replacement_shipped_at as replacementShippedAt', 'r.submitted_at as submittedAt', 'r.approved_at as approvedAt', 'r.received_at as receivedAt', 'r.completed_at as completedAt',
] as const;

/**
 * SQL: the request waits for the supplier's next step (review; receipt of returned goods; the
 * refund or replacement) for longer than the SLA — marked 超时 in lists and counted on the todo.
 * Waiting on the buyer (a draft, goods to send back, a replacement to confirm) is never overdue.
 */
export const requestOverdue = (slaHours: number) => sql<boolean>`(
  (r.status in ('submitted', 'returning', 'received') or (r.status = 'approved' and r.kind in ('refund_only', 'reissue')))
  and r.updated_at < now() - make_interval(hours => ${slaHours}::int))`;

export interface ListQuery extends PageParams { status?: string; kind?: string; orderId?: number; search?: string; overdue?: boolean }

export async function listRequests(db: Q, actor: Actor, q: ListQuery) {
  const { slaHours } = await getAftersalesSettings(db);
  let qb = visible(actor)(base(db));
  if (q.overdue) qb = qb.where(requestOverdue(slaHours));
  if (q.status) qb = qb.where('r.status', '=', q.status as never);
  if (q.kind) qb = qb.where('r.kind', '=', q.kind as never);
  if (q.orderId) qb = qb.where('r.order_id', '=', q.orderId);
  if (q.search) qb = qb.where((eb) => eb.or([eb('r.number', 'ilike', `%${q.search}%`), eb('o.number', 'ilike', `%${q.search}%`), eb('c.name', 'ilike', `%${q.search}%`)]));
  const items = await qb.select([...columns, requestOverdue(slaHours).as('overdue')]).orderBy('r.id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute();
  const total = Number((await qb.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const page = { items, total, page: q.page, pageSize: q.pageSize };
  const ids = page.items.map((i) => i.id);
  const lines = ids.length ? await db.selectFrom('aftersales_lines').select(['request_id', 'name', 'qty', 'unit', 'unit_factor', 'base_unit']).where('request_id', 'in', ids).orderBy('id').execute() : [];
  return { ...page, items: page.items.map((i) => ({ ...i, summary: lines.filter((l) => l.request_id === i.id).map((l) => `${l.name} × ${qtyText(l.qty, l.unit, l.unit_factor, l.base_unit)}`).join('；') })) };
}

/** The request row the actor may see, or 404 (another company's, another rep's customer's). */
export async function requestForActor(db: Q, actor: Actor, id: number) {
  const { slaHours } = await getAftersalesSettings(db);
  const r = await visible(actor)(base(db)).select([...columns, requestOverdue(slaHours).as('overdue')]).where('r.id', '=', id).executeTakeFirst();
  if (!r) throw notFound(REQUEST_ENTITY);
  return r;
}
