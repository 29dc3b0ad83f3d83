import { newWorkbook } from './excel';

/** Writes tables as .xlsx (one sheet per table, header bold and frozen) or UTF-8 CSV with BOM (first table only). */
export type Cell = string | number | null | undefined;
export interface Table { name: string; header: string[]; rows: Cell[][]; widths?: number[]; required?: boolean[] }

const csvCell = (v: Cell) => {
  const s = v == null ? '' : String(v);
  // a leading = + - @ would run as a formula when the file is opened in a spreadsheet
  const safe = /^[=+\-@]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export async function writeTables(format: 'xlsx' | 'csv', tables: Table[]): Promise<Buffer> {
  if (format === 'csv') {
    const t = tables[0]!;
    return Buffer.from('\uFEFF' + [t.header, ...t.rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n', 'utf8');
  }
  const wb = await newWorkbook();
  wb.creator = 'Ordo';
  for (const t of tables) {
    const ws = wb.addWorksheet(t.name.replace(/[\\/?*[\]:]/g, '_').slice(0, 31));
    ws.columns = t.header.map((h, i) => ({ header: h, width: t.widths?.[i] ?? 14 }));
    ws.getRow(1).font = { bold: true };
    t.required?.forEach((req, i) => {
      if (req) ws.getRow(1).getCell(i + 1).font = { bold: true, color: { argb: 'FFC00000' } };
    });
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    // codes and numbers typed as text stay text (a code 001 keeps its zeros)
    for (const r of t.rows) ws.addRow(r.map((c) => (c == null ? null : c)));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const sheetContentType = (format: 'xlsx' | 'csv') => (format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
export const attachment = (ascii: string, name: string) => `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
