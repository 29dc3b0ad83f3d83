import type ExcelJS from 'exceljs';
import { parse as parseCsvSync } from 'csv-parse/sync';
import { newWorkbook } from './excel';
import { AppError } from './errors';
import { registerMessages } from './i18n';

/**
 * The one file reader (issue 19): every spreadsheet import and quick order read uploads here.
 * - .xlsx through exceljs (SheetJS when exceljs cannot open it); .xls (BIFF), and the HTML /
 *   XML "xls" files many ERPs export, through SheetJS (the `@e965/xlsx` build of SheetJS 0.20).
 * - CSV (or tab-separated text) through csv-parse, decoded from UTF-8 (with or without BOM),
 *   UTF-16 with BOM (Excel's "Unicode text"), else GB18030 (a superset of GBK, what Excel in
 *   China saves).
 * - Formulas read as their cached values; dates as YYYY-MM-DD; numbers without float noise.
 * - Merged cells: by default the value stands in the merge's first cell only (quick order: a
 *   merged quantity counts once); `fillMerged` copies it into every cell of the range (imports:
 *   a product name merged down its SKU rows names each of them).
 * - Every cell is trimmed (also full-width spaces, NBSP, zero-width characters); trailing blank
 *   cells and blank rows are dropped. Full-width ASCII (１２, ＡＢ, ．) is folded to ASCII in a
 *   cell written only in ASCII and its full-width forms, so a code or number typed with a
 *   Chinese input method reads the same as one typed in ASCII, while names keep their （）and ，.
 */

registerMessages({
  SHEET_UNREADABLE: { zh: '无法读取文件：请上传 .xlsx、.xls 或 .csv 文件', en: 'Cannot read the file: upload an .xlsx, .xls or .csv file' },
  SHEET_TOO_MANY_ROWS: { zh: '文件最多 {max} 行数据，当前超过此数，请拆分成多个文件', en: 'The file may have at most {max} data rows; split it into several files' },
});

export interface SheetRow {
  /** 1-based row number as the spreadsheet shows it */
  row: number;
  cells: string[];
}
export interface ReadOptions {
  /** data rows beyond this → 400 SHEET_TOO_MANY_ROWS (default 200,000) */
  maxRows?: number;
  /** columns read (default 100) */
  maxColumns?: number;
  fillMerged?: boolean;
  /** a sheet of this name is read when the workbook has one, else the first sheet */
  sheetName?: string;
}
export type Format = 'xlsx' | 'xls' | 'csv';

const BLANKS = /^(?:\s|\u00a0|\u3000|\u200b|\u200c|\u200d|\u2060|\ufeff)+|(?:\s|\u00a0|\u3000|\u200b|\u200c|\u200d|\u2060|\ufeff)+$/g;
const ONLY_ASCII_OR_FULLWIDTH = /^[\x20-\x7e\uff01-\uff5e\u3000]*$/;

/** Trims a cell and folds full-width ASCII in a cell written only in ASCII and its full-width forms. */
export function normalizeCell(s: string): string {
  let t = s.replaceAll('\0', '').replace(BLANKS, '');
  if (/[\uff01-\uff5e]/.test(t) && ONLY_ASCII_OR_FULLWIDTH.test(t)) {
    t = t.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ').trim();
  }
  return t;
}

/** A number as a person would type it: 12.5, not 12.499999999999998; integers in full. */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return '';
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? BigInt(n).toString() : String(n);
  return String(Number(n.toPrecision(15)));
}

const dateText = (d: Date) => (Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10));

export function detectFormat(buf: Buffer): Format | 'html' {
  if (buf.length > 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04) return 'xlsx';
  if (buf.length > 8 && buf.readUInt32BE(0) === 0xd0cf11e0 && buf.readUInt32BE(4) === 0xa1b11ae1) return 'xls';
  const head = buf.subarray(0, 512).toString('latin1').replace(/^\ufeff|^\xef\xbb\xbf/, '').trimStart().toLowerCase();
  if (head.startsWith('<?xml') || head.startsWith('<html') || head.startsWith('<!doctype html') || head.startsWith('<table')) return 'html';
  return 'csv';
}

/** Bytes of a CSV / text file as text: UTF-8 (BOM or not), UTF-16 with BOM, else GB18030 (GBK). */
export function decodeText(buf: Buffer): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return new TextDecoder('utf-16le').decode(buf.subarray(2));
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return new TextDecoder('utf-16be').decode(buf.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\ufeff/, '');
  } catch {
    return new TextDecoder('gb18030').decode(buf);
  }
}

/** CSV text into rows of cells: commas, or tabs when the first line has tabs and no commas. */
export function parseDelimited(text: string, maxRows = Infinity): string[][] {
  const firstLine = text.slice(0, text.search(/\r|\n/) >>> 0);
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  try {
    return parseCsvSync(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, to_line: Number.isFinite(maxRows) ? maxRows + 2 : undefined }) as string[][];
  } catch {
    throw new AppError('SHEET_UNREADABLE', 400);
  }
}

type Grid = (string | undefined)[][];

