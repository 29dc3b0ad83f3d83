-- Two facts about a product that a buyer's search tests on every match, kept on the product row by
-- triggers so the search reads them from the row it already has: whether the product has an active
-- SKU (a buyer sees only those) and whether it has visibility rows at all (without any it is
-- visible to every customer; pricing/visibility.ts). On 100,000 SKUs the per-match subqueries were
-- about two fifths of a broad query's matching (饮料, 11,088 matches: 12 of 40 ms the SKU test,
-- 4 the visibility one). Statement-level triggers with transition tables: an import of thousands
-- of SKUs reads each of its products once.
alter table products add column has_active_sku boolean not null default false;
alter table products add column visibility_limited boolean not null default false;

update products p set has_active_sku = true where exists (select 1 from skus s where s.product_id = p.id and s.active);
update products p set visibility_limited = true where exists (select 1 from product_visibility v where v.product_id = p.id);

-- The products a statement touched (old and new rows), their flag read again. The product rows are
-- locked first: two transactions deactivating a product's last two SKUs at once would each still
-- see the other's SKU active; after the lock (read committed: the next statement's snapshot) the
-- second sees the first's commit. A transition table exists only for the events that have one, and
-- PL/pgSQL plans a statement when it first runs it (per trigger), so each branch names only its own.
create function products_flags_sync() returns trigger language plpgsql as $$
declare
  ids bigint[];
begin
  if tg_op = 'TRUNCATE' then
    if tg_table_name = 'skus' then
      update products set has_active_sku = false where has_active_sku;
    else
      update products set visibility_limited = false where visibility_limited;
    end if;
    return null;
  elsif tg_op = 'INSERT' then
    select array_agg(distinct product_id) into ids from changed_new;
  elsif tg_op = 'DELETE' then
    select array_agg(distinct product_id) into ids from changed_old;
  else
    select array_agg(distinct x.product_id) into ids from (select product_id from changed_new union all select product_id from changed_old) x;
  end if;
  if ids is null then
    return null;
  end if;
  perform 1 from products where id = any (ids) order by id for update;
  if tg_table_name = 'skus' then
    update products p set has_active_sku = f.has
    from (select x.id, exists (select 1 from skus s where s.product_id = x.id and s.active) as has from unnest(ids) as x(id)) f
    where p.id = f.id and p.has_active_sku is distinct from f.has;
  else
    update products p set visibility_limited = f.has
    from (select x.id, exists (select 1 from product_visibility v where v.product_id = x.id) as has from unnest(ids) as x(id)) f
    where p.id = f.id and p.visibility_limited is distinct from f.has;
  end if;
  return null;
end $$;

create trigger skus_flags_insert after insert on skus referencing new table as changed_new for each statement execute function products_flags_sync();
create trigger skus_flags_update after update on skus referencing new table as changed_new old table as changed_old for each statement execute function products_flags_sync();
create trigger skus_flags_delete after delete on skus referencing old table as changed_old for each statement execute function products_flags_sync();
create trigger skus_flags_truncate after truncate on skus for each statement execute function products_flags_sync();
create trigger product_visibility_flags_insert after insert on product_visibility referencing new table as changed_new for each statement execute function products_flags_sync();
create trigger product_visibility_flags_update after update on product_visibility referencing new table as changed_new old table as changed_old for each statement execute function products_flags_sync();
create trigger product_visibility_flags_delete after delete on product_visibility referencing old table as changed_old for each statement execute function products_flags_sync();
create trigger product_visibility_flags_truncate after truncate on product_visibility for each statement execute function products_flags_sync();
