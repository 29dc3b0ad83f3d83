-- Staff file a complaint on a customer's behalf (a phone call, a visit): recorded as raised by the
-- staff member (raised_by_user_id, source 'staff'), for the customer's user who then sees it and
-- gets its notices (customer_user_id; null: the customer's admins).
alter table aftersales_complaints add column source text not null default 'customer' check (source in ('customer', 'staff'));
alter table aftersales_complaints add column customer_user_id bigint references users(id);
update aftersales_complaints set customer_user_id = raised_by_user_id where source = 'customer';
