-- Daily snapshots (issue 17): what the rollups cannot rebuild from events, taken by the periodic
-- job reports.snapshots (snapshots.ts). Each run of a day replaces that day's snapshot, so a past
-- day holds its last state (the closing stock and receivables of the day as the job last saw it).

-- Stock per SKU × warehouse: on hand, reserved, and its value at the unit cost of that day.
create table rpt_stock_daily (
  day date not null,
  sku_id bigint not null,
  warehouse_id bigint not null,
  on_hand bigint not null,
  reserved bigint not null,
  value bigint not null,          -- fen: on hand × average received purchase cost, else base price
  primary key (day, sku_id, warehouse_id)
);
create index rpt_stock_daily_sku on rpt_stock_daily (sku_id, day);

-- Receivables per customer by age (the aging report's buckets) at the end of the day.
create table rpt_aging_daily (
  day date not null,
  company_id bigint not null,
  orders int not null,
  not_due bigint not null,
  d30 bigint not null,
  d60 bigint not null,
  d90 bigint not null,
  d90plus bigint not null,
  primary key (day, company_id)
);

-- Admins who want the weekly summary e-mail (weekly.ts); a row = opted in.
create table rpt_weekly_email (
  user_id bigint primary key references users(id) on delete cascade,
  created_at timestamptz not null default now()
);
