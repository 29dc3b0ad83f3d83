-- Marketing (issue 15): promotions and coupons, priced by engine.ts through one pricing step and
-- redeemed in the order's submission statement (marketing_check / marketing_redeem below, called by
-- orders_submit), given back by the order lifecycle's cancel step (marketing_release).

-- A promotion. `rule` holds the type's parameters (schemas.ts promotionRule: levels, gift SKU,
-- special prices, Nth item, bundle). status is what staff set (draft / active / stopped); scheduled,
-- running and ended follow from the window. Counters move only for limited promotions, by a
-- conditional update in the submission statement.
create table promotions (
  id bigint generated always as identity primary key,
  name text not null,
  kind text not null check (kind in ('threshold_off', 'threshold_discount', 'gift', 'special_price', 'nth_item', 'bundle')),
  status text not null default 'draft' check (status in ('draft', 'active', 'stopped')),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  rule jsonb not null,
  -- which lines: {categoryIds, brandIds, skuIds}; empty lists = every product
  scope jsonb not null default '{}',
  -- which customers: {tierIds, provinces, companyIds}; empty lists = every customer
  audience jsonb not null default '{}',
  limit_qty int check (limit_qty > 0),
  budget bigint check (budget > 0),
  per_customer int check (per_customer > 0),
  per_order_qty int check (per_order_qty > 0),
  used_qty int not null default 0 check (used_qty >= 0),
  used_budget bigint not null default 0 check (used_budget >= 0),
  exclusive boolean not null default false,
  with_coupons boolean not null default true,
  with_contract_prices boolean not null default true,
  priority int not null default 0,
  note text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_at > starts_at),
  check (limit_qty is null or used_qty <= limit_qty),
  check (budget is null or used_budget <= budget)
);
create index promotions_live on promotions (ends_at) where status = 'active';

-- Uses per customer, kept only for promotions with a per-customer limit.
create table promotion_customer_uses (
  promotion_id bigint not null references promotions(id) on delete cascade,
  company_id bigint not null references companies(id) on delete cascade,
  uses int not null check (uses >= 0),
  primary key (promotion_id, company_id)
);

create table coupon_templates (
  id bigint generated always as identity primary key,
  name text not null,
  kind text not null check (kind in ('amount', 'percent')),
  amount_off bigint check (amount_off > 0),
  discount_bp int check (discount_bp > 0 and discount_bp < 10000),
  max_off bigint check (max_off > 0),
  threshold bigint not null default 0 check (threshold >= 0),
  scope jsonb not null default '{}',
  valid_from timestamptz,
  valid_to timestamptz,
  valid_days int check (valid_days > 0),
  claimable boolean not null default false,
  total_qty int check (total_qty > 0),
  issued_qty int not null default 0,
  per_customer int not null default 1 check (per_customer > 0),
  status text not null default 'active' check (status in ('active', 'stopped')),
  created_at timestamptz not null default now(),
  check ((kind = 'amount' and amount_off is not null) or (kind = 'percent' and discount_bp is not null)),
  check (valid_days is not null or valid_to is not null),
  check (total_qty is null or issued_qty <= total_qty)
);

-- A coupon in a customer's wallet. Used once: status moves available → used by a conditional update
-- in the submission statement, and back when the order is cancelled.
create table coupons (
  id bigint generated always as identity primary key,
  template_id bigint not null references coupon_templates(id) on delete cascade,
  company_id bigint not null references companies(id) on delete cascade,
  status text not null default 'available' check (status in ('available', 'used')),
  valid_from timestamptz not null,
  valid_to timestamptz not null,
  source text not null check (source in ('issued', 'claimed')),
  order_id bigint,
  used_at timestamptz,
  issued_at timestamptz not null default now()
);
create index coupons_wallet on coupons (company_id, status, valid_to);
create index coupons_template on coupons (template_id, company_id);

-- What an order got, frozen at submission: one row per promotion or coupon applied (and per gift
-- left out for lack of stock), with the amount; released_at is set when a cancellation gave the
-- use back.
create table order_promotions (
  id bigint generated always as identity primary key,
  order_id bigint not null,
  company_id bigint not null,
  promotion_id bigint references promotions(id) on delete set null,
  coupon_id bigint references coupons(id) on delete set null,
  kind text not null,
  name text not null,
  amount bigint not null check (amount >= 0),
  qty int not null default 0,
  detail text not null default '',
  gift_sku_id bigint,
  gift_qty int,
  gift_given boolean,
  released_at timestamptz,
  created_at timestamptz not null default now()
);
create index order_promotions_order on order_promotions (order_id);

-- Each order line's share of each discount (fen; the shares of one discount sum to its amount):
-- what a return of that line takes back.
create table order_line_discounts (
  order_id bigint not null,
  order_line_id bigint not null,
  order_promotion_id bigint not null references order_promotions(id) on delete cascade,
  amount bigint not null check (amount >= 0),
  primary key (order_line_id, order_promotion_id)
);
create index order_line_discounts_order on order_line_discounts (order_id);

