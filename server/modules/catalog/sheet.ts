import { newWorkbook } from '../../lib/excel';
import { AppError } from '../../lib/errors';
import { readSheetFile, type SheetRow } from '../../lib/sheet-reader';
import './messages';

/** Reading and writing spreadsheets as rows of text, for product import/export. */
export type { SheetRow };
export interface Sheet { header: string[]; rows: SheetRow[] }

/**
 * Reads an .xlsx, .xls or CSV (UTF-8 or GBK) file through the one file reader; merged cells
 * fill their range. Row numbers are the spreadsheet's (header = 1). Unreadable → 400 IMPORT_BAD_FILE.
 */
export async function readSheet(file: Buffer): Promise<Sheet> {
  let rows: SheetRow[];
  try {
    rows = (await readSheetFile(file, { fillMerged: true, maxRows: 200_000 })).rows;
  } catch (e) {
    if (e instanceof AppError && e.code === 'SHEET_UNREADABLE') throw new AppError('IMPORT_BAD_FILE', 400);
    throw e;
  }
  const [head, ...rest] = rows;
  return { header: head?.cells ?? [], rows: rest };
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
