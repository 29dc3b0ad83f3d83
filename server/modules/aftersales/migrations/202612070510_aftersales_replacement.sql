-- Exchanges and reissues (issue 14): the replacement is reserved at approval (inventory's document
-- reservations) and shipped later; what left, from where and when is kept per line for the
-- replacement's delivery note.
alter table aftersales_lines
  add column replacement_qty int not null default 0 check (replacement_qty >= 0),
  add column replacement_warehouse_id bigint references warehouses(id);
alter table aftersales_requests add column replacement_shipped_at timestamptz;
