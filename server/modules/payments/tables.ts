import type { Generated } from 'kysely';

/** Setting read by the payment / refund number defaults (migration …_payments_local_day_numbers): the supplier's time zone. */
export const NUMBER_TIME_ZONE = 'payments.number_time_zone';

export type LedgerAccount = 'prepaid' | 'receivable' | 'cash' | 'sales';
export type JournalKind = 'topup' | 'order_charge' | 'order_payment' | 'order_cancel' | 'refund' | 'adjustment' | 'return_credit' | 'opening' | 'opening_payment';
export type PayMethod = 'online' | 'transfer' | 'balance' | 'cod';
/** Methods a customer may choose for an order: the payment methods plus buying on credit terms. */
export type OrderPayMethod = PayMethod | 'credit';
export type BalanceHoldStatus = 'held' | 'captured' | 'released';
export type PaymentState = 'pending' | 'succeeded' | 'rejected' | 'closed';

declare module '../../lib/db-types' {
  interface DB {
    customer_accounts: {
      company_id: number;
      balance: Generated<number>;
      receivable: Generated<number>;
      credit_hold: Generated<boolean>;
      hold_reason: string | null;
      /** prepaid balance held for orders waiting for approval (balance_holds); available = balance − held */
      held: Generated<number>;
      updated_at: Generated<Date>;
    };
    /** A deposit (定金) held on the prepaid balance for a commitment that is not an order yet (a fair booking). */
    deposit_holds: {
      ref: string;
      company_id: number;
      amount: number;
      applied: Generated<number>;
      status: Generated<'held' | 'applied' | 'released' | 'forfeited'>;
      created_at: Generated<Date>;
      closed_at: Date | null;
    };
    /** One row per order paid from the prepaid balance: what it holds while it waits for approval. */
    balance_holds: {
      order_id: number;
      company_id: number;
      amount: number;
      original: number;
      status: Generated<BalanceHoldStatus>;
      created_at: Generated<Date>;
      closed_at: Date | null;
    };
    ledger_journals: {
      id: Generated<number>;
      company_id: number;
      kind: JournalKind;
      order_id: number | null;
      payment_id: number | null;
      refund_id: number | null;
      amount: number;
      memo: string | null;
      created_by: number | null;
      created_at: Generated<Date>;
    };
    ledger_entries: {
      id: Generated<number>;
      journal_id: number;
      company_id: number;
      account: LedgerAccount;
      amount: number;
      created_at: Generated<Date>;
    };
    payments: {
      id: Generated<number>;
      number: Generated<string>;
      company_id: number;
      order_id: number | null;
      purpose: 'order' | 'topup' | 'opening';
      method: PayMethod;
      provider: string | null;
      provider_ref: string | null;
      pay_url: string | null;
      amount: number;
      status: Generated<PaymentState>;
      refunded_amount: Generated<number>;
      voucher: Buffer | null;
      voucher_mime: string | null;
      payer_name: string | null;
      note: string | null;
      reject_reason: string | null;
      created_by: number | null;
      confirmed_by: number | null;
      confirmed_at: Date | null;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
    };
    refunds: {
      id: Generated<number>;
      number: Generated<string>;
      company_id: number;
      order_id: number;
      payment_id: number | null;
      amount: number;
      destination: 'balance' | 'original';
      status: Generated<'pending' | 'succeeded' | 'failed'>;
      provider_refund_ref: string | null;
      reason: string | null;
      created_by: number | null;
      created_at: Generated<Date>;
      completed_at: Date | null;
    };
    payment_notifications: {
      id: Generated<number>;
      provider: string;
      received_at: Generated<Date>;
      body_sha256: string;
      body_bytes: number;
      /** what a verified notice said (ProviderNotice); null when it was not verified */
      fields: unknown;
      signature: string | null;
      outcome: string;
      detail: string | null;
      payment_id: number | null;
    };
    sandbox_trades: {
      trade_no: string;
      out_trade_no: string;
      amount: number;
      subject: string;
      notify_url: string;
      return_url: string | null;
      status: Generated<'created' | 'paid' | 'closed'>;
      refunded: Generated<number>;
      paid_at: Date | null;
      created_at: Generated<Date>;
    };
    sandbox_refunds: {
      refund_no: string;
      out_refund_no: string;
      trade_no: string;
      amount: number;
      created_at: Generated<Date>;
    };
    /** The due date (期初应收到期日) an import gave a customer's opening receivable; none: import day + credit days. */
    opening_receivables: {
      company_id: number;
      due_date: string | null;
      updated_at: Generated<Date>;
    };
    payment_method_rules: {
      scope: 'default' | 'tier' | 'company';
      scope_id: Generated<number>;
      methods: string[];
      updated_at: Generated<Date>;
    };
  }
}
export {};

declare module '../../lib/db-types' {
  interface DB {
    statements: {
      id: Generated<number>;
      company_id: number;
      period: string;
      period_start: Date;
      period_end: Date;
      opening: number;
      orders: number;
      cancellations: number;
      payments: number;
      refunds: number;
      closing: number;
      status: Generated<'issued' | 'confirmed' | 'disputed'>;
      dispute_reason: string | null;
      responded_by: number | null;
      responded_at: Date | null;
      created_by: number | null;
      created_at: Generated<Date>;
    };
  }
}
