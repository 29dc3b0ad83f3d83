import { AppError } from '../../lib/errors';
import { registerMessages } from '../../lib/i18n';
import { readSheetFile, type SheetRow } from '../../lib/sheet-reader';

/**
 * Quick-order input parsing: text pasted from a spreadsheet, or an .xlsx / .xls / .csv file (read
 * by server/lib/sheet-reader.ts), into rows of (code, quantity text, unit); the service decides
 * what each row means.
 * Full-width characters (１２, ＡＢ) are folded with NFKC; "2箱" in the quantity cell is a
 * quantity with its unit; formulas count by their cached result; merged cells count once.
 */
registerMessages({
  TOO_MANY_ROWS: { zh: '一次最多 {max} 行，当前 {n} 行，请分批添加', en: 'At most {max} rows at a time (got {n}); add them in batches' },
  FILE_UNREADABLE: { zh: '请选择文件：.xlsx、.xls 或 .csv', en: 'Choose a file: .xlsx, .xls or .csv' },
});

export const MAX_ROWS = 1000;

export interface RawRow {
  /** 1-based row number in what the buyer pasted or uploaded */
  row: number;
  code: string;
  qty: string;
  unit: string;
}

// NUL as well: PostgreSQL text cannot hold it, and pasted it is never part of a code or unit
export const fold = (s: string) => s.normalize('NFKC').replace(/[\u200b\ufeff]/g, '').replaceAll('\0', '').trim();

/** "12", "１２", "2箱", "2 箱" → { qty, unit }; anything else (1.5, -1, 0, abc) → null. */
export function parseQty(text: string): { qty: number; unit: string | null } | null {
  const m = /^\+?(\d{1,12})(?:\.0+)?\s*([^\d\s.,+-][^\d]*)?$/.exec(fold(text).replace(/,(?=\d{3}\b)/g, ''));
  if (!m) return null;
  const qty = Number(m[1]);
  if (!Number.isSafeInteger(qty) || qty <= 0) return null;
  return { qty, unit: m[2] ? m[2].trim() : null };
}

const isHeader = (cells: string[]) => cells.some((c) => /编码|货号|编号|条码|code|sku/i.test(c)) && !cells.some((c) => parseQty(c) && /^\d/.test(fold(c)));

/** Column positions from a header row, else code, qty, unit in that order. */
function columns(header: string[] | null): { code: number; qty: number; unit: number } {
  const find = (re: RegExp) => (header ? header.findIndex((c) => re.test(c)) : -1);
  const code = find(/编码|货号|编号|code|sku/i);
  const qty = find(/数量|订购|qty|quantity/i);
  const unit = find(/单位|unit/i);
  return { code: code >= 0 ? code : 0, qty: qty >= 0 ? qty : 1, unit: unit >= 0 ? unit : 2 };
}

/** Turns a grid of cells (rows of strings) into rows, skipping empty rows and a header row. */
export function rowsFromGrid(grid: string[][]): RawRow[] {
  return rowsFromSheet(grid.map((cells, i) => ({ row: i + 1, cells })));
}

/** Rows read from a file (with their spreadsheet row numbers) into quick-order rows. */
export function rowsFromSheet(sheet: SheetRow[]): RawRow[] {
  const rows: RawRow[] = [];
  let cols = columns(null);
  let seenContent = false;
  sheet.forEach(({ row, cells: raw }) => {
    const cells = raw.map((c) => fold(c ?? ''));
    if (cells.every((c) => c === '')) return;
    if (!seenContent) {
      seenContent = true;
      if (isHeader(cells)) {
        cols = columns(cells);
        return;
      }
    }
    rows.push({ row, code: cells[cols.code] ?? '', qty: cells[cols.qty] ?? '', unit: cells[cols.unit] ?? '' });
  });
  if (rows.length > MAX_ROWS) throw new AppError('TOO_MANY_ROWS', 400, { max: MAX_ROWS, n: rows.length });
  return rows;
}

/** Pasted text: tab-separated (copied cells), else comma / full-width comma, else spaces. */
export function rowsFromText(text: string): RawRow[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines.length > MAX_ROWS * 2) throw new AppError('TOO_MANY_ROWS', 400, { max: MAX_ROWS, n: lines.length });
  return rowsFromGrid(lines.map((l) => (l.includes('\t') ? l.split('\t') : /[,，]/.test(l) ? l.split(/[,，]/) : l.trim().split(/\s+/))));
}

/** An uploaded .xlsx, .xls or CSV (UTF-8 or GBK) file into rows, through the one file reader. */
export async function rowsFromFile(buf: Buffer): Promise<RawRow[]> {
  try {
    const { rows } = await readSheetFile(buf, { maxRows: MAX_ROWS * 2, maxColumns: 20 });
    return rowsFromSheet(rows);
  } catch (e) {
    if (e instanceof AppError && e.code === 'SHEET_TOO_MANY_ROWS') throw new AppError('TOO_MANY_ROWS', 400, { max: MAX_ROWS, n: `${MAX_ROWS * 2}+` });
    throw e;
  }
}
