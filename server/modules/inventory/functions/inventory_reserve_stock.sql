-- The all-or-nothing, never-oversold reservation of stock on hand (inventory_reserve calls it for
-- ordinary lines and for the part of a pre-order line that stock covers now). Locks every
-- candidate stock row in (sku, warehouse) order; a shortage writes nothing and returns a refusal
-- (INSUFFICIENT_STOCK, 409) naming each short SKU with what was available before this order.
-- Last stated in migration 202612070900_inventory_presale.
-- Repeatable: lib/migrate.ts applies this file after the migrations whenever it changes. Edit it
-- here; never restate the function in a new migration (docs/CONVENTIONS.md, "SQL functions").
create or replace function inventory_reserve_stock(p_order bigint, p_company bigint, p_line_ids bigint[], p_sku_ids bigint[], p_qtys int[])
returns jsonb
language plpgsql
set plan_cache_mode = force_generic_plan
as $$
declare
  r record;
  c_sku bigint[] := '{}';
  c_wh bigint[] := '{}';
  c_av int[] := '{}';
  c_init int[] := '{}';
  v_split boolean;
  i int;
  j int;
  n int;
  v_rest int;
  v_take int;
  v_sum int;
  v_found int;
  p_l bigint[] := '{}';
  p_s bigint[] := '{}';
  p_w bigint[] := '{}';
  p_q int[] := '{}';
  v_short bigint[] := '{}';
  v_details jsonb;
  v_all boolean;
  v_res jsonb;
begin
  if coalesce(array_length(p_line_ids, 1), 0) = 0 then return '[]'::jsonb; end if;
  v_split := coalesce((select st.value = 'true'::jsonb from settings st where st.key = 'inventory.allowSplit'), false);
  -- candidates, locked in (sku, warehouse) order, then listed in preference order per SKU
  for r in
    select * from (
      select s.sku_id, s.warehouse_id, s.on_hand - s.reserved as available, w.priority,
        coalesce(w.provinces @> array[c.province], false) as serves
      from stock_levels s
      join warehouses w on w.id = s.warehouse_id and w.active
      left join companies c on c.id = p_company
      where s.sku_id = any(p_sku_ids)
      order by s.sku_id, s.warehouse_id
      for update of s) locked
    order by sku_id, serves desc, priority, warehouse_id
  loop
    c_sku := c_sku || r.sku_id;
    c_wh := c_wh || r.warehouse_id;
    c_av := c_av || r.available;
    c_init := c_init || r.available;
  end loop;
  n := coalesce(array_length(c_sku, 1), 0);

  for i in 1 .. array_length(p_line_ids, 1) loop
    v_found := 0;
    for j in 1 .. n loop
      if c_sku[j] = p_sku_ids[i] and c_av[j] >= p_qtys[i] then v_found := j; exit; end if;
    end loop;
    if v_found > 0 then
      c_av[v_found] := c_av[v_found] - p_qtys[i];
      p_l := p_l || p_line_ids[i]; p_s := p_s || p_sku_ids[i]; p_w := p_w || c_wh[v_found]; p_q := p_q || p_qtys[i];
      continue;
    end if;
    v_sum := 0;
    if v_split then
      for j in 1 .. n loop
        if c_sku[j] = p_sku_ids[i] then v_sum := v_sum + c_av[j]; end if;
      end loop;
    end if;
    if v_split and v_sum >= p_qtys[i] then
      v_rest := p_qtys[i];
      for j in 1 .. n loop
        if c_sku[j] = p_sku_ids[i] then
          v_take := least(v_rest, c_av[j]);
          if v_take > 0 then
            c_av[j] := c_av[j] - v_take;
            p_l := p_l || p_line_ids[i]; p_s := p_s || p_sku_ids[i]; p_w := p_w || c_wh[j]; p_q := p_q || v_take;
          end if;
          v_rest := v_rest - v_take;
          exit when v_rest = 0;
        end if;
      end loop;
    elsif not (p_sku_ids[i] = any(v_short)) then
      v_short := v_short || p_sku_ids[i];
    end if;
  end loop;

  if array_length(v_short, 1) > 0 then
    select jsonb_agg(jsonb_build_object(
        'skuId', x.sku_id,
        'code', coalesce((select k.code from skus k where k.id = x.sku_id), x.sku_id::text),
        'requested', (select sum(q)::int from unnest(p_sku_ids, p_qtys) as u(s, q) where u.s = x.sku_id),
        'available', case when v_split
          then (select coalesce(sum(greatest(0, a)), 0)::int from unnest(c_sku, c_init) as v(s, a) where v.s = x.sku_id)
          else greatest(0, coalesce((select max(a) from unnest(c_sku, c_init) as v(s, a) where v.s = x.sku_id), 0)) end)
      order by x.sku_id)
    into v_details
    from unnest(v_short) as x(sku_id);
    -- nothing written yet: refuse by value, so a caller that catches the refusal keeps a usable transaction
    return jsonb_build_object('refusal', jsonb_build_object('code', 'INSUFFICIENT_STOCK', 'status', 409,
      'params', jsonb_build_object('code', v_details->0->'code', 'requested', v_details->0->'requested', 'available', v_details->0->'available'),
      'details', v_details));
  end if;

  -- the live-stock event first, then the guarded update, the reservations and low-stock events
  insert into outbox (topic, payload)
  select 'inventory.stock_changed', jsonb_build_object('skuIds', to_jsonb(array_agg(distinct x order by x)), 'cause', 'reserve') from unnest(p_s) as x;
  with a as (
    select pl.s as sku_id, pl.w as warehouse_id, sum(pl.q)::int as qty
    from unnest(p_s, p_w, p_q) as pl(s, w, q) group by pl.s, pl.w
  ), u as (
    update stock_levels s set reserved = s.reserved + a.qty, updated_at = now()
    from a where s.sku_id = a.sku_id and s.warehouse_id = a.warehouse_id and s.on_hand - s.reserved >= a.qty
    returning s.sku_id, s.warehouse_id, s.on_hand - s.reserved as available, s.safety_stock, a.qty
  ), ins as (
    insert into reservations (order_id, order_line_id, sku_id, warehouse_id, qty)
    select p_order, pl.l, pl.s, pl.w, pl.q from unnest(p_l, p_s, p_w, p_q) as pl(l, s, w, q)
    returning 1
  ), low as (
    insert into outbox (topic, payload)
    select 'inventory.low_stock', jsonb_build_object('skuId', u.sku_id, 'skuCode', k.code, 'productName', p.name,
      'warehouseId', u.warehouse_id, 'warehouseCode', w.code, 'warehouseName', w.name,
      'available', u.available, 'safetyStock', u.safety_stock, 'cause', 'reserve')
    from u join skus k on k.id = u.sku_id join products p on p.id = k.product_id join warehouses w on w.id = u.warehouse_id
    where u.safety_stock > 0 and u.available < u.safety_stock and u.available + u.qty >= u.safety_stock
    returning 1
  )
  select count(*) = (select count(*) from (select distinct s, w from unnest(p_s, p_w) as pl(s, w)) d),
    (select jsonb_agg(jsonb_build_object('orderLineId', x.l, 'warehouseId', x.w, 'qty', x.q) order by x.o)
     from unnest(p_l, p_w, p_q) with ordinality as x(l, w, q, o))
  into v_all, v_res
  from u;
  -- rows were locked above, so the guard cannot fail; if it ever did, abort the transaction
  if not v_all then
    raise exception 'reservation guard failed on a locked row';
  end if;
  return v_res;
end
$$;
