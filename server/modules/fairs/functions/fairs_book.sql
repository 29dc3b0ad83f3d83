-- A booking (订货) at a fair in one database call (issue 16: the opening minute's round trips):
-- book() of bookings.ts. Once per Idempotency-Key (the key row first: a concurrent retry waits on
-- it, then gets the first booking; another body under the key is IDEMPOTENCY_KEY_REUSED), then the
-- fair as this customer sees it (the database's clock; draft, unknown or not invited: NOT_FOUND;
-- not open: FAIR_NOT_OPEN with the state), the customer's totals row locked (every booking,
-- change and cancellation of the customer queues there), the lines priced at the fair's breaks and
-- checked in priceAndCheck's order (unknown product, per-booking minimum, amount too large,
-- per-customer quantity, amount quota, minimum amount), the booking and its lines, the deposit
-- held from the prepaid balance when the fair sets no deadline (payments' payments_hold_deposit),
-- the totals, the `fair.booked` event and the audit entry. Refusals are 'ordo:<CODE>' with the
-- params and details bookings.ts answered with (it words NOT_FOUND and FAIR_NOT_OPEN's state);
-- one statement, so a refusal writes nothing, key included. Returns {booking, replayed}.
-- p: {fairId, companyId, userId, scope, key, hash, lines: [{skuId, qty}], note, actor: {userId, label, requestId, ip}}
-- Repeatable: lib/migrate.ts applies this file whenever it changes; edit it here.
create or replace function fairs_book(p jsonb)
returns jsonb
language plpgsql
set plan_cache_mode = force_generic_plan
as $$
declare
  v_fair bigint := (p->>'fairId')::bigint;
  v_company bigint := (p->>'companyId')::bigint;
  v_prior jsonb;
  f record;
  v_now timestamptz := statement_timestamp();
  v_state text;
  v_booked bigint;
  v_lines jsonb;
  v_bad jsonb;
  v_total bigint;
  v_max bigint;
  v_min bigint;
  v_deposit bigint;
  v_hold boolean;
  v_id bigint;
  v_created timestamptz;
  v_number text;
  v_refusal jsonb;
  v_res jsonb;
begin
  v_prior := platform_idempotency_claim(p->>'scope', p->>'key', p->>'hash');
  if v_prior is not null then
    return jsonb_build_object('booking', v_prior->'response', 'replayed', true);
  end if;

  select fa.id, fa.name, fa.status, fa.opens_at, fa.closes_at, fa.tier_ids, fa.company_ids, fa.min_amount, fa.max_amount,
    fa.deposit_kind, fa.deposit_value, fa.deposit_due_at, c.tier_id, fc.min_amount as c_min, fc.max_amount as c_max
  into f
  from fairs fa
  join companies c on c.id = v_company
  left join fair_customers fc on fc.fair_id = fa.id and fc.company_id = v_company
  where fa.id = v_fair;
  -- a fair the customer is not invited to does not exist for it
  if not found or f.status = 'draft'
     or not ((cardinality(f.tier_ids) = 0 and cardinality(f.company_ids) = 0) or v_company = any(f.company_ids) or (f.tier_id is not null and f.tier_id = any(f.tier_ids))) then
    perform orders_fail('NOT_FOUND', 404);
  end if;
  v_state := case when f.status <> 'published' then f.status when v_now < f.opens_at then 'scheduled' when v_now < f.closes_at then 'open' else 'closed' end;
  if v_state <> 'open' then
    perform orders_fail('FAIR_NOT_OPEN', 409, jsonb_build_object('name', f.name, 'state', v_state),
      jsonb_build_object('state', v_state, 'opensAt', to_char(f.opens_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'closesAt', to_char(f.closes_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')));
  end if;

  insert into fair_customer_totals as t (fair_id, company_id) values (v_fair, v_company)
  on conflict (fair_id, company_id) do update set bookings = t.bookings
  returning t.amount into v_booked;

  -- each line with its fair item, price (the highest break its quantity reaches) and what the
  -- customer's other bookings hold of a product with a per-customer maximum
  with l as (
    select (x->>'skuId')::bigint as sku_id, (x->>'qty')::int as qty, o
    from jsonb_array_elements(p->'lines') with ordinality as e(x, o)
  )
  select jsonb_agg(jsonb_build_object('o', l.o, 'skuId', l.sku_id, 'qty', l.qty, 'known', i.sku_id is not null,
      'code', s.code, 'name', pr.name, 'unit', pr.base_unit, 'minQty', i.min_qty, 'maxQty', i.max_qty,
      'unitPrice', br.unit_price, 'lineTotal', br.unit_price::numeric * l.qty,
      'had', case when i.max_qty is not null then coalesce((
        select sum(bl.qty) from fair_booking_lines bl join fair_bookings b on b.id = bl.booking_id
        where b.fair_id = v_fair and b.company_id = v_company and b.status <> 'cancelled' and bl.sku_id = l.sku_id), 0) end)
    order by l.o)
  into v_lines
  from l
  left join fair_items i on i.fair_id = v_fair and i.sku_id = l.sku_id
  left join skus s on s.id = i.sku_id
  left join products pr on pr.id = s.product_id
  left join lateral (select fp.unit_price from fair_prices fp where fp.fair_id = v_fair and fp.sku_id = l.sku_id and fp.min_qty <= l.qty
    order by fp.min_qty desc limit 1) br on true;

  select jsonb_agg(x->'skuId' order by (x->>'o')::int) into v_bad from jsonb_array_elements(v_lines) x where not (x->>'known')::boolean;
  if v_bad is not null then
    perform orders_fail('FAIR_ITEM_UNKNOWN', 422,
      jsonb_build_object('ids', (select string_agg(u::text, ', ') from jsonb_array_elements(v_bad) u), 'name', f.name),
      jsonb_build_object('unknown', v_bad));
  end if;
  -- the first line below its per-booking minimum or with an amount too large, in the lines' order
  select x into v_bad from jsonb_array_elements(v_lines) x
  where (x->>'qty')::int < coalesce((x->>'minQty')::int, 0) or (x->>'lineTotal')::numeric > 1e13
  order by (x->>'o')::int limit 1;
  if v_bad is not null then
    if (v_bad->>'qty')::int < coalesce((v_bad->>'minQty')::int, 0) then
      perform orders_fail('FAIR_LINE_BELOW_MIN', 422, jsonb_build_object('code', v_bad->>'code',
        'min', (v_bad->>'minQty') || ' ' || (v_bad->>'unit'), 'qty', (v_bad->>'qty') || ' ' || (v_bad->>'unit')));
    end if;
    perform orders_fail('VALIDATION', 400, '{}', jsonb_build_array(jsonb_build_object('path', 'lines', 'message', 'amount too large')));
  end if;
  select x into v_bad from jsonb_array_elements(v_lines) x
  where x->>'maxQty' is not null and (x->>'had')::bigint + (x->>'qty')::int > (x->>'maxQty')::int
  order by (x->>'o')::int limit 1;
  if v_bad is not null then
    perform orders_fail('FAIR_QTY_OVER_QUOTA', 409, jsonb_build_object('code', v_bad->>'code',
        'max', (v_bad->>'maxQty') || ' ' || (v_bad->>'unit'), 'booked', (v_bad->>'had') || ' ' || (v_bad->>'unit'),
        'qty', (v_bad->>'qty') || ' ' || (v_bad->>'unit'), 'left', greatest(0, (v_bad->>'maxQty')::bigint - (v_bad->>'had')::bigint)::text || ' ' || (v_bad->>'unit')),
      jsonb_build_object('skuId', (v_bad->>'skuId')::bigint, 'max', (v_bad->>'maxQty')::int, 'booked', (v_bad->>'had')::bigint, 'qty', (v_bad->>'qty')::int));
  end if;

  select sum((x->>'lineTotal')::bigint)::bigint into v_total from jsonb_array_elements(v_lines) x;
  v_max := coalesce(f.c_max, f.max_amount);
  if v_max is not null and v_booked + v_total > v_max then
    perform orders_fail('FAIR_AMOUNT_OVER_QUOTA', 409, jsonb_build_object(
        'amount', to_char(v_total::numeric / 100, 'FM9999999999999990.00'), 'max', to_char(v_max::numeric / 100, 'FM9999999999999990.00'),
        'booked', to_char(v_booked::numeric / 100, 'FM9999999999999990.00'), 'left', to_char(greatest(0, v_max - v_booked)::numeric / 100, 'FM9999999999999990.00')),
      jsonb_build_object('max', v_max, 'booked', v_booked, 'amount', v_total));
  end if;
  v_min := coalesce(f.c_min, f.min_amount);
  if v_min is not null and v_booked + v_total < v_min then
    perform orders_fail('FAIR_AMOUNT_BELOW_MIN', 422, jsonb_build_object('name', f.name,
      'min', to_char(v_min::numeric / 100, 'FM9999999999999990.00'), 'total', to_char((v_booked + v_total)::numeric / 100, 'FM9999999999999990.00'),
      'short', to_char((v_min - v_booked - v_total)::numeric / 100, 'FM9999999999999990.00')));
  end if;

  -- the deposit (depositFor): basis points rounded half away from zero, or a fixed amount
  v_deposit := case f.deposit_kind when 'percent' then round(v_total::numeric * f.deposit_value / 10000)::bigint
    when 'fixed' then least(f.deposit_value, v_total) else 0 end;
  -- no deadline: the deposit is held from the prepaid balance now, or the booking is refused
  v_hold := v_deposit > 0 and f.deposit_due_at is null;
  insert into fair_bookings (fair_id, company_id, user_id, total, deposit, deposit_status, note, idempotency_key)
  values (v_fair, v_company, (p->>'userId')::bigint, v_total, v_deposit,
    case when v_deposit = 0 then 'none' when v_hold then 'held' else 'unpaid' end, p->>'note', p->>'key')
  returning id, created_at into v_id, v_created;
  if v_hold then
    v_refusal := payments_hold_deposit('fair_booking:' || v_id, v_company, v_deposit, p->'actor');
    if v_refusal is not null then
      perform orders_fail(v_refusal->'refusal'->>'code', (v_refusal->'refusal'->>'status')::int, v_refusal->'refusal'->'params', v_refusal->'refusal'->'details');
    end if;
  end if;
  with ins as (
    insert into fair_booking_lines (booking_id, sku_id, qty, unit_price, line_total)
    select v_id, (x->>'skuId')::bigint, (x->>'qty')::int, (x->>'unitPrice')::bigint, (x->>'lineTotal')::bigint
    from jsonb_array_elements(v_lines) x order by (x->>'o')::int
    returning id, sku_id)
  select jsonb_agg(jsonb_build_object('id', ins.id, 'skuId', ins.sku_id, 'code', x->>'code', 'name', x->>'name', 'unit', x->>'unit',
      'qty', (x->>'qty')::int, 'unitPrice', (x->>'unitPrice')::bigint, 'lineTotal', (x->>'lineTotal')::bigint, 'convertedQty', 0) order by (x->>'o')::int)
  into v_lines
  from ins join jsonb_array_elements(v_lines) x on (x->>'skuId')::bigint = ins.sku_id;
  update fair_customer_totals set amount = amount + v_total, bookings = bookings + 1 where fair_id = v_fair and company_id = v_company;

  v_number := 'FB' || case when v_id >= 1000000 then v_id::text else lpad(v_id::text, 6, '0') end;
  insert into outbox (topic, payload) values ('fair.booked', jsonb_build_object('fairId', v_fair, 'bookingId', v_id, 'number', v_number,
    'companyId', v_company, 'userId', (p->>'userId')::bigint, 'total', v_total));
  insert into audit_log (actor_user_id, actor_label, action, entity_type, entity_id, before, after, request_id, ip)
  values ((p->'actor'->>'userId')::bigint, p->'actor'->>'label', 'fair.book', 'fair_booking', v_id::text, null,
    jsonb_build_object('number', v_number, 'total', v_total, 'deposit', v_deposit,
      'lines', (select jsonb_agg(jsonb_build_object('skuId', x->'skuId', 'qty', x->'qty', 'unitPrice', x->'unitPrice')) from jsonb_array_elements(v_lines) x)),
    p->'actor'->>'requestId', p->'actor'->>'ip');

  v_res := jsonb_build_object('id', v_id, 'number', v_number, 'fairId', v_fair, 'status', 'booked', 'total', v_total, 'deposit', v_deposit,
    'depositStatus', case when v_deposit = 0 then 'none' when v_hold then 'held' else 'unpaid' end,
    'depositDueAt', f.deposit_due_at, 'createdAt', v_created, 'lines', v_lines);
  update idempotency_keys set response = v_res, status_code = 200 where scope = p->>'scope' and key = p->>'key';
  return jsonb_build_object('booking', v_res, 'replayed', false);
end
$$;