-- Checks a submission's marketing plan (engine.ts, computed by the server for this cart) against
-- the lines orders_submit has just priced: the same lines at the same prices, and no promotion
-- running now that the plan did not consider. Returns {discount, gifts: [order-line-shaped gift
-- lines], giftPolicy}. A stale plan is ordo:PROMOTIONS_CHANGED (the server plans again and retries).
create or replace function marketing_check(p_company bigint, p_priced jsonb, p_plan jsonb)
returns jsonb
language plpgsql stable
set plan_cache_mode = force_generic_plan
as $$
declare
  v_same boolean;
  v_gifts jsonb;
begin
  if p_plan is null or jsonb_typeof(p_plan) <> 'object' then
    if exists (select 1 from promotions pr where pr.status = 'active' and pr.starts_at <= now() and pr.ends_at > now()) then
      perform orders_fail('PROMOTIONS_CHANGED', 409);
    end if;
    return jsonb_build_object('discount', 0, 'gifts', '[]'::jsonb);
  end if;
  select count(*) = jsonb_array_length(p_plan->'basis') and count(*) = jsonb_array_length(p_priced)
         and bool_and(b.x is not null)
  into v_same
  from jsonb_array_elements(p_priced) x
  left join lateral (
    select b.x from jsonb_array_elements(p_plan->'basis') b(x)
    where (b.x->>'ref')::bigint = (x->>'ref')::bigint and (b.x->>'skuId')::bigint = (x->>'skuId')::bigint
      and (b.x->>'qty')::int = (x->>'qty')::int and (b.x->>'unitPrice')::bigint = (x->>'unitPrice')::bigint
    limit 1
  ) b on true;
  if not coalesce(v_same, false)
     or exists (select 1 from promotions pr where pr.status = 'active' and pr.starts_at <= now() and pr.ends_at > now()
                and not (pr.id = any(array(select jsonb_array_elements_text(p_plan->'considered')::bigint)))) then
    perform orders_fail('PROMOTIONS_CHANGED', 409);
  end if;
  select jsonb_agg(jsonb_build_object('ref', null, 'skuId', s.id, 'unit', pr.base_unit, 'unitFactor', 1, 'qty', (g->>'qty')::int,
      'code', s.code, 'name', pr.name, 'specText', s.spec_text, 'unitPrice', 0, 'basePrice', s.base_price, 'lineTotal', 0,
      'gift', true, 'promotionId', (g->>'promotionId')::bigint,
      'rule', jsonb_build_object('kind', 'gift', 'promotionId', (g->>'promotionId')::bigint, 'detail', g->>'detail')) order by o)
  into v_gifts
  from jsonb_array_elements(coalesce(p_plan->'gifts', '[]')) with ordinality as e(g, o)
  join skus s on s.id = (g->>'skuId')::bigint
  join products pr on pr.id = s.product_id;
  return jsonb_build_object('discount', coalesce((p_plan->>'discount')::bigint, 0), 'gifts', coalesce(v_gifts, '[]'::jsonb),
    'giftPolicy', coalesce((select st.value #>> '{}' from settings st where st.key = 'marketing.giftOutOfStock'), 'skip'));
end
$$;

-- Redeems a checked plan for the new order p_order: limited promotions and per-customer limits by
-- conditional update (never past the limit, whatever runs at the same time), the coupon by
-- available → used, and the order's frozen promotions with each line's share. p_lines maps the
-- plan's cart-line refs (and gifts) to the order lines written: [{id, ref, skuId, gift, promotionId}];
-- gifts whose stock ran out and were left out are absent from it.
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
    if a->>'promotionId' is not null then
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

-- Gives back what a cancelled (or rejected) order took: limited promotions' counters, per-customer
-- uses and its coupon (usable again while valid). Once per order: rows already released are skipped.
create or replace function marketing_release(p_order bigint)
returns int
language plpgsql
as $$
declare
  r record;
  n int := 0;
begin
  for r in
    update order_promotions op set released_at = now()
    where op.order_id = p_order and op.released_at is null
    returning op.promotion_id, op.coupon_id, op.company_id, op.qty, op.amount
  loop
    n := n + 1;
    if r.promotion_id is not null then
      update promotions pr set used_qty = greatest(0, pr.used_qty - r.qty), used_budget = greatest(0, pr.used_budget - r.amount)
      where pr.id = r.promotion_id and (pr.limit_qty is not null or pr.budget is not null);
      update promotion_customer_uses u set uses = greatest(0, u.uses - 1) where u.promotion_id = r.promotion_id and u.company_id = r.company_id;
    elsif r.coupon_id is not null then
      update coupons c set status = 'available', order_id = null, used_at = null where c.id = r.coupon_id and c.order_id = p_order;
    end if;
  end loop;
  return n;
end
$$;
