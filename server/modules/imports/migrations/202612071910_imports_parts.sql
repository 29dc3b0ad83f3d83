-- Import counts by record (issue 19): created / updated / unchanged count records (a customer, a
-- product), and the parts several rows add to one record are counted beside them:
-- { "skus" | "contacts" | "addresses": { "created", "updated", "unchanged" } }.
-- outcomes' values become { "record"?, "parts"?, "note"? } (older jobs keep their plain strings).
alter table import_jobs add column parts jsonb not null default '{}';
