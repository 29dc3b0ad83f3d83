-- Outgoing webhooks: endpoints subscribe to outbox topics; every attempt is logged.
create table webhook_endpoints (
  id bigint generated always as identity primary key,
  url text not null,
  description text,
  secret text not null,          -- used to sign; the receiver holds the same secret
  topics text[] not null,        -- outbox topics, or '*' for all
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table webhook_deliveries (
  id bigint generated always as identity primary key,
  endpoint_id bigint not null references webhook_endpoints(id) on delete cascade,
  event_id bigint,
  topic text not null,
  ok boolean not null,
  status_code int,
  error text,
  duration_ms int not null,
  attempted_at timestamptz not null default now()
);
create index webhook_deliveries_endpoint on webhook_deliveries (endpoint_id, id desc);
create index webhook_deliveries_event on webhook_deliveries (event_id, endpoint_id) where ok;
