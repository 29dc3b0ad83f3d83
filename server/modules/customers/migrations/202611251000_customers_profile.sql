-- Customer tiers (客户等级) with a default discount off base price, and the customer profile:
-- contact, region, tier, sales rep, payment terms, credit limit, tags, notes.
create table customer_tiers (
  id bigint generated always as identity primary key,
  name text not null,
  -- discount off the SKU base price in basis points: 1500 = 15% off (pays 85%)
  discount_bp int not null default 0 check (discount_bp between 0 and 10000),
  sort int not null default 0,
  notes text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index customer_tiers_name on customer_tiers (lower(name));

alter table companies
  add column contact_name text,
  add column contact_phone text,
  add column email text,
  add column province text,
  add column city text,
  add column district text,
  add column address text,
  add column tier_id bigint references customer_tiers(id) on delete restrict,
  add column sales_rep_id bigint references users(id) on delete set null,
  add column payment_terms text not null default 'prepay' check (payment_terms in ('prepay', 'cod', 'credit')),
  add column credit_days int not null default 0 check (credit_days between 0 and 365),
  add column credit_limit bigint not null default 0 check (credit_limit >= 0),
  add column tags text[] not null default '{}',
  add column notes text;
create index companies_tier on companies (tier_id);
create index companies_sales_rep on companies (sales_rep_id);
create index companies_region on companies (province, city);

-- Delivery addresses; at most one default per company.
create table company_addresses (
  id bigint generated always as identity primary key,
  company_id bigint not null references companies(id) on delete cascade,
  recipient text not null,
  phone text not null,
  province text not null,
  city text not null,
  district text,
  address text not null,
  postcode text,
  is_default boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index company_addresses_company on company_addresses (company_id, id);
create unique index company_addresses_default on company_addresses (company_id) where is_default;

-- Invoice profile (发票抬头): 普票 (normal) or 专票 (special, needs bank and address).
create table company_invoice_profiles (
  company_id bigint primary key references companies(id) on delete cascade,
  kind text not null default 'normal' check (kind in ('normal', 'special')),
  title text not null,
  tax_no text not null,
  bank_name text,
  bank_account text,
  address text,
  phone text,
  email text,
  updated_at timestamptz not null default now()
);

-- Buyer settings: a per-order spending limit above which the customer admin must approve.
create table company_buyer_limits (
  user_id bigint primary key references users(id) on delete cascade,
  company_id bigint not null references companies(id) on delete cascade,
  order_limit bigint check (order_limit >= 0),
  updated_at timestamptz not null default now()
);
create index company_buyer_limits_company on company_buyer_limits (company_id);

-- Registration applications from prospective dealers (public form with a licence photo).
create table customer_registrations (
  id bigint generated always as identity primary key,
  company_name text not null,
  contact_name text not null,
  contact_phone text not null,
  email text,
  province text not null,
  city text not null,
  district text,
  address text,
  licence_no text,
  licence_image bytea,
  licence_mime text,
  login text not null,
  message text,
  status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
  reject_reason text,
  company_id bigint references companies(id),
  reviewed_by bigint references users(id),
  reviewed_at timestamptz,
  created_at timestamptz not null default now()
);
create index customer_registrations_status on customer_registrations (status, id);
