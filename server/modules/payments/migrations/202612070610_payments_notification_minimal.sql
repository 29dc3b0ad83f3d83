-- Payment notifications keep only what Ordo needs (issue 22): the SHA-256 of the body, its size,
-- the fields read from a verified notice (trade numbers, amount, event: no personal data) and the
-- outcome. The raw bodies (a payer's details, kept forever, also from anyone posting junk) go.
alter table payment_notifications add column body_sha256 text;
alter table payment_notifications add column body_bytes int;
alter table payment_notifications add column fields jsonb;
update payment_notifications set body_sha256 = encode(sha256(convert_to(body, 'UTF8')), 'hex'), body_bytes = octet_length(body);
alter table payment_notifications alter column body_sha256 set not null;
alter table payment_notifications alter column body_bytes set not null;
alter table payment_notifications drop column body;
-- Rejected notices in the last hour are counted at every insert (a flood is capped, not stored).
create index payment_notifications_rejected on payment_notifications (received_at) where outcome = 'rejected';
