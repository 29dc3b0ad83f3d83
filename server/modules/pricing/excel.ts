import { readTable } from '../../lib/sheet-reader';
import { newWorkbook } from '../../lib/excel';
import type { Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError } from '../../lib/errors';
import { registerMessages } from '../../lib/i18n';
import { applyBasisPoints, formatYuan, parseYuan } from '../../lib/money';
import type { Actor } from '../auth/actor';
import { checkBreaks, getPriceList, replaceItems, rowsError, type ItemRow, type RowIssue } from './lists';

registerMessages({
  IMPORT_NOT_XLSX: { zh: '文件不是有效的表格文件（.xlsx、.xls 或 .csv）', en: 'The file is not a valid spreadsheet (.xlsx, .xls or .csv)' },
  IMPORT_NO_HEADER: { zh: '找不到表头：第一行需要包含“SKU编码”以及“固定价(元)”或“折扣(%)”列', en: 'No header row: the first row needs "SKU code" and "Fixed price" or "Discount %" columns' },
  IMPORT_EMPTY: { zh: '文件中没有价格行', en: 'The file has no price rows' },
  IMPORT_TOO_MANY: { zh: '一次最多导入 {max} 行', en: 'At most {max} rows per import' },
});

export const MAX_IMPORT_ROWS = 20_000;

/** Column headers; import accepts the Chinese or the English header of each column. */
const COLS = {
  code: ['SKU编码', 'SKU code'],
  name: ['商品名称', 'Product'],
  spec: ['规格', 'Spec'],
  base: ['基础价(元)', 'Base price'],
  minQty: ['起订数量(≥)', 'Min qty'],
  fixed: ['固定价(元)', 'Fixed price'],
  discount: ['折扣(%)', 'Discount %'],
  unit: ['成交价(元)', 'Unit price'],
} as const;

