-- Pricing's part of order submission in one database call (issue 20): the rule of resolve.ts
-- (customer list > tier list > tier discount > base; latest valid_from, then newest list; the
-- largest applicable quantity break; discounts rounded half away from zero in fen; MOQ / order
-- multiple overridden by the winning list) and visibility.ts, as SQL, for a set of SKUs at
-- their total quantities. resolve.ts stays the reference; pricing.test.ts and the submission
-- tests check that both agree.

-- formatYuan of server/lib/money.ts: 12345 → '123.45'
create or replace function pricing_yuan(v bigint) returns text
language sql immutable parallel safe as $$
  select case when v < 0 then '-' else '' end || (abs(v) / 100)::text || '.' || lpad((abs(v) % 100)::text, 2, '0')
$$;

-- basis points as JavaScript prints bp / 100: 1500 → '15', 1250 → '12.5', 333 → '3.33'
create or replace function pricing_bp_text(bp int) returns text
language sql immutable parallel safe as $$
  select case when bp % 100 = 0 then (bp / 100)::text else rtrim((bp::numeric / 100)::text, '0') end
$$;

-- applyBasisPoints(base, 10000 - bp): half away from zero
create or replace function pricing_discounted(base bigint, bp int) returns bigint
language sql immutable parallel safe as $$
  select sign(base * (10000 - bp)) * ((abs(base * (10000 - bp)) + 5000) / 10000)
$$;

create or replace function pricing_price_skus(p_company bigint, p_skus bigint[], p_qtys int[], p_at timestamptz)
returns table (sku_id bigint, code text, name text, spec_text text, base_unit text, on_shelf boolean, visible boolean,
               unit_price bigint, base_price bigint, moq int, order_multiple int, rule jsonb)
language plpgsql stable
set plan_cache_mode = force_generic_plan
as $$
begin
  return query
  with c as (
    select co.id, co.tier_id, co.province, co.city, t.name as tier_name, coalesce(t.discount_bp, 0) as tier_bp
    from companies co left join customer_tiers t on t.id = co.tier_id
    where co.id = p_company
  ), l as materialized (
    select pl.id, pl.kind, pl.name, pl.valid_from
    from price_lists pl join c on (pl.company_id = c.id or pl.tier_id = c.tier_id)
    where pl.active and (pl.valid_from is null or pl.valid_from <= p_at) and (pl.valid_to is null or pl.valid_to > p_at)
  ), q as (
    select u.sku_id, greatest(1, u.qty) as qty from unnest(p_skus, p_qtys) as u(sku_id, qty)
  )
  select s.id, s.code, pr.name, s.spec_text, pr.base_unit, s.active and pr.on_shelf,
    (not exists (select 1 from product_visibility pv where pv.product_id = s.product_id)
      or exists (
        select 1 from product_visibility pv join c vc on true
        where pv.product_id = s.product_id
          and (pv.company_id = vc.id or pv.tier_id = vc.tier_id or (pv.province = vc.province and (pv.city is null or pv.city = vc.city))))),
    x.unit_price, s.base_price::bigint, coalesce(mo.moq, s.moq), coalesce(mo.order_multiple, s.order_multiple),
    case
      when e.list_id is not null then
        jsonb_build_object('kind', case when e.kind = 'customer' then 'customer_price_list' else 'tier_price_list' end,
          'priceListId', e.list_id, 'name', e.list_name, 'minQty', e.min_qty)
        || case when e.fixed_price is not null then jsonb_build_object('fixedPrice', e.fixed_price) else jsonb_build_object('discountBp', e.discount_bp) end
        || jsonb_build_object('detail', format('%s price list "%s" (#%s), break ≥%s: %s → ¥%s', e.kind, e.list_name, e.list_id, e.min_qty,
             case when e.fixed_price is not null then 'fixed ¥' || pricing_yuan(e.fixed_price)
               else pricing_bp_text(e.discount_bp) || '% off base ¥' || pricing_yuan(s.base_price) end, pricing_yuan(x.unit_price)))
      when x.tier then
        jsonb_build_object('kind', 'tier_discount', 'name', (select c.tier_name from c), 'discountBp', (select c.tier_bp from c),
          'detail', format('tier "%s" default discount %s%% off base ¥%s → ¥%s', (select c.tier_name from c), pricing_bp_text((select c.tier_bp from c)), pricing_yuan(s.base_price), pricing_yuan(x.unit_price)))
      else jsonb_build_object('kind', 'base_price', 'detail', format('base price ¥%s', pricing_yuan(s.base_price)))
    end
  from q
  join skus s on s.id = q.sku_id
  join products pr on pr.id = s.product_id
  left join lateral (
    select i.min_qty, i.fixed_price, i.discount_bp, l.id as list_id, l.kind, l.name as list_name
    from price_list_items i join l on l.id = i.price_list_id
    where i.sku_id = s.id and i.min_qty <= q.qty
    order by (l.kind = 'customer') desc, l.valid_from desc nulls last, l.id desc, i.min_qty desc
    limit 1
  ) e on true
  left join lateral (
    select m.moq, m.order_multiple
    from price_list_moq m join l on l.id = m.price_list_id
    where m.sku_id = s.id
    order by (l.kind = 'customer') desc, l.valid_from desc nulls last, l.id desc
    limit 1
  ) mo on true
  cross join lateral (
    select
      case when e.list_id is not null then coalesce(e.fixed_price, pricing_discounted(s.base_price, e.discount_bp))
           when (select c.tier_name is not null and c.tier_bp > 0 from c) then pricing_discounted(s.base_price, (select c.tier_bp from c))
           else s.base_price end::bigint as unit_price,
      e.list_id is null and coalesce((select c.tier_name is not null and c.tier_bp > 0 from c), false) as tier
  ) x;
end
$$;
