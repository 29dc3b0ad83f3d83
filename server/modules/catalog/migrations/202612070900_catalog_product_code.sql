-- A product's own code (商品编码 / the ERP's product id): the key imports and the ERP sync API
-- group SKUs by, instead of the product name. Optional; unique when given.
alter table products add column code text;
create unique index products_code on products (lower(code)) where code is not null;
