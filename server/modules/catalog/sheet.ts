import type ExcelJS from 'exceljs';
import { newWorkbook } from '../../lib/excel';
import { AppError } from '../../lib/errors';
import './messages';

/** Reading and writing spreadsheets (.xlsx and CSV) as rows of text, for product import/export. */
export interface SheetRow { row: number; cells: string[] }
export interface Sheet { header: string[]; rows: SheetRow[] }

function cellText(v: ExcelJS.CellValue): string {
  if (v == null) return '';
  if (typeof v === 'object') {
    if (v instanceof Date) return v.toISOString();
    if ('result' in v) return cellText((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('richText' in v) return (v as ExcelJS.CellRichTextValue).richText.map((t) => t.text).join('');
    if ('text' in v) return String((v as ExcelJS.CellHyperlinkValue).text);
    return '';
  }
  return String(v).trim();
}

const isXlsx = (b: Buffer) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** Parses an .xlsx (first sheet) or a UTF-8 CSV file, told apart by content. Row numbers are the spreadsheet's (header = 1). */
export async function readSheet(file: Buffer): Promise<Sheet> {
  if (isXlsx(file)) {
    const wb = await newWorkbook();
    try {
      await wb.xlsx.load(file as unknown as ArrayBuffer);
    } catch {
      throw new AppError('IMPORT_BAD_FILE', 400);
    }
    const ws = wb.worksheets[0];
    if (!ws) throw new AppError('IMPORT_BAD_FILE', 400);
    const width = ws.columnCount;
    const read = (r: ExcelJS.Row) => Array.from({ length: width }, (_, i) => cellText(r.getCell(i + 1).value));
    const header = read(ws.getRow(1));
    const rows: SheetRow[] = [];
    ws.eachRow((r, n) => {
      if (n > 1) rows.push({ row: n, cells: read(r) });
    });
    return { header, rows };
  }
  const text = file.toString('utf8').replace(/^\uFEFF/, '');
  if (text.includes('\u0000') || text.includes('\uFFFD')) throw new AppError('IMPORT_BAD_FILE', 400);
  const all = parseCsv(text);
  const [header = [], ...rest] = all;
  return { header: header.map((h) => h.trim()), rows: rest.map((cells, i) => ({ row: i + 2, cells: cells.map((c) => c.trim()) })) };
}

/** RFC 4180 CSV: commas, double quotes ("" inside quotes), CR/LF line ends, newlines inside quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

const csvCell = (v: string | number | null) => {
  const s = v == null ? '' : String(v);
  // a leading = + - @ would run as a formula when the file is opened in a spreadsheet
  const safe = /^[=+\-@]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export async function writeSheet(format: 'xlsx' | 'csv', header: string[], rows: (string | number | null)[][], widths: number[]): Promise<Buffer> {
  if (format === 'csv') return Buffer.from('\uFEFF' + [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n', 'utf8');
  const wb = await newWorkbook();
  wb.creator = 'Ordo';
  const ws = wb.addWorksheet('商品');
  ws.columns = header.map((h, i) => ({ header: h, width: widths[i] ?? 14 }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
