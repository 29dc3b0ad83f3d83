-- Credit notes (after-sales returns, paid or on credit terms) reduce net purchases too. A return
-- of a paid order is a credit note and then a refund of the same goods: net purchases go down by
-- the larger of the order's credits and its refunds (never both), at most what the order counted.
-- `gross` is the credit's or refund's own amount; `amount` what it took off the purchases.
alter table marketing_sales drop constraint marketing_sales_source_check;
alter table marketing_sales add constraint marketing_sales_source_check check (source in ('order', 'refund', 'credit'));
alter table marketing_sales add column gross bigint;
update marketing_sales set gross = -amount where source = 'refund';
create index marketing_sales_order on marketing_sales (order_id);