function excelCell(v: ExcelJS.CellValue): string {
  if (v == null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return dateText(v);
  if (typeof v === 'object') {
    if ('result' in v) return v.result == null || (typeof v.result === 'object' && !(v.result instanceof Date)) ? '' : excelCell(v.result as ExcelJS.CellValue);
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('sharedFormula' in v) return '';
  }
  return '';
}

async function readWithExcelJs(buf: Buffer, o: Required<Pick<ReadOptions, 'maxRows' | 'maxColumns'>> & ReadOptions): Promise<Grid> {
  const wb = await newWorkbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = (o.sheetName && wb.getWorksheet(o.sheetName)) || wb.worksheets.find((w) => w.state !== 'hidden') || wb.worksheets[0];
  if (!ws) return [];
  if (ws.actualRowCount > o.maxRows + 1) throw new AppError('SHEET_TOO_MANY_ROWS', 400, { max: o.maxRows });
  const width = Math.min(ws.columnCount, o.maxColumns);
  const grid: Grid = [];
  ws.eachRow({ includeEmpty: false }, (r, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) {
      const cell = r.getCell(c);
      if (cell.isMerged && cell.master.address !== cell.address) cells.push(o.fillMerged ? excelCell(cell.master.value) : '');
      else cells.push(excelCell(cell.value));
    }
    grid[n - 1] = cells;
  });
  return grid;
}

async function readWithSheetJs(buf: Buffer, o: Required<Pick<ReadOptions, 'maxRows' | 'maxColumns'>> & ReadOptions): Promise<Grid> {
  const X = await import('@e965/xlsx');
  const wb = X.read(buf, { type: 'buffer', cellDates: true, cellFormula: false, cellHTML: false, dense: false, sheetRows: o.maxRows + 2 });
  const name = (o.sheetName && wb.SheetNames.includes(o.sheetName) ? o.sheetName : undefined) ?? wb.SheetNames[0];
  const ws = name ? wb.Sheets[name] : undefined;
  if (!ws || !ws['!ref']) return [];
  const range = X.utils.decode_range(ws['!ref']);
  if (range.e.r - range.s.r > o.maxRows) throw new AppError('SHEET_TOO_MANY_ROWS', 400, { max: o.maxRows });
  const text = (c: { t?: string; v?: unknown; w?: string } | undefined): string => {
    if (!c || c.v == null) return '';
    if (c.t === 'n') return numberText(c.v as number);
    if (c.t === 'd' || c.v instanceof Date) return dateText(c.v as Date);
    if (c.t === 'b') return c.v ? 'TRUE' : 'FALSE';
    if (c.t === 'e') return '';
    return String(c.v);
  };
  const grid: Grid = [];
  const lastCol = Math.min(range.e.c, o.maxColumns - 1);
  for (let r = 0; r <= range.e.r; r++) {
    const cells: string[] = [];
    for (let c = 0; c <= lastCol; c++) cells.push(text(ws[X.utils.encode_cell({ r, c })] as never));
    grid[r] = cells;
  }
  for (const m of ws['!merges'] ?? []) {
    const value = grid[m.s.r]?.[m.s.c] ?? '';
    for (let r = m.s.r; r <= m.e.r; r++) {
      for (let c = m.s.c; c <= Math.min(m.e.c, lastCol); c++) {
        if ((r !== m.s.r || c !== m.s.c) && grid[r]) grid[r]![c] = o.fillMerged ? value : '';
      }
    }
  }
  return grid;
}

/**
 * Reads an uploaded .xlsx / .xls / CSV file (told apart by content, not by name) into its
 * non-blank rows, each with the row number the spreadsheet shows. Unreadable → 400.
 */
export async function readSheetFile(buf: Buffer, opts: ReadOptions = {}): Promise<{ format: Format; rows: SheetRow[] }> {
  const o = { maxRows: 200_000, maxColumns: 100, ...opts };
  const kind = detectFormat(buf);
  let grid: Grid;
  if (kind === 'csv') {
    if (buf.subarray(0, 4096).includes(0) && !(buf[0] === 0xff && buf[1] === 0xfe) && !(buf[0] === 0xfe && buf[1] === 0xff)) throw new AppError('SHEET_UNREADABLE', 400);
    grid = parseDelimited(decodeText(buf), o.maxRows).map((r) => r.slice(0, o.maxColumns));
  } else {
    try {
      if (kind === 'xlsx') {
        try {
          grid = await readWithExcelJs(buf, o);
        } catch (e) {
          if (e instanceof AppError) throw e;
          grid = await readWithSheetJs(buf, o);
        }
      } else grid = await readWithSheetJs(buf, o);
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError('SHEET_UNREADABLE', 400);
    }
  }
  const rows: SheetRow[] = [];
  grid.forEach((raw, i) => {
    if (!raw) return;
    const cells = Array.from(raw, (c) => normalizeCell(c ?? ''));
    while (cells.length && cells[cells.length - 1] === '') cells.pop();
    if (cells.length) rows.push({ row: i + 1, cells });
  });
  if (rows.length > o.maxRows + 1) throw new AppError('SHEET_TOO_MANY_ROWS', 400, { max: o.maxRows });
  return { format: kind === 'html' ? 'xls' : kind, rows };
}

/** A table: the first non-blank row is the header, the rest are data rows (with their row numbers). */
export async function readTable(buf: Buffer, opts: ReadOptions = {}): Promise<{ format: Format; header: string[]; rows: SheetRow[] }> {
  const { format, rows } = await readSheetFile(buf, opts);
  const [head, ...rest] = rows;
  return { format, header: head?.cells ?? [], rows: rest };
}
