import { readTable } from '../../lib/sheet-reader';
import { newWorkbook } from '../../lib/excel';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError, badRequest, conflict, notFound } from '../../lib/errors';
import { registerMessages } from '../../lib/i18n';
import type { PageParams } from '../../lib/pagination';
import { audit } from '../platform/audit';
import type { Actor } from '../auth/actor';
import { applyMovements, MAX_QTY } from './stock';
import { activeWarehouse } from './warehouses';

type Q = Kysely<DB> | Transaction<DB>;

registerMessages({
  STOCKTAKE_NOT_OPEN: { zh: '盘点单 {number} 已{status}，不能再修改', en: 'Stocktake {number} is {status}; it can no longer be changed' },
  STOCKTAKE_NOT_ON_SHEET: { zh: '以下 SKU 不在盘点单上：{ids}', en: 'These SKUs are not on the count sheet: {ids}' },
  STOCKTAKE_NOTHING_COUNTED: { zh: '盘点单还没有录入任何实盘数量', en: 'No counted quantity has been entered on this stocktake yet' },
  STOCKTAKE_IMPORT_INVALID: { zh: '导入文件有 {count} 行错误，未做任何修改', en: '{count} rows of the file have errors; nothing was changed' },
  STOCKTAKE_IMPORT_HEADER: { zh: '找不到表头：第一行需要包含“SKU编码”和“实盘数量”列', en: 'No header row: the first row needs "SKU code" and "Counted" columns' },
  IMPORT_NOT_XLSX: { zh: '文件不是有效的表格文件（.xlsx、.xls 或 .csv）', en: 'The file is not a valid spreadsheet (.xlsx, .xls or .csv)' },
});

const ENTITY = '盘点单 / stocktake';
export const stocktakeNumber = (id: number) => `PD${String(id).padStart(6, '0')}`;
const STATUS_ZH: Record<string, string> = { posted: '过账', cancelled: '作废', counting: '盘点中' };

async function header(db: Q, id: number, lock = false) {
  let qb = db
    .selectFrom('stocktakes as s')
    .innerJoin('warehouses as w', 'w.id', 's.warehouse_id')
    .leftJoin('users as cu', 'cu.id', 's.created_by')
    .leftJoin('users as pu', 'pu.id', 's.posted_by')
    .select(['s.id', 's.warehouse_id as warehouseId', 'w.name as warehouseName', 's.status', 's.note', 'cu.name as createdBy', 's.created_at as createdAt', 'pu.name as postedBy', 's.posted_at as postedAt'])
    .where('s.id', '=', id);
  if (lock) qb = qb.forUpdate('s');
  const h = await qb.executeTakeFirst();
  if (!h) throw notFound(ENTITY);
  return { ...h, number: stocktakeNumber(h.id) };
}

const assertOpen = (h: { status: string; number: string }) => {
  if (h.status !== 'counting') throw conflict('STOCKTAKE_NOT_OPEN', { number: h.number, status: STATUS_ZH[h.status] ?? h.status });
};

/** Opens a count sheet for a warehouse: every active SKU (of a category, if given) with its on hand now. */
export async function createStocktake(db: Kysely<DB>, actor: Actor, input: { warehouseId: number; note?: string | null; categoryId?: number | null }) {
  return db.transaction().execute(async (trx) => {
    await activeWarehouse(trx, input.warehouseId);
    const st = await trx.insertInto('stocktakes').values({ warehouse_id: input.warehouseId, note: input.note ?? null, created_by: actor.userId, posted_by: null, posted_at: null }).returning('id').executeTakeFirstOrThrow();
    const category = input.categoryId
      ? sql`and p.category_id in (with recursive c(id) as (select id from categories where id = ${input.categoryId} union all select k2.id from categories k2 join c on k2.parent_id = c.id) select id from c)`
      : sql``;
    await sql`
      insert into stocktake_lines (stocktake_id, sku_id, snapshot_qty)
      select ${st.id}, k.id, coalesce(sl.on_hand, 0)
      from skus k join products p on p.id = k.product_id
      left join stock_levels sl on sl.sku_id = k.id and sl.warehouse_id = ${input.warehouseId}
      where (k.active or coalesce(sl.on_hand, 0) > 0) ${category}`.execute(trx);
    await audit(trx, actor, { action: 'stocktake.create', entityType: 'stocktake', entityId: st.id, after: input });
    return st.id;
  });
}

