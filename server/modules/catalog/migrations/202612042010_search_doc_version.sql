-- Which format of search-text.ts built a product's search document. Documents built by another
-- version are rebuilt at start (catalog/reindex.ts ensureSearchDocuments), so an upgrade that
-- changes how text is indexed never leaves old products unfindable by the new queries.
alter table products add column search_doc_version int not null default 1;
