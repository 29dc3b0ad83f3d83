-- Live messages too large for a NOTIFY payload (8000 bytes): the notification carries the id.
create table live_payloads (
  id bigint generated always as identity primary key,
  topic text not null,
  data jsonb not null,
  created_at timestamptz not null default now()
);
create index live_payloads_created_at on live_payloads (created_at);

-- Rate-limit counters shared by every API process (when no Redis is configured).
create table rate_limits (
  key text primary key,
  hits integer not null,
  window_ends_at timestamptz not null
);
create index rate_limits_window_ends_at on rate_limits (window_ends_at);
