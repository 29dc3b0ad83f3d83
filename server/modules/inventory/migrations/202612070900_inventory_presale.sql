-- Pre-orders and backorders (issue 16). Per SKU the supplier may allow ordering beyond stock
-- (缺货订购, backorder) or before it arrives (预订, pre-order, with an expected date): sku_presale.
-- Such lines take what stock there is and queue the rest (stock_waits) without a reservation; when
-- stock arrives (purchase receipt, adjustment, transfer in, stocktake gain, return, a released
-- reservation) inventory_allocate_waits gives it to the queue — highest priority first, then first
-- come first served — in the transaction that raised the stock. Ordinary SKUs are untouched: their
-- lines go through the same all-or-nothing, never-oversold reservation as before.

create table sku_presale (
  sku_id bigint primary key references skus(id) on delete cascade,
  mode text not null check (mode in ('backorder', 'preorder')),
  -- 预计到货: required for a pre-order, optional for a backorder
  expected_date date,
  -- at most this many base units may wait at once (null: no cap)
  max_waiting int check (max_waiting is null or max_waiting between 1 and 10000000),
  note text check (note is null or length(note) <= 200),
  updated_at timestamptz not null default now(),
  updated_by_user_id bigint references users(id),
  check (mode <> 'preorder' or expected_date is not null)
);

-- One row per order line part that waits for stock. order_id / order_line_id are plain bigints like
-- reservations'. Waiting = qty - allocated_qty while status = 'waiting'.
create table stock_waits (
  id bigint generated always as identity primary key,
  order_id bigint not null,
  order_line_id bigint not null,
  company_id bigint not null references companies(id),
  sku_id bigint not null references skus(id),
  mode text not null check (mode in ('backorder', 'preorder')),
  expected_date date,
  priority int not null default 0 check (priority between -1000 and 1000),
  qty int not null check (qty > 0),
  allocated_qty int not null default 0 check (allocated_qty >= 0),
  status text not null default 'waiting' check (status in ('waiting', 'allocated', 'cancelled')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  allocated_at timestamptz,
  check (allocated_qty <= qty)
);
create index stock_waits_queue on stock_waits (sku_id, priority desc, id) where status = 'waiting';
create index stock_waits_order on stock_waits (order_id, order_line_id);
create index stock_waits_company on stock_waits (company_id, id);

-- The reservation of 202612070211 under its own name: ordinary lines (and the part of a pre-order
-- or backorder line that stock covers now) go through it unchanged.
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
  v_updated int;
  v_skus bigint[];
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
  select array_agg(distinct x order by x) into v_skus from unnest(p_s) as x;
  insert into outbox (topic, payload) values ('inventory.stock_changed', jsonb_build_object('skuIds', to_jsonb(v_skus), 'cause', 'reserve'));
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
  select count(*) into v_updated from u;
  -- rows were locked above, so the guard cannot fail; if it ever did, abort the transaction
  if v_updated <> (select count(*) from (select distinct s, w from unnest(p_s, p_w) as pl(s, w)) d) then
    raise exception 'reservation guard failed on a locked row';
  end if;
  return (select jsonb_agg(jsonb_build_object('orderLineId', x.l, 'warehouseId', x.w, 'qty', x.q) order by x.o)
    from unnest(p_l, p_w, p_q) with ordinality as x(l, w, q, o));
end
$$;


-- Order submission's reservation (orders_submit and reserve() call it): ordinary SKUs' lines all or
-- nothing as before; a pre-order / backorder SKU's line takes what stock there is unless others
-- already wait for that SKU (no jumping the queue), and the rest waits. Every stock row of the
-- order's SKUs is locked first in (sku, warehouse) order, then each queued SKU's queue lock; a
-- refusal (ordinary shortage, or a queue over its cap) writes nothing.
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

-- Stock arrived (or was freed) in these (sku, warehouse) rows: the waiting lines of each SKU take
-- it, highest priority first, then oldest first, as reservations in that warehouse. Runs in the
-- caller's transaction (the one that raised the stock); locks the rows, then the SKU's queue.
-- Writes the reservations, the waits' progress and one 'inventory.wait_allocated' event per order;
-- returns [{skuId, warehouseId, qty}] allocated per row.
create or replace function inventory_allocate_waits(p_skus bigint[], p_whs bigint[])
returns jsonb
language plpgsql
set plan_cache_mode = force_generic_plan
as $$
declare
  r record;
  w record;
  v_av int;
  v_take int;
  v_out jsonb := '[]'::jsonb;
  v_sum int;
  v_got jsonb := '[]'::jsonb;
begin
  for r in
    select s.sku_id, s.warehouse_id from stock_levels s
    join unnest(p_skus, p_whs) as v(sku_id, warehouse_id) on v.sku_id = s.sku_id and v.warehouse_id = s.warehouse_id
    join warehouses wh on wh.id = s.warehouse_id and wh.active
    where exists (select 1 from stock_waits sw where sw.sku_id = s.sku_id and sw.status = 'waiting')
    order by s.sku_id, s.warehouse_id
    for update of s
  loop
    perform pg_advisory_xact_lock(160016, r.sku_id::int);
    select s.on_hand - s.reserved into v_av from stock_levels s where s.sku_id = r.sku_id and s.warehouse_id = r.warehouse_id;
    v_sum := 0;
    for w in
      select sw.id, sw.order_id, sw.order_line_id, sw.company_id, sw.qty - sw.allocated_qty as open
      from stock_waits sw where sw.sku_id = r.sku_id and sw.status = 'waiting'
      order by sw.priority desc, sw.id
      for update
    loop
      exit when v_av <= 0;
      v_take := least(v_av, w.open);
      insert into reservations (order_id, order_line_id, sku_id, warehouse_id, qty) values (w.order_id, w.order_line_id, r.sku_id, r.warehouse_id, v_take);
      update stock_waits set allocated_qty = allocated_qty + v_take, updated_at = now(), allocated_at = now(),
        status = case when allocated_qty + v_take = qty then 'allocated' else 'waiting' end
      where id = w.id;
      v_got := v_got || jsonb_build_object('orderId', w.order_id, 'companyId', w.company_id, 'orderLineId', w.order_line_id, 'skuId', r.sku_id,
        'qty', v_take, 'complete', v_take = w.open);
      v_av := v_av - v_take;
      v_sum := v_sum + v_take;
    end loop;
    if v_sum > 0 then
      update stock_levels s set reserved = s.reserved + v_sum, updated_at = now()
      where s.sku_id = r.sku_id and s.warehouse_id = r.warehouse_id and s.on_hand - s.reserved >= v_sum;
      if not found then raise exception 'allocation guard failed on a locked row'; end if;
      v_out := v_out || jsonb_build_object('skuId', r.sku_id, 'warehouseId', r.warehouse_id, 'qty', v_sum);
    end if;
  end loop;
  if jsonb_array_length(v_got) > 0 then
    insert into outbox (topic, payload)
    select 'inventory.wait_allocated', jsonb_build_object('orderId', (g->>'orderId')::bigint, 'companyId', (g->>'companyId')::bigint,
      'lines', jsonb_agg(jsonb_build_object('orderLineId', g->'orderLineId', 'skuId', g->'skuId', 'code', k.code, 'name', p.name, 'qty', g->'qty', 'complete', g->'complete')))
    from jsonb_array_elements(v_got) g join skus k on k.id = (g->>'skuId')::bigint join products p on p.id = k.product_id
    group by (g->>'orderId')::bigint, (g->>'companyId')::bigint;
  end if;
  return v_out;
end
$$;
