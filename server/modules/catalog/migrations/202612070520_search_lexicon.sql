-- Search understanding (catalog/search-query.ts, search-lexicon.ts).
-- The catalog's own vocabulary: words of brand names and aliases, categories, product names and
-- specs, collected when search documents are written. Glued queries (洁柔抽纸) are cut by it;
-- "did you mean" compares its pinyin. Words are only added: a word no longer used cuts a query
-- harmlessly.
create table search_vocabulary (
  id bigserial primary key,
  word text not null unique,
  pinyin text not null
);
create index search_vocabulary_pinyin on search_vocabulary using gin (pinyin gin_trgm_ops);

-- Supplier synonym groups, applied at query time next to the built-in set (data/synonyms.json).
create table search_synonyms (
  id bigserial primary key,
  words text[] not null check (cardinality(words) between 2 and 20),
  note text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create trigger search_synonyms_catalog_version after insert or update or delete or truncate on search_synonyms for each statement execute function bump_catalog_version();

-- A brand's other names (Latin name, old names, misspellings), part of its products' documents.
alter table brands add column aliases text[] not null default '{}';

-- What buyers searched and did not find, per customer company (the supplier's report).
create table search_misses (
  company_id bigint not null references companies (id) on delete cascade,
  query text not null,
  times int not null default 1,
  first_at timestamptz not null default now(),
  last_at timestamptz not null default now(),
  primary key (company_id, query)
);
create index search_misses_last on search_misses (last_at desc);
