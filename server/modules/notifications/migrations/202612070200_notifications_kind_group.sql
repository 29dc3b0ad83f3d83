-- What a notification is about (its kind, e.g. 'order.received'), and an optional group: unread
-- notifications of a user with the same group key show as one entry with a count (a rep's many
-- 待审核 notices), titled by group_title ('{n}' is the count) and opening group_link (the queue).
alter table notifications add column kind text not null default 'general';
alter table notifications add column group_key text;
alter table notifications add column group_title text;
alter table notifications add column group_link text;
create index notifications_group on notifications (user_id, group_key) where group_key is not null and read_at is null;
