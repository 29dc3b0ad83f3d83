-- After-sales (售后, issue 14): requests raised against shipped order lines, their lines, their
-- history (one row per transition of the transition table), reasons the supplier maintains and a
-- per-day counter for request numbers SH20261206-0001.
create table aftersales_reasons (
  id bigint generated always as identity primary key,
  code text not null unique,
  name_zh text not null,
  name_en text not null,
  active boolean not null default true,
  sort int not null default 0,
  created_at timestamptz not null default now()
);
insert into aftersales_reasons (code, name_zh, name_en, sort) values
  ('damaged', '商品破损', 'Damaged goods', 10),
  ('shortage', '少发 / 缺件', 'Short delivery', 20),
  ('wrong_item', '发错商品', 'Wrong item', 30),
  ('quality', '质量问题', 'Quality problem', 40),
  ('expiry', '临期 / 过期', 'Near or past expiry', 50),
  ('price', '价格差异', 'Price difference', 60),
  ('other', '其他', 'Other', 90);

create table aftersales_requests (
  id bigint generated always as identity primary key,
  number text not null unique,
  company_id bigint not null references companies(id),
  order_id bigint not null references orders(id),
  shipment_id bigint references shipments(id),
  kind text not null check (kind in ('return_refund', 'refund_only', 'exchange', 'reissue')),
  status text not null check (status in ('draft', 'submitted', 'approved', 'rejected', 'returning', 'received', 'shipped', 'completed', 'cancelled')),
  version int not null default 1,
  source text not null default 'buyer' check (source in ('buyer', 'staff', 'receipt')),
  reason_id bigint not null references aftersales_reasons(id),
  description text,
  raised_by_user_id bigint references users(id),
  buyer_user_id bigint references users(id),
  return_carrier text,
  return_tracking_no text,
  warehouse_id bigint references warehouses(id),
  replacement_carrier text,
  replacement_tracking_no text,
  refund_amount bigint check (refund_amount >= 0),
  refund_destination text check (refund_destination in ('balance', 'original')),
  refund_note text,
  refund_ids jsonb not null default '[]',
  credit_amount bigint not null default 0 check (credit_amount >= 0),
  reject_reason text,
  cancel_reason text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  submitted_at timestamptz,
  approved_at timestamptz,
  received_at timestamptz,
  completed_at timestamptz
);
create index aftersales_requests_company on aftersales_requests (company_id, id desc);
create index aftersales_requests_order on aftersales_requests (order_id);
create index aftersales_requests_status on aftersales_requests (status, id desc);
-- one draft per shipment opened from a receipt with discrepancies (the outbox may deliver twice)
create unique index aftersales_one_receipt_draft on aftersales_requests (shipment_id, kind) where source = 'receipt';

create table aftersales_lines (
  id bigint generated always as identity primary key,
  request_id bigint not null references aftersales_requests(id) on delete cascade,
  order_line_id bigint not null references order_lines(id),
  sku_id bigint not null,
  sku_code text not null,
  name text not null,
  unit text not null,
  unit_factor int not null,
  base_unit text not null,
  -- base units, like order lines
  qty int not null check (qty > 0),
  to_stock_qty int not null default 0 check (to_stock_qty >= 0),
  defective_qty int not null default 0 check (defective_qty >= 0),
  refused_qty int not null default 0 check (refused_qty >= 0),
  refuse_reason text,
  -- what was paid for these units (after the order's discount), fen
  paid_amount bigint not null check (paid_amount >= 0),
  check (to_stock_qty + defective_qty + refused_qty <= qty),
  unique (request_id, order_line_id)
);
create index aftersales_lines_order_line on aftersales_lines (order_line_id);

create table aftersales_history (
  id bigint generated always as identity primary key,
  request_id bigint not null references aftersales_requests(id) on delete cascade,
  at timestamptz not null default now(),
  event text not null,
  from_status text,
  to_status text not null,
  actor_user_id bigint references users(id),
  actor_label text,
  note text,
  data jsonb
);
create index aftersales_history_request on aftersales_history (request_id, id);

create table aftersales_number_counters (
  day date primary key,
  last int not null
);
