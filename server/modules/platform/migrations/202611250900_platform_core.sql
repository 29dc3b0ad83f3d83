-- Platform tables every module uses: settings, audit log, outbox, idempotency.
create extension if not exists pg_trgm;

create table settings (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);

create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_user_id bigint,
  actor_label text,
  action text not null,
  entity_type text not null,
  entity_id text,
  before jsonb,
  after jsonb,
  request_id text,
  ip text
);
create index audit_log_entity on audit_log (entity_type, entity_id, id);
create index audit_log_actor on audit_log (actor_user_id, id);

-- Transactional outbox: rows are written in the business transaction and delivered later.
create table outbox (
  id bigint generated always as identity primary key,
  topic text not null,
  payload jsonb not null,
  created_at timestamptz not null default now(),
  available_at timestamptz not null default now(),
  attempts int not null default 0,
  locked_until timestamptz,
  delivered_at timestamptz,
  dead_at timestamptz,
  last_error text
);
create index outbox_pending on outbox (available_at, id) where delivered_at is null and dead_at is null;

-- One row per (event, handler) that succeeded: makes redelivery skip finished handlers.
create table outbox_deliveries (
  event_id bigint not null references outbox(id) on delete cascade,
  handler text not null,
  delivered_at timestamptz not null default now(),
  primary key (event_id, handler)
);

create table idempotency_keys (
  scope text not null,
  key text not null,
  request_hash text not null,
  status_code int,
  response jsonb,
  created_at timestamptz not null default now(),
  primary key (scope, key)
);
