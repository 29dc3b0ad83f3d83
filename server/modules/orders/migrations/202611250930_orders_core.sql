-- Orders core, shared by cart/submission (issue 6), workflow/shipping (issue 7) and payments (issue 8).
create table orders (
  id bigint generated always as identity primary key,
  number text not null unique,
  company_id bigint not null references companies(id),
  buyer_user_id bigint references users(id),
  placed_by_user_id bigint not null references users(id),
  on_behalf boolean not null default false,
  status text not null check (status in ('awaiting_approval','pending_review','pending_finance','awaiting_payment',
    'pending_outbound','picking','partially_shipped','shipped','delivered','completed','rejected','cancelled')),
  payment_status text not null default 'unpaid' check (payment_status in ('unpaid','partially_paid','paid','partially_refunded','refunded')),
  payment_method text check (payment_method in ('online','transfer','balance','credit','cod')),
  version int not null default 1,
  urgent boolean not null default false,
  subtotal bigint not null check (subtotal >= 0),
  discount_total bigint not null default 0 check (discount_total >= 0),
  shipping_fee bigint not null default 0 check (shipping_fee >= 0),
  total bigint not null check (total >= 0),
  paid_total bigint not null default 0 check (paid_total >= 0),
  refunded_total bigint not null default 0 check (refunded_total >= 0),
  address jsonb not null,
  wished_delivery_date date,
  invoice_type text not null default 'none' check (invoice_type in ('none','normal','special')),
  invoice jsonb,
  customer_po text,
  note text,
  submitted_at timestamptz not null default now(),
  approved_at timestamptz,
  shipped_at timestamptz,
  delivered_at timestamptz,
  completed_at timestamptz,
  cancelled_at timestamptz,
  cancel_reason text,
  reject_reason text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index orders_company on orders (company_id, id desc);
create index orders_status on orders (status, urgent desc, id);

create table order_lines (
  id bigint generated always as identity primary key,
  order_id bigint not null references orders(id) on delete cascade,
  line_no int not null,
  sku_id bigint not null references skus(id),
  sku_code text not null,
  name text not null,
  spec_text text not null default '',
  unit text not null,            -- the selling unit the buyer ordered in (箱)
  unit_factor int not null check (unit_factor >= 1),
  qty int not null check (qty > 0),               -- base units (瓶)
  unit_price bigint not null check (unit_price >= 0), -- fen per base unit, frozen at submission
  base_price bigint not null check (base_price >= 0),
  price_rule jsonb,
  line_total bigint not null check (line_total >= 0),
  shipped_qty int not null default 0 check (shipped_qty >= 0),
  received_qty int not null default 0 check (received_qty >= 0),
  unique (order_id, line_no)
);
create index order_lines_sku on order_lines (sku_id);

-- Every status change, with who and why (the order's timeline).
create table order_history (
  id bigint generated always as identity primary key,
  order_id bigint not null references orders(id) on delete cascade,
  at timestamptz not null default now(),
  event text not null,
  from_status text,
  to_status text not null,
  actor_user_id bigint references users(id),
  actor_label text,
  note text,
  data jsonb
);
create index order_history_order on order_history (order_id, id);

-- Human order numbers SO20261125-0001, one counter row per day: unique under concurrency.
create table order_number_counters (
  day date primary key,
  last int not null
);
