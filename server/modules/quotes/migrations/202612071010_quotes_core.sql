-- Quotes (询价/报价, issue 16). A buyer asks for prices of quantities the price list does not
-- cover (or a sales rep starts one); the supplier offers prices per line with a validity date and
-- terms; the buyer may counter; every step is a message in the thread. The buyer accepts an offer
-- in the portal and it becomes an order at the offered prices: orders_submit (p.quote) asks
-- quotes_agreed_prices for this order's prices — the company's own quote, offered and not expired,
-- the lines exactly as quoted — and quotes_redeem marks it ordered once, in the order's transaction.
create table quotes (
  id bigint generated always as identity primary key,
  number text not null unique,
  company_id bigint not null references companies(id),
  requested_by_user_id bigint references users(id),
  created_by_user_id bigint not null references users(id),
  status text not null default 'requested' check (status in ('requested', 'offered', 'countered', 'ordered', 'declined', 'withdrawn')),
  title text not null check (length(title) between 1 and 100),
  valid_until timestamptz,
  terms text check (terms is null or length(terms) <= 1000),
  order_id bigint,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  offered_at timestamptz,
  ordered_at timestamptz
);
create index quotes_company on quotes (company_id, id desc);
create index quotes_status on quotes (status, id desc);

create table quote_lines (
  id bigint generated always as identity primary key,
  quote_id bigint not null references quotes(id) on delete cascade,
  line_no int not null,
  sku_id bigint not null references skus(id),
  unit text not null,
  unit_factor int not null check (unit_factor > 0),
  -- base units
  qty int not null check (qty between 1 and 10000000),
  -- fen per base unit: the customer's list price when asked, the buyer's wish, the current offer
  list_price bigint not null check (list_price >= 0),
  target_price bigint check (target_price is null or target_price >= 0),
  offer_price bigint check (offer_price is null or offer_price >= 0),
  unique (quote_id, line_no)
);
create index quote_lines_quote on quote_lines (quote_id, line_no);

create table quote_messages (
  id bigint generated always as identity primary key,
  quote_id bigint not null references quotes(id) on delete cascade,
  author_user_id bigint references users(id),
  side text not null check (side in ('customer', 'supplier')),
  kind text not null check (kind in ('request', 'offer', 'counter', 'message', 'accept', 'decline', 'withdraw')),
  body text check (body is null or length(body) <= 2000),
  -- offers and counters: [{lineId, unitPrice}] as proposed, with the validity for offers
  prices jsonb,
  valid_until timestamptz,
  created_at timestamptz not null default now()
);
create index quote_messages_quote on quote_messages (quote_id, id);

-- The prices of an order placed from a quote (orders_submit calls it with the lines it was given):
-- locks the quote, refuses another company's or unknown quote (NOT_FOUND), one not on offer
-- (QUOTE_NOT_OFFERED), an expired one (QUOTE_EXPIRED) and lines that are not exactly the quote's
-- (QUOTE_LINES_CHANGED: ref = quote line id, same SKU and base quantity, every line once); returns
-- the offered prices as orders_submit's agreed prices: {"<skuId>": {unitPrice, rule}} with the
-- rule {kind: 'quote', quoteId, number} (a quote has one line per SKU).
create or replace function quotes_agreed_prices(p_company bigint, p_quote bigint, p_lines jsonb)
returns jsonb
language plpgsql
set plan_cache_mode = force_generic_plan
as $$
declare
  q record;
  v_ok boolean;
begin
  select qt.id, qt.number, qt.status, qt.valid_until into q from quotes qt where qt.id = p_quote and qt.company_id = p_company for update;
  if not found then perform orders_fail('NOT_FOUND', 404, jsonb_build_object('entity', 'quote')); end if;
  if q.status <> 'offered' then
    perform orders_fail('QUOTE_NOT_OFFERED', 409, jsonb_build_object('number', q.number, 'status', q.status));
  end if;
  if q.valid_until is null or q.valid_until <= now() then
    perform orders_fail('QUOTE_EXPIRED', 409, jsonb_build_object('number', q.number));
  end if;
  select count(*) = (select count(*) from quote_lines where quote_id = p_quote) and bool_and(ql.id is not null and ql.offer_price is not null)
    and count(distinct ql.id) = count(*)
  into v_ok
  from jsonb_array_elements(p_lines) x
  left join quote_lines ql on ql.quote_id = p_quote and ql.id = (x->>'ref')::bigint and ql.sku_id = (x->>'skuId')::bigint and ql.qty = (x->>'qty')::int;
  if not coalesce(v_ok, false) then perform orders_fail('QUOTE_LINES_CHANGED', 409, jsonb_build_object('number', q.number)); end if;
  return (select jsonb_object_agg(ql.sku_id::text, jsonb_build_object('unitPrice', ql.offer_price,
      'rule', jsonb_build_object('kind', 'quote', 'quoteId', q.id, 'number', q.number)))
    from quote_lines ql where ql.quote_id = p_quote);
end
$$;

-- The quote became this order: once (the row is locked by quotes_agreed_prices in the same statement).
create or replace function quotes_redeem(p_order bigint, p_company bigint, p_quote bigint, p_user bigint)
returns void
language plpgsql
as $$
begin
  update quotes set status = 'ordered', order_id = p_order, ordered_at = now(), updated_at = now(), version = version + 1
  where id = p_quote and company_id = p_company and status = 'offered';
  if not found then perform orders_fail('QUOTE_NOT_OFFERED', 409, jsonb_build_object('number', '-', 'status', '-')); end if;
  insert into quote_messages (quote_id, author_user_id, side, kind, body) values (p_quote, p_user, 'customer', 'accept', null);
end
$$;
