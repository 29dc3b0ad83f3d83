import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError, badRequest, conflict, notFound } from '../../lib/errors';
import { registerMessages } from '../../lib/i18n';
import { lineTotal, sumFen } from '../../lib/money';
import type { PageParams } from '../../lib/pagination';
import { audit } from '../platform/audit';
import type { Actor } from '../auth/actor';
import { applyMovements } from './stock';
import { activeWarehouse } from './warehouses';
import { SUPPLIER_ENTITY } from './suppliers';
import type { PoStatus } from './tables';

type Q = Kysely<DB> | Transaction<DB>;

registerMessages({
  PO_ILLEGAL_TRANSITION: { zh: '采购单 {number} 当前为“{status}”，不能{action}', en: 'Purchase order {number} is {status}; it cannot be {action}' },
  PO_OVER_RECEIPT: { zh: '{code} 收货超出采购数量：采购 {qty}，已收 {received}，本次最多可收 {remaining}', en: '{code}: receiving more than ordered ({qty} ordered, {received} received, at most {remaining} more)' },
  PO_SKU_NOT_ON_ORDER: { zh: '以下 SKU 不在采购单上：{ids}', en: 'These SKUs are not on the purchase order: {ids}' },
  PO_COST_REQUIRED: { zh: 'SKU {code} 没有该供应商的采购价，请填写单价', en: 'SKU {code} has no cost from this supplier; enter a unit cost' },
});

export const PO_ENTITY = '采购单 / purchase order';
export const poNumber = (id: number) => `PO${String(id).padStart(6, '0')}`;
const STATUS_ZH: Record<PoStatus, string> = { draft: '草稿', ordered: '已下单', partially_received: '部分收货', received: '已收货', cancelled: '已取消' };
const ACTION_ZH: Record<string, string> = { order: '下单', receive: '收货', cancel: '取消', edit: '修改' };

export interface PoLineInput {
  skuId: number;
  qty: number;
  /** fen per base unit; defaults to the supplier's cost of the SKU */
  unitCost?: number | null;
}
export interface PoInput {
  supplierId: number;
  warehouseId: number;
  expectedAt?: string | null;
  notes?: string | null;
  lines: PoLineInput[];
}

async function head(db: Q, id: number, lock = false) {
  let qb = db
    .selectFrom('purchase_orders as po')
    .innerJoin('suppliers as s', 's.id', 'po.supplier_id')
    .innerJoin('warehouses as w', 'w.id', 'po.warehouse_id')
    .select([
      'po.id', 'po.supplier_id as supplierId', 's.name as supplierName', 'po.warehouse_id as warehouseId', 'w.name as warehouseName', 'po.status',
      sql<string | null>`to_char(po.expected_at, 'YYYY-MM-DD')`.as('expectedAt'), 'po.notes', 'po.total',
      'po.created_at as createdAt', 'po.ordered_at as orderedAt', 'po.received_at as receivedAt', 'po.cancelled_at as cancelledAt',
    ])
    .where('po.id', '=', id);
  if (lock) qb = qb.forUpdate('po');
  const h = await qb.executeTakeFirst();
  if (!h) throw notFound(PO_ENTITY);
  return { ...h, number: poNumber(h.id) };
}

const refuse = (h: { number: string; status: PoStatus }, action: string) =>
  conflict('PO_ILLEGAL_TRANSITION', { number: h.number, status: STATUS_ZH[h.status], action: ACTION_ZH[action] ?? action });

export async function getPurchaseOrder(db: Q, id: number) {
  const h = await head(db, id);
  const lines = await db
    .selectFrom('purchase_order_lines as l')
    .innerJoin('skus as k', 'k.id', 'l.sku_id')
    .innerJoin('products as p', 'p.id', 'k.product_id')
    .select(['l.sku_id as skuId', 'k.code as skuCode', 'p.name as productName', 'k.spec_text as specText', 'l.qty', 'l.unit_cost as unitCost', 'l.received_qty as receivedQty'])
    .where('l.po_id', '=', id)
    .orderBy('l.id')
    .execute();
  return { ...h, lines: lines.map((l) => ({ ...l, lineTotal: lineTotal(l.unitCost, l.qty) })) };
}

