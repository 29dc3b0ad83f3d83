-- A fair deposit paid online (issue 16): the buyer pays the deposit through the payments module's
-- provider flow as an online top-up of the prepaid balance of exactly the deposit; once the top-up
-- is recorded ('account.topped_up'), fairs holds the deposit from the balance as if paid from it.
-- When the booking can no longer take it (cancelled, deadline passed) the money stays on the balance.
create table fair_deposit_payments (
  payment_id bigint primary key,
  booking_id bigint not null references fair_bookings(id) on delete restrict,
  created_at timestamptz not null default now()
);
create index fair_deposit_payments_booking on fair_deposit_payments (booking_id);
