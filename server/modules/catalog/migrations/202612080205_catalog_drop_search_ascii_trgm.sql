-- The typo pass finds its Latin candidates in memory (search-typo.ts) and no longer asks
-- `term <% search_ascii`: nothing reads the trigram index of product_search.search_ascii, and every
-- product write (imports, the reindex of documents) updated it (19 MB on the 100,000-SKU catalog).
-- The ranking's word_similarity(pinyin, search_ascii) is computed per match, without an index.
drop index if exists product_search_ascii;
