-- Cart submission in one database call (issue 20): submitCart of checkout.ts as one function.
-- Once per Idempotency-Key (platform's platform_idempotency_claim: the key row first, a concurrent
-- retry waits on it, then gets the first response; another body under the key is
-- IDEMPOTENCY_KEY_REUSED), the cart's lines taken, the default payment method (the customer's terms
-- first), then orders_submit. One statement: a refused order puts everything back, key and cart
-- lines included.
-- p.serial (a one-session database, PGlite, where no other transaction can run beside this one):
-- the key is looked up and written once, with its response, at the end (a claim row inserted first
-- and updated last only makes a concurrent retry wait, and there is none) — issue 20.
-- Last stated in migration 202612070214_cart_submit_fn.
-- Repeatable: lib/migrate.ts applies this file after the migrations whenever it changes. Edit it
-- here; never restate the function in a new migration (docs/CONVENTIONS.md, "SQL functions").
create or replace function cart_submit(p jsonb)
returns jsonb
language plpgsql
set plan_cache_mode = force_generic_plan
as $$
declare
  v_company bigint := (p->>'companyId')::bigint;
  v_prior jsonb;
  v_lines jsonb;
  v_terms text;
  v_tier bigint;
  v_methods text[];
  v_res jsonb;
  v_serial boolean := coalesce((p->>'serial')::boolean, false);
  v_finish boolean := coalesce((p->>'finish')::boolean, true);
  v_key record;
begin
  if v_serial then
    select k.request_hash, k.response into v_key from idempotency_keys k where k.scope = p->>'scope' and k.key = p->>'key';
    if found then
      if v_key.request_hash is distinct from p->>'hash' then
        raise exception using message = 'ordo:IDEMPOTENCY_KEY_REUSED',
          detail = jsonb_build_object('status', 422, 'params', '{}'::jsonb, 'details', jsonb_build_object('key', p->>'key'))::text;
      end if;
      return jsonb_build_object('order', v_key.response, 'replayed', true);
    end if;
    -- the caller finishes the order and stores the response itself (storeIdempotentResponse)
    if not v_finish then
      insert into idempotency_keys (scope, key, request_hash) values (p->>'scope', p->>'key', p->>'hash');
    end if;
  else
    v_prior := platform_idempotency_claim(p->>'scope', p->>'key', p->>'hash');
    if v_prior is not null then
      return jsonb_build_object('order', v_prior->'response', 'replayed', true);
    end if;
  end if;

  with c as (
    update carts set updated_at = now() where company_id = v_company and user_id = (p->>'userId')::bigint and kind = 'cart' returning id
  ), d as (
    delete from cart_lines where cart_id in (select id from c) returning id, sku_id, unit, unit_factor, qty
  )
  select coalesce(jsonb_agg(jsonb_build_object('ref', d.id, 'skuId', d.sku_id, 'unit', d.unit, 'unitFactor', d.unit_factor, 'qty', d.qty) order by d.id), '[]')
  into v_lines from d;

  if p->>'paymentMethod' is null then
    select co.payment_terms, co.tier_id into v_terms, v_tier from companies co where co.id = v_company;
    v_methods := payments_allowed_methods(v_company, v_terms, v_tier);
    -- the terms' own method first (cash on delivery, credit), else the first allowed
    p := p || jsonb_build_object('paymentMethod', case
      when v_terms = 'cod' and 'cod' = any(v_methods) then 'cod'
      when v_terms = 'credit' and 'credit' = any(v_methods) then 'credit'
      else v_methods[1] end);
    if p->>'paymentMethod' is null then
      perform orders_fail('PAYMENT_METHOD_NOT_ALLOWED', 422, jsonb_build_object('method', '-', 'allowed', '-'), jsonb_build_object('allowed', '[]'::jsonb));
    end if;
  end if;

  v_res := orders_submit(p || jsonb_build_object('lines', v_lines));
  if v_finish then
    if v_serial then
      insert into idempotency_keys (scope, key, request_hash, response, status_code) values (p->>'scope', p->>'key', p->>'hash', v_res->'order', 200);
    else
      update idempotency_keys set response = v_res->'order', status_code = 200 where scope = p->>'scope' and key = p->>'key';
    end if;
    return jsonb_build_object('order', v_res->'order', 'replayed', false);
  end if;
  return v_res || jsonb_build_object('replayed', false);
end
$$;
