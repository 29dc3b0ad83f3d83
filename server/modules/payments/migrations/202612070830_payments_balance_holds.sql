-- Prepaid balance holds (issue 21): an order to be paid from the prepaid balance holds its amount
-- while it waits for approval. The customer's available balance is balance − held; a hold is taken
-- by a conditional update (never past what is available, whatever runs at the same time), spent
-- when the order is approved (the order is then paid from the balance) and let go when the order
-- is cancelled or rejected. A hold is no money movement: the ledger does not change until it is spent.
alter table customer_accounts add column held bigint not null default 0 check (held >= 0);
alter table customer_accounts add constraint customer_accounts_held_covered check (balance >= held);

create table balance_holds (
  order_id bigint primary key references orders(id),
  company_id bigint not null references companies(id),
  -- what is still held (0 once captured or let go)
  amount bigint not null check (amount >= 0),
  -- what was held at first
  original bigint not null check (original > 0),
  status text not null default 'held' check (status in ('held', 'captured', 'released')),
  created_at timestamptz not null default now(),
  closed_at timestamptz
);
create index balance_holds_company_held on balance_holds (company_id) where status = 'held';

-- Payments' step of order submission (orders_submit calls it as it calls inventory_reserve):
-- holds p_amount of the customer's prepaid balance for the order. Returns null when held, or
-- {refusal: {code, status, params, details}} when the available balance is short (nothing written).
create or replace function payments_hold_balance(p_order bigint, p_company bigint, p_amount bigint)
returns jsonb
language plpgsql
as $$
declare
  v_acc record;
begin
  if p_amount <= 0 then return null; end if;
  insert into customer_accounts (company_id) values (p_company) on conflict (company_id) do nothing;
  update customer_accounts set held = held + p_amount, updated_at = now()
  where company_id = p_company and balance - held >= p_amount;
  if not found then
    select balance, held into v_acc from customer_accounts where company_id = p_company;
    return jsonb_build_object('refusal', jsonb_build_object('code', 'BALANCE_HOLD_SHORT', 'status', 409,
      'params', jsonb_build_object(
        'amount', (p_amount / 100)::text || '.' || lpad((p_amount % 100)::text, 2, '0'),
        'available', ((v_acc.balance - v_acc.held) / 100)::text || '.' || lpad(((v_acc.balance - v_acc.held) % 100)::text, 2, '0'),
        'held', (v_acc.held / 100)::text || '.' || lpad((v_acc.held % 100)::text, 2, '0')),
      'details', jsonb_build_object('amount', p_amount, 'balance', v_acc.balance, 'held', v_acc.held, 'available', v_acc.balance - v_acc.held)));
  end if;
  insert into balance_holds (order_id, company_id, amount, original) values (p_order, p_company, p_amount, p_amount);
  return null;
end
$$;
