-- What a search reads per match, in a narrow table of its own: the search document and the columns
-- search.ts filters, counts, facets and orders the matches by. On 100,000 SKUs the heap visit of
-- each match's products row (2.8 KB, the document inline, plus the description, images, params...;
-- after the document rewrites about 1.4 rows per page) was the floor of a broad word (饮料, 11,088
-- matches: about 16 of 28 ms). The page of results still reads products, for its rows only.
-- Kept in step with products by a trigger: every write of a product (the catalog service, imports,
-- the reindex of documents, the flags' triggers) goes through products, so search never reads a
-- copy another path forgot. Deleting a product deletes its row (foreign key).
create table product_search (
  product_id bigint primary key references products(id) on delete cascade,
  created_at timestamptz not null,
  category_id bigint,
  brand_id bigint,
  -- the tie-break of the ranking is by name length (search.ts): the length, not the name
  name_length int not null,
  on_shelf boolean not null,
  is_new boolean not null,
  has_active_sku boolean not null,
  visibility_limited boolean not null,
  tags text[] not null,
  search_ascii text not null,
  search_tsv tsvector not null
);
-- the document inline and uncompressed, as on products (202612071230: every ranking test reads it)
alter table product_search alter column search_tsv set storage external;
alter table product_search set (toast_tuple_target = 8160);

insert into product_search (product_id, created_at, category_id, brand_id, name_length, on_shelf, is_new, has_active_sku, visibility_limited, tags, search_ascii, search_tsv)
select id, created_at, category_id, brand_id, length(name), on_shelf, is_new, has_active_sku, visibility_limited, tags, search_ascii, search_tsv from products order by id;

create index product_search_tsv on product_search using gin (search_tsv);
create index product_search_ascii on product_search using gin (search_ascii gin_trgm_ops);
create index product_search_created on product_search (created_at desc, product_id desc);
create index product_search_category on product_search (category_id);
create index product_search_brand on product_search (brand_id);
create index product_search_tags on product_search using gin (tags);
-- only search matched on products' document (grep '@@' and '<%'): its indexes move here
drop index products_search;
drop index products_search_ascii;

-- Statement level with a transition table: an import of thousands of products copies them in one
-- statement. An update copies only the rows whose searched columns changed.
create function product_search_sync() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into product_search (product_id, created_at, category_id, brand_id, name_length, on_shelf, is_new, has_active_sku, visibility_limited, tags, search_ascii, search_tsv)
    select id, created_at, category_id, brand_id, length(name), on_shelf, is_new, has_active_sku, visibility_limited, tags, search_ascii, search_tsv from changed_new;
  else
    update product_search ps set created_at = n.created_at, category_id = n.category_id, brand_id = n.brand_id, name_length = length(n.name),
      on_shelf = n.on_shelf, is_new = n.is_new, has_active_sku = n.has_active_sku, visibility_limited = n.visibility_limited,
      tags = n.tags, search_ascii = n.search_ascii, search_tsv = n.search_tsv
    from changed_new n
    where ps.product_id = n.id
      and (ps.created_at, ps.category_id, ps.brand_id, ps.name_length, ps.on_shelf, ps.is_new, ps.has_active_sku, ps.visibility_limited, ps.tags, ps.search_ascii, ps.search_tsv)
        is distinct from (n.created_at, n.category_id, n.brand_id, length(n.name), n.on_shelf, n.is_new, n.has_active_sku, n.visibility_limited, n.tags, n.search_ascii, n.search_tsv);
  end if;
  return null;
end $$;

create trigger products_search_insert after insert on products referencing new table as changed_new for each statement execute function product_search_sync();
create trigger products_search_update after update on products referencing new table as changed_new for each statement execute function product_search_sync();
