-- Ordering fairs (订货会, issue 16): a time-boxed event with its own products and prices (quantity
-- breaks), invited customers or tiers, per-customer quotas and an optional deposit. Buyers book
-- (订货) inside the window; a booking is a commitment, not a stock reservation. After the fair staff
-- convert bookings into orders (all or part of each line) through the orders module.

-- status is what staff set (draft / published / cancelled); scheduled, open and closed follow from
-- the window (opens_at inclusive, closes_at exclusive: at closes_at to the second it is closed).
create table fairs (
  id bigint generated always as identity primary key,
  name text not null,
  status text not null default 'draft' check (status in ('draft', 'published', 'cancelled')),
  opens_at timestamptz not null,
  closes_at timestamptz not null,
  -- who is invited: every active customer when both are empty
  tier_ids bigint[] not null default '{}',
  company_ids bigint[] not null default '{}',
  -- every invited customer's quota unless fair_customers says otherwise (null: none)
  min_amount bigint check (min_amount >= 0),
  max_amount bigint check (max_amount > 0),
  -- the whole fair's target (the board compares against it)
  target_amount bigint check (target_amount > 0),
  -- deposit (定金): none, a share of the booking in basis points, or a fixed amount per booking
  deposit_kind text not null default 'none' check (deposit_kind in ('none', 'percent', 'fixed')),
  deposit_value bigint not null default 0 check (deposit_value >= 0),
  note text,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (closes_at > opens_at),
  check (min_amount is null or max_amount is null or min_amount <= max_amount),
  check (deposit_kind <> 'percent' or deposit_value between 1 and 10000)
);
create index fairs_window on fairs (closes_at) where status = 'published';

-- The fair's products with per-customer quantity limits and the product's target.
create table fair_items (
  fair_id bigint not null references fairs(id) on delete cascade,
  sku_id bigint not null references skus(id) on delete restrict,
  position int not null default 0,
  min_qty int check (min_qty >= 1),
  max_qty int check (max_qty >= 1),
  target_qty int check (target_qty >= 1),
  primary key (fair_id, sku_id),
  check (min_qty is null or max_qty is null or min_qty <= max_qty)
);

-- The fair's price list: a unit price per quantity break (a line of qty ≥ min_qty takes the
-- highest break it reaches). Every fair item has a break at 1.
create table fair_prices (
  fair_id bigint not null,
  sku_id bigint not null,
  min_qty int not null check (min_qty >= 1),
  unit_price bigint not null check (unit_price >= 0),
  primary key (fair_id, sku_id, min_qty),
  foreign key (fair_id, sku_id) references fair_items (fair_id, sku_id) on delete cascade
);

-- Named customers' own quotas and targets (override the fair's defaults; also invites them).
create table fair_customers (
  fair_id bigint not null references fairs(id) on delete cascade,
  company_id bigint not null references companies(id) on delete cascade,
  min_amount bigint check (min_amount >= 0),
  max_amount bigint check (max_amount > 0),
  target_amount bigint check (target_amount > 0),
  primary key (fair_id, company_id)
);

-- A customer's running totals in a fair: the row every booking of the customer locks first, so
-- quotas hold under any concurrency.
create table fair_customer_totals (
  fair_id bigint not null references fairs(id) on delete cascade,
  company_id bigint not null references companies(id) on delete cascade,
  amount bigint not null default 0 check (amount >= 0),
  bookings int not null default 0,
  primary key (fair_id, company_id)
);

-- A booking (订货单): one submission of lines at the fair's prices.
create table fair_bookings (
  id bigint generated always as identity primary key,
  fair_id bigint not null references fairs(id) on delete restrict,
  company_id bigint not null references companies(id) on delete restrict,
  user_id bigint not null references users(id) on delete restrict,
  status text not null default 'booked' check (status in ('booked', 'converted', 'cancelled')),
  total bigint not null check (total >= 0),
  deposit bigint not null default 0 check (deposit >= 0),
  note text,
  idempotency_key text not null,
  created_at timestamptz not null default now(),
  unique (fair_id, company_id, user_id, idempotency_key)
);
create index fair_bookings_fair on fair_bookings (fair_id, company_id);

create table fair_booking_lines (
  id bigint generated always as identity primary key,
  booking_id bigint not null references fair_bookings(id) on delete cascade,
  sku_id bigint not null references skus(id) on delete restrict,
  qty int not null check (qty > 0),
  unit_price bigint not null check (unit_price >= 0),
  line_total bigint not null check (line_total >= 0),
  converted_qty int not null default 0 check (converted_qty >= 0 and converted_qty <= qty)
);
create index fair_booking_lines_booking on fair_booking_lines (booking_id);

-- Each conversion of (part of) a booking into an order; what it took per line.
create table fair_conversions (
  id bigint generated always as identity primary key,
  fair_id bigint not null references fairs(id) on delete restrict,
  booking_id bigint not null references fair_bookings(id) on delete restrict,
  order_id bigint not null,
  order_number text not null,
  delivery_date date,
  warehouse_id bigint,
  lines jsonb not null,
  amount bigint not null,
  created_by bigint,
  created_at timestamptz not null default now()
);
create index fair_conversions_booking on fair_conversions (booking_id);