export async function listPurchaseOrders(db: Q, q: PageParams & { status?: PoStatus; supplierId?: number; warehouseId?: number }) {
  let qb = db
    .selectFrom('purchase_orders as po')
    .innerJoin('suppliers as s', 's.id', 'po.supplier_id')
    .innerJoin('warehouses as w', 'w.id', 'po.warehouse_id')
    .select([
      'po.id', 'po.supplier_id as supplierId', 's.name as supplierName', 'po.warehouse_id as warehouseId', 'w.name as warehouseName', 'po.status',
      sql<string | null>`to_char(po.expected_at, 'YYYY-MM-DD')`.as('expectedAt'), 'po.total', 'po.created_at as createdAt',
      sql<number>`(select coalesce(sum(qty), 0)::int from purchase_order_lines l where l.po_id = po.id)`.as('qty'),
      sql<number>`(select coalesce(sum(received_qty), 0)::int from purchase_order_lines l where l.po_id = po.id)`.as('receivedQty'),
    ]);
  if (q.status) qb = qb.where('po.status', '=', q.status);
  if (q.supplierId) qb = qb.where('po.supplier_id', '=', q.supplierId);
  if (q.warehouseId) qb = qb.where('po.warehouse_id', '=', q.warehouseId);
  const [rows, c] = await Promise.all([
    qb.orderBy('po.id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    qb.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => ({ ...r, number: poNumber(r.id) })), total: Number(c.n), page: q.page, pageSize: q.pageSize };
}

/** Checks lines and fills unit costs from the supplier's price list; writes nothing. */
async function priced(db: Q, supplierId: number, lines: PoLineInput[]) {
  const ids = lines.map((l) => l.skuId);
  const dup = ids.find((x, i) => ids.indexOf(x) !== i);
  if (dup !== undefined) throw badRequest('DUPLICATE_SKU', { skuId: dup });
  const skus = await db
    .selectFrom('skus as k')
    .leftJoin('supplier_skus as ss', (j) => j.onRef('ss.sku_id', '=', 'k.id').on('ss.supplier_id', '=', supplierId))
    .select(['k.id', 'k.code', 'ss.cost'])
    .where('k.id', 'in', ids)
    .execute();
  const by = new Map(skus.map((s) => [s.id, s]));
  const missing = lines.map((l, i) => ({ l, i })).filter(({ l }) => !by.has(l.skuId));
  if (missing.length) throw badRequest('UNKNOWN_SKU', { ids: missing.map((m) => m.l.skuId).join(', ') }, missing.map((m) => ({ path: `lines.${m.i}.skuId`, message: 'no such SKU' })));
  return lines.map((l, i) => {
    const s = by.get(l.skuId)!;
    const unitCost = l.unitCost ?? s.cost;
    if (unitCost == null) throw new AppError('PO_COST_REQUIRED', 400, { code: s.code }, [{ path: `lines.${i}.unitCost`, message: 'required: the supplier has no cost for this SKU' }]);
    return { sku_id: l.skuId, qty: l.qty, unit_cost: unitCost };
  });
}

async function activeSupplier(db: Q, id: number) {
  const s = await db.selectFrom('suppliers').select(['id', 'name', 'active']).where('id', '=', id).executeTakeFirst();
  if (!s) throw notFound(SUPPLIER_ENTITY);
  if (!s.active) throw conflict('SUPPLIER_INACTIVE', { name: s.name });
  return s;
}

/** Writes a draft purchase order in the caller's transaction; unit costs default to the supplier's. */
export async function insertPurchaseOrder(trx: Transaction<DB>, actor: Actor, input: PoInput): Promise<number> {
  await activeSupplier(trx, input.supplierId);
  await activeWarehouse(trx, input.warehouseId);
  const lines = await priced(trx, input.supplierId, input.lines);
  const total = sumFen(lines.map((l) => lineTotal(l.unit_cost, l.qty)));
  const po = await trx
    .insertInto('purchase_orders')
    .values({ supplier_id: input.supplierId, warehouse_id: input.warehouseId, expected_at: input.expectedAt ?? null, notes: input.notes ?? null, total, created_by: actor.userId, ordered_at: null, received_at: null, cancelled_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx.insertInto('purchase_order_lines').values(lines.map((l) => ({ ...l, po_id: po.id }))).execute();
  await audit(trx, actor, { action: 'po.create', entityType: 'purchase_order', entityId: po.id, after: input });
  return po.id;
}

export async function createPurchaseOrder(db: Kysely<DB>, actor: Actor, input: PoInput) {
  return getPurchaseOrder(db, await db.transaction().execute((trx) => insertPurchaseOrder(trx, actor, input)));
}

/** Replaces a draft's fields and lines. */
export async function updatePurchaseOrder(db: Kysely<DB>, actor: Actor, id: number, input: Partial<Omit<PoInput, 'supplierId'>>) {
  await db.transaction().execute(async (trx) => {
    const h = await head(trx, id, true);
    if (h.status !== 'draft') throw refuse(h, 'edit');
    if (input.warehouseId) await activeWarehouse(trx, input.warehouseId);
    const set: Record<string, unknown> = { updated_at: sql`now()` };
    if (input.warehouseId) set.warehouse_id = input.warehouseId;
    if (input.expectedAt !== undefined) set.expected_at = input.expectedAt;
    if (input.notes !== undefined) set.notes = input.notes;
    if (input.lines) {
      const lines = await priced(trx, h.supplierId, input.lines);
      await trx.deleteFrom('purchase_order_lines').where('po_id', '=', id).execute();
      await trx.insertInto('purchase_order_lines').values(lines.map((l) => ({ ...l, po_id: id }))).execute();
      set.total = sumFen(lines.map((l) => lineTotal(l.unit_cost, l.qty)));
    }
    await trx.updateTable('purchase_orders').set(set).where('id', '=', id).execute();
    await audit(trx, actor, { action: 'po.update', entityType: 'purchase_order', entityId: id, after: input });
  });
  return getPurchaseOrder(db, id);
}

/** draft → ordered (sent to the supplier). */
export async function placePurchaseOrder(db: Kysely<DB>, actor: Actor, id: number) {
  await db.transaction().execute(async (trx) => {
    const h = await head(trx, id, true);
    if (h.status !== 'draft') throw refuse(h, 'order');
    await activeSupplier(trx, h.supplierId);
    await trx.updateTable('purchase_orders').set({ status: 'ordered', ordered_at: sql`now()`, updated_at: sql`now()` }).where('id', '=', id).execute();
    await audit(trx, actor, { action: 'po.order', entityType: 'purchase_order', entityId: id });
  });
  return getPurchaseOrder(db, id);
}

/** draft / ordered → cancelled. Once goods arrived the order can no longer be cancelled. */
export async function cancelPurchaseOrder(db: Kysely<DB>, actor: Actor, id: number) {
  await db.transaction().execute(async (trx) => {
    const h = await head(trx, id, true);
    if (h.status !== 'draft' && h.status !== 'ordered') throw refuse(h, 'cancel');
    await trx.updateTable('purchase_orders').set({ status: 'cancelled', cancelled_at: sql`now()`, updated_at: sql`now()` }).where('id', '=', id).execute();
    await audit(trx, actor, { action: 'po.cancel', entityType: 'purchase_order', entityId: id });
  });
  return getPurchaseOrder(db, id);
}

/**
 * Receives goods against an ordered PO: raises on hand in its warehouse through the ledger
 * (rows point at the PO) and moves it to partially_received / received. Receiving more than
 * is outstanding on a line is refused (409 naming the most that can be received).
 */
export async function receivePurchaseOrder(db: Kysely<DB>, actor: Actor, id: number, input: { lines: { skuId: number; qty: number }[]; note?: string | null }) {
  const ids = input.lines.map((l) => l.skuId);
  const dup = ids.find((x, i) => ids.indexOf(x) !== i);
  if (dup !== undefined) throw badRequest('DUPLICATE_SKU', { skuId: dup });
  await db.transaction().execute(async (trx) => {
    const h = await head(trx, id, true);
    if (h.status !== 'ordered' && h.status !== 'partially_received') throw refuse(h, 'receive');
    await activeWarehouse(trx, h.warehouseId);
    const lines = await trx
      .selectFrom('purchase_order_lines as l')
      .innerJoin('skus as k', 'k.id', 'l.sku_id')
      .select(['l.id', 'l.sku_id', 'k.code', 'l.qty', 'l.received_qty'])
      .where('l.po_id', '=', id)
      .execute();
    const by = new Map(lines.map((l) => [l.sku_id, l]));
    const off = input.lines.filter((l) => !by.has(l.skuId));
    if (off.length) throw badRequest('PO_SKU_NOT_ON_ORDER', { ids: off.map((o) => o.skuId).join(', ') });
    for (const r of input.lines) {
      const l = by.get(r.skuId)!;
      const remaining = l.qty - l.received_qty;
      if (r.qty > remaining) throw conflict('PO_OVER_RECEIPT', { code: l.code, qty: l.qty, received: l.received_qty, remaining }, [{ skuId: r.skuId, ordered: l.qty, received: l.received_qty, remaining, requested: r.qty }]);
    }
    for (const r of input.lines) {
      await trx.updateTable('purchase_order_lines').set({ received_qty: sql`received_qty + ${r.qty}` }).where('id', '=', by.get(r.skuId)!.id).execute();
    }
    await applyMovements(
      trx, actor,
      input.lines.map((r) => ({ skuId: r.skuId, warehouseId: h.warehouseId, type: 'receipt' as const, qty: r.qty, documentType: 'purchase_order', documentId: id, documentNo: h.number, reason: input.note ?? `采购收货 ${h.number}` })),
      'purchase_receipt',
    );
    const left = await trx.selectFrom('purchase_order_lines').select(sql<number>`coalesce(sum(qty - received_qty), 0)::int`.as('n')).where('po_id', '=', id).executeTakeFirstOrThrow();
    const done = Number(left.n) === 0;
    await trx
      .updateTable('purchase_orders')
      .set({ status: done ? 'received' : 'partially_received', received_at: done ? sql`now()` : null, updated_at: sql`now()` })
      .where('id', '=', id)
      .execute();
    await audit(trx, actor, { action: 'po.receive', entityType: 'purchase_order', entityId: id, after: input });
  });
  return getPurchaseOrder(db, id);
}
