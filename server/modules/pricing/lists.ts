import { sql, type Kysely, type SelectQueryBuilder, type Transaction } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../lib/db-types';
import { AppError, notFound, validation, type FieldIssue } from '../../lib/errors';
import { registerMessages } from '../../lib/i18n';
import { applyBasisPoints } from '../../lib/money';
import { paginate, type PageParams } from '../../lib/pagination';
import { audit } from '../platform/audit';
import { emit } from '../platform/outbox';
import type { Actor } from '../auth/actor';
import { assertCustomerAccess, customerScope } from '../customers/companies';
import type { listQuery, priceListBody, priceListPatch } from './schemas';
import './tables';

type Db = Kysely<DB> | Transaction<DB>;

registerMessages({
  PRICE_ROWS_INVALID: { zh: '价目表有 {count} 行错误，未做任何修改，请按行修正后重试', en: '{count} rows have errors; nothing was changed — fix them and retry' },
  PRICE_LIST_TIMES: { zh: '生效时间必须早于失效时间', en: 'validFrom must be before validTo' },
});

export const LIST_ENTITY = '价目表 / price list';

export interface ItemRow {
  skuId: number;
  minQty: number;
  fixedPrice?: number | null;
  discountBp?: number | null;
}
export interface RowIssue {
  row: number | null;
  path: string;
  message: string;
}

/**
 * The rules a price list's entries must keep, so that resolution is unambiguous:
 *  - one entry per (SKU, min_qty) — a second one is a contradiction and is rejected;
 *  - all breaks of one SKU use the same form (all fixed prices or all discounts);
 *  - a larger break never costs more per unit than a smaller one.
 * `rowOf(i)` maps an item index to the row number reported to the user (spreadsheet row).
 */
export function checkBreaks(items: ItemRow[], rowOf: (i: number) => number | null = (i) => i): RowIssue[] {
  const issues: RowIssue[] = [];
  const bySku = new Map<number, number[]>();
  items.forEach((it, i) => bySku.set(it.skuId, [...(bySku.get(it.skuId) ?? []), i]));
  for (const idx of bySku.values()) {
    const seen = new Map<number, number>();
    for (const i of idx) {
      const prev = seen.get(items[i].minQty);
      if (prev !== undefined) issues.push({ row: rowOf(i), path: 'minQty', message: `该 SKU 的阶梯 ≥${items[i].minQty} 重复（第 ${rowOf(prev)} 行也有）/ duplicate break ≥${items[i].minQty} for this SKU (also in row ${rowOf(prev)})` });
      else seen.set(items[i].minQty, i);
    }
    const fixed = idx.filter((i) => items[i].fixedPrice != null);
    if (fixed.length && fixed.length !== idx.length) {
      for (const i of idx) issues.push({ row: rowOf(i), path: 'fixedPrice', message: '同一 SKU 的阶梯须全部是固定价或全部是折扣 / all breaks of one SKU must be fixed prices or all discounts' });
      continue;
    }
    const sorted = [...idx].sort((a, b) => items[a].minQty - items[b].minQty);
    for (let k = 1; k < sorted.length; k++) {
      const a = items[sorted[k - 1]];
      const b = items[sorted[k]];
      if (a.minQty === b.minQty) continue;
      const rises = fixed.length ? b.fixedPrice! > a.fixedPrice! : b.discountBp! < a.discountBp!;
      if (rises) issues.push({ row: rowOf(sorted[k]), path: fixed.length ? 'fixedPrice' : 'discountBp', message: `阶梯 ≥${b.minQty} 的价格不能高于阶梯 ≥${a.minQty} / break ≥${b.minQty} must not cost more than break ≥${a.minQty}` });
    }
  }
  return issues;
}

export function rowsError(issues: RowIssue[]): AppError {
  return new AppError('PRICE_ROWS_INVALID', 400, { count: new Set(issues.map((i) => i.row)).size }, issues);
}

