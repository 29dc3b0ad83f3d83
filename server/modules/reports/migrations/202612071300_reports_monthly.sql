-- Month-level rollups (issue 17): reports over long ranges read whole months here and only the
-- days of partial months from the daily tables (1 year of SKUs: ~12 rows per SKU instead of ~365).
-- Kept exact by rpt_refresh (below) in the same statements as the daily tables; filled here from
-- the daily tables so an existing database needs no rebuild.
create table rpt_sku_monthly (
  month date not null check (extract(day from month) = 1),
  sku_id bigint not null,
  warehouse_id bigint not null,
  ordered_qty bigint not null default 0,
  ordered_amount bigint not null default 0,
  ordered_lines bigint not null default 0,
  shipped_qty bigint not null default 0,
  shipped_amount bigint not null default 0,
  cost_amount bigint not null default 0,
  costed_amount bigint not null default 0,
  returned_qty bigint not null default 0,
  returned_amount bigint not null default 0,
  primary key (month, sku_id, warehouse_id)
);
create index rpt_sku_monthly_sku on rpt_sku_monthly (sku_id, month);

create table rpt_customer_monthly (
  month date not null check (extract(day from month) = 1),
  company_id bigint not null,
  ordered_amount bigint not null default 0,
  ordered_lines bigint not null default 0,
  shipped_amount bigint not null default 0,
  cost_amount bigint not null default 0,
  costed_amount bigint not null default 0,
  returned_amount bigint not null default 0,
  orders bigint not null default 0,
  billed bigint not null default 0,
  paid_online bigint not null default 0,
  paid_transfer bigint not null default 0,
  paid_balance bigint not null default 0,
  paid_cod bigint not null default 0,
  refunded bigint not null default 0,
  primary key (month, company_id)
);
create index rpt_customer_monthly_company on rpt_customer_monthly (company_id, month);

insert into rpt_sku_monthly select date_trunc('month', day)::date, sku_id, warehouse_id, sum(ordered_qty), sum(ordered_amount), sum(ordered_lines), sum(shipped_qty), sum(shipped_amount), sum(cost_amount), sum(costed_amount), sum(returned_qty), sum(returned_amount) from rpt_sku_daily group by 1, 2, 3;
insert into rpt_customer_monthly select date_trunc('month', day)::date, company_id, sum(ordered_amount), sum(ordered_lines), sum(shipped_amount), sum(cost_amount), sum(costed_amount), sum(returned_amount), sum(orders), sum(billed), sum(paid_online), sum(paid_transfer), sum(paid_balance), sum(paid_cod), sum(refunded) from rpt_customer_daily group by 1, 2;

