-- Payments (issue 8): customer accounts, a double-entry ledger, payments, refunds, provider
-- notifications, the sandbox provider's own books and the payment methods each customer may use.

-- One row per customer company. balance = prepaid money (预存款) the customer can spend; it can
-- never go negative (conditional update + check). receivable = what the customer owes on charged
-- orders (may go negative while a cancelled order waits for its refund). Both are kept equal to
-- the ledger sums (tested invariant).
create table customer_accounts (
  company_id bigint primary key references companies(id),
  balance bigint not null default 0 check (balance >= 0),
  receivable bigint not null default 0,
  credit_hold boolean not null default false,
  hold_reason text,
  updated_at timestamptz not null default now()
);

-- A journal is one business event (top-up, order charge, payment, cancellation, refund); its
-- entries always sum to zero (debit positive, credit negative), enforced at commit below.
create table ledger_journals (
  id bigint generated always as identity primary key,
  company_id bigint not null references companies(id),
  kind text not null check (kind in ('topup', 'order_charge', 'order_payment', 'order_cancel', 'refund', 'adjustment')),
  order_id bigint references orders(id),
  payment_id bigint,
  refund_id bigint,
  amount bigint not null check (amount > 0),
  memo text,
  created_by bigint references users(id),
  created_at timestamptz not null default now()
);
create unique index ledger_one_charge on ledger_journals (order_id) where kind = 'order_charge';
create unique index ledger_one_cancel on ledger_journals (order_id) where kind = 'order_cancel';
create index ledger_journals_company on ledger_journals (company_id, created_at, id);

create table ledger_entries (
  id bigint generated always as identity primary key,
  journal_id bigint not null references ledger_journals(id),
  company_id bigint not null references companies(id),
  account text not null check (account in ('prepaid', 'receivable', 'cash', 'sales')),
  amount bigint not null check (amount <> 0),
  created_at timestamptz not null default now()
);
create index ledger_entries_journal on ledger_entries (journal_id);
create index ledger_entries_company on ledger_entries (company_id, account, created_at);

create function ledger_journal_balanced() returns trigger language plpgsql as $fn$
begin
  if (select coalesce(sum(amount), 0) from ledger_entries where journal_id = new.journal_id) <> 0 then
    raise exception 'ledger journal % does not balance', new.journal_id using errcode = '23514';
  end if;
  return null;
end
$fn$;
create constraint trigger ledger_balanced after insert on ledger_entries
  deferrable initially deferred for each row execute function ledger_journal_balanced();

create sequence payment_numbers;
create sequence refund_numbers;

-- Money in: an order payment or a top-up, by any method. Pending rows are the finance queue
-- (transfers with a voucher) or online payments waiting for the provider's notification.
create table payments (
  id bigint generated always as identity primary key,
  number text not null unique default ('P' || to_char(now(), 'YYYYMMDD') || lpad(nextval('payment_numbers')::text, 6, '0')),
  company_id bigint not null references companies(id),
  order_id bigint references orders(id),
  purpose text not null check (purpose in ('order', 'topup')),
  method text not null check (method in ('online', 'transfer', 'balance', 'cod')),
  provider text,
  provider_ref text,
  pay_url text,
  amount bigint not null check (amount > 0),
  status text not null default 'pending' check (status in ('pending', 'succeeded', 'rejected', 'closed')),
  refunded_amount bigint not null default 0 check (refunded_amount >= 0 and refunded_amount <= amount),
  voucher bytea,
  voucher_mime text,
  payer_name text,
  note text,
  reject_reason text,
  created_by bigint references users(id),
  confirmed_by bigint references users(id),
  confirmed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((purpose = 'order') = (order_id is not null))
);
create unique index payments_provider_ref on payments (provider, provider_ref) where provider_ref is not null;
create index payments_queue on payments (status, method, id);
create index payments_company on payments (company_id, id desc);
create index payments_order on payments (order_id);

-- Money out: back to the prepaid balance or to the original payment (provider refund).
create table refunds (
  id bigint generated always as identity primary key,
  number text not null unique default ('R' || to_char(now(), 'YYYYMMDD') || lpad(nextval('refund_numbers')::text, 6, '0')),
  company_id bigint not null references companies(id),
  order_id bigint not null references orders(id),
  payment_id bigint references payments(id),
  amount bigint not null check (amount > 0),
  destination text not null check (destination in ('balance', 'original')),
  status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
  provider_refund_ref text,
  reason text,
  created_by bigint references users(id),
  created_at timestamptz not null default now(),
  completed_at timestamptz
);
create index refunds_order on refunds (order_id);
create index refunds_company on refunds (company_id, id desc);

-- Every notification a provider sent, kept whatever happened to it (bad signatures included).
create table payment_notifications (
  id bigint generated always as identity primary key,
  provider text not null,
  received_at timestamptz not null default now(),
  body text not null,
  signature text,
  outcome text not null,
  detail text,
  payment_id bigint references payments(id)
);
create index payment_notifications_payment on payment_notifications (payment_id);

-- The sandbox provider's own books: what WeChat Pay / Alipay would keep on their side.
create table sandbox_trades (
  trade_no text primary key,
  out_trade_no text not null unique,
  amount bigint not null check (amount > 0),
  subject text not null,
  notify_url text not null,
  return_url text,
  status text not null default 'created' check (status in ('created', 'paid', 'closed')),
  refunded bigint not null default 0,
  paid_at timestamptz,
  created_at timestamptz not null default now()
);
create table sandbox_refunds (
  refund_no text primary key,
  out_refund_no text not null unique,
  trade_no text not null references sandbox_trades(trade_no),
  amount bigint not null check (amount > 0),
  created_at timestamptz not null default now()
);

-- Which payment methods the supplier enables: a default, per tier, per customer (most specific wins).
create table payment_method_rules (
  scope text not null check (scope in ('default', 'tier', 'company')),
  scope_id bigint not null default 0,
  methods text[] not null,
  updated_at timestamptz not null default now(),
  primary key (scope, scope_id)
);
