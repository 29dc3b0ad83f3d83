import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError, notFound, validation } from '../../lib/errors';
import { formatYuan } from '../../lib/money';
import type { Actor } from '../auth/actor';
import { audit } from '../platform/audit';
import { emit } from '../platform/outbox';
import { noteAftersales } from '../orders';
import { applyMovements, type Movement } from '../inventory/stock';
import { receiveReplacement, releaseRefused, releaseReplacement, reserveReplacement, shipReplacement } from './replacement';
import { refundForReturn, runProviderRefunds, type ProviderRefundCall } from '../payments';
import { eventWords, REQUEST_ENTITY, ROLE_WORDS, statusWords } from './messages';
import { noticeRequest } from './notices';
import { getAftersalesSettings } from './requests';
import { AFTERSALES_EVENTS, aftersalesTransitionFor, allowedAftersalesEvents, type AftersalesEvent, type AftersalesKind, type AftersalesStatus } from './transitions-table';
import './tables';

export interface EventInput {
  event: AftersalesEvent;
  /** the version the caller saw; another current version is a 409 (two staff acting at once) */
  version?: number;
  note?: string | null;
  returnShipment?: { carrier: string; trackingNo: string };
  inspection?: {
    warehouseId: number;
    quarantineWarehouseId?: number | null;
    lines: { lineId: number; toStock: number; defective: number; refused: number; refuseReason?: string | null }[];
  };
  refund?: { amount?: number; destination: 'balance' | 'original' };
  /** warehouseId: only for a request approved before replacements were reserved (else they ship from where they are held) */
  replacement?: { warehouseId?: number | null; carrier: string; trackingNo?: string | null; parcels?: { warehouseId: number; carrier: string; trackingNo?: string | null }[] };
}

interface Locked {
  id: number; number: string; kind: AftersalesKind; status: AftersalesStatus; version: number; company_id: number; order_id: number;
  buyer_user_id: number | null; raised_by_user_id: number | null; sales_rep_id: number | null; order_number: string;
}

/** Locks a request the actor may act on (404 outside their scope, like reading it). */
async function lockRequest(trx: Transaction<DB>, actor: Actor | null, id: number): Promise<Locked> {
  const { rows } = await sql<Locked>`
    select r.id, r.number, r.kind, r.status, r.version, r.company_id, r.order_id, r.buyer_user_id, r.raised_by_user_id, c.sales_rep_id, o.number as order_number
    from aftersales_requests r join companies c on c.id = r.company_id join orders o on o.id = r.order_id
    where r.id = ${id} for update of r`.execute(trx);
  const r = rows[0];
  if (!r || (actor && !canSee(actor, r))) throw notFound(REQUEST_ENTITY);
  return r;
}

function canSee(actor: Actor, r: Locked): boolean {
  if (actor.companyId != null) return r.company_id === actor.companyId && (actor.role === 'customer_admin' || r.buyer_user_id === actor.userId || r.raised_by_user_id === actor.userId);
  if (actor.role === 'sales') return r.sales_rep_id === actor.userId;
  return true;
}

const need = (event: string, field: string) => new AppError('AFTERSALES_DETAILS_REQUIRED', 400, { event, field }, [{ path: `body.${field}`, message: 'required' }]);

/**
 * Applies one event of the transition table to a request, in one transaction: scope, version,
 * table row (state, event, kind), role and reason are checked before anything is written; then
 * the row's side effects run in the same transaction (stock into the warehouse on receipt, the
 * credit note and refund on refund, stock out on a replacement) with the status, history, outbox
 * event, audit entry, a note on the order and notices. Online refunds go to the provider after commit.
 */
