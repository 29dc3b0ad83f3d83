-- Quick order and reorder accept SKUs on pre-order / backorder (issue 16). This migration restated
-- cart_add_rows for it for one hour on 2026-12-07; the function now lives in
-- cart/functions/cart_add_rows.sql (applied after the migrations whenever it changes), so the body
-- here is gone. A database that ran the old body gets the file's definition all the same.
select 1;
