-- Opening receivables paid down (issue 19): finance records a receipt (收款) against a customer's
-- opening receivable — a payment of purpose 'opening' and an 'opening_payment' journal (cash
-- debited, receivable credited). The opening journals keep the amount brought from the old system;
-- the receipts stay beside them, so importing the opening receivable again never erases them.
alter table ledger_journals drop constraint ledger_journals_kind_check;
alter table ledger_journals add constraint ledger_journals_kind_check
  check (kind in ('topup', 'order_charge', 'order_payment', 'order_cancel', 'refund', 'adjustment', 'return_credit', 'opening', 'opening_payment'));
alter table payments drop constraint payments_purpose_check;
alter table payments add constraint payments_purpose_check check (purpose in ('order', 'topup', 'opening'));

-- The due date of a customer's opening receivable (期初应收到期日) when the import gives one;
-- without it the receivable falls due on its import day plus the customer's credit days.
create table opening_receivables (
  company_id bigint primary key references companies(id),
  due_date date,
  updated_at timestamptz not null default now()
);
