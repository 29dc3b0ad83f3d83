-- order_line_discounts is gone (issue 15 review): since migration 202612072200 each line's share of
-- a discount lives on the discount's own row (order_promotions.line_shares, the rows already written
-- copied there), and nothing has written or read the table since.
drop table if exists order_line_discounts;