function listQueryBase(db: Db) {
  return db
    .selectFrom('price_lists as pl')
    .leftJoin('customer_tiers as t', 't.id', 'pl.tier_id')
    .leftJoin('companies as c', 'c.id', 'pl.company_id')
    .select((eb) => [
      'pl.id', 'pl.name', 'pl.kind', 'pl.tier_id as tierId', 't.name as tierName', 'pl.company_id as companyId', 'c.name as companyName',
      'pl.valid_from as validFrom', 'pl.valid_to as validTo', 'pl.active', 'pl.notes', 'pl.updated_at as updatedAt',
      eb.selectFrom('price_list_items as i').select(eb.fn.countAll<number>().as('n')).whereRef('i.price_list_id', '=', 'pl.id').as('items'),
      eb.selectFrom('price_list_items as i').select(sql<number>`count(distinct i.sku_id)`.as('n')).whereRef('i.price_list_id', '=', 'pl.id').as('skus'),
    ]);
}
const norm = <T extends { items: unknown; skus: unknown }>(r: T) => ({ ...r, items: Number(r.items ?? 0), skus: Number(r.skus ?? 0) });

/** Price lists the actor may see: sales reps see tier lists and their own customers' lists. */
export async function listPriceLists(db: Kysely<DB>, actor: Actor, q: z.infer<typeof listQuery> & PageParams) {
  let qb = listQueryBase(db);
  const scope = customerScope(actor);
  if ('salesRepId' in scope) qb = qb.where((eb) => eb.or([eb('pl.kind', '=', 'tier'), eb('c.sales_rep_id', '=', scope.salesRepId)]));
  if (q.kind) qb = qb.where('pl.kind', '=', q.kind);
  if (q.tierId) qb = qb.where('pl.tier_id', '=', q.tierId);
  if (q.companyId) qb = qb.where('pl.company_id', '=', q.companyId);
  if (q.q) qb = qb.where((eb) => eb.or([eb('pl.name', 'ilike', `%${q.q!.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`), eb('c.name', 'ilike', `%${q.q!.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`)]));
  const ordered = qb.orderBy('pl.kind', 'desc').orderBy('pl.id', 'desc');
  type Row = Awaited<ReturnType<typeof ordered.executeTakeFirstOrThrow>>;
  const p = await paginate(ordered as unknown as SelectQueryBuilder<DB, 'price_lists', Row>, q);
  return { ...p, items: p.items.map(norm) };
}

export async function getPriceList(db: Db, actor: Actor, id: number) {
  const r = await listQueryBase(db).where('pl.id', '=', id).executeTakeFirst();
  if (!r) throw notFound(LIST_ENTITY);
  if (r.kind === 'customer') {
    try {
      await assertCustomerAccess(db, actor, r.companyId!);
    } catch {
      throw notFound(LIST_ENTITY);
    }
  }
  return norm(r);
}

export async function createPriceList(db: Kysely<DB>, actor: Actor, input: z.infer<typeof priceListBody>) {
  if (input.tierId != null && !(await db.selectFrom('customer_tiers').select('id').where('id', '=', input.tierId).executeTakeFirst())) {
    throw validation([{ path: 'tierId', message: 'unknown tier' }]);
  }
  if (input.companyId != null && !(await db.selectFrom('companies').select('id').where('id', '=', input.companyId).executeTakeFirst())) {
    throw validation([{ path: 'companyId', message: 'unknown customer' }]);
  }
  const id = await db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('price_lists')
      .values({
        name: input.name, kind: input.kind, tier_id: input.tierId ?? null, company_id: input.companyId ?? null,
        valid_from: input.validFrom ?? null, valid_to: input.validTo ?? null, active: input.active ?? true, notes: input.notes ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, actor, { action: 'price_list.create', entityType: 'price_list', entityId: r.id, after: input });
    return r.id;
  });
  return getPriceList(db, actor, id);
}

