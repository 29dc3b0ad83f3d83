-- The base-unit trigger of order lines fires only for a line inserted without its base unit (older
-- code paths, fixtures): orders_submit gives it, so its lines (gift lines too) no longer call the
-- trigger function once each (issue 15, submission throughput).
drop trigger if exists order_lines_base_unit on order_lines;
create trigger order_lines_base_unit before insert on order_lines
  for each row when (new.base_unit is null) execute function order_lines_fill_base_unit();
