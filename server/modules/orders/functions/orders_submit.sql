-- Order submission in one database call: the cart's lines are priced (pricing_price_skus, or a
-- quote's or fair's agreed prices), checked, written as an order, and each module's step runs in
-- this transaction through its owner's function: marketing_redeem (promotions, coupons, rebate,
-- points), inventory_reserve (stock; after marketing, so shared gift stock rows are held the
-- shortest), quotes_redeem, payments_hold_balance (prepaid balance).
-- Last stated in migration 202612071011_orders_submit_quotes (history: 0213, 0501, 0840, 0905).
-- Cheaper since (issue 20): lines priced into column arrays and written from them (no JSON per
-- line, base unit given so the line trigger looks nothing up), customer + address + methods +
-- workflow read in one statement, order + history written in one, event + audit in one (once, after the number is known),
-- and a plan's pricing rows (p.priced) taken instead of pricing the same lines twice (issue 15).
-- p.serial (a one-session database, PGlite: no other submission can wait on the day's counter
-- meanwhile) takes the number when the order is inserted, so the order row is written once instead
-- of inserted and then numbered (issue 20); on a server the number stays last (the counter's lock
-- is held to commit).
-- Repeatable: lib/migrate.ts applies this file after the migrations whenever it changes. Edit it
-- here; never restate the function in a new migration (docs/CONVENTIONS.md, "SQL functions").
create or replace function orders_submit(p jsonb)
returns jsonb
language plpgsql
set plan_cache_mode = force_generic_plan
as $$
declare
  v_company bigint := (p->>'companyId')::bigint;
  v_buyer bigint := (p->>'buyerUserId')::bigint;
  v_on_behalf boolean := coalesce((p->>'onBehalf')::boolean, false);
  v_method text := p->>'paymentMethod';
  v_invoice_type text := coalesce(p->>'invoiceType', 'none');
  v_finish boolean := coalesce((p->>'finish')::boolean, true);
  v_n int := jsonb_array_length(p->'lines');
  c record;
  inv record;
  v_allowed text[];
  v_invoice jsonb;
  l_ref bigint[];
  l_sku bigint[];
  l_unit text[];
  l_factor int[];
  l_qty int[];
  l_code text[];
  l_name text[];
  l_spec text[];
  l_base_unit text[];
  l_price bigint[];
  l_base bigint[];
  l_rule jsonb[];
  v_priced jsonb;
  v_use_priced boolean := false;
  v_count int;
  v_bad jsonb;
  v_subtotal bigint;
  v_buyer_limit bigint;
  v_status text;
  v_wf jsonb;
  v_first text;
  v_needs_pay boolean;
  v_id bigint;
  v_version int;
  v_line_ids bigint[];
  v_line_skus bigint[];
  v_line_qtys int[];
  v_day text;
  v_number text;
  v_summary jsonb;
  v_alloc jsonb;
  v_mk jsonb;
  v_discount bigint;
  v_total bigint;
  v_gifts int;
  v_lines jsonb;
  v_agreed jsonb := case when jsonb_typeof(p->'agreedPrices') = 'object' then p->'agreedPrices' end;
  v_quote bigint := case when jsonb_typeof(p->'quote') = 'object' then (p->'quote'->>'id')::bigint end;
  v_hold jsonb;
  v_serial boolean := coalesce((p->>'serial')::boolean, false);
