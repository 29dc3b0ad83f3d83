-- The undo of marketing_redeem on cancel or reject: the coupon back, the rebate and points the
-- order spent given back, once.
-- Last stated in migration 202612070910_marketing_rebates_points (history: 202612070500).
-- Repeatable: lib/migrate.ts applies this file after the migrations whenever it changes. Edit it
-- here; never restate the function in a new migration (docs/CONVENTIONS.md, "SQL functions").
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
