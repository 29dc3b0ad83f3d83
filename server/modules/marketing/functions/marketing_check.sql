-- Checks a submission's marketing plan (engine.ts, computed by the server for this cart) against
-- the lines orders_submit has just priced: the same lines at the same prices, and no promotion
-- running now that the plan did not consider. Returns {discount, gifts: [order-line-shaped gift
-- lines], giftPolicy}. A stale plan is ordo:PROMOTIONS_CHANGED (the server plans again and retries).
-- One statement (issue 15): the lines compared, the running promotions the plan missed, the gift
-- lines and the gift policy read together (were four statements); the gifts' SKUs read by key.
-- Last stated in migration 202612070500_marketing_core.
-- Repeatable: lib/migrate.ts applies this file after the migrations whenever it changes. Edit it
-- here; never restate the function in a new migration (docs/CONVENTIONS.md, "SQL functions").
create or replace function marketing_check(p_company bigint, p_priced jsonb, p_plan jsonb)
returns jsonb
language plpgsql stable
set plan_cache_mode = force_generic_plan
as $$
declare
  v_ok boolean;
  v_gifts jsonb;
  v_policy text;
begin
  if p_plan is null or jsonb_typeof(p_plan) <> 'object' then
    if exists (select 1 from promotions pr where pr.status = 'active' and pr.starts_at <= now() and pr.ends_at > now()) then
      perform orders_fail('PROMOTIONS_CHANGED', 409);
    end if;
    return jsonb_build_object('discount', 0, 'gifts', '[]'::jsonb);
  end if;
  select
    -- the lines as the plan saw them, in the same order (the server's own plan: the usual case),
    -- are one comparison; otherwise each priced line is looked for in the plan's basis
    (p_priced = p_plan->'basis' or coalesce((
      select count(*) = jsonb_array_length(p_plan->'basis') and count(*) = jsonb_array_length(p_priced) and bool_and(b.x is not null)
      from jsonb_array_elements(p_priced) x
      left join lateral (
        select b.x from jsonb_array_elements(p_plan->'basis') b(x)
        where (b.x->>'ref')::bigint = (x->>'ref')::bigint and (b.x->>'skuId')::bigint = (x->>'skuId')::bigint
          and (b.x->>'qty')::int = (x->>'qty')::int and (b.x->>'unitPrice')::bigint = (x->>'unitPrice')::bigint
        limit 1
      ) b on true), false))
    and not exists (select 1 from promotions pr where pr.status = 'active' and pr.starts_at <= now() and pr.ends_at > now()
                    and not (pr.id = any(array(select jsonb_array_elements_text(p_plan->'considered')::bigint)))),
    (select jsonb_agg(jsonb_build_object('ref', null, 'skuId', s.id, 'unit', s.base_unit, 'unitFactor', 1, 'qty', (g->>'qty')::int,
        'code', s.code, 'name', s.name, 'specText', s.spec_text, 'unitPrice', 0, 'basePrice', s.base_price, 'lineTotal', 0,
        'gift', true, 'promotionId', (g->>'promotionId')::bigint,
        'rule', jsonb_build_object('kind', 'gift', 'promotionId', (g->>'promotionId')::bigint, 'detail', g->>'detail')) order by o)
     from jsonb_array_elements(coalesce(p_plan->'gifts', '[]')) with ordinality as e(g, o)
     -- each gift's SKU by its key (a join planned for ~100 gifts scanned the whole skus table)
     cross join lateral (select s.id, s.code, s.spec_text, s.base_price, p.base_unit, p.name from skus s join products p on p.id = s.product_id
                         where s.id = (g->>'skuId')::bigint limit 1) as s
     ),
    coalesce((select st.value #>> '{}' from settings st where st.key = 'marketing.giftOutOfStock'), 'skip')
  into v_ok, v_gifts, v_policy;
  if not v_ok then
    perform orders_fail('PROMOTIONS_CHANGED', 409);
  end if;
  return jsonb_build_object('discount', coalesce((p_plan->>'discount')::bigint, 0), 'gifts', coalesce(v_gifts, '[]'::jsonb), 'giftPolicy', v_policy);
end
$$;
