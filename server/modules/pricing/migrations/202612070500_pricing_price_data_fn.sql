-- What resolve.ts needs to price SKUs for a company, as one function (issue 20): loadPriceData
-- calls it, and so does the cart's quick order (cart_add_rows), which prices the whole cart in its
-- one database call. Per SKU: base and retail price, the SKU's own MOQ / multiple, the entries
-- and MOQ overrides of the company's valid lists, the lists themselves and the tier (repeated on
-- every row). resolve.ts (resolveOne) does the precedence; this only loads.
create or replace function pricing_price_data(p_company bigint, p_skus bigint[], p_at timestamptz)
returns table (id bigint, base_price bigint, retail_price bigint, moq int, order_multiple int, e json, m json, lists json, tier json)
language sql stable
as $$
  with c as (
    select c.id, c.tier_id, t.name as tier_name, t.discount_bp
    from companies c left join customer_tiers t on t.id = c.tier_id
    where c.id = p_company
  ), l as materialized (
    select pl.id, pl.kind, pl.name, extract(epoch from pl.valid_from)::float8 as valid_from
    from price_lists pl join c on (pl.company_id = c.id or pl.tier_id = c.tier_id)
    where pl.active
      and (pl.valid_from is null or pl.valid_from <= p_at)
      and (pl.valid_to is null or pl.valid_to > p_at)
  )
  select s.id, s.base_price::bigint, s.retail_price::bigint, s.moq, s.order_multiple,
    (select json_agg(json_build_array(i.price_list_id, i.min_qty, i.fixed_price, i.discount_bp))
       from price_list_items i join l on l.id = i.price_list_id where i.sku_id = s.id),
    (select json_agg(json_build_array(m.price_list_id, m.moq, m.order_multiple))
       from price_list_moq m join l on l.id = m.price_list_id where m.sku_id = s.id),
    (select json_agg(json_build_array(l.id, l.kind, l.name, l.valid_from)) from l),
    (select json_build_array(c.tier_name, c.discount_bp) from c)
  from skus s
  where s.id = any(p_skus)
$$;
