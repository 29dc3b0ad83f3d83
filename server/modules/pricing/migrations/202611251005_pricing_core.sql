-- Price lists (价目表) for a tier or one customer, with per-SKU fixed or percentage prices and
-- quantity breaks (阶梯价); valid_from inclusive, valid_to exclusive (null = open).
create table price_lists (
  id bigint generated always as identity primary key,
  name text not null,
  kind text not null check (kind in ('tier', 'customer')),
  tier_id bigint references customer_tiers(id) on delete restrict,
  company_id bigint references companies(id) on delete cascade,
  valid_from timestamptz,
  valid_to timestamptz,
  active boolean not null default true,
  notes text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((kind = 'tier') = (tier_id is not null)),
  check ((kind = 'customer') = (company_id is not null)),
  check (valid_from is null or valid_to is null or valid_from < valid_to)
);
create index price_lists_tier on price_lists (tier_id) where tier_id is not null;
create index price_lists_company on price_lists (company_id) where company_id is not null;

-- One price per (list, SKU, quantity break): either a fixed unit price in fen or a discount
-- off the SKU base price in basis points.
create table price_list_items (
  price_list_id bigint not null references price_lists(id) on delete cascade,
  sku_id bigint not null references skus(id) on delete cascade,
  min_qty int not null check (min_qty >= 1),
  fixed_price bigint check (fixed_price >= 0),
  discount_bp int check (discount_bp between 0 and 10000),
  primary key (price_list_id, sku_id, min_qty),
  check ((fixed_price is null) <> (discount_bp is null))
);
create index price_list_items_sku on price_list_items (sku_id);

-- MOQ / order multiple overrides of a price list (e.g. a tier orders by the case).
create table price_list_moq (
  price_list_id bigint not null references price_lists(id) on delete cascade,
  sku_id bigint not null references skus(id) on delete cascade,
  moq int not null check (moq >= 1),
  order_multiple int not null default 1 check (order_multiple >= 1),
  primary key (price_list_id, sku_id)
);

-- Visibility: a product with rows here is visible only to the tiers, regions (province, or
-- province + city) and named customers listed; a product without rows is visible to all.
create table product_visibility (
  id bigint generated always as identity primary key,
  product_id bigint not null references products(id) on delete cascade,
  tier_id bigint references customer_tiers(id) on delete restrict,
  province text,
  city text,
  company_id bigint references companies(id) on delete cascade,
  check (num_nonnulls(tier_id, province, company_id) = 1),
  check (city is null or province is not null)
);
create index product_visibility_product on product_visibility (product_id);