-- As before (202612071000), plus the month tables. The orders of a whole outbox batch come in one
-- call (rollup.ts): every statement is set-based over p_orders.
create or replace function rpt_refresh(p_orders bigint[], p_tz text) returns int language plpgsql as $$
declare n int;
begin
  perform pg_advisory_xact_lock(7270017, (x % 2147483647)::int) from (select distinct unnest(p_orders) as x order by 1) s;

  -- take the old facts out
  with old as (delete from rpt_order_facts f where f.order_id = any(p_orders) returning f.*),
  a as (insert into rpt_sales_daily as t (day, company_id, sku_id, warehouse_id, ordered_qty, ordered_amount, ordered_lines, shipped_qty, shipped_amount, cost_amount, costed_amount, returned_qty, returned_amount) select day, company_id, sku_id, warehouse_id, -sum(ordered_qty), -sum(ordered_amount), -sum(ordered_lines), -sum(shipped_qty), -sum(shipped_amount), -sum(cost_amount), -sum(costed_amount), -sum(returned_qty), -sum(returned_amount) from old group by 1, 2, 3, 4 order by 1, 2, 3, 4
        on conflict (day, company_id, sku_id, warehouse_id) do update set ordered_qty = t.ordered_qty + excluded.ordered_qty, ordered_amount = t.ordered_amount + excluded.ordered_amount, ordered_lines = t.ordered_lines + excluded.ordered_lines, shipped_qty = t.shipped_qty + excluded.shipped_qty, shipped_amount = t.shipped_amount + excluded.shipped_amount, cost_amount = t.cost_amount + excluded.cost_amount, costed_amount = t.costed_amount + excluded.costed_amount, returned_qty = t.returned_qty + excluded.returned_qty, returned_amount = t.returned_amount + excluded.returned_amount),
  b as (insert into rpt_sku_daily as t (day, sku_id, warehouse_id, ordered_qty, ordered_amount, ordered_lines, shipped_qty, shipped_amount, cost_amount, costed_amount, returned_qty, returned_amount) select day, sku_id, warehouse_id, -sum(ordered_qty), -sum(ordered_amount), -sum(ordered_lines), -sum(shipped_qty), -sum(shipped_amount), -sum(cost_amount), -sum(costed_amount), -sum(returned_qty), -sum(returned_amount) from old group by 1, 2, 3 order by 1, 2, 3
        on conflict (day, sku_id, warehouse_id) do update set ordered_qty = t.ordered_qty + excluded.ordered_qty, ordered_amount = t.ordered_amount + excluded.ordered_amount, ordered_lines = t.ordered_lines + excluded.ordered_lines, shipped_qty = t.shipped_qty + excluded.shipped_qty, shipped_amount = t.shipped_amount + excluded.shipped_amount, cost_amount = t.cost_amount + excluded.cost_amount, costed_amount = t.costed_amount + excluded.costed_amount, returned_qty = t.returned_qty + excluded.returned_qty, returned_amount = t.returned_amount + excluded.returned_amount),
  c as (insert into rpt_sku_monthly as t (month, sku_id, warehouse_id, ordered_qty, ordered_amount, ordered_lines, shipped_qty, shipped_amount, cost_amount, costed_amount, returned_qty, returned_amount) select date_trunc('month', day)::date, sku_id, warehouse_id, -sum(ordered_qty), -sum(ordered_amount), -sum(ordered_lines), -sum(shipped_qty), -sum(shipped_amount), -sum(cost_amount), -sum(costed_amount), -sum(returned_qty), -sum(returned_amount) from old group by 1, 2, 3 order by 1, 2, 3
        on conflict (month, sku_id, warehouse_id) do update set ordered_qty = t.ordered_qty + excluded.ordered_qty, ordered_amount = t.ordered_amount + excluded.ordered_amount, ordered_lines = t.ordered_lines + excluded.ordered_lines, shipped_qty = t.shipped_qty + excluded.shipped_qty, shipped_amount = t.shipped_amount + excluded.shipped_amount, cost_amount = t.cost_amount + excluded.cost_amount, costed_amount = t.costed_amount + excluded.costed_amount, returned_qty = t.returned_qty + excluded.returned_qty, returned_amount = t.returned_amount + excluded.returned_amount),
  d as (insert into rpt_customer_monthly as t (month, company_id, ordered_amount, ordered_lines, shipped_amount, cost_amount, costed_amount, returned_amount) select date_trunc('month', day)::date, company_id, -sum(ordered_amount), -sum(ordered_lines), -sum(shipped_amount), -sum(cost_amount), -sum(costed_amount), -sum(returned_amount) from old group by 1, 2 order by 1, 2
        on conflict (month, company_id) do update set ordered_amount = t.ordered_amount + excluded.ordered_amount, ordered_lines = t.ordered_lines + excluded.ordered_lines, shipped_amount = t.shipped_amount + excluded.shipped_amount, cost_amount = t.cost_amount + excluded.cost_amount, costed_amount = t.costed_amount + excluded.costed_amount, returned_amount = t.returned_amount + excluded.returned_amount)
  insert into rpt_customer_daily as t (day, company_id, ordered_amount, ordered_lines, shipped_amount, cost_amount, costed_amount, returned_amount) select day, company_id, -sum(ordered_amount), -sum(ordered_lines), -sum(shipped_amount), -sum(cost_amount), -sum(costed_amount), -sum(returned_amount) from old group by 1, 2 order by 1, 2
        on conflict (day, company_id) do update set ordered_amount = t.ordered_amount + excluded.ordered_amount, ordered_lines = t.ordered_lines + excluded.ordered_lines, shipped_amount = t.shipped_amount + excluded.shipped_amount, cost_amount = t.cost_amount + excluded.cost_amount, costed_amount = t.costed_amount + excluded.costed_amount, returned_amount = t.returned_amount + excluded.returned_amount;

  -- put the new facts in
  with new as (insert into rpt_order_facts select * from rpt_facts_of(p_orders, p_tz) returning *),
  a as (insert into rpt_sales_daily as t (day, company_id, sku_id, warehouse_id, ordered_qty, ordered_amount, ordered_lines, shipped_qty, shipped_amount, cost_amount, costed_amount, returned_qty, returned_amount) select day, company_id, sku_id, warehouse_id, sum(ordered_qty), sum(ordered_amount), sum(ordered_lines), sum(shipped_qty), sum(shipped_amount), sum(cost_amount), sum(costed_amount), sum(returned_qty), sum(returned_amount) from new group by 1, 2, 3, 4 order by 1, 2, 3, 4
        on conflict (day, company_id, sku_id, warehouse_id) do update set ordered_qty = t.ordered_qty + excluded.ordered_qty, ordered_amount = t.ordered_amount + excluded.ordered_amount, ordered_lines = t.ordered_lines + excluded.ordered_lines, shipped_qty = t.shipped_qty + excluded.shipped_qty, shipped_amount = t.shipped_amount + excluded.shipped_amount, cost_amount = t.cost_amount + excluded.cost_amount, costed_amount = t.costed_amount + excluded.costed_amount, returned_qty = t.returned_qty + excluded.returned_qty, returned_amount = t.returned_amount + excluded.returned_amount),
  b as (insert into rpt_sku_daily as t (day, sku_id, warehouse_id, ordered_qty, ordered_amount, ordered_lines, shipped_qty, shipped_amount, cost_amount, costed_amount, returned_qty, returned_amount) select day, sku_id, warehouse_id, sum(ordered_qty), sum(ordered_amount), sum(ordered_lines), sum(shipped_qty), sum(shipped_amount), sum(cost_amount), sum(costed_amount), sum(returned_qty), sum(returned_amount) from new group by 1, 2, 3 order by 1, 2, 3
        on conflict (day, sku_id, warehouse_id) do update set ordered_qty = t.ordered_qty + excluded.ordered_qty, ordered_amount = t.ordered_amount + excluded.ordered_amount, ordered_lines = t.ordered_lines + excluded.ordered_lines, shipped_qty = t.shipped_qty + excluded.shipped_qty, shipped_amount = t.shipped_amount + excluded.shipped_amount, cost_amount = t.cost_amount + excluded.cost_amount, costed_amount = t.costed_amount + excluded.costed_amount, returned_qty = t.returned_qty + excluded.returned_qty, returned_amount = t.returned_amount + excluded.returned_amount),
  c as (insert into rpt_sku_monthly as t (month, sku_id, warehouse_id, ordered_qty, ordered_amount, ordered_lines, shipped_qty, shipped_amount, cost_amount, costed_amount, returned_qty, returned_amount) select date_trunc('month', day)::date, sku_id, warehouse_id, sum(ordered_qty), sum(ordered_amount), sum(ordered_lines), sum(shipped_qty), sum(shipped_amount), sum(cost_amount), sum(costed_amount), sum(returned_qty), sum(returned_amount) from new group by 1, 2, 3 order by 1, 2, 3
        on conflict (month, sku_id, warehouse_id) do update set ordered_qty = t.ordered_qty + excluded.ordered_qty, ordered_amount = t.ordered_amount + excluded.ordered_amount, ordered_lines = t.ordered_lines + excluded.ordered_lines, shipped_qty = t.shipped_qty + excluded.shipped_qty, shipped_amount = t.shipped_amount + excluded.shipped_amount, cost_amount = t.cost_amount + excluded.cost_amount, costed_amount = t.costed_amount + excluded.costed_amount, returned_qty = t.returned_qty + excluded.returned_qty, returned_amount = t.returned_amount + excluded.returned_amount),
  d as (insert into rpt_customer_monthly as t (month, company_id, ordered_amount, ordered_lines, shipped_amount, cost_amount, costed_amount, returned_amount) select date_trunc('month', day)::date, company_id, sum(ordered_amount), sum(ordered_lines), sum(shipped_amount), sum(cost_amount), sum(costed_amount), sum(returned_amount) from new group by 1, 2 order by 1, 2
        on conflict (month, company_id) do update set ordered_amount = t.ordered_amount + excluded.ordered_amount, ordered_lines = t.ordered_lines + excluded.ordered_lines, shipped_amount = t.shipped_amount + excluded.shipped_amount, cost_amount = t.cost_amount + excluded.cost_amount, costed_amount = t.costed_amount + excluded.costed_amount, returned_amount = t.returned_amount + excluded.returned_amount)
  insert into rpt_customer_daily as t (day, company_id, ordered_amount, ordered_lines, shipped_amount, cost_amount, costed_amount, returned_amount) select day, company_id, sum(ordered_amount), sum(ordered_lines), sum(shipped_amount), sum(cost_amount), sum(costed_amount), sum(returned_amount) from new group by 1, 2 order by 1, 2
        on conflict (day, company_id) do update set ordered_amount = t.ordered_amount + excluded.ordered_amount, ordered_lines = t.ordered_lines + excluded.ordered_lines, shipped_amount = t.shipped_amount + excluded.shipped_amount, cost_amount = t.cost_amount + excluded.cost_amount, costed_amount = t.costed_amount + excluded.costed_amount, returned_amount = t.returned_amount + excluded.returned_amount;

  -- money: old out, new in
  with old as (delete from rpt_order_money m where m.order_id = any(p_orders) returning m.*),
  a as (insert into rpt_customer_monthly as t (month, company_id, orders, billed, paid_online, paid_transfer, paid_balance, paid_cod, refunded) select date_trunc('month', day)::date, company_id, -sum(orders), -sum(billed), -sum(paid_online), -sum(paid_transfer), -sum(paid_balance), -sum(paid_cod), -sum(refunded) from old group by 1, 2 order by 1, 2
        on conflict (month, company_id) do update set orders = t.orders + excluded.orders, billed = t.billed + excluded.billed, paid_online = t.paid_online + excluded.paid_online, paid_transfer = t.paid_transfer + excluded.paid_transfer, paid_balance = t.paid_balance + excluded.paid_balance, paid_cod = t.paid_cod + excluded.paid_cod, refunded = t.refunded + excluded.refunded)
  insert into rpt_customer_daily as t (day, company_id, orders, billed, paid_online, paid_transfer, paid_balance, paid_cod, refunded) select day, company_id, -sum(orders), -sum(billed), -sum(paid_online), -sum(paid_transfer), -sum(paid_balance), -sum(paid_cod), -sum(refunded) from old group by 1, 2 order by 1, 2
        on conflict (day, company_id) do update set orders = t.orders + excluded.orders, billed = t.billed + excluded.billed, paid_online = t.paid_online + excluded.paid_online, paid_transfer = t.paid_transfer + excluded.paid_transfer, paid_balance = t.paid_balance + excluded.paid_balance, paid_cod = t.paid_cod + excluded.paid_cod, refunded = t.refunded + excluded.refunded;

  with new as (insert into rpt_order_money select * from rpt_money_of(p_orders, p_tz) returning *),
  a as (insert into rpt_customer_monthly as t (month, company_id, orders, billed, paid_online, paid_transfer, paid_balance, paid_cod, refunded) select date_trunc('month', day)::date, company_id, sum(orders), sum(billed), sum(paid_online), sum(paid_transfer), sum(paid_balance), sum(paid_cod), sum(refunded) from new group by 1, 2 order by 1, 2
        on conflict (month, company_id) do update set orders = t.orders + excluded.orders, billed = t.billed + excluded.billed, paid_online = t.paid_online + excluded.paid_online, paid_transfer = t.paid_transfer + excluded.paid_transfer, paid_balance = t.paid_balance + excluded.paid_balance, paid_cod = t.paid_cod + excluded.paid_cod, refunded = t.refunded + excluded.refunded)
  insert into rpt_customer_daily as t (day, company_id, orders, billed, paid_online, paid_transfer, paid_balance, paid_cod, refunded) select day, company_id, sum(orders), sum(billed), sum(paid_online), sum(paid_transfer), sum(paid_balance), sum(paid_cod), sum(refunded) from new group by 1, 2 order by 1, 2
        on conflict (day, company_id) do update set orders = t.orders + excluded.orders, billed = t.billed + excluded.billed, paid_online = t.paid_online + excluded.paid_online, paid_transfer = t.paid_transfer + excluded.paid_transfer, paid_balance = t.paid_balance + excluded.paid_balance, paid_cod = t.paid_cod + excluded.paid_cod, refunded = t.refunded + excluded.refunded;

  delete from rpt_open_orders where order_id = any(p_orders);
  insert into rpt_open_orders select * from rpt_open_of(p_orders, p_tz);
  get diagnostics n = row_count;
  return n;
end $$;
