-- Each order line's share of a discount kept on the discount's own row (issue 15, submission
-- throughput): order_promotions.line_shares = {"<order line id>": fen, …} (lines with a zero share
-- left out). A submission with promotions wrote ~35 order_line_discounts rows (each with its
-- primary key, order index and foreign key check) for ~7 order_promotions rows; it now writes the
-- 7. Every reader (marketing's orderDiscounts / lineDiscounts: order detail and after-sales refund
-- shares; reports' rpt_facts_of) reads line_shares. The shares already written are copied over;
-- order_line_discounts is no longer written or read (kept, with its rows, as history).
alter table order_promotions add column line_shares jsonb not null default '{}';

update order_promotions op set line_shares = d.shares
from (select order_promotion_id, jsonb_object_agg(order_line_id::text, amount) as shares
      from order_line_discounts where amount > 0 group by order_promotion_id) d
where d.order_promotion_id = op.id;

-- The frozen row's promotion_id no longer references promotions: its check took a KEY SHARE lock on
-- the promotion's row for every discount of every order (rows every submission shares: a MultiXact
-- each time two orders overlap), and its ON DELETE SET NULL never acts (only a draft, which no
-- order can have got, may be deleted: promotions.ts). marketing_redeem writes only ids its plan
-- check found running.
alter table order_promotions drop constraint if exists order_promotions_promotion_id_fkey;
