-- Built-in synonym groups (data/synonyms.json) the supplier has switched off (catalog/synonyms.ts).
-- A group is named by its trade and a hash of its words: if a later release changes the group's
-- words it is a new group, on again, and the old row names nothing.
create table search_synonyms_off (
  group_key text primary key,
  words text[] not null,
  created_at timestamptz not null default now()
);
create trigger search_synonyms_off_catalog_version after insert or update or delete or truncate on search_synonyms_off for each statement execute function bump_catalog_version();
