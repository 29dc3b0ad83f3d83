import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import './tables';
import '../inventory/tables';
import '../orders/tables';
import '../customers/tables';

/**
 * The rows every pick list is built from: per order line, the base units still reserved in one
 * warehouse (reserved less shipped less released), with the line's SKU, name and units and the
 * order's customer and address. Orders and after-sales replacements add their own filter, columns
 * and grouping on top, so both halves of the pick list count stock the same way.
 */
export function reservedToPick(db: Kysely<DB>, warehouseId: number) {
  return db
    .selectFrom('reservations as r')
    .innerJoin('order_lines as l', 'l.id', 'r.order_line_id')
    .innerJoin('orders as o', 'o.id', 'r.order_id')
    .innerJoin('companies as c', 'c.id', 'o.company_id')
    .select([
      'o.id as orderId', 'c.name as companyName', 'o.address',
      'l.id as orderLineId', 'l.line_no as lineNo', 'l.sku_id as skuId', 'l.sku_code as skuCode', 'l.name', 'l.spec_text as specText', 'l.unit', 'l.unit_factor as unitFactor', 'l.base_unit as baseUnit',
      sql<number>`sum(r.qty - r.consumed_qty - r.released_qty)::int`.as('qty'),
    ])
    .where('r.warehouse_id', '=', warehouseId)
    .where('r.status', '=', 'active')
    .having(sql<boolean>`sum(r.qty - r.consumed_qty - r.released_qty) > 0`);
}
