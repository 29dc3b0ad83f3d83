-- Read models for "frequently bought together" and "customers like you also order" (issue 18),
-- kept by the outbox worker from received orders. Counts are per customer company, so a
-- company's own rows can be used as they are and other companies' only in aggregate (at least
-- three companies behind a recommendation).

-- Orders already counted: makes the counting idempotent when the outbox delivers an event twice.
create table reco_orders_counted (
  order_id bigint primary key,
  counted_at timestamptz not null default now()
);

-- How many received orders of a company carried both SKUs (both directions stored).
create table reco_basket_pairs (
  company_id bigint not null,
  sku_id bigint not null,
  other_sku_id bigint not null,
  orders integer not null,
  last_on date not null,
  primary key (sku_id, other_sku_id, company_id)
);

-- How many received orders of a company carried the SKU.
create table reco_company_skus (
  company_id bigint not null,
  sku_id bigint not null,
  orders integer not null,
  last_on date not null,
  primary key (company_id, sku_id)
);
create index reco_company_skus_sku on reco_company_skus (sku_id);
