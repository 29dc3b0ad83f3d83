import type ExcelJS from 'exceljs';
import { newWorkbook } from '../../lib/excel';
import { AppError } from '../../lib/errors';
import { registerMessages } from '../../lib/i18n';

/**
 * Quick-order input parsing: text pasted from a spreadsheet, or an .xlsx / .csv file, into rows
 * of (code, quantity text, unit). Pure functions; the service decides what each row means.
 * Full-width characters (１２, ＡＢ) are folded with NFKC; "2箱" in the quantity cell is a
 * quantity with its unit; formulas count by their cached result; merged cells count once.
 */
registerMessages({
  TOO_MANY_ROWS: { zh: '一次最多 {max} 行，当前 {n} 行，请分批添加', en: 'At most {max} rows at a time (got {n}); add them in batches' },
  FILE_UNREADABLE: { zh: '无法读取文件：请上传 .xlsx 或 .csv 文件', en: 'Cannot read the file: upload an .xlsx or .csv file' },
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
  const rows: RawRow[] = [];
  let cols = columns(null);
  let seenContent = false;
  grid.forEach((raw, i) => {
    const cells = raw.map((c) => fold(c ?? ''));
    if (cells.every((c) => c === '')) return;
    if (!seenContent) {
      seenContent = true;
      if (isHeader(cells)) {
        cols = columns(cells);
        return;
      }
    }
    rows.push({ row: i + 1, code: cells[cols.code] ?? '', qty: cells[cols.qty] ?? '', unit: cells[cols.unit] ?? '' });
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

/** Minimal RFC 4180 CSV: quoted fields, doubled quotes, CRLF. */
export function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      out.push(row);
      row = [];
      cell = '';
      if (out.length > MAX_ROWS * 2) throw new AppError('TOO_MANY_ROWS', 400, { max: MAX_ROWS, n: out.length });
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    out.push(row);
  }
  return out;
}

/** CSV saved by Excel in China is often GBK: decode as UTF-8 when valid, else GB18030. */
export function decodeText(buf: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\ufeff/, '');
  } catch {
    return new TextDecoder('gb18030').decode(buf);
  }
}

function cellText(cell: ExcelJS.Cell): string {
  if (cell.isMerged && cell.master.address !== cell.address) return '';
  const v = cell.value;
  if (v == null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('result' in v) return v.result == null || typeof v.result === 'object' ? '' : String(v.result);
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
  }
  return '';
}

/** An uploaded .xlsx (first sheet) or .csv into rows. */
export async function rowsFromFile(buf: Buffer, filename: string): Promise<RawRow[]> {
  const isZip = buf.length > 4 && buf[0] === 0x50 && buf[1] === 0x4b;
  if (!isZip) {
    if (/\.xlsx?$/i.test(filename) || buf.includes(0)) throw new AppError('FILE_UNREADABLE', 400);
    return rowsFromGrid(parseCsv(decodeText(buf)));
  }
  const wb = await newWorkbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw new AppError('FILE_UNREADABLE', 400);
  }
  const ws = wb.worksheets[0];
  if (!ws) return [];
  if (ws.rowCount > MAX_ROWS * 2) throw new AppError('TOO_MANY_ROWS', 400, { max: MAX_ROWS, n: ws.rowCount });
  const grid: string[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= Math.min(ws.columnCount, 20); c++) cells.push(cellText(row.getCell(c)));
    grid.push(cells);
  }
  return rowsFromGrid(grid);
}
