-- Purchasing (采购): suppliers, the SKUs each supplies (cost, lead time, MOQ), purchase orders
-- draft → ordered → partially_received → received (or cancelled). Receipts raise on hand through
-- the ledger; its rows point at the purchase order (document_type 'purchase_order').
create table suppliers (
  id bigint generated always as identity primary key,
  code text not null,
  name text not null,
  contact_name text,
  phone text,
  email text,
  address text,
  notes text,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index suppliers_code on suppliers (lower(code));

create table supplier_skus (
  supplier_id bigint not null references suppliers(id) on delete cascade,
  sku_id bigint not null references skus(id),
  supplier_sku_code text,
  cost bigint not null check (cost >= 0),                  -- fen per base unit
  lead_time_days int not null default 7 check (lead_time_days between 0 and 365),
  moq int not null default 1 check (moq between 1 and 10000000),
  preferred boolean not null default false,
  updated_at timestamptz not null default now(),
  primary key (supplier_id, sku_id)
);
create index supplier_skus_sku on supplier_skus (sku_id);

create table purchase_orders (
  id bigint generated always as identity primary key,
  supplier_id bigint not null references suppliers(id),
  warehouse_id bigint not null references warehouses(id),
  status text not null default 'draft' check (status in ('draft', 'ordered', 'partially_received', 'received', 'cancelled')),
  expected_at date,
  notes text,
  total bigint not null default 0 check (total >= 0),
  created_by bigint references users(id),
  created_at timestamptz not null default now(),
  ordered_at timestamptz,
  received_at timestamptz,
  cancelled_at timestamptz,
  updated_at timestamptz not null default now()
);
create index purchase_orders_status on purchase_orders (status, id desc);
create index purchase_orders_supplier on purchase_orders (supplier_id, id desc);

create table purchase_order_lines (
  id bigint generated always as identity primary key,
  po_id bigint not null references purchase_orders(id) on delete cascade,
  sku_id bigint not null references skus(id),
  qty int not null check (qty > 0),
  unit_cost bigint not null check (unit_cost >= 0),
  received_qty int not null default 0 check (received_qty >= 0 and received_qty <= qty),
  unique (po_id, sku_id)
);
create index purchase_order_lines_sku on purchase_order_lines (sku_id);
