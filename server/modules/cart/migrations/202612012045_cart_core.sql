-- Carts kept on the server. One live cart per (customer company, user): a buyer's own, or a
-- staff user's cart for a customer when ordering on behalf (代客下单). Drafts (暂存) and order
-- templates are named carts of the same shape, kept as long as the user wants.
create table carts (
  id bigint generated always as identity primary key,
  company_id bigint not null references companies(id) on delete cascade,
  user_id bigint not null references users(id) on delete cascade,
  kind text not null default 'cart' check (kind in ('cart', 'draft', 'template')),
  name text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((kind = 'cart') = (name is null))
);
create unique index carts_live on carts (company_id, user_id) where kind = 'cart';
create index carts_saved on carts (user_id, company_id, kind, id);

-- A line per (SKU, selling unit). qty is in the SKU's base unit and always a whole number of
-- the chosen unit (qty = units × unit_factor); the factor is copied so a changed unit table
-- does not silently change what the buyer put in.
create table cart_lines (
  id bigint generated always as identity primary key,
  cart_id bigint not null references carts(id) on delete cascade,
  sku_id bigint not null references skus(id) on delete cascade,
  unit text not null,
  unit_factor int not null check (unit_factor >= 1),
  qty int not null check (qty > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (cart_id, sku_id, unit)
);
create index cart_lines_sku on cart_lines (sku_id);

