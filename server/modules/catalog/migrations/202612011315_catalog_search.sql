-- Catalog search and management. The search document of a product (search_tsv) is built by the
-- catalog service in TypeScript (jieba words, Chinese unigrams/bigrams, pinyin and initials
-- suffixes, SKU codes and barcodes) and written whenever a product, its SKUs, brand or category
-- change. search_ascii holds pinyin words and codes for pg_trgm typo tolerance.
alter table products add column search_tsv tsvector not null default ''::tsvector;
alter table products add column search_ascii text not null default '';
create index products_search on products using gin (search_tsv);
create index products_search_ascii on products using gin (search_ascii gin_trgm_ops);
create index products_created on products (created_at desc, id desc);
create index products_tags on products using gin (tags);

-- Sibling categories have distinct names (imports find categories by their name path).
create unique index categories_sibling_name on categories (coalesce(parent_id, 0), lower(name));

create index skus_product_active on skus (product_id) where active;
