import type { Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { formatYuan } from '../../lib/money';
import { writeTables } from '../../lib/sheet-writer';
import { categoryPaths, productRowsForExport } from './bulk';
import { PRODUCT_COLUMNS, formatSpecs } from './columns';
import './tables';

/** Products and SKUs as rows of PRODUCT_COLUMNS (one row per active SKU): the products import template's layout. */
export async function productSheetRows(db: Kysely<DB>, filter: { categoryId?: number; brandId?: number; skuCodes?: string[] } = {}) {
  const paths = new Map((await categoryPaths(db)).map((c) => [c.id, c.path.join('/')]));
  const yn = (b: boolean) => (b ? '是' : '否');
  return (await productRowsForExport(db, filter)).map((r) => [
    r.product_code, r.name, r.subtitle, r.category_id == null ? '' : paths.get(r.category_id) ?? '', r.brand, r.base_unit, (r.tags ?? []).join(','), yn(r.on_shelf), yn(r.is_new),
    r.code, r.barcode, formatSpecs(r.specs ?? {}), formatYuan(Number(r.base_price)), r.retail_price == null ? '' : formatYuan(Number(r.retail_price)),
    r.weight_grams, r.moq, r.order_multiple, r.units ?? '',
  ]);
}

/** Products and SKUs as a spreadsheet, in the layout the products import (数据导入 → 商品和SKU) reads back. */
export async function exportProducts(db: Kysely<DB>, format: 'xlsx' | 'csv', filter: { categoryId?: number; brandId?: number }) {
  const body = await writeTables(format, [{ name: '商品和SKU', header: PRODUCT_COLUMNS.map((c) => c.zh), rows: await productSheetRows(db, filter), widths: PRODUCT_COLUMNS.map((c) => c.width) }]);
  return { body, filename: `商品-${new Date().toISOString().slice(0, 10)}.${format}` };
}
