-- Adding many lines at once (quick order, reorder, templates) in one database call (issue 20):
-- the decisions of addCandidates (quick.ts) and the write of upsertLines (cart.ts) as one
-- function, which also returns everything the response's cart view is priced from. Server code
-- parses the input (codes folded, quantities read; ROW_NO_CODE / ROW_BAD_QTY never reach here) and
-- words the messages; this decides each row and writes the kept ones.
--
-- p: {companyId, userId, mode: 'quick' | 'reorder', maxQty, maxLines,
--     rows: [{i, code (folded, lower case) | skuId, qty (in the unit), unit (folded) | null}]}
-- Each row, in this order of reasons: ROW_UNKNOWN_CODE, ROW_HIDDEN, ROW_OFF_SHELF,
-- ROW_UNKNOWN_UNIT, ROW_TOO_LARGE (the row), ROW_OUT_OF_STOCK (reorder: nothing available), then on
-- what the cart would hold (the cart's lines plus every row so far accepted of the SKU):
-- ROW_TOO_LARGE, and for quick order ROW_BELOW_MOQ, ROW_NOT_MULTIPLE, ROW_SHORT.
-- A line over maxQty after the add raises ordo:QTY_TOO_LARGE, a cart over maxLines ordo:CART_FULL
-- (nothing written).
-- Returns {rows: [{i, skuId, unit, factor, qty, total, moq, multiple, reason}], cartId, lines (the cart after the add),
--   facts (skuFacts' row shape), prices (pricing_price_data), stock (inventory_stock_of),
--   display (the inventory.customerDisplay setting)} for every SKU of the rows and the cart.
-- Pre-order / backorder SKUs (issue 16) are never ROW_SHORT or ROW_OUT_OF_STOCK; 'presale' names
-- each row's pre-order setting.
-- Last stated in migration 202612070501_cart_add_rows_fn (202612071230_cart_add_rows_presale held a copy for an hour; now empty).
-- Repeatable: lib/migrate.ts applies this file after the migrations whenever it changes. Edit it
-- here; never restate the function in a new migration (docs/CONVENTIONS.md, "SQL functions").
create or replace function cart_add_rows(p jsonb)
returns jsonb
language plpgsql
set plan_cache_mode = force_generic_plan
as $$
declare
  v_company bigint := (p->>'companyId')::bigint;
  v_user bigint := (p->>'userId')::bigint;
  v_quick boolean := p->>'mode' = 'quick';
  v_max bigint := (p->>'maxQty')::bigint;
  v_cart bigint;
  v_skus bigint[];
  v_rows jsonb;
  v_facts jsonb;
  v_stock jsonb;
  v_over boolean;
  v_n int;
begin
  -- the live cart locked first: a concurrent add or submission of it waits, so its lines hold
  select c.id into v_cart from carts c where c.company_id = v_company and c.user_id = v_user and c.kind = 'cart' for update;

  with r as (
    select (x->>'i')::int as i, x->>'code' as code, (x->>'skuId')::bigint as sku_in, (x->>'qty')::bigint as qty, x->>'unit' as unit
    from jsonb_array_elements(p->'rows') x
  ), rs as (
    -- each row's SKU (a code wins over another SKU's barcode; of several barcodes the oldest SKU),
    -- its selling unit (the base unit when none is named) and its quantity in base units
    select r.i, s.id as sku_id, u.name as unit, fa.factor, r.qty * fa.factor as qty
    from r
    left join lateral (
      select coalesce(r.sku_in,
        (select k.id from skus k where lower(k.code) = r.code),
        (select k.id from skus k where k.barcode = r.code order by k.id limit 1)) as id
    ) f on true
    left join skus s on s.id = f.id
    left join products pr on pr.id = s.product_id
    cross join lateral (select coalesce(r.unit, pr.base_unit) as name) u
    cross join lateral (select coalesce(
      (select su.factor from sku_units su where su.sku_id = s.id and su.unit = u.name order by su.factor, su.unit limit 1),
      case when s.id is not null and u.name = pr.base_unit then 1 end) as factor) fa
  ), t as (
    -- per SKU: the cart's quantity plus its rows that pass the per-row checks (hidden, off-shelf
    -- and out-of-stock are per SKU, so counting their rows changes no decision)
    select k.sku_id, sum(k.qty) as total from (
      select l.sku_id, l.qty::bigint as qty from cart_lines l where l.cart_id = v_cart
      union all
      select rs.sku_id, case when rs.factor is not null and rs.qty <= v_max then rs.qty else 0 end from rs where rs.sku_id is not null
    ) k group by k.sku_id
  ), a as (
    select array_agg(t.sku_id order by t.sku_id) as skus, array_agg(least(t.total, v_max + 1)::int order by t.sku_id) as qtys from t
  ), pp as (
    select pp.* from a cross join lateral pricing_price_skus(v_company, a.skus, a.qtys, now()) pp
  ), st as (
    select st.* from a cross join lateral inventory_stock_of(a.skus) st
  )
  select
    (select a.skus from a),
    (select coalesce(jsonb_agg(jsonb_build_object('i', rs.i, 'skuId', rs.sku_id, 'unit', rs.unit, 'factor', rs.factor, 'qty', rs.qty, 'total', t.total, 'moq', pp.moq, 'multiple', pp.order_multiple,
      'reason', case
        when pp.sku_id is null then 'ROW_UNKNOWN_CODE'
        when not pp.visible then 'ROW_HIDDEN'
        when not pp.on_shelf then 'ROW_OFF_SHELF'
        when rs.factor is null then 'ROW_UNKNOWN_UNIT'
        when rs.qty > v_max then 'ROW_TOO_LARGE'
        when not v_quick and coalesce(st.available, 0) <= 0 and ps.sku_id is null then 'ROW_OUT_OF_STOCK'
        when t.total > v_max then 'ROW_TOO_LARGE'
        when v_quick and t.total < pp.moq then 'ROW_BELOW_MOQ'
        when v_quick and t.total % pp.order_multiple <> 0 then 'ROW_NOT_MULTIPLE'
        when v_quick and t.total > greatest(coalesce(st.available, 0), 0) and ps.sku_id is null then 'ROW_SHORT'
      end) order by rs.i), '[]')
      from rs left join t on t.sku_id = rs.sku_id left join pp on pp.sku_id = rs.sku_id left join st on st.sku_id = rs.sku_id
      left join sku_presale ps on ps.sku_id = rs.sku_id),
    (select coalesce(jsonb_agg(jsonb_build_object('id', s.id, 'product_id', s.product_id, 'code', s.code, 'name', pr.name, 'spec_text', s.spec_text,
        'base_unit', pr.base_unit, 'images', pr.images, 'on_shelf', pp.on_shelf, 'visible', pp.visible,
        'units', (select json_agg(json_build_array(u.unit, u.factor) order by u.factor, u.unit) from sku_units u where u.sku_id = s.id))), '[]')
      from pp join skus s on s.id = pp.sku_id join products pr on pr.id = s.product_id),
    (select coalesce(jsonb_agg(to_jsonb(st)), '[]') from st)
  into v_skus, v_rows, v_facts, v_stock;

  if exists (select 1 from jsonb_array_elements(v_rows) x where x->>'reason' is null) then
    if v_cart is null then
      insert into carts (company_id, user_id, kind, name) values (v_company, v_user, 'cart', null)
      on conflict (company_id, user_id) where kind = 'cart' do nothing;
      select c.id into v_cart from carts c where c.company_id = v_company and c.user_id = v_user and c.kind = 'cart' for update;
    end if;
    -- one line per (SKU, unit): what the cart holds plus the kept rows must stay within maxQty
    with m as (
      select (x->>'skuId')::bigint as sku_id, x->>'unit' as unit, max((x->>'factor')::int) as factor, sum((x->>'qty')::bigint) as qty,
        min((x->>'i')::int) as first
      from jsonb_array_elements(v_rows) x where x->>'reason' is null group by 1, 2
    ), over as (
      select bool_or(coalesce(l.qty, 0) + m.qty > v_max) as v from m left join cart_lines l on l.cart_id = v_cart and l.sku_id = m.sku_id and l.unit = m.unit
    ), ins as (
      insert into cart_lines as l (cart_id, sku_id, unit, unit_factor, qty)
      select v_cart, m.sku_id, m.unit, m.factor, least(m.qty, v_max)::int from m where not (select v from over)
      order by m.first -- new lines in the order of the rows
      on conflict (cart_id, sku_id, unit) do update set qty = least(l.qty::bigint + excluded.qty, v_max)::int, unit_factor = excluded.unit_factor, updated_at = now()
      returning 1
    )
    select (select v from over), (select count(*) from ins) into v_over, v_n;
    if v_over then perform orders_fail('QTY_TOO_LARGE', 422, jsonb_build_object('max', v_max, 'unit', '')); end if;
    select count(*) into v_n from cart_lines l where l.cart_id = v_cart;
    if v_n > (p->>'maxLines')::int then perform orders_fail('CART_FULL', 422, jsonb_build_object('max', (p->>'maxLines')::int)); end if;
    update carts set updated_at = now() where id = v_cart;
  end if;

  return jsonb_build_object(
    'rows', v_rows,
    'cartId', v_cart,
    'lines', coalesce((select jsonb_agg(jsonb_build_object('id', l.id, 'skuId', l.sku_id, 'unit', l.unit, 'unitFactor', l.unit_factor, 'qty', l.qty) order by l.id)
      from cart_lines l where l.cart_id = v_cart), '[]'),
    'facts', v_facts,
    'prices', coalesce((select jsonb_agg(to_jsonb(d)) from pricing_price_data(v_company, v_skus, now()) d), '[]'),
    'stock', v_stock,
    'display', (select st.value from settings st where st.key = 'inventory.customerDisplay'),
    'presale', coalesce((select jsonb_agg(jsonb_build_object('skuId', ps.sku_id, 'mode', ps.mode, 'expectedDate', to_char(ps.expected_date, 'YYYY-MM-DD')) order by ps.sku_id)
      from sku_presale ps where ps.sku_id = any(v_skus)), '[]'));
end
$$;