export async function updatePriceList(db: Kysely<DB>, actor: Actor, id: number, input: z.infer<typeof priceListPatch>) {
  const before = await getPriceList(db, actor, id);
  const validFrom = input.validFrom !== undefined ? input.validFrom : before.validFrom;
  const validTo = input.validTo !== undefined ? input.validTo : before.validTo;
  if (validFrom && validTo && new Date(validFrom) >= new Date(validTo)) throw new AppError('PRICE_LIST_TIMES', 400, {}, [{ path: 'validTo', message: 'must be after validFrom' }]);
  const row: Record<string, unknown> = {};
  if (input.name !== undefined) row.name = input.name;
  if (input.validFrom !== undefined) row.valid_from = input.validFrom;
  if (input.validTo !== undefined) row.valid_to = input.validTo;
  if (input.active !== undefined) row.active = input.active;
  if (input.notes !== undefined) row.notes = input.notes;
  if (!Object.keys(row).length) return before;
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('price_lists').set({ ...row, updated_at: sql`now()` } as never).where('id', '=', id).execute();
    await audit(trx, actor, { action: 'price_list.update', entityType: 'price_list', entityId: id, before, after: input });
    await emit(trx, 'pricing.changed', { priceListId: id, reason: 'list_updated' });
  });
  return getPriceList(db, actor, id);
}

export async function deletePriceList(db: Kysely<DB>, actor: Actor, id: number) {
  const before = await getPriceList(db, actor, id);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('price_lists').where('id', '=', id).execute();
    await audit(trx, actor, { action: 'price_list.delete', entityType: 'price_list', entityId: id, before });
    await emit(trx, 'pricing.changed', { priceListId: id, reason: 'list_deleted' });
  });
}

/** Entries of a list with SKU and product names, optionally filtered by SKU code / name. */
export async function listItems(db: Db, actor: Actor, listId: number, q: { q?: string } & PageParams) {
  await getPriceList(db, actor, listId);
  let qb = db
    .selectFrom('price_list_items as i')
    .innerJoin('skus as s', 's.id', 'i.sku_id')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .select([
      'i.sku_id as skuId', 's.code as skuCode', 'p.id as productId', 'p.name as productName', 's.spec_text as specText', 's.base_price as basePrice',
      's.retail_price as retailPrice', 'i.min_qty as minQty', 'i.fixed_price as fixedPrice', 'i.discount_bp as discountBp',
    ])
    .where('i.price_list_id', '=', listId);
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    qb = qb.where((eb) => eb.or([eb('s.code', 'ilike', like), eb('p.name', 'ilike', like), eb('s.barcode', '=', q.q!)]));
  }
  const ordered = qb.orderBy('s.code').orderBy('i.min_qty');
  type Row = Awaited<ReturnType<typeof ordered.executeTakeFirstOrThrow>>;
  const p = await paginate(ordered as unknown as SelectQueryBuilder<DB, 'price_list_items', Row>, q);
  return { ...p, items: p.items.map((r) => ({ ...r, unitPrice: r.fixedPrice ?? applyBasisPoints(r.basePrice, 10_000 - (r.discountBp ?? 0)) })) };
}

/**
 * Replaces the breaks of every SKU named in `items` (other SKUs of the list stay). All rows are
 * checked first (unknown SKUs, duplicates, mixed forms, rising prices); one bad row and nothing
 * is written. With replaceAll the list keeps only the given SKUs.
 */
export async function replaceItems(db: Kysely<DB>, actor: Actor, listId: number, items: ItemRow[], opts: { replaceAll?: boolean; rowOf?: (i: number) => number | null; action?: string } = {}) {
  await getPriceList(db, actor, listId);
  const rowOf = opts.rowOf ?? ((i: number) => i);
  const issues: RowIssue[] = [];
  const ids = [...new Set(items.map((i) => i.skuId))];
  const known = new Set(
    ids.length ? (await db.selectFrom('skus').select('id').where('id', 'in', ids).execute()).map((r) => Number(r.id)) : [],
  );
  items.forEach((it, i) => {
    if (!known.has(it.skuId)) issues.push({ row: rowOf(i), path: 'skuId', message: `SKU ${it.skuId} 不存在 / unknown SKU id ${it.skuId}` });
  });
  issues.push(...checkBreaks(items, rowOf));
  if (issues.length) throw rowsError(issues);
  return db.transaction().execute(async (trx) => {
    let del = trx.deleteFrom('price_list_items').where('price_list_id', '=', listId);
    if (!opts.replaceAll) del = del.where('sku_id', 'in', ids.length ? ids : [0]);
    const removed = await del.executeTakeFirst();
    for (let k = 0; k < items.length; k += 1000) {
      await trx
        .insertInto('price_list_items')
        .values(items.slice(k, k + 1000).map((it) => ({ price_list_id: listId, sku_id: it.skuId, min_qty: it.minQty, fixed_price: it.fixedPrice ?? null, discount_bp: it.discountBp ?? null })))
        .execute();
    }
    await trx.updateTable('price_lists').set({ updated_at: sql`now()` }).where('id', '=', listId).execute();
    await audit(trx, actor, { action: opts.action ?? 'price_list.items', entityType: 'price_list', entityId: listId, after: { skus: ids.length, rows: items.length, replaceAll: !!opts.replaceAll } });
    await emit(trx, 'pricing.changed', { priceListId: listId, skuIds: ids.slice(0, 1000), reason: 'items' });
    return { skus: ids.length, rows: items.length, replaced: Number(removed.numDeletedRows ?? 0) };
  });
}

