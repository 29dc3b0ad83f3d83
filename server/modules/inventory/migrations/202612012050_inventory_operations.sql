-- Documents behind manual stock changes: adjustments and transfers (the ledger rows point here),
-- and stocktakes (盘点) with their count sheet.
create table stock_documents (
  id bigint generated always as identity primary key,
  type text not null check (type in ('adjustment', 'transfer')),
  warehouse_id bigint not null references warehouses(id),
  to_warehouse_id bigint references warehouses(id),
  reason text,
  -- [{ skuId, qty }] as entered; the ledger holds the applied changes.
  lines jsonb not null,
  actor_user_id bigint references users(id),
  created_at timestamptz not null default now(),
  check ((type = 'transfer') = (to_warehouse_id is not null)),
  check (to_warehouse_id is null or to_warehouse_id <> warehouse_id)
);
create index stock_documents_type on stock_documents (type, id desc);

create table stocktakes (
  id bigint generated always as identity primary key,
  warehouse_id bigint not null references warehouses(id),
  status text not null default 'counting' check (status in ('counting', 'posted', 'cancelled')),
  note text,
  created_by bigint references users(id),
  created_at timestamptz not null default now(),
  posted_by bigint references users(id),
  posted_at timestamptz,
  updated_at timestamptz not null default now()
);
create index stocktakes_warehouse on stocktakes (warehouse_id, id desc);

create table stocktake_lines (
  stocktake_id bigint not null references stocktakes(id) on delete cascade,
  sku_id bigint not null references skus(id),
  -- on hand when the sheet was made (what the counter is compared against on paper)
  snapshot_qty int not null,
  counted_qty int check (counted_qty >= 0),
  -- the change posted to the ledger (counted − on hand at posting), null until posted
  posted_diff int,
  primary key (stocktake_id, sku_id)
);
