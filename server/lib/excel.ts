import type ExcelJS from 'exceljs';

/**
 * A new exceljs workbook, the package loaded on first use: it is the heaviest import of the
 * server (about 40% of the time start-up spends loading packages, issue 20) and only spreadsheet
 * imports and exports need it.
 */
export async function newWorkbook(): Promise<ExcelJS.Workbook> {
  const { default: Excel } = await import('exceljs');
  return new Excel.Workbook();
}
