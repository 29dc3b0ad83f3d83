-- Order submission's reservation (orders_submit and reserve() call it): ordinary SKUs' lines all or
-- nothing; a pre-order / backorder SKU's line takes what stock there is unless others already wait
-- for that SKU (no jumping the queue), and the rest waits. Every stock row of the order's SKUs is
-- locked first in (sku, warehouse) order, then each queued SKU's queue lock; a refusal (ordinary
-- shortage, or a queue over its cap) writes nothing.
-- Last stated in migration 202612070900_inventory_presale (history: 202612070211).
-- Repeatable: lib/migrate.ts applies this file after the migrations whenever it changes. Edit it
-- here; never restate the function in a new migration (docs/CONVENTIONS.md, "SQL functions").
create or replace function inventory_reserve(p_order bigint, p_company bigint, p_line_ids bigint[], p_sku_ids bigint[], p_qtys int[])
returns jsonb
language plpgsql
set plan_cache_mode = force_generic_plan
as $$
declare
  v_pre bigint[];
  v_split boolean;
  r record;
  i int;
  j int;
  v_pools int[];
  v_queued boolean[];
  v_now int;
  v_waiting int;
  k bigint;
  n_l bigint[] := '{}';
  n_s bigint[] := '{}';
  n_q int[] := '{}';
  w_l bigint[] := '{}';
  w_s bigint[] := '{}';
  w_q int[] := '{}';
  v_res jsonb;
begin
  if coalesce(array_length(p_line_ids, 1), 0) = 0 then return '[]'::jsonb; end if;
  select array_agg(ps.sku_id order by ps.sku_id) into v_pre from sku_presale ps where ps.sku_id = any(p_sku_ids);
  if v_pre is null then
    return inventory_reserve_stock(p_order, p_company, p_line_ids, p_sku_ids, p_qtys);
  end if;
  v_split := coalesce((select st.value = 'true'::jsonb from settings st where st.key = 'inventory.allowSplit'), false);
  perform 1 from stock_levels s where s.sku_id = any(p_sku_ids) order by s.sku_id, s.warehouse_id for update;
  foreach k in array v_pre loop
    perform pg_advisory_xact_lock(160016, k::int);
  end loop;
  -- each queued SKU: what this order can take now (all warehouses with split on, else the fullest one)
  select array_agg(coalesce((select case when v_split then sum(greatest(s.on_hand - s.reserved, 0)) else max(greatest(s.on_hand - s.reserved, 0)) end
                      from stock_levels s join warehouses w on w.id = s.warehouse_id and w.active where s.sku_id = x), 0)::int order by x),
    array_agg(exists (select 1 from stock_waits sw where sw.sku_id = x and sw.status = 'waiting') order by x)
  into v_pools, v_queued
  from unnest(v_pre) x;
  for i in 1 .. array_length(p_line_ids, 1) loop
    j := array_position(v_pre, p_sku_ids[i]);
    if j is not null then
      v_now := case when v_queued[j] then 0 else least(v_pools[j], p_qtys[i]) end;
      v_pools[j] := v_pools[j] - v_now;
      if v_now > 0 then n_l := n_l || p_line_ids[i]; n_s := n_s || p_sku_ids[i]; n_q := n_q || v_now; end if;
      if p_qtys[i] > v_now then w_l := w_l || p_line_ids[i]; w_s := w_s || p_sku_ids[i]; w_q := w_q || (p_qtys[i] - v_now); end if;
    else
      n_l := n_l || p_line_ids[i]; n_s := n_s || p_sku_ids[i]; n_q := n_q || p_qtys[i];
    end if;
  end loop;
  -- a capped queue: refuse before anything is written
  for r in
    select ps.sku_id, ps.max_waiting, k2.code, (select sum(q)::int from unnest(w_s, w_q) as u(s, q) where u.s = ps.sku_id) as adding
    from sku_presale ps join skus k2 on k2.id = ps.sku_id
    where ps.sku_id = any(w_s) and ps.max_waiting is not null
    order by ps.sku_id
  loop
    select coalesce(sum(sw.qty - sw.allocated_qty), 0)::int into v_waiting from stock_waits sw where sw.sku_id = r.sku_id and sw.status = 'waiting';
    if v_waiting + r.adding > r.max_waiting then
      return jsonb_build_object('refusal', jsonb_build_object('code', 'PRESALE_LIMIT', 'status', 409,
        'params', jsonb_build_object('code', r.code, 'requested', r.adding, 'left', greatest(r.max_waiting - v_waiting, 0)),
        'details', jsonb_build_array(jsonb_build_object('skuId', r.sku_id, 'code', r.code, 'requested', r.adding, 'left', greatest(r.max_waiting - v_waiting, 0)))));
    end if;
  end loop;
  v_res := inventory_reserve_stock(p_order, p_company, n_l, n_s, n_q);
  if jsonb_typeof(v_res) = 'object' then return v_res; end if;
  if array_length(w_l, 1) > 0 then
    insert into stock_waits (order_id, order_line_id, company_id, sku_id, mode, expected_date, qty)
    select p_order, u.l, p_company, u.s, ps.mode, ps.expected_date, u.q
    from unnest(w_l, w_s, w_q) with ordinality as u(l, s, q, o) join sku_presale ps on ps.sku_id = u.s
    order by u.o;
  end if;
  return v_res;
end
$$;
