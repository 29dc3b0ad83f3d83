-- Analytics read models (issue 17). Reports read these, never the order tables over a range.
--
-- rpt_order_facts: what one order contributes, per local day (the supplier's zone) × SKU ×
-- warehouse: ordered (counted statuses, on the submission day, warehouse 0 = not allocated),
-- shipped (per shipment, its day and warehouse) and returned (received after-sales returns, on
-- the receipt day, the receiving warehouse). Replaced whole on every event of the order, and the
-- difference applied to the daily tables: replaying an event changes nothing (idempotent).
create table rpt_order_facts (
  order_id bigint not null,
  day date not null,
  company_id bigint not null,
  sku_id bigint not null,
  warehouse_id bigint not null,
  ordered_qty bigint not null,      -- base units
  ordered_amount bigint not null,   -- fen, line totals after the line's discount shares
  ordered_lines int not null,
  shipped_qty bigint not null,
  shipped_amount bigint not null,   -- the shipped share of the line's net amount (floor)
  cost_amount bigint not null,      -- shipped qty × average received purchase cost, where known
  costed_amount bigint not null,    -- shipped_amount of the units whose cost is known (margin base)
  returned_qty bigint not null,
  returned_amount bigint not null,  -- paid amount of the returned units (after refused units)
  primary key (order_id, day, sku_id, warehouse_id)
);

-- Per order and day: the order itself (counted, on its submission day), payments and refunds.
create table rpt_order_money (
  order_id bigint not null,
  day date not null,
  company_id bigint not null,
  orders int not null,
  billed bigint not null,           -- the order total (goods after discounts, plus shipping)
  paid_online bigint not null,
  paid_transfer bigint not null,
  paid_balance bigint not null,
  paid_cod bigint not null,
  refunded bigint not null,
  primary key (order_id, day)
);

-- The daily rollup: day × customer × SKU × warehouse.
create table rpt_sales_daily (
  day date not null,
  company_id bigint not null,
  sku_id bigint not null,
  warehouse_id bigint not null,
  ordered_qty bigint not null default 0,
  ordered_amount bigint not null default 0,
  ordered_lines int not null default 0,
  shipped_qty bigint not null default 0,
  shipped_amount bigint not null default 0,
  cost_amount bigint not null default 0,
  costed_amount bigint not null default 0,
  returned_qty bigint not null default 0,
  returned_amount bigint not null default 0,
  primary key (day, company_id, sku_id, warehouse_id)
);
create index rpt_sales_daily_company on rpt_sales_daily (company_id, day);

-- The same summed over customers (SKU, category, brand and stock reports): day × SKU × warehouse.
create table rpt_sku_daily (
  day date not null,
  sku_id bigint not null,
  warehouse_id bigint not null,
  ordered_qty bigint not null default 0,
  ordered_amount bigint not null default 0,
  ordered_lines int not null default 0,
  shipped_qty bigint not null default 0,
  shipped_amount bigint not null default 0,
  cost_amount bigint not null default 0,
  costed_amount bigint not null default 0,
  returned_qty bigint not null default 0,
  returned_amount bigint not null default 0,
  primary key (day, sku_id, warehouse_id)
);
create index rpt_sku_daily_sku on rpt_sku_daily (sku_id, day);

-- Summed over SKUs, with the money: day × customer (customer, tier, region, rep, money reports).
create table rpt_customer_daily (
  day date not null,
  company_id bigint not null,
  ordered_amount bigint not null default 0,
  ordered_lines int not null default 0,
  shipped_amount bigint not null default 0,
  cost_amount bigint not null default 0,
  costed_amount bigint not null default 0,
  returned_amount bigint not null default 0,
  orders int not null default 0,
  billed bigint not null default 0,
  paid_online bigint not null default 0,
  paid_transfer bigint not null default 0,
  paid_balance bigint not null default 0,
  paid_cod bigint not null default 0,
  refunded bigint not null default 0,
  primary key (day, company_id)
);
create index rpt_customer_daily_company on rpt_customer_daily (company_id, day);

-- Orders that still owe money (approved, total above what was paid): receivables and aging.
create table rpt_open_orders (
  order_id bigint primary key,
  company_id bigint not null,
  day date not null,                -- the day the receivable arose (shipped, else approved, else submitted)
  due_day date not null,            -- day + the customer's credit days
  outstanding bigint not null check (outstanding > 0)
);
create index rpt_open_orders_company on rpt_open_orders (company_id);

-- Monthly targets per sales rep, set by the manager.
create table rpt_rep_targets (
  rep_user_id bigint not null references users(id) on delete cascade,
  month date not null check (extract(day from month) = 1),
  sales_target bigint not null check (sales_target >= 0),
  collection_target bigint not null default 0 check (collection_target >= 0),
  updated_by bigint references users(id),
  updated_at timestamptz not null default now(),
  primary key (rep_user_id, month)
);

-- Saved views: a report and its filters under a name, per user.
create table rpt_saved_views (
  id bigint generated always as identity primary key,
  user_id bigint not null references users(id) on delete cascade,
  report text not null,
  name text not null,
  params jsonb not null,
  created_at timestamptz not null default now(),
  unique (user_id, name)
);

-- The facts of some orders, computed from orders, lines, discounts, shipments, after-sales and
-- purchase costs. The one definition used by the worker (rpt_refresh) and the rebuild.
create function rpt_facts_of(p_orders bigint[], p_tz text)
returns table (order_id bigint, day date, company_id bigint, sku_id bigint, warehouse_id bigint,
  ordered_qty bigint, ordered_amount bigint, ordered_lines int, shipped_qty bigint, shipped_amount bigint,
  cost_amount bigint, costed_amount bigint, returned_qty bigint, returned_amount bigint)
language sql stable as $$
  with o as (select o.id, o.company_id, o.status, o.submitted_at from orders o where o.id = any(p_orders)),
  l as (
    select l.id, l.order_id, l.sku_id, l.qty,
           l.line_total - coalesce((select sum(d.amount) from order_line_discounts d where d.order_line_id = l.id), 0) as net
      from order_lines l where l.order_id = any(p_orders)),
  c as (
    select pl.sku_id, round(sum(pl.received_qty::numeric * pl.unit_cost) / sum(pl.received_qty))::bigint as unit_cost
      from purchase_order_lines pl where pl.received_qty > 0 and pl.sku_id in (select sku_id from l) group by pl.sku_id),
  f as (
    select o.id as order_id, (o.submitted_at at time zone p_tz)::date as day, o.company_id, l.sku_id, 0::bigint as warehouse_id,
           l.qty::bigint as oq, l.net as oa, 1 as ol, 0::bigint as sq, 0::bigint as sa, 0::bigint as ca, 0::bigint as cq, 0::bigint as rq, 0::bigint as ra
      from o join l on l.order_id = o.id
     where o.status in ('pending_review','pending_finance','awaiting_payment','pending_outbound','picking','partially_shipped','shipped','delivered','completed')
    union all
    select o.id, (s.shipped_at at time zone p_tz)::date, o.company_id, l.sku_id, s.warehouse_id,
           0, 0, 0, sl.qty, l.net * sl.qty / l.qty, coalesce(c.unit_cost * sl.qty, 0), case when c.unit_cost is null then 0 else l.net * sl.qty / l.qty end, 0, 0
      from o join shipments s on s.order_id = o.id join shipment_lines sl on sl.shipment_id = s.id
      join l on l.id = sl.order_line_id left join c on c.sku_id = l.sku_id
    union all
    select o.id, (r.received_at at time zone p_tz)::date, o.company_id, al.sku_id, coalesce(r.warehouse_id, 0),
           0, 0, 0, 0, 0, 0, 0, al.qty - al.refused_qty, al.paid_amount * (al.qty - al.refused_qty) / al.qty
      from o join aftersales_requests r on r.order_id = o.id join aftersales_lines al on al.request_id = r.id
     where r.kind = 'return_refund' and r.status in ('received', 'completed') and r.received_at is not null and al.qty > al.refused_qty)
  select f.order_id, f.day, f.company_id, f.sku_id, f.warehouse_id,
         sum(oq)::bigint, sum(oa)::bigint, sum(ol)::int, sum(sq)::bigint, sum(sa)::bigint, sum(ca)::bigint, sum(cq)::bigint, sum(rq)::bigint, sum(ra)::bigint
    from f group by 1, 2, 3, 4, 5
$$;

-- Per order and day: the order (counted, on its submission day), succeeded payments by method
-- (on their confirmation day) and succeeded refunds (on their completion day).
create function rpt_money_of(p_orders bigint[], p_tz text)
returns table (order_id bigint, day date, company_id bigint, orders int, billed bigint, paid_online bigint,
  paid_transfer bigint, paid_balance bigint, paid_cod bigint, refunded bigint)
language sql stable as $$
  with o as (select o.id, o.company_id, o.status, o.submitted_at, o.total from orders o where o.id = any(p_orders)),
  f as (
    select o.id as order_id, (o.submitted_at at time zone p_tz)::date as day, o.company_id, 1 as n, o.total as billed,
           0::bigint as pon, 0::bigint as ptr, 0::bigint as pba, 0::bigint as pcod, 0::bigint as ref
      from o where o.status in ('pending_review','pending_finance','awaiting_payment','pending_outbound','picking','partially_shipped','shipped','delivered','completed')
    union all
    select o.id, (coalesce(p.confirmed_at, p.updated_at) at time zone p_tz)::date, o.company_id, 0, 0,
           case when p.method = 'online' then p.amount else 0 end, case when p.method = 'transfer' then p.amount else 0 end,
           case when p.method = 'balance' then p.amount else 0 end, case when p.method = 'cod' then p.amount else 0 end, 0
      from o join payments p on p.order_id = o.id where p.status = 'succeeded' and p.purpose = 'order'
    union all
    select o.id, (coalesce(r.completed_at, r.created_at) at time zone p_tz)::date, o.company_id, 0, 0, 0, 0, 0, 0, r.amount
      from o join refunds r on r.order_id = o.id where r.status = 'succeeded')
  select order_id, day, company_id, sum(n)::int, sum(billed)::bigint, sum(pon)::bigint, sum(ptr)::bigint, sum(pba)::bigint, sum(pcod)::bigint, sum(ref)::bigint
    from f group by 1, 2, 3
$$;

-- Receivables of some orders: approved and not cancelled, total minus succeeded payments > 0.
create function rpt_open_of(p_orders bigint[], p_tz text)
returns table (order_id bigint, company_id bigint, day date, due_day date, outstanding bigint)
language sql stable as $$
  select o.id, o.company_id, (coalesce(o.shipped_at, o.approved_at, o.submitted_at) at time zone p_tz)::date,
         (coalesce(o.shipped_at, o.approved_at, o.submitted_at) at time zone p_tz)::date + coalesce(co.credit_days, 0),
         o.total - coalesce((select sum(p.amount) from payments p where p.order_id = o.id and p.status = 'succeeded' and p.purpose = 'order'), 0)
    from orders o join companies co on co.id = o.company_id
   where o.id = any(p_orders)
     and o.status in ('awaiting_payment','pending_outbound','picking','partially_shipped','shipped','delivered','completed')
     and o.total > coalesce((select sum(p.amount) from payments p where p.order_id = o.id and p.status = 'succeeded' and p.purpose = 'order'), 0)
$$;

-- Replaces the facts of some orders and applies the difference to the daily tables, under a
-- per-order lock (two workers refreshing one order wait for each other). Idempotent.
create function rpt_refresh(p_orders bigint[], p_tz text) returns int language plpgsql as $$
declare n int;
begin
  perform pg_advisory_xact_lock(7270017, (x % 2147483647)::int) from (select distinct unnest(p_orders) as x order by 1) s;

  -- take the old facts out of the daily tables
  with old as (delete from rpt_order_facts f where f.order_id = any(p_orders) returning f.*),
  a as (insert into rpt_sales_daily as t select day, company_id, sku_id, warehouse_id, -sum(ordered_qty), -sum(ordered_amount), -sum(ordered_lines), -sum(shipped_qty), -sum(shipped_amount), -sum(cost_amount), -sum(costed_amount), -sum(returned_qty), -sum(returned_amount)
          from old group by 1, 2, 3, 4 order by 1, 2, 3, 4
        on conflict (day, company_id, sku_id, warehouse_id) do update set ordered_qty = t.ordered_qty + excluded.ordered_qty, ordered_amount = t.ordered_amount + excluded.ordered_amount,
          ordered_lines = t.ordered_lines + excluded.ordered_lines, shipped_qty = t.shipped_qty + excluded.shipped_qty, shipped_amount = t.shipped_amount + excluded.shipped_amount,
          cost_amount = t.cost_amount + excluded.cost_amount, costed_amount = t.costed_amount + excluded.costed_amount, returned_qty = t.returned_qty + excluded.returned_qty, returned_amount = t.returned_amount + excluded.returned_amount),
  b as (insert into rpt_sku_daily as t select day, sku_id, warehouse_id, -sum(ordered_qty), -sum(ordered_amount), -sum(ordered_lines), -sum(shipped_qty), -sum(shipped_amount), -sum(cost_amount), -sum(costed_amount), -sum(returned_qty), -sum(returned_amount)
          from old group by 1, 2, 3 order by 1, 2, 3
        on conflict (day, sku_id, warehouse_id) do update set ordered_qty = t.ordered_qty + excluded.ordered_qty, ordered_amount = t.ordered_amount + excluded.ordered_amount,
          ordered_lines = t.ordered_lines + excluded.ordered_lines, shipped_qty = t.shipped_qty + excluded.shipped_qty, shipped_amount = t.shipped_amount + excluded.shipped_amount,
          cost_amount = t.cost_amount + excluded.cost_amount, costed_amount = t.costed_amount + excluded.costed_amount, returned_qty = t.returned_qty + excluded.returned_qty, returned_amount = t.returned_amount + excluded.returned_amount)
  insert into rpt_customer_daily as t (day, company_id, ordered_amount, ordered_lines, shipped_amount, cost_amount, costed_amount, returned_amount)
    select day, company_id, -sum(ordered_amount), -sum(ordered_lines), -sum(shipped_amount), -sum(cost_amount), -sum(costed_amount), -sum(returned_amount) from old group by 1, 2 order by 1, 2
  on conflict (day, company_id) do update set ordered_amount = t.ordered_amount + excluded.ordered_amount, ordered_lines = t.ordered_lines + excluded.ordered_lines,
    shipped_amount = t.shipped_amount + excluded.shipped_amount, cost_amount = t.cost_amount + excluded.cost_amount, costed_amount = t.costed_amount + excluded.costed_amount, returned_amount = t.returned_amount + excluded.returned_amount;

  -- put the new facts in
  with new as (insert into rpt_order_facts select * from rpt_facts_of(p_orders, p_tz) returning *),
  a as (insert into rpt_sales_daily as t select day, company_id, sku_id, warehouse_id, sum(ordered_qty), sum(ordered_amount), sum(ordered_lines), sum(shipped_qty), sum(shipped_amount), sum(cost_amount), sum(costed_amount), sum(returned_qty), sum(returned_amount)
          from new group by 1, 2, 3, 4 order by 1, 2, 3, 4
        on conflict (day, company_id, sku_id, warehouse_id) do update set ordered_qty = t.ordered_qty + excluded.ordered_qty, ordered_amount = t.ordered_amount + excluded.ordered_amount,
          ordered_lines = t.ordered_lines + excluded.ordered_lines, shipped_qty = t.shipped_qty + excluded.shipped_qty, shipped_amount = t.shipped_amount + excluded.shipped_amount,
          cost_amount = t.cost_amount + excluded.cost_amount, costed_amount = t.costed_amount + excluded.costed_amount, returned_qty = t.returned_qty + excluded.returned_qty, returned_amount = t.returned_amount + excluded.returned_amount),
  b as (insert into rpt_sku_daily as t select day, sku_id, warehouse_id, sum(ordered_qty), sum(ordered_amount), sum(ordered_lines), sum(shipped_qty), sum(shipped_amount), sum(cost_amount), sum(costed_amount), sum(returned_qty), sum(returned_amount)
          from new group by 1, 2, 3 order by 1, 2, 3
        on conflict (day, sku_id, warehouse_id) do update set ordered_qty = t.ordered_qty + excluded.ordered_qty, ordered_amount = t.ordered_amount + excluded.ordered_amount,
          ordered_lines = t.ordered_lines + excluded.ordered_lines, shipped_qty = t.shipped_qty + excluded.shipped_qty, shipped_amount = t.shipped_amount + excluded.shipped_amount,
          cost_amount = t.cost_amount + excluded.cost_amount, costed_amount = t.costed_amount + excluded.costed_amount, returned_qty = t.returned_qty + excluded.returned_qty, returned_amount = t.returned_amount + excluded.returned_amount)
  insert into rpt_customer_daily as t (day, company_id, ordered_amount, ordered_lines, shipped_amount, cost_amount, costed_amount, returned_amount)
    select day, company_id, sum(ordered_amount), sum(ordered_lines), sum(shipped_amount), sum(cost_amount), sum(costed_amount), sum(returned_amount) from new group by 1, 2 order by 1, 2
  on conflict (day, company_id) do update set ordered_amount = t.ordered_amount + excluded.ordered_amount, ordered_lines = t.ordered_lines + excluded.ordered_lines,
    shipped_amount = t.shipped_amount + excluded.shipped_amount, cost_amount = t.cost_amount + excluded.cost_amount, costed_amount = t.costed_amount + excluded.costed_amount, returned_amount = t.returned_amount + excluded.returned_amount;

  -- money: old out, new in
  with old as (delete from rpt_order_money m where m.order_id = any(p_orders) returning m.*)
  insert into rpt_customer_daily as t (day, company_id, orders, billed, paid_online, paid_transfer, paid_balance, paid_cod, refunded)
    select day, company_id, -sum(orders), -sum(billed), -sum(paid_online), -sum(paid_transfer), -sum(paid_balance), -sum(paid_cod), -sum(refunded) from old group by 1, 2 order by 1, 2
  on conflict (day, company_id) do update set orders = t.orders + excluded.orders, billed = t.billed + excluded.billed, paid_online = t.paid_online + excluded.paid_online,
    paid_transfer = t.paid_transfer + excluded.paid_transfer, paid_balance = t.paid_balance + excluded.paid_balance, paid_cod = t.paid_cod + excluded.paid_cod, refunded = t.refunded + excluded.refunded;
  with new as (insert into rpt_order_money select * from rpt_money_of(p_orders, p_tz) returning *)
  insert into rpt_customer_daily as t (day, company_id, orders, billed, paid_online, paid_transfer, paid_balance, paid_cod, refunded)
    select day, company_id, sum(orders), sum(billed), sum(paid_online), sum(paid_transfer), sum(paid_balance), sum(paid_cod), sum(refunded) from new group by 1, 2 order by 1, 2
  on conflict (day, company_id) do update set orders = t.orders + excluded.orders, billed = t.billed + excluded.billed, paid_online = t.paid_online + excluded.paid_online,
    paid_transfer = t.paid_transfer + excluded.paid_transfer, paid_balance = t.paid_balance + excluded.paid_balance, paid_cod = t.paid_cod + excluded.paid_cod, refunded = t.refunded + excluded.refunded;

  delete from rpt_open_orders where order_id = any(p_orders);
  insert into rpt_open_orders select * from rpt_open_of(p_orders, p_tz);
  get diagnostics n = row_count;
  return n;
end $$;
