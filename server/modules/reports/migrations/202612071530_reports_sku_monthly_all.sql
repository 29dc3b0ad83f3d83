-- Per-SKU month rollup over all warehouses (issue 17): the per-SKU reports without a warehouse
-- filter (sales by SKU/category/brand, ABC, slow movers, turnover) read whole months here. On
-- 1,000,000 order lines a SKU has about one row per month and warehouse in rpt_sku_monthly
-- (ordered in warehouse 0, shipped from 1 or 2), so a year read ~860,000 rows; here about half.
-- Kept exact by rpt_refresh (functions/rpt_refresh.sql) in the same statements as the other
-- tables, rebuilt by rebuildRollups; filled here from rpt_sku_monthly so no rebuild is needed.
create table rpt_sku_monthly_all (
  month date not null check (extract(day from month) = 1),
  sku_id bigint not null,
  ordered_qty bigint not null default 0,
  ordered_amount bigint not null default 0,
  ordered_lines bigint not null default 0,
  shipped_qty bigint not null default 0,
  shipped_amount bigint not null default 0,
  cost_amount bigint not null default 0,
  costed_amount bigint not null default 0,
  returned_qty bigint not null default 0,
  returned_amount bigint not null default 0,
  primary key (month, sku_id)
);
create index rpt_sku_monthly_all_sku on rpt_sku_monthly_all (sku_id, month);

insert into rpt_sku_monthly_all
select month, sku_id, sum(ordered_qty), sum(ordered_amount), sum(ordered_lines), sum(shipped_qty), sum(shipped_amount), sum(cost_amount), sum(costed_amount), sum(returned_qty), sum(returned_amount)
  from rpt_sku_monthly group by 1, 2;
