-- Rebates (返利) and points (积分), issue 15. Both are a balance per customer with a ledger, earned
-- from received orders (the outbox handler funds.ts feeds marketing_sales and points) and spent as
-- a deduction on later orders, capped by a share of the order (setting marketing.funds), in the
-- submission statement (marketing_redeem below, called by orders_submit), given back on cancel
-- (marketing_release below).

-- A customer's balance: rebate in fen, points in points. Never below zero: spending is a
-- conditional update (balance >= amount).
create table marketing_accounts (
  company_id bigint not null references companies(id) on delete cascade,
  kind text not null check (kind in ('rebate', 'points')),
  balance bigint not null default 0 check (balance >= 0),
  updated_at timestamptz not null default now(),
  primary key (company_id, kind)
);

-- Every change of a balance, signed (fen for rebate, points for points), with the balance after it.
-- ref makes each change happen once: settlement:<id>, earn:<order>, reverse:<refund>, spend:<order>,
-- release:<order>, expire:<year>, adjust:<uuid>.
create table marketing_ledger (
  id bigint generated always as identity primary key,
  company_id bigint not null references companies(id) on delete cascade,
  kind text not null check (kind in ('rebate', 'points')),
  entry text not null check (entry in ('settle', 'earn', 'reverse', 'spend', 'release', 'expire', 'adjust')),
  amount bigint not null check (amount <> 0),
  balance_after bigint not null check (balance_after >= 0),
  ref text not null,
  order_id bigint,
  -- points: the supplier-zone year they were earned in (expiry counts from it)
  year int,
  note text,
  actor_user_id bigint,
  created_at timestamptz not null default now(),
  unique (company_id, kind, ref)
);
create index marketing_ledger_company on marketing_ledger (company_id, kind, id desc);

-- Net purchases per customer as rebates count them: + an order's total when it was received
-- (delivered or completed, once), − a refund of it when the refund succeeded. `at` is when.
create table marketing_sales (
  source text not null check (source in ('order', 'refund')),
  source_id bigint not null,
  company_id bigint not null references companies(id) on delete cascade,
  order_id bigint not null,
  amount bigint not null,
  at timestamptz not null,
  primary key (source, source_id)
);
create index marketing_sales_company on marketing_sales (company_id, at);

-- A rebate rule: per period (month / quarter / year in the supplier's time zone), levels of net
-- purchases each with a rate (the highest level reached gives its rate on the whole period's
-- purchases), for some tiers or customers (empty: everyone).
create table rebate_rules (
  id bigint generated always as identity primary key,
  name text not null,
  period text not null check (period in ('month', 'quarter', 'year')),
  levels jsonb not null,
  audience jsonb not null default '{}',
  status text not null default 'active' check (status in ('active', 'stopped')),
  note text,
  created_at timestamptz not null default now()
);

-- A rule's result for one customer and one period: computed (pending) by staff after the period
-- ended, approved by finance, which credits the rebate account once.
create table rebate_settlements (
  id bigint generated always as identity primary key,
  rule_id bigint not null references rebate_rules(id) on delete cascade,
  company_id bigint not null references companies(id) on delete cascade,
  period text not null,
  period_start timestamptz not null,
  period_end timestamptz not null,
  sales bigint not null,
  rate_bp int not null check (rate_bp >= 0 and rate_bp <= 10000),
  amount bigint not null check (amount >= 0),
  status text not null default 'pending' check (status in ('pending', 'approved', 'void')),
  approved_by bigint,
  approved_at timestamptz,
  created_at timestamptz not null default now(),
  unique (rule_id, company_id, period)
);

-- Points can buy coupons (the points catalog): a template with a points price.
alter table coupon_templates add column points_cost int check (points_cost > 0);

-- Adds `amount` (signed) to a customer's balance and writes the ledger row, once per ref; a spend
-- beyond the balance changes nothing. Returns the new balance, or null when the ref was already
-- done or the balance was short (p_strict: refuse instead with ordo:<p_short_code>).
create or replace function marketing_fund_move(p_company bigint, p_kind text, p_entry text, p_amount bigint, p_ref text,
  p_order bigint default null, p_year int default null, p_note text default null, p_actor bigint default null)
returns bigint
language plpgsql
as $$
declare
  v_balance bigint;
begin
  if p_amount = 0 then return null; end if;
  if exists (select 1 from marketing_ledger l where l.company_id = p_company and l.kind = p_kind and l.ref = p_ref) then
    return null;
  end if;
  insert into marketing_accounts (company_id, kind, balance) values (p_company, p_kind, 0) on conflict do nothing;
  update marketing_accounts ma set balance = ma.balance + p_amount, updated_at = now()
  where ma.company_id = p_company and ma.kind = p_kind and ma.balance + p_amount >= 0
  returning ma.balance into v_balance;
  if v_balance is null then return null; end if;
  insert into marketing_ledger (company_id, kind, entry, amount, balance_after, ref, order_id, year, note, actor_user_id)
  values (p_company, p_kind, p_entry, p_amount, v_balance, p_ref, p_order, p_year, p_note, p_actor);
  return v_balance;
end
$$;

-- marketing_redeem of 202612070500 plus the rebate and points deductions: each takes its amount
-- from the customer's balance by conditional update (never below zero, whatever runs at once).
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

-- marketing_release of 202612070500 plus the rebate and points an order spent, given back once.
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
    returning op.promotion_id, op.coupon_id, op.company_id, op.qty, op.amount, op.kind
  loop
    n := n + 1;
    if r.kind in ('rebate', 'points') then
      perform marketing_fund_move(r.company_id, r.kind, 'release', case when r.kind = 'points' then r.qty::bigint else r.amount end,
        'release:' || p_order, p_order);
    elsif r.promotion_id is not null then
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
