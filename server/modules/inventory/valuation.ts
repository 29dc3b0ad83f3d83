import { sql, type RawBuilder } from 'kysely';

/**
 * Stock positions now, for read models that keep their own history (reports' daily stock
 * snapshots): one row per SKU × warehouse with on hand, reserved, and the unit cost used to value
 * it — the average received purchase cost, else the SKU's base price. A FROM item
 * (sku_id, warehouse_id, on_hand, reserved, unit_cost), so the caller can copy it set-based.
 */
export function stockPositions(): RawBuilder<unknown> {
  return sql`(select sl.sku_id, sl.warehouse_id, sl.on_hand, sl.reserved, coalesce(c.unit_cost, s.base_price)::bigint as unit_cost
      from stock_levels sl join skus s on s.id = sl.sku_id
      left join (select pl.sku_id, round(sum(pl.received_qty::numeric * pl.unit_cost) / nullif(sum(pl.received_qty), 0))::bigint as unit_cost
                   from purchase_order_lines pl where pl.received_qty > 0 group by pl.sku_id) c on c.sku_id = sl.sku_id)`;
}