export function listStocktakes(db: Q, q: PageParams & { warehouseId?: number; status?: 'counting' | 'posted' | 'cancelled' }) {
  let qb = db
    .selectFrom('stocktakes as s')
    .innerJoin('warehouses as w', 'w.id', 's.warehouse_id')
    .select([
      's.id', 's.warehouse_id as warehouseId', 'w.name as warehouseName', 's.status', 's.note', 's.created_at as createdAt', 's.posted_at as postedAt',
      sql<number>`(select count(*)::int from stocktake_lines l where l.stocktake_id = s.id)`.as('lines'),
      sql<number>`(select count(*)::int from stocktake_lines l where l.stocktake_id = s.id and l.counted_qty is not null)`.as('counted'),
    ]);
  if (q.warehouseId) qb = qb.where('s.warehouse_id', '=', q.warehouseId);
  if (q.status) qb = qb.where('s.status', '=', q.status);
  return Promise.all([
    qb.orderBy('s.id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    qb.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]).then(([rows, c]) => ({ items: rows.map((r) => ({ ...r, number: stocktakeNumber(r.id) })), total: Number(c.n), page: q.page, pageSize: q.pageSize }));
}

/**
 * The count sheet with its difference report. While counting, a difference is counted − on hand
 * now (the warehouse should not ship while it counts); after posting it is what was posted.
 */
export async function getStocktake(db: Q, id: number, opts: { onlyDifferences?: boolean } = {}) {
  const h = await header(db, id);
  const lines = await db
    .selectFrom('stocktake_lines as l')
    .innerJoin('skus as k', 'k.id', 'l.sku_id')
    .innerJoin('products as p', 'p.id', 'k.product_id')
    .leftJoin('stock_levels as sl', (j) => j.onRef('sl.sku_id', '=', 'l.sku_id').on('sl.warehouse_id', '=', h.warehouseId))
    .select([
      'l.sku_id as skuId', 'k.code as skuCode', 'p.name as productName', 'k.spec_text as specText', 'l.snapshot_qty as snapshotQty',
      sql<number>`coalesce(sl.on_hand, 0)`.as('onHand'), 'l.counted_qty as countedQty', 'l.posted_diff as postedDiff',
    ])
    .where('l.stocktake_id', '=', id)
    .orderBy('k.code')
    .execute();
  const withDiff = lines.map((l) => ({ ...l, difference: h.status === 'posted' ? l.postedDiff : l.countedQty == null ? null : l.countedQty - l.onHand }));
  const summary = {
    lines: lines.length,
    counted: withDiff.filter((l) => l.countedQty != null).length,
    withDifference: withDiff.filter((l) => l.difference != null && l.difference !== 0).length,
    gain: withDiff.reduce((a, l) => a + Math.max(0, l.difference ?? 0), 0),
    loss: withDiff.reduce((a, l) => a + Math.min(0, l.difference ?? 0), 0),
  };
  return { ...h, summary, lines: opts.onlyDifferences ? withDiff.filter((l) => l.difference) : withDiff };
}

/** Records counted quantities (0 is a count; null clears one). SKUs must be on the sheet. */
export async function enterCounts(db: Kysely<DB>, actor: Actor, id: number, lines: { skuId: number; countedQty: number | null }[]) {
  const ids = lines.map((l) => l.skuId);
  const dup = ids.find((x, i) => ids.indexOf(x) !== i);
  if (dup !== undefined) throw badRequest('DUPLICATE_SKU', { skuId: dup });
  await db.transaction().execute(async (trx) => {
    assertOpen(await header(trx, id, true));
    const on = new Set((await trx.selectFrom('stocktake_lines').select('sku_id').where('stocktake_id', '=', id).where('sku_id', 'in', ids).execute()).map((r) => r.sku_id));
    const off = lines.map((l, i) => ({ l, i })).filter(({ l }) => !on.has(l.skuId));
    if (off.length) throw badRequest('STOCKTAKE_NOT_ON_SHEET', { ids: off.map((o) => o.l.skuId).join(', ') }, off.map((o) => ({ path: `lines.${o.i}.skuId`, message: 'not on this count sheet' })));
    await sql`
      update stocktake_lines l set counted_qty = v.q
      from (values ${sql.join(lines.map((l) => sql`(${l.skuId}::bigint, ${l.countedQty}::int)`))}) as v(sku_id, q)
      where l.stocktake_id = ${id} and l.sku_id = v.sku_id`.execute(trx);
    await trx.updateTable('stocktakes').set({ updated_at: sql`now()` }).where('id', '=', id).execute();
    await audit(trx, actor, { action: 'stocktake.count', entityType: 'stocktake', entityId: id, after: { lines: lines.length } });
  });
  return getStocktake(db, id);
}

/** Column headers of the count sheet; import accepts the Chinese or English header. */
const COLS = { code: ['SKU编码', 'SKU code'], name: ['商品名称', 'Product'], spec: ['规格', 'Spec'], book: ['账面数量', 'Book qty'], counted: ['实盘数量', 'Counted'] } as const;

/** The count sheet as .xlsx for counting on paper or a tablet; fill in 实盘数量 and import it back. */
export async function exportCountSheet(db: Q, id: number): Promise<Buffer> {
  const st = await getStocktake(db, id);
  const wb = await newWorkbook();
  wb.creator = 'Ordo';
  const ws = wb.addWorksheet(st.number);
  ws.columns = [
    { header: COLS.code[0], key: 'code', width: 18 }, { header: COLS.name[0], key: 'name', width: 32 }, { header: COLS.spec[0], key: 'spec', width: 16 },
    { header: COLS.book[0], key: 'book', width: 12 }, { header: COLS.counted[0], key: 'counted', width: 12 },
  ];
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const l of st.lines) ws.addRow({ code: l.skuCode, name: l.productName, spec: l.specText, book: l.onHand, counted: l.countedQty });
  return Buffer.from(await wb.xlsx.writeBuffer());
}


/** Imports counted quantities from an .xlsx count sheet; per-row errors, all or nothing. Empty counts are skipped. */
export async function importCounts(db: Kysely<DB>, actor: Actor, id: number, file: Buffer) {
  assertOpen(await header(db, id));
  let table: Awaited<ReturnType<typeof readTable>>;
  try {
    table = await readTable(file, { maxRows: 100_000 });
  } catch (e) {
    if (e instanceof AppError && e.code === 'SHEET_UNREADABLE') throw new AppError('IMPORT_NOT_XLSX', 400);
    throw e;
  }
  const colOf: Partial<Record<keyof typeof COLS, number>> = {};
  table.header.forEach((cell, col) => {
    const h = cell.toLowerCase();
    for (const [k, names] of Object.entries(COLS)) if (names.some((n) => n.toLowerCase() === h)) colOf[k as keyof typeof COLS] = col;
  });
  if (colOf.code == null || colOf.counted == null) throw new AppError('STOCKTAKE_IMPORT_HEADER', 400);
  const raw: { row: number; code: string; counted: string }[] = [];
  for (const r of table.rows) {
    const code = r.cells[colOf.code] ?? '';
    const counted = r.cells[colOf.counted] ?? '';
    if (code || counted) raw.push({ row: r.row, code, counted });
  }
  const sheet = await db
    .selectFrom('stocktake_lines as l')
    .innerJoin('skus as k', 'k.id', 'l.sku_id')
    .select(['k.id', 'k.code'])
    .where('l.stocktake_id', '=', id)
    .execute();
  const idOf = new Map(sheet.map((s) => [s.code.toLowerCase(), s.id]));
  const issues: { row: number; path: string; message: string }[] = [];
  const lines: { skuId: number; countedQty: number }[] = [];
  const seen = new Set<number>();
  for (const r of raw) {
    if (r.counted === '') continue;
    const skuId = idOf.get(r.code.toLowerCase());
    const q = Number(r.counted);
    if (!skuId) issues.push({ row: r.row, path: COLS.code[0], message: r.code ? `SKU "${r.code.slice(0, 50)}" is not on this count sheet` : 'missing SKU code' });
    else if (seen.has(skuId)) issues.push({ row: r.row, path: COLS.code[0], message: `SKU "${r.code.slice(0, 50)}" appears more than once` });
    if (!/^\d+$/.test(r.counted) || !Number.isSafeInteger(q) || q > MAX_QTY) issues.push({ row: r.row, path: COLS.counted[0], message: `counted quantity must be a whole number from 0 to ${MAX_QTY}, got "${r.counted.slice(0, 20)}"` });
    if (skuId && !seen.has(skuId)) seen.add(skuId);
    if (skuId && /^\d+$/.test(r.counted) && q <= MAX_QTY) lines.push({ skuId, countedQty: q });
  }
  if (issues.length) throw badRequest('STOCKTAKE_IMPORT_INVALID', { count: new Set(issues.map((i) => i.row)).size }, issues);
  if (lines.length) await enterCounts(db, actor, id, lines);
  return { rows: raw.length, updated: lines.length };
}

/**
 * Posts the differences: for each counted SKU, counted − on hand (rows locked first, so nothing
 * ships in between) becomes one 'stocktake' ledger row. Uncounted lines post nothing.
 */
export async function postStocktake(db: Kysely<DB>, actor: Actor, id: number) {
  await db.transaction().execute(async (trx) => {
    const h = await header(trx, id, true);
    assertOpen(h);
    await activeWarehouse(trx, h.warehouseId);
    const counted = await trx.selectFrom('stocktake_lines').select(['sku_id', 'counted_qty']).where('stocktake_id', '=', id).where('counted_qty', 'is not', null).orderBy('sku_id').execute();
    if (counted.length === 0) throw badRequest('STOCKTAKE_NOTHING_COUNTED');
    const skuIds = counted.map((c) => c.sku_id);
    const onHand = new Map(
      (await trx.selectFrom('stock_levels').select(['sku_id', 'on_hand']).where('warehouse_id', '=', h.warehouseId).where('sku_id', 'in', skuIds).orderBy('sku_id').forUpdate().execute()).map((r) => [r.sku_id, r.on_hand]),
    );
    const diffs = counted.map((c) => ({ skuId: c.sku_id, diff: c.counted_qty! - (onHand.get(c.sku_id) ?? 0) }));
    await applyMovements(
      trx, actor,
      diffs.filter((d) => d.diff !== 0).map((d) => ({ skuId: d.skuId, warehouseId: h.warehouseId, type: 'stocktake' as const, qty: d.diff, documentType: 'stocktake', documentId: id, documentNo: h.number, reason: `盘点 ${h.number}` })),
      'stocktake',
    );
    await sql`
      update stocktake_lines l set posted_diff = v.d
      from (values ${sql.join(diffs.map((d) => sql`(${d.skuId}::bigint, ${d.diff}::int)`))}) as v(sku_id, d)
      where l.stocktake_id = ${id} and l.sku_id = v.sku_id`.execute(trx);
    await trx.updateTable('stocktakes').set({ status: 'posted', posted_by: actor.userId, posted_at: sql`now()`, updated_at: sql`now()` }).where('id', '=', id).execute();
    await audit(trx, actor, { action: 'stocktake.post', entityType: 'stocktake', entityId: id, after: { differences: diffs.filter((d) => d.diff !== 0) } });
  });
  return getStocktake(db, id);
}

export async function cancelStocktake(db: Kysely<DB>, actor: Actor, id: number) {
  await db.transaction().execute(async (trx) => {
    assertOpen(await header(trx, id, true));
    await trx.updateTable('stocktakes').set({ status: 'cancelled', updated_at: sql`now()` }).where('id', '=', id).execute();
    await audit(trx, actor, { action: 'stocktake.cancel', entityType: 'stocktake', entityId: id });
  });
  return getStocktake(db, id);
}
