-- In-app notifications (the bell) per user, and the email copies the outbox worker sends.
create table notifications (
  id bigint generated always as identity primary key,
  user_id bigint not null references users(id) on delete cascade,
  title text not null,
  body text not null,
  -- A path inside Ordo the notification opens, e.g. '/admin/inventory/skus/12'.
  link text,
  entity_type text,
  entity_id text,
  read_at timestamptz,
  created_at timestamptz not null default now()
);
create index notifications_user on notifications (user_id, id desc);
create index notifications_unread on notifications (user_id) where read_at is null;

-- One row per email to send. status: pending → sent | skipped (no SMTP configured, no address)
-- | failed (the SMTP server refused; retried by the outbox until it gives up).
create table notification_emails (
  id bigint generated always as identity primary key,
  notification_id bigint references notifications(id) on delete cascade,
  user_id bigint not null references users(id) on delete cascade,
  to_address text,
  subject text not null,
  body text not null,
  status text not null default 'pending' check (status in ('pending', 'sent', 'skipped', 'failed')),
  error text,
  message_id text,
  attempts int not null default 0,
  sent_at timestamptz,
  created_at timestamptz not null default now()
);
create index notification_emails_status on notification_emails (status, id);
