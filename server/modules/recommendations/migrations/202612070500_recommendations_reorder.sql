-- Reorder predictions (issue 18): one row per customer company × SKU with at least 3 order days
-- in its received history, kept current by the outbox worker on every delivered/completed order.
-- Read by the portal home, the cart and the reps' call list: one indexed range read each.
create table reorder_predictions (
  company_id bigint not null,
  sku_id bigint not null,
  orders integer not null,
  interval_days double precision not null,
  next_interval_days double precision not null,
  dispersion double precision not null,
  confidence double precision not null,
  seasonal boolean not null default false,
  usual_qty integer not null,
  unit text not null,
  unit_factor integer not null,
  last_order_on date not null,
  next_order_on date not null,
  updated_at timestamptz not null default now(),
  primary key (company_id, sku_id)
);
create index reorder_predictions_next on reorder_predictions (next_order_on, company_id);

-- The reminder notice the buyer got for a predicted reorder (one per company × SKU × predicted day).
create table reorder_reminders (
  company_id bigint not null,
  sku_id bigint not null,
  next_order_on date not null,
  sent_at timestamptz not null default now(),
  primary key (company_id, sku_id, next_order_on)
);
