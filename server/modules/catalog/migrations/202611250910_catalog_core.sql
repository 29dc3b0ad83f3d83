-- Catalog core: categories, brands, products, SKUs and selling units.
-- Other modules (pricing, inventory, orders) reference skus(id) and products(id).
create table categories (
  id bigint generated always as identity primary key,
  parent_id bigint references categories(id),
  name text not null,
  sort int not null default 0,
  created_at timestamptz not null default now()
);
create index categories_parent on categories (parent_id, sort, id);

create table brands (
  id bigint generated always as identity primary key,
  name text not null,
  logo_url text,
  sort int not null default 0,
  created_at timestamptz not null default now()
);
create unique index brands_name on brands (lower(name));

create table products (
  id bigint generated always as identity primary key,
  name text not null,
  subtitle text,
  category_id bigint references categories(id),
  brand_id bigint references brands(id),
  description_html text not null default '',
  images jsonb not null default '[]',
  params jsonb not null default '[]',
  tags text[] not null default '{}',
  base_unit text not null default '件',
  on_shelf boolean not null default true,
  is_new boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index products_category on products (category_id);
create index products_brand on products (brand_id);

create table skus (
  id bigint generated always as identity primary key,
  product_id bigint not null references products(id) on delete cascade,
  code text not null,
  barcode text,
  specs jsonb not null default '{}',
  spec_text text not null default '',
  base_price bigint not null check (base_price >= 0),
  retail_price bigint check (retail_price >= 0),
  weight_grams int check (weight_grams >= 0),
  moq int not null default 1 check (moq >= 1),
  order_multiple int not null default 1 check (order_multiple >= 1),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index skus_code on skus (lower(code));
create index skus_product on skus (product_id);
create index skus_barcode on skus (barcode);

-- Selling units: 1 箱 = 24 瓶. The base unit (factor 1) is the product's base_unit.
create table sku_units (
  sku_id bigint not null references skus(id) on delete cascade,
  unit text not null,
  factor int not null check (factor >= 1),
  primary key (sku_id, unit)
);
