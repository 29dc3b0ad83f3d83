-- The typo pass keeps the catalog's typo words in memory (search-typo.ts) and reads them again
-- only when they may have changed: this counter moves when a product's typo text (search_ascii)
-- is written or a product is added, not at every catalog write (prices, stock flags and
-- visibility move catalog_version, not the words). A deleted product's words may stay in the
-- index until the next change: its id no longer joins product_search, so it is never a match.
create table search_typo_version (
  id int primary key check (id = 1),
  v bigint not null
);
insert into search_typo_version (id, v) values (1, 0);

create function bump_search_typo_version() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    if not exists (select 1 from changed_new) then return null; end if;
  elsif not exists (select 1 from changed_new n join changed_old o on o.product_id = n.product_id where n.search_ascii is distinct from o.search_ascii) then
    return null;
  end if;
  update search_typo_version set v = v + 1 where id = 1;
  return null;
end $$;

create trigger product_search_typo_insert after insert on product_search referencing new table as changed_new
  for each statement execute function bump_search_typo_version();
create trigger product_search_typo_update after update on product_search referencing old table as changed_old new table as changed_new
  for each statement execute function bump_search_typo_version();