export async function applyAftersalesEvent(db: Kysely<DB>, actor: Actor, id: number, input: EventInput, now = new Date()) {
  const calls: ProviderRefundCall[] = [];
  const result = await db.transaction().execute(async (trx) => {
    const r = await lockRequest(trx, actor, id);
    if (input.version != null && input.version !== r.version) {
      throw new AppError('AFTERSALES_VERSION_CONFLICT', 409, { number: r.number, status: statusWords(r.status), version: r.version }, { status: r.status, version: r.version });
    }
    if (!AFTERSALES_EVENTS.includes(input.event)) throw validation([{ path: 'body.event', message: 'unknown event' }]);
    const row = aftersalesTransitionFor(r.status, input.event, r.kind);
    if (!row) throw new AppError('AFTERSALES_TRANSITION_NOT_ALLOWED', 409, { number: r.number, status: statusWords(r.status), event: eventWords(input.event) }, { status: r.status, allowed: allowedAftersalesEvents(r.status, r.kind, actor.role) });
    if (!row.roles.includes(actor.role)) throw new AppError('AFTERSALES_EVENT_FORBIDDEN', 403, { event: eventWords(input.event), role: ROLE_WORDS[actor.role] ?? actor.role });
    const note = input.note?.trim() || null;
    if (row.reason && !note) throw new AppError('AFTERSALES_REASON_REQUIRED', 400, {}, [{ path: 'body.note', message: 'required' }]);

    const set: Record<string, unknown> = {};
    let data: Record<string, unknown> | null = null;
    const doc = { documentType: 'aftersales', documentId: r.id, documentNo: r.number };
    if (input.event === 'reject') set.reject_reason = note;
    if (input.event === 'cancel') set.cancel_reason = note;
    if (input.event === 'approve') set.approved_at = now;
    if (input.event === 'ship_back') {
      if (!input.returnShipment) throw need(input.event, 'returnShipment');
      set.return_carrier = input.returnShipment.carrier;
      set.return_tracking_no = input.returnShipment.trackingNo;
      data = { ...input.returnShipment };
    }
    const lines = await trx.selectFrom('aftersales_lines').selectAll().where('request_id', '=', r.id).orderBy('id').execute();
    if (input.event === 'approve') {
      const held = await reserveReplacement(trx, r, lines);
      if (held) data = { reserved: held };
    }
    if (input.event === 'cancel') await releaseReplacement(trx, r);
    if (input.event === 'receive') {
      const ins = input.inspection;
      if (!ins) throw need(input.event, 'inspection');
      const settings = await getAftersalesSettings(trx);
      const quarantine = ins.quarantineWarehouseId ?? settings.quarantineWarehouseId;
      const given = new Map(ins.lines.map((l) => [l.lineId, l]));
      ins.lines.forEach((l, i) => { if (!lines.some((x) => x.id === l.lineId)) throw validation([{ path: `body.inspection.lines.${i}.lineId`, message: 'not a line of this request' }]); });
      if (given.size !== ins.lines.length) throw validation([{ path: 'body.inspection.lines', message: 'a line appears twice' }]);
      const moves: Movement[] = [];
      for (const l of lines) {
        const g = given.get(l.id) ?? { toStock: 0, defective: 0, refused: 0, refuseReason: null };
        const sum = g.toStock + g.defective + g.refused;
        if (sum !== l.qty) throw new AppError('AFTERSALES_INSPECTION_MISMATCH', 422, { name: l.name, given: sum, qty: l.qty });
        if (g.refused > 0 && !g.refuseReason?.trim()) throw validation([{ path: `body.inspection.lines.${ins.lines.indexOf(g as never)}.refuseReason`, message: 'required when goods are refused' }]);
        if (g.toStock > 0) moves.push({ skuId: l.sku_id, warehouseId: ins.warehouseId, type: 'return', qty: g.toStock, ...doc, reason: `售后退货 ${r.number}` });
        if (g.defective > 0) {
          if (!quarantine) throw new AppError('AFTERSALES_NO_QUARANTINE', 422);
          moves.push({ skuId: l.sku_id, warehouseId: quarantine, type: 'return', qty: g.defective, ...doc, reason: `售后次品 ${r.number}` });
        }
      }
      const whs = [...new Set(moves.map((m) => m.warehouseId))];
      if (whs.length) {
        const found = await trx.selectFrom('warehouses').select('id').where('id', 'in', whs).execute();
        if (found.length !== whs.length) throw validation([{ path: 'body.inspection.warehouseId', message: 'unknown warehouse' }]);
      }
      for (const l of lines) {
        const g = given.get(l.id);
        await trx.updateTable('aftersales_lines').set({ to_stock_qty: g?.toStock ?? 0, defective_qty: g?.defective ?? 0, refused_qty: g?.refused ?? 0, refuse_reason: g?.refuseReason?.trim() || null }).where('id', '=', l.id).execute();
      }
      await applyMovements(trx, actor, moves, 'aftersales');
      await releaseRefused(trx, r, lines, new Map(lines.map((l) => [l.id, given.get(l.id)?.refused ?? 0])));
      set.warehouse_id = ins.warehouseId;
      set.received_at = now;
      data = { inspection: ins.lines };
    }
    if (input.event === 'refund') {
      const ref = input.refund;
      if (!ref) throw need(input.event, 'refund');
      const fresh = input.event === 'refund' ? await trx.selectFrom('aftersales_lines').selectAll().where('request_id', '=', r.id).execute() : lines;
      const max = fresh.reduce((a, l) => a + (r.kind === 'refund_only' ? l.paid_amount : Math.floor((l.paid_amount * (l.to_stock_qty + l.defective_qty)) / l.qty)), 0);
      const amount = ref.amount ?? max;
      if (amount > max) throw new AppError('AFTERSALES_REFUND_EXCEEDS', 422, { amount: formatYuan(amount), max: formatYuan(max) }, { max });
      if (amount < max && !note) throw new AppError('AFTERSALES_REFUND_NOTE_REQUIRED', 400, { max: formatYuan(max) }, [{ path: 'body.note', message: 'required when refunding less' }]);
      let refundIds: number[] = [];
      if (amount > 0) {
        const m = await refundForReturn(trx, actor, { orderId: r.order_id, amount, destination: ref.destination, reason: note ?? '售后退款', memo: r.number });
        refundIds = m.refundIds;
        calls.push(...m.providerCalls);
        data = { amount, destination: ref.destination, credit: m.credit, money: m.money, refundIds };
      } else data = { amount: 0 };
      Object.assign(set, { refund_amount: amount, refund_destination: ref.destination, refund_note: note, refund_ids: JSON.stringify(refundIds), credit_amount: amount });
    }
    if (input.event === 'ship_replacement') {
      const rep = input.replacement;
      if (!rep) throw need(input.event, 'replacement');
      const out = await shipReplacement(trx, actor, r, lines, rep, now);
      set.replacement_carrier = rep.carrier;
      set.replacement_tracking_no = rep.trackingNo ?? null;
      data = { carrier: rep.carrier, trackingNo: rep.trackingNo ?? null, shipped: out.shipped, shipments: out.shipments };
    }
    if (input.event === 'confirm_replacement') await receiveReplacement(trx, actor, r, now);
    if (input.event === 'confirm') set.submitted_at = now;
    const to = row.to;
    if (to === 'completed') set.completed_at = now;
    const version = r.version + 1;
    await trx.updateTable('aftersales_requests').set({ ...set, status: to, version, updated_at: now } as never).where('id', '=', r.id).where('version', '=', r.version).executeTakeFirstOrThrow();
    await trx.insertInto('aftersales_history').values({
      request_id: r.id, at: now, event: input.event, from_status: r.status, to_status: to, actor_user_id: actor.userId,
      actor_label: `${actor.name} (${actor.role})`, note, data: data ? JSON.stringify(data) : null,
    }).execute();
    await emit(trx, `aftersales.${to}`, { requestId: r.id, number: r.number, orderId: r.order_id, companyId: r.company_id, kind: r.kind, event: input.event, from: r.status, to });
    await audit(trx, actor, { action: `aftersales.${input.event}`, entityType: 'aftersales_request', entityId: r.id, before: { status: r.status, version: r.version }, after: { status: to, version, note, ...(data ?? {}) } });
    await noteAftersales(trx, actor, r.order_id, { number: r.number, requestId: r.id, step: STEP[input.event], note });
    await noticeRequest(trx, { requestId: r.id, number: r.number, orderNumber: r.order_number, companyId: r.company_id, buyerUserId: r.buyer_user_id, salesRepId: r.sales_rep_id, to, note });
    return { id: r.id, from: r.status, to, version };
  });
  if (calls.length) await runProviderRefunds(db, calls);
  return result;
}

const STEP: Record<AftersalesEvent, string> = {
  confirm: '买家确认提交', approve: '审核通过', reject: '审核拒绝', ship_back: '买家已寄回', receive: '仓库收货验货',
  refund: '已退款', ship_replacement: '换货/补发已发出', confirm_replacement: '买家确认收到换货', cancel: '已取消',
};