export async function exportPriceList(db: Kysely<DB>, actor: Actor, listId: number): Promise<{ filename: string; body: Buffer }> {
  const list = await getPriceList(db, actor, listId);
  const rows = await db
    .selectFrom('price_list_items as i')
    .innerJoin('skus as s', 's.id', 'i.sku_id')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .select(['s.code', 'p.name', 's.spec_text', 's.base_price', 'i.min_qty', 'i.fixed_price', 'i.discount_bp'])
    .where('i.price_list_id', '=', listId)
    .orderBy('s.code')
    .orderBy('i.min_qty')
    .execute();
  const wb = await newWorkbook();
  wb.creator = 'Ordo';
  const ws = wb.addWorksheet('价目表');
  ws.columns = [
    { header: COLS.code[0], key: 'code', width: 18 },
    { header: COLS.name[0], key: 'name', width: 32 },
    { header: COLS.spec[0], key: 'spec', width: 16 },
    { header: COLS.base[0], key: 'base', width: 12 },
    { header: COLS.minQty[0], key: 'minQty', width: 12 },
    { header: COLS.fixed[0], key: 'fixed', width: 12 },
    { header: COLS.discount[0], key: 'discount', width: 10 },
    { header: COLS.unit[0], key: 'unit', width: 12 },
  ];
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const r of rows) {
    const unit = r.fixed_price ?? applyBasisPoints(r.base_price, 10_000 - (r.discount_bp ?? 0));
    ws.addRow({
      code: r.code, name: r.name, spec: r.spec_text, base: Number(formatYuan(r.base_price)), minQty: r.min_qty,
      fixed: r.fixed_price == null ? null : Number(formatYuan(r.fixed_price)), discount: r.discount_bp == null ? null : r.discount_bp / 100, unit: Number(formatYuan(unit)),
    });
  }
  for (const key of ['base', 'fixed', 'unit']) ws.getColumn(key).numFmt = '0.00';
  const body = Buffer.from(await wb.xlsx.writeBuffer());
  const safe = list.name.replace(/[\\/:*?"<>|\r\n]/g, '_');
  return { filename: `${safe}.xlsx`, body };
}


/** "12.5" → 1250 basis points (at most two decimals); null if not a percentage. */
export function parsePercent(s: string): number | null {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?%?$/.exec(s.trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/**
 * Imports a spreadsheet into a price list. Every row is checked (SKU code, numbers, one of fixed
 * price / discount, quantity break ≥ 1, contradictions); errors are reported per spreadsheet row
 * and nothing is written unless all rows are good. SKUs in the file replace their breaks; with
 * replaceAll the list keeps only the file's SKUs. dryRun checks without writing.
 */
export async function importPriceList(db: Kysely<DB>, actor: Actor, listId: number, file: Buffer, opts: { dryRun: boolean; replaceAll: boolean }) {
  await getPriceList(db, actor, listId);
  let sheet: Awaited<ReturnType<typeof readTable>>;
  try {
    sheet = await readTable(file, { fillMerged: true, maxRows: MAX_IMPORT_ROWS + 1 });
  } catch (e) {
    if (e instanceof AppError && e.code === 'SHEET_UNREADABLE') throw new AppError('IMPORT_NOT_XLSX', 400);
    throw e;
  }
  const colOf: Partial<Record<keyof typeof COLS, number>> = {};
  sheet.header.forEach((cell, col) => {
    const h = cell.replace(/\s+/g, ' ').toLowerCase();
    for (const [key, names] of Object.entries(COLS)) if (names.some((n) => n.toLowerCase() === h)) colOf[key as keyof typeof COLS] = col;
  });
  if (colOf.code == null || (colOf.fixed == null && colOf.discount == null)) throw new AppError('IMPORT_NO_HEADER', 400);

  const raw: { row: number; code: string; minQty: string; fixed: string; discount: string }[] = [];
  for (const r of sheet.rows) {
    const get = (k: keyof typeof COLS) => (colOf[k] != null ? r.cells[colOf[k]!] ?? '' : '');
    const rec = { row: r.row, code: get('code'), minQty: get('minQty'), fixed: get('fixed'), discount: get('discount') };
    if (rec.code || rec.fixed || rec.discount || rec.minQty) raw.push(rec);
  }
  if (!raw.length) throw new AppError('IMPORT_EMPTY', 400);
  if (raw.length > MAX_IMPORT_ROWS) throw new AppError('IMPORT_TOO_MANY', 400, { max: MAX_IMPORT_ROWS });

  const codes = [...new Set(raw.map((r) => r.code.toLowerCase()).filter(Boolean))];
  const skuRows = codes.length ? await db.selectFrom('skus').select(['id', 'code']).where((eb) => eb(eb.fn('lower', ['code']), 'in', codes)).execute() : [];
  const idOf = new Map(skuRows.map((s) => [s.code.toLowerCase(), Number(s.id)]));

  const issues: RowIssue[] = [];
  const items: ItemRow[] = [];
  const rowNums: number[] = [];
  for (const r of raw) {
    const before = issues.length;
    const skuId = idOf.get(r.code.toLowerCase());
    if (!r.code) issues.push({ row: r.row, path: 'SKU编码', message: '缺少 SKU 编码 / missing SKU code' });
    else if (!skuId) issues.push({ row: r.row, path: 'SKU编码', message: `SKU 编码“${r.code.slice(0, 50)}”不存在 / unknown SKU code "${r.code.slice(0, 50)}"` });
    const minQty = r.minQty === '' ? 1 : Number(r.minQty);
    if (!Number.isInteger(minQty) || minQty < 1 || minQty > 10_000_000) issues.push({ row: r.row, path: '起订数量', message: `起订数量须为 ≥1 的整数，当前为“${r.minQty}” / quantity break must be a whole number ≥ 1, got "${r.minQty}"` });
    let fixedPrice: number | null = null;
    let discountBp: number | null = null;
    if (r.fixed && r.discount) issues.push({ row: r.row, path: '固定价', message: '固定价和折扣只能填一个 / give either a fixed price or a discount, not both' });
    else if (r.fixed) {
      fixedPrice = parseYuan(r.fixed);
      if (fixedPrice == null || fixedPrice < 0 || fixedPrice > 1_000_000_000_000) issues.push({ row: r.row, path: '固定价', message: `固定价须为不小于 0 的金额（元，最多两位小数），当前为“${r.fixed}” / price must be a non-negative amount in yuan with at most 2 decimals, got "${r.fixed}"` });
    } else if (r.discount) {
      discountBp = parsePercent(r.discount);
      if (discountBp == null || discountBp > 10_000) issues.push({ row: r.row, path: '折扣', message: `折扣须在 0 到 100（%）之间，当前为“${r.discount}” / discount must be between 0 and 100 (%), got "${r.discount}"` });
    } else issues.push({ row: r.row, path: '固定价', message: '请填写固定价或折扣 / a fixed price or a discount is required' });
    if (issues.length === before) {
      items.push({ skuId: skuId!, minQty, fixedPrice, discountBp });
      rowNums.push(r.row);
    }
  }
  issues.push(...checkBreaks(items, (i) => rowNums[i]));
  if (issues.length) throw rowsError(issues.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)));
  if (opts.dryRun) return { dryRun: true, rows: items.length, skus: new Set(items.map((i) => i.skuId)).size, replaced: 0, errors: [] };
  const r = await replaceItems(db, actor, listId, items, { replaceAll: opts.replaceAll, rowOf: (i) => rowNums[i], action: 'price_list.import' });
  return { dryRun: false, rows: r.rows, skus: r.skus, replaced: r.replaced, errors: [] };
}
