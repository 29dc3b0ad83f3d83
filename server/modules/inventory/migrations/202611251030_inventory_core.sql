-- Inventory core: warehouses, stock per SKU per warehouse, reservations tied to order lines,
-- and the append-only movement ledger from which every on-hand quantity can be rebuilt.
create table warehouses (
  id bigint generated always as identity primary key,
  code text not null,
  name text not null,
  address text,
  -- Region served: province names as stored on companies.province (e.g. '上海市', '浙江省').
  provinces text[] not null default '{}',
  -- Lower is preferred when no warehouse serving the customer's region can fill a line.
  priority int not null default 100 check (priority between 0 and 1000000),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index warehouses_code on warehouses (lower(code));

create table stock_levels (
  sku_id bigint not null references skus(id),
  warehouse_id bigint not null references warehouses(id),
  on_hand int not null default 0,
  reserved int not null default 0,
  -- 安全库存: below this available quantity the warehouse is alerted.
  safety_stock int not null default 0 check (safety_stock >= 0),
  updated_at timestamptz not null default now(),
  primary key (sku_id, warehouse_id),
  constraint stock_levels_on_hand_nonneg check (on_hand >= 0),
  constraint stock_levels_reserved_nonneg check (reserved >= 0),
  constraint stock_levels_reserved_le_on_hand check (reserved <= on_hand)
);
create index stock_levels_warehouse on stock_levels (warehouse_id, sku_id);

-- One row per (order line, warehouse) allocation. order_id / order_line_id are plain bigints:
-- the orders module may add foreign keys. Outstanding = qty - consumed_qty - released_qty.
create table reservations (
  id bigint generated always as identity primary key,
  order_id bigint not null,
  order_line_id bigint not null,
  sku_id bigint not null references skus(id),
  warehouse_id bigint not null references warehouses(id),
  qty int not null check (qty > 0),
  consumed_qty int not null default 0 check (consumed_qty >= 0),
  released_qty int not null default 0 check (released_qty >= 0),
  status text not null default 'active' check (status in ('active', 'consumed', 'released', 'closed')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (consumed_qty + released_qty <= qty)
);
create index reservations_order on reservations (order_id, order_line_id);
create index reservations_active on reservations (sku_id, warehouse_id) where status = 'active';

-- The ledger: every change of on_hand is one row; sum(qty) per (sku, warehouse) = on_hand.
create table stock_movements (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  sku_id bigint not null references skus(id),
  warehouse_id bigint not null references warehouses(id),
  type text not null check (type in ('receipt', 'shipment', 'adjustment', 'transfer_out', 'transfer_in', 'return', 'stocktake')),
  qty int not null check (qty <> 0),
  on_hand_after int not null,
  document_type text,
  document_id bigint,
  actor_user_id bigint references users(id),
  actor_label text,
  reason text
);
create index stock_movements_sku on stock_movements (sku_id, warehouse_id, id);
create index stock_movements_type_at on stock_movements (type, at);
create index stock_movements_document on stock_movements (document_type, document_id);

create function stock_movements_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'stock_movements is append-only';
end $$;
create trigger stock_movements_no_update before update or delete on stock_movements
  for each row execute function stock_movements_append_only();
