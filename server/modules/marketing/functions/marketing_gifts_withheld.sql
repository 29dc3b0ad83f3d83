-- Gifts out of stock under the 'skip' setting (orders_submit): the order went ahead without its gift
-- lines, so the gifts its promotions were frozen with (marketing_redeem, which runs before the stock
-- is reserved, records them as given) are recorded as not given. Returns how many rows it marked.
-- Repeatable: lib/migrate.ts applies this file after the migrations whenever it changes. Edit it
-- here; never restate the function in a new migration (docs/CONVENTIONS.md, "SQL functions").
create or replace function marketing_gifts_withheld(p_order bigint)
returns int
language sql
as $$
  with u as (
    update order_promotions set gift_given = false
    where order_id = p_order and gift_sku_id is not null and gift_given is distinct from false
    returning 1)
  select count(*)::int from u
$$;