export async function deleteItems(db: Kysely<DB>, actor: Actor, listId: number, skuIds: number[]) {
  await getPriceList(db, actor, listId);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('price_list_items').where('price_list_id', '=', listId).where('sku_id', 'in', skuIds).execute();
    await trx.deleteFrom('price_list_moq').where('price_list_id', '=', listId).where('sku_id', 'in', skuIds).execute();
    await audit(trx, actor, { action: 'price_list.items_delete', entityType: 'price_list', entityId: listId, after: { skuIds } });
    await emit(trx, 'pricing.changed', { priceListId: listId, skuIds, reason: 'items_deleted' });
  });
}

/** Bulk percentage: each selected SKU gets one ≥1 entry at `discountBp` off base, replacing its breaks. */
export async function bulkPercent(db: Kysely<DB>, actor: Actor, listId: number, skuIds: number[], discountBp: number) {
  return replaceItems(db, actor, listId, [...new Set(skuIds)].map((skuId) => ({ skuId, minQty: 1, discountBp })), { action: 'price_list.bulk_percent' });
}

export async function listMoq(db: Db, actor: Actor, listId: number) {
  await getPriceList(db, actor, listId);
  return db
    .selectFrom('price_list_moq as m')
    .innerJoin('skus as s', 's.id', 'm.sku_id')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .select(['m.sku_id as skuId', 's.code as skuCode', 'p.name as productName', 'm.moq', 'm.order_multiple as orderMultiple'])
    .where('m.price_list_id', '=', listId)
    .orderBy('s.code')
    .execute();
}

/** Replaces the list's MOQ / order-multiple overrides with the given set. */
export async function putMoq(db: Kysely<DB>, actor: Actor, listId: number, items: { skuId: number; moq: number; orderMultiple: number }[]) {
  await getPriceList(db, actor, listId);
  const issues: FieldIssue[] = [];
  const ids = items.map((i) => i.skuId);
  const known = new Set(ids.length ? (await db.selectFrom('skus').select('id').where('id', 'in', ids).execute()).map((r) => Number(r.id)) : []);
  const seen = new Set<number>();
  items.forEach((it, i) => {
    if (!known.has(it.skuId)) issues.push({ path: `items.${i}.skuId`, message: 'unknown SKU' });
    if (seen.has(it.skuId)) issues.push({ path: `items.${i}.skuId`, message: 'SKU 重复出现 / SKU listed twice' });
    seen.add(it.skuId);
    if (it.moq % it.orderMultiple !== 0) issues.push({ path: `items.${i}.moq`, message: 'the MOQ must be a multiple of the order multiple' });
  });
  if (issues.length) throw validation(issues);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('price_list_moq').where('price_list_id', '=', listId).execute();
    if (items.length) await trx.insertInto('price_list_moq').values(items.map((i) => ({ price_list_id: listId, sku_id: i.skuId, moq: i.moq, order_multiple: i.orderMultiple }))).execute();
    await audit(trx, actor, { action: 'price_list.moq', entityType: 'price_list', entityId: listId, after: items });
    await emit(trx, 'pricing.changed', { priceListId: listId, reason: 'moq' });
  });
  return listMoq(db, actor, listId);
}
