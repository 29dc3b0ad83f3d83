-- The base unit (瓶) of an order line is frozen beside its selling unit (箱) and factor, so the
-- line reads "2 箱（48 瓶）" even if the product's base unit is changed later.
alter table order_lines add column base_unit text;

update order_lines l
   set base_unit = p.base_unit
  from skus s
  join products p on p.id = s.product_id
 where s.id = l.sku_id;

-- Lines inserted without it (older code paths, fixtures) take the product's base unit.
create function order_lines_fill_base_unit() returns trigger language plpgsql as $$
begin
  if new.base_unit is null then
    select p.base_unit into new.base_unit from skus s join products p on p.id = s.product_id where s.id = new.sku_id;
  end if;
  return new;
end $$;

create trigger order_lines_base_unit before insert on order_lines
  for each row execute function order_lines_fill_base_unit();

alter table order_lines alter column base_unit set not null;
