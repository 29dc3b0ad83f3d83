-- Deposits (定金) held on the prepaid balance for a commitment that is not an order yet (issue 16:
-- an ordering fair's booking). Like an order's balance hold, a deposit hold counts in
-- customer_accounts.held (available = balance − held) and is no money movement until it is spent:
-- applied to the orders the commitment becomes (a balance payment of each), let go on a refunded
-- cancellation, or kept by the supplier on a forfeited one (a journal to sales).
create table deposit_holds (
  -- who holds it, e.g. 'fair_booking:42' (the owner module names its own refs)
  ref text primary key check (length(ref) between 1 and 80),
  company_id bigint not null references companies(id),
  -- what is still held (0 once closed)
  amount bigint not null check (amount >= 0),
  -- what has been paid to orders from it so far
  applied bigint not null default 0 check (applied >= 0),
  status text not null default 'held' check (status in ('held', 'applied', 'released', 'forfeited')),
  created_at timestamptz not null default now(),
  closed_at timestamptz
);
create index deposit_holds_company_held on deposit_holds (company_id) where status = 'held';
