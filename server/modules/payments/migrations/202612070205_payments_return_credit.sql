-- After-sales (issue 14): a credit note for returned goods or an agreed refund takes its amount off
-- the order's charge (sales debited, receivable credited), in its own journal kind.
alter table ledger_journals drop constraint ledger_journals_kind_check;
alter table ledger_journals add constraint ledger_journals_kind_check
  check (kind in ('topup', 'order_charge', 'order_payment', 'order_cancel', 'refund', 'adjustment', 'return_credit'));
