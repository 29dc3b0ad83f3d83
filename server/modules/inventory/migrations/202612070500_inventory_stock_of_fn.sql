-- Available and total safety stock of SKUs over active warehouses, as one function (issue 20):
-- customer-stock.ts reads stock through it, and so does the cart's one-call quick order
-- (cart_add_rows). SKUs without stock rows are absent (callers count them as 0 and 0).
create or replace function inventory_stock_of(p_skus bigint[])
returns table (sku_id bigint, available int, safety int)
language sql stable
as $$
  select s.sku_id, sum(s.on_hand - s.reserved)::int, sum(s.safety_stock)::int
  from stock_levels s join warehouses w on w.id = s.warehouse_id and w.active
  where s.sku_id = any(p_skus)
  group by s.sku_id
$$;
