import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError, badRequest, notFound } from '../../lib/errors';
import type { PageParams } from '../../lib/pagination';
import { audit } from '../platform/audit';
import type { Actor } from '../auth/actor';
import { applyMovements, assertQty, MAX_QTY } from './stock';
import { activeWarehouse } from './warehouses';
import './messages';

type Q = Kysely<DB> | Transaction<DB>;

export interface AdjustmentInput {
  warehouseId: number;
  reason: string;
  /** signed change of on hand per SKU, never 0 */
  lines: { skuId: number; qty: number }[];
}
export interface TransferInput {
  fromWarehouseId: number;
  toWarehouseId: number;
  reason?: string | null;
  lines: { skuId: number; qty: number }[];
}

/** 调拨单 DB000012 / 调整单 TZ000012: the number is the id, prefixed (the backfill migration writes the same). */
export const stockDocumentNumber = (type: 'adjustment' | 'transfer', id: number) => `${type === 'transfer' ? 'DB' : 'TZ'}${String(id).padStart(6, '0')}`;

/** Every SKU named exists (else 400 naming the missing ones) and appears once. */
async function checkLines(db: Q, lines: { skuId: number }[]) {
  const ids = lines.map((l) => l.skuId);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup !== undefined) throw badRequest('DUPLICATE_SKU', { skuId: dup }, [{ path: `lines.${ids.lastIndexOf(dup)}.skuId`, message: 'appears more than once' }]);
  const found = new Set((await db.selectFrom('skus').select('id').where('id', 'in', ids).execute()).map((r) => r.id));
  const missing = lines.map((l, i) => ({ l, i })).filter(({ l }) => !found.has(l.skuId));
  if (missing.length) throw badRequest('UNKNOWN_SKU', { ids: missing.map((m) => m.l.skuId).join(', ') }, missing.map((m) => ({ path: `lines.${m.i}.skuId`, message: 'no such SKU' })));
}

/** 调整: changes on hand with a reason; each line is one ledger row pointing at this document. */
export async function createAdjustment(db: Kysely<DB>, actor: Actor, input: AdjustmentInput) {
  if (!input.reason?.trim()) throw badRequest('REASON_REQUIRED', {}, [{ path: 'reason', message: 'required' }]);
  input.lines.forEach((l, i) => {
    if (!Number.isSafeInteger(l.qty) || l.qty === 0 || Math.abs(l.qty) > MAX_QTY) {
      throw new AppError('INVALID_QUANTITY', 400, { path: `lines.${i}.qty` }, [{ path: `lines.${i}.qty`, message: 'a whole number, not 0' }]);
    }
  });
  await checkLines(db, input.lines);
  return db.transaction().execute(async (trx) => {
    await activeWarehouse(trx, input.warehouseId);
    const doc = await trx
      .insertInto('stock_documents')
      .values({ type: 'adjustment', warehouse_id: input.warehouseId, to_warehouse_id: null, reason: input.reason, lines: JSON.stringify(input.lines), actor_user_id: actor.userId })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
    await applyMovements(
      trx, actor,
      input.lines.map((l) => ({ skuId: l.skuId, warehouseId: input.warehouseId, type: 'adjustment' as const, qty: l.qty, documentType: 'adjustment', documentId: doc.id, documentNo: stockDocumentNumber('adjustment', doc.id), reason: input.reason })),
      'adjustment',
    );
    await audit(trx, actor, { action: 'stock.adjust', entityType: 'stock_document', entityId: doc.id, after: input });
    return getDocument(trx, doc.id);
  });
}

/** 调拨: moves stock out of one warehouse into another, two ledger rows per line, all or nothing. */
export async function createTransfer(db: Kysely<DB>, actor: Actor, input: TransferInput) {
  if (input.fromWarehouseId === input.toWarehouseId) throw badRequest('TRANSFER_SAME_WAREHOUSE', {}, [{ path: 'toWarehouseId', message: 'must differ from fromWarehouseId' }]);
  input.lines.forEach((l, i) => assertQty(l.qty, `lines.${i}.qty`));
  await checkLines(db, input.lines);
  return db.transaction().execute(async (trx) => {
    const from = await activeWarehouse(trx, input.fromWarehouseId);
    const to = await activeWarehouse(trx, input.toWarehouseId);
    const doc = await trx
      .insertInto('stock_documents')
      .values({ type: 'transfer', warehouse_id: from.id, to_warehouse_id: to.id, reason: input.reason ?? null, lines: JSON.stringify(input.lines), actor_user_id: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const base = { documentType: 'transfer', documentId: doc.id, documentNo: stockDocumentNumber('transfer', doc.id), reason: input.reason ?? null };
    await applyMovements(
      trx, actor,
      input.lines.flatMap((l) => [
        { ...base, skuId: l.skuId, warehouseId: from.id, type: 'transfer_out' as const, qty: -l.qty },
        { ...base, skuId: l.skuId, warehouseId: to.id, type: 'transfer_in' as const, qty: l.qty },
      ]),
      'transfer',
    );
    await audit(trx, actor, { action: 'stock.transfer', entityType: 'stock_document', entityId: doc.id, after: input });
    return getDocument(trx, doc.id);
  });
}

const docColumns = [
  'd.id', 'd.type', 'd.warehouse_id as warehouseId', 'w.name as warehouseName', 'd.to_warehouse_id as toWarehouseId', 'tw.name as toWarehouseName',
  'd.reason', 'd.lines', 'u.name as actorName', 'd.created_at as createdAt',
] as const;

function docs(db: Q) {
  return db
    .selectFrom('stock_documents as d')
    .innerJoin('warehouses as w', 'w.id', 'd.warehouse_id')
    .leftJoin('warehouses as tw', 'tw.id', 'd.to_warehouse_id')
    .leftJoin('users as u', 'u.id', 'd.actor_user_id')
    .select(docColumns);
}
type DocRow = Awaited<ReturnType<ReturnType<typeof docs>['executeTakeFirstOrThrow']>>;
const shape = (r: DocRow) => ({ ...r, number: stockDocumentNumber(r.type, r.id), lines: r.lines as { skuId: number; qty: number }[] });

export async function getDocument(db: Q, id: number) {
  const r = await docs(db).where('d.id', '=', id).executeTakeFirst();
  if (!r) throw notFound('库存单据 / stock document');
  return shape(r);
}

/** Adjustments and transfers, newest first. */
export async function listDocuments(db: Q, q: PageParams & { type?: 'adjustment' | 'transfer'; warehouseId?: number }) {
  let qb = docs(db);
  if (q.type) qb = qb.where('d.type', '=', q.type);
  if (q.warehouseId) qb = qb.where((eb) => eb.or([eb('d.warehouse_id', '=', q.warehouseId!), eb('d.to_warehouse_id', '=', q.warehouseId!)]));
  const [rows, count] = await Promise.all([
    qb.orderBy('d.id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    qb.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(shape), total: Number(count.n), page: q.page, pageSize: q.pageSize };
}
