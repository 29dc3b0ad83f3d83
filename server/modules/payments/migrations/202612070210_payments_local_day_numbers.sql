-- Payment (P…) and refund (R…) numbers carry the supplier's calendar day (ORDO_TIMEZONE), like
-- order numbers, not the database server's UTC day. The app writes its time zone under
-- 'payments.number_time_zone' at start; until it does, Asia/Shanghai (the default) applies.
create function ordo_payments_local_day() returns text language sql stable as $$
  select to_char(now() at time zone coalesce((select value #>> '{}' from settings where key = 'payments.number_time_zone'), 'Asia/Shanghai'), 'YYYYMMDD')
$$;
alter table payments alter column number set default ('P' || ordo_payments_local_day() || lpad(nextval('payment_numbers')::text, 6, '0'));
alter table refunds alter column number set default ('R' || ordo_payments_local_day() || lpad(nextval('refund_numbers')::text, 6, '0'));
