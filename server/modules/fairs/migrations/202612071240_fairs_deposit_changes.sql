-- The fair deposit collected and applied, and bookings changed or cancelled while the fair is open
-- (issue 16). The deposit is held on the customer's prepaid balance by the payments module
-- (deposit_holds, ref 'fair_booking:<id>'): at booking when the fair sets no deadline, otherwise
-- paid by the buyer before deposit_due_at; a booking still unpaid at the deadline is overdue and
-- staff may release it. At conversion the held deposit is paid to the delivery orders pro rata.
alter table fairs add column deposit_due_at timestamptz;
-- when the buyer cancels a booking with a paid deposit: give it back, or the supplier keeps it
alter table fairs add column deposit_refund text not null default 'refund' check (deposit_refund in ('refund', 'forfeit'));

alter table fair_bookings add column deposit_status text not null default 'none'
  check (deposit_status in ('none', 'unpaid', 'held', 'applied', 'refunded', 'forfeited'));
-- what of the deposit has been paid to delivery orders so far
alter table fair_bookings add column deposit_applied bigint not null default 0 check (deposit_applied >= 0);
alter table fair_bookings add column version int not null default 1;
alter table fair_bookings add column updated_at timestamptz;
alter table fair_bookings add column cancelled_at timestamptz;
alter table fair_bookings add column cancel_reason text;
-- bookings made before the deposit was collected owe it
update fair_bookings set deposit_status = 'unpaid' where deposit > 0;
