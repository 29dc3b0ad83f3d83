-- Payments' part of order submission in one database call (issue 20): allowedPaymentMethods of
-- accounts.ts as SQL. The supplier's rule for the customer, else its tier's, else the default,
-- else every method; within what the payment terms allow; credit never while on credit hold.
create or replace function payments_allowed_methods(p_company bigint, p_terms text, p_tier bigint)
returns text[]
language sql stable
set plan_cache_mode = force_generic_plan
as $$
  select coalesce(array_agg(a.m order by a.ord), '{}')
  from unnest(array['online', 'transfer', 'balance', 'credit', 'cod']) with ordinality as a(m, ord)
  where a.m = any(coalesce(
      (select r.methods from payment_method_rules r where r.scope = 'company' and r.scope_id = p_company),
      (select r.methods from payment_method_rules r where r.scope = 'tier' and r.scope_id = coalesce(p_tier, 0)),
      (select r.methods from payment_method_rules r where r.scope = 'default' order by r.scope_id limit 1),
      array['online', 'transfer', 'balance', 'credit', 'cod']))
    and a.m = any(case p_terms
      when 'cod' then array['online', 'transfer', 'balance', 'cod']
      when 'credit' then array['online', 'transfer', 'balance', 'credit']
      else array['online', 'transfer', 'balance'] end)
    and not (a.m = 'credit' and coalesce((select ca.credit_hold from customer_accounts ca where ca.company_id = p_company), false))
$$;
