-- Marketing's step of order submission (orders_submit calls it): records the promotions and coupon
-- the plan applied, and takes the rebate and points deductions from the customer's balance by
-- conditional update (never below zero, whatever runs at once).
-- Set-based (issue 15): the limited promotions, the per-customer uses and the coupons of the order
-- are each taken in one statement (a conditional update over all the plan's rows of that kind at
-- once; the rows it did not touch are the lost races), run only when the plan has such rows, and
-- the frozen promotions with each line's share are written in one more, instead of three or four
-- statements per promotion. The limited promotions are locked
-- first, in id order, so concurrent submissions never wait on each other in a cycle. Nothing is
-- written when anything fails: the first application (in the plan's order) that could not be had
-- names the refusal, with the codes and parameters the loop used to raise.
-- Each line's share is kept on the discount's row (order_promotions.line_shares, migration
-- 202612072200_marketing_line_shares): no row per line and discount.
-- Last stated in migration 202612070910_marketing_rebates_points (history: 202612070500).
-- Repeatable: lib/migrate.ts applies this file after the migrations whenever it changes. Edit it
-- here; never restate the function in a new migration (docs/CONVENTIONS.md, "SQL functions").
create or replace function marketing_redeem(p_order bigint, p_company bigint, p_lines jsonb, p_plan jsonb)
returns void
language plpgsql
set plan_cache_mode = force_generic_plan
as $$
declare
  v_apps jsonb := coalesce(p_plan->'applications', '[]');
  f record;
  v_coupon bigint;
  v_taken bigint;
  v_limited bigint[];
  v_coupons bigint[];
  v_funds boolean;
  v_per boolean;
  v_lim_ok bigint[] := '{}';
  v_per_ok bigint[] := '{}';
  v_cp_ok bigint[] := '{}';
begin
  -- what the plan holds, read once: rebate or points to spend, its coupon, the limited promotions
  -- and the coupons by id (the statements below find their rows by key: a join planned for ~100
  -- applications would scan the promotions or the coupons)
  select coalesce(bool_or(x.kind in ('rebate', 'points')), false),
    (array_agg(x."couponId") filter (where x."promotionId" is null and x."couponId" is not null and x.kind not in ('rebate', 'points')))[1],
    array_agg(x."promotionId") filter (where x.limited),
    array_agg(x."couponId") filter (where x."promotionId" is null and x."couponId" is not null),
    coalesce(bool_or(x."promotionId" is not null and x."perCustomer" is not null and x.kind not in ('rebate', 'points')), false)
  into v_funds, v_coupon, v_limited, v_coupons, v_per
  from jsonb_to_recordset(v_apps) as x("promotionId" bigint, "couponId" bigint, kind text, limited boolean, "perCustomer" int);

  -- rebate and points (one application each at most): the ledger's own conditional move
  if v_funds then
    for f in select x.kind, x.amount, x.qty from jsonb_to_recordset(v_apps) as x(kind text, amount bigint, qty int)
             where x.kind in ('rebate', 'points') loop
      if marketing_fund_move(p_company, f.kind, 'spend', -(case when f.kind = 'points' then f.qty::bigint else f.amount end),
           'spend:' || p_order, p_order) is null then
        perform orders_fail(case when f.kind = 'points' then 'POINTS_SHORT' else 'REBATE_SHORT' end, 409);
      end if;
    end loop;
  end if;

  -- a coupon picked automatically (p_plan.couponAuto: the buyer named none) that another submission
  -- holds or has used is swapped for another of the same template in the wallet (the same discount:
  -- amount, threshold and scope are the template's), so the order is not planned again; held rows
  -- are skipped, never waited on. A coupon the buyer chose is that coupon or nothing (below).
  if (p_plan->>'couponAuto')::boolean then
    if v_coupon is not null then
      select c.id into v_taken from coupons c
      where c.id = v_coupon and c.company_id = p_company and c.status = 'available' and c.valid_from <= now() and c.valid_to > now()
      for no key update skip locked;
      if v_taken is null then
        select c.id into v_taken from coupons c
        where c.template_id = (select c0.template_id from coupons c0 where c0.id = v_coupon) and c.company_id = p_company
          and c.status = 'available' and c.valid_from <= now() and c.valid_to > now()
        order by c.valid_to, c.id limit 1
        for no key update skip locked;
        if v_taken is not null then
          v_apps := (select jsonb_agg(case when (e->>'couponId')::bigint = v_coupon then jsonb_set(e, '{couponId}', to_jsonb(v_taken)) else e end order by o)
                     from jsonb_array_elements(v_apps) with ordinality as x(e, o));
          v_coupons := array_replace(v_coupons, v_coupon, v_taken);
        end if;
      end if;
    end if;
  end if;

  -- the limited promotions' rows locked in id order before any is counted
  if v_limited is not null then
    perform 1 from promotions pr where pr.id = any(v_limited) order by pr.id for no key update;
  end if;

  -- the limited promotions, the per-customer uses and the coupons, each statement only when the
  -- plan has such rows (a statement that writes a table opens it and its indexes even to write
  -- nothing: an order with neither limited promotions nor per-customer ones skipped two of three);
  -- the first application that got nothing (a lost race, a promotion no longer running, a used
  -- coupon) is the refusal
  if v_limited is not null then
    with lim as (
      update promotions pr set used_qty = pr.used_qty + a.qty, used_budget = pr.used_budget + a.amount
      from jsonb_to_recordset(v_apps) as a("promotionId" bigint, kind text, amount bigint, qty int, limited boolean)
      where pr.id = any(v_limited) and a.limited and a.kind not in ('rebate', 'points') and pr.id = a."promotionId"
        and pr.status = 'active' and pr.starts_at <= now() and pr.ends_at > now()
        and (pr.limit_qty is null or pr.used_qty + a.qty <= pr.limit_qty)
        and (pr.budget is null or pr.used_budget + a.amount <= pr.budget)
      returning pr.id)
    select coalesce(array_agg(lim.id), '{}') into v_lim_ok from lim;
  end if;
  if v_per then
    with a as (
      select x.* from jsonb_to_recordset(v_apps) as x("promotionId" bigint, kind text, "perCustomer" int)
      where x.kind not in ('rebate', 'points')
    ), per as (
      insert into promotion_customer_uses as u (promotion_id, company_id, uses)
      select a."promotionId", p_company, 1 from a where a."promotionId" is not null and a."perCustomer" is not null order by a."promotionId"
      on conflict (promotion_id, company_id) do update set uses = u.uses + 1
      where u.uses + 1 <= (select max(b."perCustomer") from a b where b."promotionId" = u.promotion_id)
      returning u.promotion_id)
    select coalesce(array_agg(per.promotion_id), '{}') into v_per_ok from per;
  end if;
  if v_coupons is not null then
    with cp as (
      update coupons c set status = 'used', order_id = p_order, used_at = now()
      from jsonb_to_recordset(v_apps) as a("promotionId" bigint, "couponId" bigint, kind text)
      where c.id = any(v_coupons) and a.kind not in ('rebate', 'points') and a."promotionId" is null and c.id = a."couponId"
        and c.company_id = p_company and c.status = 'available' and c.valid_from <= now() and c.valid_to > now()
      returning c.id)
    select coalesce(array_agg(cp.id), '{}') into v_cp_ok from cp;
  end if;
  with a as (
    select x.*, e.o
    from jsonb_array_elements(v_apps) with ordinality as e(j, o)
    cross join lateral jsonb_to_record(e.j) as x("promotionId" bigint, "couponId" bigint, kind text, name text, amount bigint, qty int,
      limited boolean, "perCustomer" int)
    where x.kind not in ('rebate', 'points')
  ), failed as (
    select a.o, case
        when a."promotionId" is null then
          case when not (a."couponId" = any(v_cp_ok)) then 'COUPON_UNAVAILABLE' end
        when a.limited and not (a."promotionId" = any(v_lim_ok)) then 'PROMOTION_SOLD_OUT'
        when not a.limited and not exists (select 1 from promotions pr where pr.id = a."promotionId" and pr.status = 'active'
                                           and pr.starts_at <= now() and pr.ends_at > now()) then 'PROMOTIONS_CHANGED'
        when a."perCustomer" is not null and not (a."promotionId" = any(v_per_ok)) then 'PROMOTION_CUSTOMER_LIMIT'
      end as code,
      a."promotionId", a.name, a."perCustomer"
    from a
  )
  select failed.code, failed."promotionId", failed.name, failed."perCustomer" into f
  from failed where failed.code is not null order by failed.o limit 1;
  if f.code = 'PROMOTION_SOLD_OUT' then
    perform orders_fail('PROMOTION_SOLD_OUT', 409,
      jsonb_build_object('name', coalesce((select pr.name from promotions pr where pr.id = f."promotionId"), f.name)));
  elsif f.code = 'PROMOTION_CUSTOMER_LIMIT' then
    perform orders_fail('PROMOTION_CUSTOMER_LIMIT', 409, jsonb_build_object('name', f.name, 'limit', f."perCustomer"));
  elsif f.code = 'COUPON_UNAVAILABLE' then
    perform orders_fail('COUPON_UNAVAILABLE', 409, jsonb_build_object('name', f.name));
  elsif f.code is not null then
    perform orders_fail(f.code, 409);
  end if;

  -- what the order got, frozen, each with every line's share of it ({"<order line id>": fen}, zero
  -- shares left out) on its own row: one row per discount (was one more row per line and discount).
  -- The lines' ids by plan ref and the promotions whose gift line was written are read from p_lines
  -- once (not once per row), in the same statement. A gift line is written before the stock is
  -- reserved (orders_submit): out of stock under the 'skip' setting, marketing_gifts_withheld
  -- marks it not given.
  insert into order_promotions (order_id, company_id, promotion_id, coupon_id, kind, name, amount, qty, detail, gift_sku_id, gift_qty, gift_given, line_shares)
  select p_order, p_company, (a.j->>'promotionId')::bigint, (a.j->>'couponId')::bigint, a.j->>'kind', a.j->>'name', (a.j->>'amount')::bigint,
    (a.j->>'qty')::int, coalesce(a.j->>'detail', ''), (a.j->>'giftSkuId')::bigint, (a.j->>'giftQty')::int,
    case when a.j->>'giftSkuId' is not null then coalesce((a.j->>'promotionId')::bigint = any(w.given), false) end,
    case when jsonb_array_length(coalesce(a.j->'shares', '[]')) = 0 then '{}' else coalesce((
      select jsonb_object_agg(x.line, x.amount) from (
        select w.ids->>(s->>'ref') as line, sum((s->>'amount')::bigint) as amount
        from jsonb_array_elements(a.j->'shares') s
        where (s->>'amount')::bigint > 0 and w.ids ? (s->>'ref')
        group by 1) x), '{}') end
  from (select jsonb_object_agg(l->>'ref', l->'id') filter (where l->>'ref' is not null) as ids,
          array_agg((l->>'promotionId')::bigint) filter (where (l->>'gift')::boolean) as given
        from jsonb_array_elements(p_lines) l) w
  cross join jsonb_array_elements(v_apps) with ordinality as a(j, o)
  order by a.o;
end
$$;
