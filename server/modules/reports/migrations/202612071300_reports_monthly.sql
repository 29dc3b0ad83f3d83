-- Month-level rollups (issue 17): reports over long ranges read whole months here and only the
-- days of partial months from the daily tables (1 year of SKUs: ~12 rows per SKU instead of ~365).
-- Kept exact by rpt_refresh (functions/rpt_refresh.sql) in the same statements as the daily tables; filled here from
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
