import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { formatYuan } from '../../lib/money';
import { listCategories, descendantsSql } from './categories';
import { COLUMNS, formatSpecs } from './columns';
import { writeSheet } from './sheet';
import './tables';

/** Products and SKUs as a spreadsheet (one row per active SKU), in the layout import reads back. */
export async function exportProducts(db: Kysely<DB>, format: 'xlsx' | 'csv', filter: { categoryId?: number; brandId?: number }) {
  const paths = new Map((await listCategories(db)).map((c) => [c.id, c.path.join('/')]));
  let q = db.selectFrom('skus as s').innerJoin('products as p', 'p.id', 's.product_id').leftJoin('brands as b', 'b.id', 'p.brand_id')
    .select(['p.id as pid', 'p.name', 'p.subtitle', 'p.category_id', 'b.name as brand', 'b.aliases as brand_aliases', 'p.base_unit', 'p.tags', 'p.on_shelf', 'p.is_new',
      's.code', 's.barcode', 's.specs', 's.base_price', 's.retail_price', 's.weight_grams', 's.moq', 's.order_multiple',
      sql<string | null>`(select u.unit from sku_units u where u.sku_id = s.id and u.factor > 1 order by u.factor desc limit 1)`.as('case_unit'),
      sql<number | null>`(select max(u.factor) from sku_units u where u.sku_id = s.id and u.factor > 1)`.as('case_factor')])
    .where('s.active', '=', true);
  if (filter.categoryId != null) q = q.where(sql<boolean>`p.category_id in ${descendantsSql(filter.categoryId)}`);
  if (filter.brandId != null) q = q.where('p.brand_id', '=', filter.brandId);
  const rows = await q.orderBy('p.id').orderBy('s.id').execute();
  const yn = (b: boolean) => (b ? '是' : '否');
  const data = rows.map((r) => [
    r.name, r.subtitle, r.category_id == null ? '' : paths.get(r.category_id) ?? '', r.brand ?? '', (r.brand_aliases ?? []).join('|'), r.base_unit, (r.tags ?? []).join(','), yn(r.on_shelf), yn(r.is_new),
    r.code, r.barcode, formatSpecs((r.specs as Record<string, string>) ?? {}), formatYuan(r.base_price), r.retail_price == null ? '' : formatYuan(r.retail_price),
    r.weight_grams, r.moq, r.order_multiple, r.case_unit ?? '', r.case_factor == null ? '' : Number(r.case_factor),
  ]);
  const body = await writeSheet(format, COLUMNS.map((c) => c.zh), data, COLUMNS.map((c) => c.width));
  return { body, filename: `商品-${new Date().toISOString().slice(0, 10)}.${format}` };
}
