-- Opening balances (issue 19): a supplier moving in brings each customer's prepaid balance and the
-- receivable still open in the old system. An 'opening' journal posts them (prepaid credited against
-- cash; receivable debited against sales); a later import posts only the difference.
alter table ledger_journals drop constraint ledger_journals_kind_check;
alter table ledger_journals add constraint ledger_journals_kind_check
  check (kind in ('topup', 'order_charge', 'order_payment', 'order_cancel', 'refund', 'adjustment', 'return_credit', 'opening'));
