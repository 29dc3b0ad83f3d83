-- A sender may give a dedupe key so an outbox handler that runs twice notifies once.
alter table notifications add column dedupe_key text;
create unique index notifications_dedupe on notifications (user_id, dedupe_key) where dedupe_key is not null;
