-- The ERP change feed (issue 19): order, shipment, payment and after-sales events copied from
-- the outbox by the integration handler. Rows are inserted under one advisory lock, so `seq`
-- grows in commit order: a reader asking for seq > cursor never misses a row that commits later.
create table erp_changes (
  seq bigint generated always as identity primary key,
  event_id bigint not null unique,
  topic text not null,
  payload jsonb not null,
  occurred_at timestamptz not null,
  recorded_at timestamptz not null default now()
);
