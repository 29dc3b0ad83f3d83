-- Search documents stored inline and uncompressed. Every ranking test of a search (docs/search.md)
-- reads the product's document again, and each read of a compressed one decompressed it: on 100,000
-- SKUs that was two thirds of ranking a broad query's matches (20.6 → 6.4 ms CPU for 2,541 matches
-- with three tests). A document is about 2.4 KB (4.2 KB at most), so with the row's toast target
-- raised it stays in the row; the table grows by about a third.
alter table products alter column search_tsv set storage external;
alter table products set (toast_tuple_target = 8160);
-- rewrite the documents already stored (a copied value keeps its compression; a new one does not)
update products set search_tsv = search_tsv || ''::tsvector where search_tsv <> ''::tsvector;
