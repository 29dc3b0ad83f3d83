-- Marketing's step of order submission (orders_submit calls it): records the promotions and coupon
-- the plan applied, and takes the rebate and points deductions from the customer's balance by
-- conditional update (never below zero, whatever runs at once).
-- Last stated in migration 202612070910_marketing_rebates_points (history: 202612070500).
-- Repeatable: lib/migrate.ts applies this file after the migrations whenever it changes. Edit it
-- here; never restate the function in a new migration (docs/CONVENTIONS.md, "SQL functions").
create or replace function marketing_redeem(p_order bigint, p_company bigint, p_lines jsonb, p_plan jsonb)
returns void
language plpgsql
set plan_cache_mode = force_generic_plan
as $$
declare
  a jsonb;
  v_id bigint;
  v_ok int;
  v_given boolean;
  v_name text;
begin
  for a in select x from jsonb_array_elements(coalesce(p_plan->'applications', '[]')) x loop
    if a->>'kind' in ('rebate', 'points') then
      if marketing_fund_move(p_company, a->>'kind', 'spend', -(case when a->>'kind' = 'points' then (a->>'qty')::bigint else (a->>'amount')::bigint end),
           'spend:' || p_order, p_order) is null then
        perform orders_fail(case when a->>'kind' = 'points' then 'POINTS_SHORT' else 'REBATE_SHORT' end, 409);
      end if;
    elsif a->>'promotionId' is not null then
      if (a->>'limited')::boolean then
        update promotions pr set used_qty = pr.used_qty + (a->>'qty')::int, used_budget = pr.used_budget + (a->>'amount')::bigint
        where pr.id = (a->>'promotionId')::bigint and pr.status = 'active' and pr.starts_at <= now() and pr.ends_at > now()
          and (pr.limit_qty is null or pr.used_qty + (a->>'qty')::int <= pr.limit_qty)
          and (pr.budget is null or pr.used_budget + (a->>'amount')::bigint <= pr.budget);
        get diagnostics v_ok = row_count;
        if v_ok = 0 then
          select pr.name into v_name from promotions pr where pr.id = (a->>'promotionId')::bigint;
          perform orders_fail('PROMOTION_SOLD_OUT', 409, jsonb_build_object('name', coalesce(v_name, a->>'name')));
        end if;
      elsif not exists (select 1 from promotions pr where pr.id = (a->>'promotionId')::bigint and pr.status = 'active'
                        and pr.starts_at <= now() and pr.ends_at > now()) then
        perform orders_fail('PROMOTIONS_CHANGED', 409);
      end if;
      if (a->>'perCustomer') is not null then
        insert into promotion_customer_uses as u (promotion_id, company_id, uses) values ((a->>'promotionId')::bigint, p_company, 1)
        on conflict (promotion_id, company_id) do update set uses = u.uses + 1 where u.uses + 1 <= (a->>'perCustomer')::int;
        get diagnostics v_ok = row_count;
        if v_ok = 0 then perform orders_fail('PROMOTION_CUSTOMER_LIMIT', 409, jsonb_build_object('name', a->>'name', 'limit', (a->>'perCustomer')::int)); end if;
      end if;
    else
      update coupons c set status = 'used', order_id = p_order, used_at = now()
      where c.id = (a->>'couponId')::bigint and c.company_id = p_company and c.status = 'available'
        and c.valid_from <= now() and c.valid_to > now();
      get diagnostics v_ok = row_count;
      if v_ok = 0 then perform orders_fail('COUPON_UNAVAILABLE', 409, jsonb_build_object('name', a->>'name')); end if;
    end if;
    v_given := case when a->>'giftSkuId' is null then null
      else exists (select 1 from jsonb_array_elements(p_lines) l where (l->>'gift')::boolean and (l->>'promotionId')::bigint = (a->>'promotionId')::bigint) end;
    insert into order_promotions (order_id, company_id, promotion_id, coupon_id, kind, name, amount, qty, detail, gift_sku_id, gift_qty, gift_given)
    values (p_order, p_company, (a->>'promotionId')::bigint, (a->>'couponId')::bigint, a->>'kind', a->>'name', (a->>'amount')::bigint,
      (a->>'qty')::int, coalesce(a->>'detail', ''), (a->>'giftSkuId')::bigint, (a->>'giftQty')::int, v_given)
    returning id into v_id;
    insert into order_line_discounts (order_id, order_line_id, order_promotion_id, amount)
    select p_order, (l->>'id')::bigint, v_id, (s->>'amount')::bigint
    from jsonb_array_elements(coalesce(a->'shares', '[]')) s
    join jsonb_array_elements(p_lines) l on (l->>'ref')::bigint = (s->>'ref')::bigint
    where (s->>'amount')::bigint > 0;
  end loop;
end
$$;