begin
  if v_n = 0 then perform orders_fail('ORDER_EMPTY', 422); end if;
  -- an accepted quote: its offered prices are this order's agreed prices (quotes' step checks the
  -- quote is the company's, on offer, not expired and these are exactly its lines; locks it)
  if v_quote is not null then
    v_agreed := quotes_agreed_prices(v_company, v_quote, p->'lines');
  end if;
  -- the customer, the buyer's limit, the methods it may pay with, the delivery address (copied onto
  -- the order) and the review chain's settings, in one statement
  select co.id, co.status, co.payment_terms, co.tier_id,
    (select l.order_limit from company_buyer_limits l where l.user_id = coalesce(v_buyer, 0)) as buyer_limit,
    payments_allowed_methods(co.id, co.payment_terms, co.tier_id) as allowed,
    (select jsonb_build_object('addressId', ad.id, 'contact', ad.recipient, 'phone', ad.phone, 'province', ad.province, 'city', ad.city,
        'district', ad.district, 'detail', ad.address, 'postcode', ad.postcode)
     from company_addresses ad where ad.id = (p->>'addressId')::bigint and ad.company_id = v_company) as address,
    (select st.value from settings st where st.key = 'orders.workflow') as workflow
  into c from companies co where co.id = v_company;
  if not found then perform orders_fail('NOT_FOUND', 404, jsonb_build_object('entity', 'customer')); end if;
  if c.status <> 'active' then perform orders_fail('CUSTOMER_SUSPENDED', 422); end if;
  v_allowed := c.allowed;
  if v_method is null or not (v_method = any(v_allowed)) then
    perform orders_fail('PAYMENT_METHOD_NOT_ALLOWED', 422,
      jsonb_build_object('method', coalesce(v_method, '-'), 'allowed', coalesce(nullif(array_to_string(v_allowed, ', '), ''), '-')),
      jsonb_build_object('allowed', to_jsonb(v_allowed)));
  end if;
  if c.address is null then perform orders_fail('NOT_FOUND', 404, jsonb_build_object('entity', 'address')); end if;
  if v_invoice_type <> 'none' then
    select ip.* into inv from company_invoice_profiles ip where ip.company_id = v_company;
    if not found then perform orders_fail('INVOICE_PROFILE_MISSING', 422); end if;
    if v_invoice_type = 'special' and inv.kind <> 'special' then perform orders_fail('INVOICE_PROFILE_NOT_SPECIAL', 422); end if;
    v_invoice := jsonb_build_object('kind', v_invoice_type, 'title', inv.title, 'taxNo', inv.tax_no, 'bankName', inv.bank_name,
      'bankAccount', inv.bank_account, 'address', inv.address, 'phone', inv.phone, 'email', inv.email);
  end if;

  -- the prices the submission's plan was made from (pricing's rows read for it in this request,
  -- p.priced): taken instead of pricing again when they are for exactly these SKUs at these totals
  if jsonb_typeof(p->'priced') = 'array' then
    select count(*) = jsonb_array_length(p->'priced') and coalesce(bool_and(x.qty is not distinct from t.total), false)
    into v_use_priced
    from (select (e->>'skuId')::bigint as sku_id, sum((e->>'qty')::int)::int as total from jsonb_array_elements(p->'lines') e group by 1) t
    left join jsonb_to_recordset(p->'priced') as x(sku_id bigint, qty int) on x.sku_id = t.sku_id;
  end if;
  -- every line priced at its SKU's total quantity (over lines in different units) and checked, in
  -- one statement into column arrays (no JSON per line: the lines are written from them below)
  with l as (
    select (x->>'ref')::bigint as ref, (x->>'skuId')::bigint as sku_id, x->>'unit' as unit, (x->>'unitFactor')::int as unit_factor,
      (x->>'qty')::int as qty, o
    from jsonb_array_elements(p->'lines') with ordinality as e(x, o)
  ), t as (
    select l.sku_id, sum(l.qty)::int as total from l group by 1
  ), q as (
    select l.o, l.ref, l.sku_id, l.unit, l.unit_factor, l.qty, pr.code, pr.name, pr.spec_text, pr.base_unit,
      coalesce((v_agreed->(l.sku_id::text)->>'unitPrice')::bigint, pr.unit_price) as unit_price, pr.base_price,
      coalesce(v_agreed->(l.sku_id::text)->'rule', pr.rule) as rule,
      case
        when not pr.visible then jsonb_build_array(jsonb_build_object('code', 'LINE_HIDDEN', 'params', '{}'::jsonb))
        when not pr.on_shelf then jsonb_build_array(jsonb_build_object('code', 'LINE_OFF_SHELF', 'params', '{}'::jsonb))
        when v_agreed ? l.sku_id::text then null
        when t.total < pr.moq or t.total % pr.order_multiple <> 0 then
          case when t.total < pr.moq then jsonb_build_array(jsonb_build_object('code', 'LINE_BELOW_MOQ', 'params',
            jsonb_build_object('moq', pr.moq, 'qty', t.total, 'unit', pr.base_unit))) else '[]'::jsonb end
          || case when t.total % pr.order_multiple <> 0 then jsonb_build_array(jsonb_build_object('code', 'LINE_NOT_MULTIPLE', 'params',
            jsonb_build_object('multiple', pr.order_multiple, 'qty', t.total, 'unit', pr.base_unit))) else '[]'::jsonb end
      end as problems
    from l
    join t on t.sku_id = l.sku_id
    join (
      select x.* from jsonb_to_recordset(p->'priced') as x(sku_id bigint, code text, name text, spec_text text, base_unit text, on_shelf boolean,
        visible boolean, unit_price bigint, base_price bigint, moq int, order_multiple int, rule jsonb)
      where v_use_priced
      union all
      select f.* from pricing_price_skus(v_company, (select array_agg(t.sku_id order by t.sku_id) from t), (select array_agg(t.total order by t.sku_id) from t), now()) f
      where not v_use_priced
    ) pr on pr.sku_id = l.sku_id
  )
  select count(*), array_agg(q.ref order by q.o), array_agg(q.sku_id order by q.o), array_agg(q.unit order by q.o),
    array_agg(q.unit_factor order by q.o), array_agg(q.qty order by q.o), array_agg(q.code order by q.o), array_agg(q.name order by q.o),
    array_agg(q.spec_text order by q.o), array_agg(q.base_unit order by q.o), array_agg(q.unit_price order by q.o),
    array_agg(q.base_price order by q.o), array_agg(q.rule order by q.o), sum(q.unit_price * q.qty)::bigint,
    jsonb_agg(jsonb_build_object('ref', q.ref, 'skuId', q.sku_id, 'code', q.code, 'problems', q.problems) order by q.o) filter (where q.problems is not null)
  into v_count, l_ref, l_sku, l_unit, l_factor, l_qty, l_code, l_name, l_spec, l_base_unit, l_price, l_base, l_rule, v_subtotal, v_bad
  from q;
  if v_bad is not null or v_count <> v_n then
    perform orders_fail('ORDER_LINES_INVALID', 422, '{}', coalesce(v_bad, '[]'));
  end if;
  -- promotions and coupons (marketing's step): the server's plan checked against these lines
  if v_agreed is not null then
    v_mk := jsonb_build_object('discount', 0, 'gifts', '[]'::jsonb);
  else
    if jsonb_typeof(p->'marketing') = 'object' then
      select jsonb_agg(jsonb_build_object('ref', u.ref, 'skuId', u.sku, 'qty', u.qty, 'unitPrice', u.price) order by u.o)
      into v_priced from unnest(l_ref, l_sku, l_qty, l_price) with ordinality as u(ref, sku, qty, price, o);
    end if;
    v_mk := marketing_check(v_company, v_priced, p->'marketing');
  end if;
  v_discount := (v_mk->>'discount')::bigint;
  v_total := v_subtotal - v_discount;
  v_gifts := jsonb_array_length(v_mk->'gifts');
  if p->'expectedTotal' is not null and jsonb_typeof(p->'expectedTotal') = 'number' and (p->>'expectedTotal')::bigint <> v_total then
    perform orders_fail('PRICE_CHANGED', 409, jsonb_build_object('total', v_total, 'expected', (p->>'expectedTotal')::bigint));
  end if;
  v_buyer_limit := case when v_buyer is not null and not v_on_behalf then c.buyer_limit end;
  v_status := case when not v_on_behalf and v_buyer_limit is not null and v_total > v_buyer_limit then 'awaiting_approval' else 'pending_review' end;

  -- the review chain's first step (settings.ts nextStep from 'start'): only "stay in pending_review" is done here
  v_wf := c.workflow;
  v_needs_pay := v_method not in ('credit', 'cod') and v_total > 0;
  v_first := case
    when coalesce((v_wf->>'paymentBeforeReview')::boolean, false) and v_needs_pay then 'awaiting_payment'
    when coalesce((v_wf->>'orderReview')::boolean, true) then 'pending_review'
    when coalesce((v_wf->>'financeReview')::boolean, false) then 'pending_finance'
    when v_needs_pay then 'awaiting_payment'
    when coalesce((v_wf->>'outboundReview')::boolean, false) then 'pending_outbound'
    else 'picking' end;
  if v_finish and v_status = 'pending_review'
     and (v_first <> 'pending_review' or coalesce((v_wf->'autoApprove'->>'enabled')::boolean, false)) then
    perform orders_fail('NEEDS_WORKFLOW', 500);
  end if;

  v_day := to_char(now() at time zone (p->>'timeZone'), 'YYYYMMDD');
  if v_serial then
    with n as (
      insert into order_number_counters (day, last) values (to_date(v_day, 'YYYYMMDD'), 1)
      on conflict (day) do update set last = order_number_counters.last + 1
      returning last)
    select 'SO' || v_day || '-' || case when n.last >= 10000 then n.last::text else lpad(n.last::text, 4, '0') end into v_number from n;
  end if;
  -- the order and its first history row in one statement
  with o as (
    insert into orders (number, company_id, buyer_user_id, placed_by_user_id, on_behalf, status, payment_method, subtotal, discount_total, total,
      address, wished_delivery_date, invoice_type, invoice, customer_po, note)
    values (coalesce(v_number, 'pending-' || gen_random_uuid()), v_company, v_buyer, (p->>'actorUserId')::bigint, v_on_behalf, v_status, v_method, v_subtotal, v_discount, v_total,
      c.address,
      (p->>'wishedDeliveryDate')::date, v_invoice_type, v_invoice, p->>'customerPo', p->>'note')
    returning id, version
  ), h as (
    insert into order_history (order_id, event, from_status, to_status, actor_user_id, actor_label, note, data)
    select o.id, 'submit', null, v_status, (p->>'actorUserId')::bigint, p->>'actorLabel',
      case when v_on_behalf then '代客下单 / placed on behalf' end,
      jsonb_build_object('onBehalf', v_on_behalf, 'total', v_total, 'buyerLimit', v_buyer_limit)
    from o
    returning 1
  )
  select o.id, o.version into v_id, v_version from o, h;
  -- the lines, then the promotions' gifts as zero-price lines (they reserve stock like any line)
  with ins as (
    insert into order_lines (order_id, line_no, sku_id, sku_code, name, spec_text, unit, unit_factor, qty, unit_price, base_price, price_rule, line_total, base_unit)
    select v_id, u.o, u.sku, u.code, u.name, u.spec, u.unit, u.factor, u.qty, u.price, u.base, u.rule, u.price * u.qty, u.base_unit
    from unnest(l_sku, l_code, l_name, l_spec, l_unit, l_factor, l_qty, l_price, l_base, l_rule, l_base_unit)
      with ordinality as u(sku, code, name, spec, unit, factor, qty, price, base, rule, base_unit, o)
    union all
    select v_id, v_n + g.o, (x->>'skuId')::bigint, x->>'code', x->>'name', x->>'specText', x->>'unit', (x->>'unitFactor')::int, (x->>'qty')::int,
      (x->>'unitPrice')::bigint, (x->>'basePrice')::bigint, x->'rule', (x->>'lineTotal')::bigint, x->>'unit'
    from jsonb_array_elements(v_mk->'gifts') with ordinality as g(x, o)
    returning id, sku_id, qty, line_no)
  select array_agg(ins.id order by ins.line_no), array_agg(ins.sku_id order by ins.line_no), array_agg(ins.qty order by ins.line_no)
  into v_line_ids, v_line_skus, v_line_qtys
  from ins;
  -- what marketing's step needs of the lines written: [{id, ref, skuId, gift, promotionId}]
  if p->'marketing' is not null and jsonb_typeof(p->'marketing') = 'object' then
    select jsonb_agg(jsonb_build_object('id', u.id, 'ref', case when u.o <= v_n then to_jsonb(l_ref[u.o::int]) else 'null'::jsonb end, 'skuId', u.sku,
        'gift', u.o > v_n, 'promotionId', case when u.o <= v_n then null else v_mk->'gifts'->(u.o::int - v_n - 1)->'promotionId' end) order by u.o)
    into v_lines from unnest(v_line_ids, v_line_skus) with ordinality as u(id, sku, o);
  end if;
  -- marketing's step before the stock (issue 15): the gifts' stock rows are shared by every order
  -- that gets the gift, and a row locked by the reservation stays locked to commit, so the
  -- reservation comes as late as it can (one lock order with cancellation: promotions, then stock)
  if p->'marketing' is not null and jsonb_typeof(p->'marketing') = 'object' then
    perform marketing_redeem(v_id, v_company, v_lines, p->'marketing');
  end if;
  v_alloc := inventory_reserve(v_id, v_company, v_line_ids, v_line_skus, v_line_qtys);
  if jsonb_typeof(v_alloc) = 'object' and v_gifts > 0 and v_mk->>'giftPolicy' = 'skip' then
    -- gifts out of stock: the order goes ahead without them (marketing records the gift as not given)
    v_alloc := inventory_reserve(v_id, v_company, v_line_ids[1:v_n], v_line_skus[1:v_n], v_line_qtys[1:v_n]);
    if jsonb_typeof(v_alloc) <> 'object' then
      delete from order_lines ol where ol.id = any(v_line_ids[v_n + 1:]);
      perform marketing_gifts_withheld(v_id);
    end if;
  end if;
  if jsonb_typeof(v_alloc) = 'object' then
    perform orders_fail(v_alloc->'refusal'->>'code', (v_alloc->'refusal'->>'status')::int, v_alloc->'refusal'->'params', v_alloc->'refusal'->'details');
  end if;

  -- paid from the prepaid balance: hold the total while the order waits for approval
  if v_method = 'balance' and v_total > 0 then
    v_hold := payments_hold_balance(v_id, v_company, v_total);
    if v_hold is not null then
      perform orders_fail(v_hold->'refusal'->>'code', (v_hold->'refusal'->>'status')::int, v_hold->'refusal'->'params', v_hold->'refusal'->'details');
    end if;
  end if;

  if v_quote is not null then
    perform quotes_redeem(v_id, v_company, v_quote, (p->>'actorUserId')::bigint);
  end if;

  -- from here to commit every submission queues on the day's counter row: keep this tail short
  -- (the number unless p.serial took it with the order, then for a finished order its event and
  -- audit entry in one statement)
  if v_number is null then
    with n as (
      insert into order_number_counters (day, last) values (to_date(v_day, 'YYYYMMDD'), 1)
      on conflict (day) do update set last = order_number_counters.last + 1
      returning last)
    update orders set number = 'SO' || v_day || '-' || case when n.last >= 10000 then n.last::text else lpad(n.last::text, 4, '0') end
    from n where orders.id = v_id
    returning orders.number into v_number;
  end if;
  if not v_finish then
    v_summary := jsonb_build_object('id', v_id, 'number', v_number, 'status', v_status, 'total', v_total, 'subtotal', v_subtotal, 'discount', v_discount,
      'lines', v_n, 'paymentMethod', v_method, 'onBehalf', v_on_behalf);
    return jsonb_build_object('order', v_summary, 'version', v_version, 'workflow', v_wf, 'paymentTerms', c.payment_terms);
  end if;
  with ev as (
    insert into outbox (topic, payload)
    values ('order.submitted', jsonb_build_object('orderId', v_id, 'number', v_number,
      'companyId', v_company, 'status', v_status, 'total', v_total, 'paymentMethod', v_method,
      'placedByUserId', (p->>'actorUserId')::bigint, 'buyerUserId', v_buyer, 'onBehalf', v_on_behalf))
    returning 1
  )
  insert into audit_log (actor_user_id, actor_label, action, entity_type, entity_id, before, after, request_id, ip)
  select (p->>'actorUserId')::bigint, p->>'actorLabel', 'order.submit', 'order', v_id::text, null,
    jsonb_build_object('id', v_id, 'number', v_number, 'status', v_status, 'total', v_total, 'subtotal', v_subtotal, 'discount', v_discount,
      'lines', v_n, 'paymentMethod', v_method, 'onBehalf', v_on_behalf), p->>'requestId', p->>'ip'
  from ev
  returning after into v_summary;
  return jsonb_build_object('order', v_summary);
end
$$;
