-- A version number for everything a buyer's search matches depend on except stock and sales
-- (products, SKUs, units, categories, brands, price lists, visibility, the customer's tier and
-- region). Search caches a query's matches per version (catalog/search-cache.ts); any committed
-- write to these tables moves it on, so a cached result never outlives a catalog change. Catalog
-- writes are rare (staff edits, imports): one row bumped per statement costs them nothing.
create table catalog_version (
  id int primary key default 1 check (id = 1),
  v bigint not null default 0
);
insert into catalog_version (id, v) values (1, 0);

create function bump_catalog_version() returns trigger language plpgsql as $$
begin
  update catalog_version set v = v + 1 where id = 1;
  return null;
end $$;

create trigger products_catalog_version after insert or update or delete or truncate on products for each statement execute function bump_catalog_version();
create trigger skus_catalog_version after insert or update or delete or truncate on skus for each statement execute function bump_catalog_version();
create trigger sku_units_catalog_version after insert or update or delete or truncate on sku_units for each statement execute function bump_catalog_version();
create trigger categories_catalog_version after insert or update or delete or truncate on categories for each statement execute function bump_catalog_version();
create trigger brands_catalog_version after insert or update or delete or truncate on brands for each statement execute function bump_catalog_version();
create trigger price_lists_catalog_version after insert or update or delete or truncate on price_lists for each statement execute function bump_catalog_version();
create trigger price_list_items_catalog_version after insert or update or delete or truncate on price_list_items for each statement execute function bump_catalog_version();
create trigger product_visibility_catalog_version after insert or update or delete or truncate on product_visibility for each statement execute function bump_catalog_version();
create trigger companies_catalog_version after insert or update or delete or truncate on companies for each statement execute function bump_catalog_version();
create trigger customer_tiers_catalog_version after insert or update or delete or truncate on customer_tiers for each statement execute function bump_catalog_version();
