import type { Generated } from 'kysely';

export type FairStatus = 'draft' | 'published' | 'cancelled';
export type DepositKind = 'none' | 'percent' | 'fixed';
export type DepositRefund = 'refund' | 'forfeit';
export type DepositStatus = 'none' | 'unpaid' | 'held' | 'applied' | 'refunded' | 'forfeited';

declare module '../../lib/db-types' {
  interface DB {
    fairs: {
      id: Generated<number>;
      name: string;
      status: Generated<FairStatus>;
      opens_at: Date;
      closes_at: Date;
      tier_ids: Generated<number[]>;
      company_ids: Generated<number[]>;
      min_amount: number | null;
      max_amount: number | null;
      target_amount: number | null;
      deposit_kind: Generated<DepositKind>;
      deposit_value: Generated<number>;
      deposit_due_at: Date | null;
      deposit_refund: Generated<DepositRefund>;
      note: string | null;
      version: Generated<number>;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
    };
    fair_items: { fair_id: number; sku_id: number; position: number; min_qty: number | null; max_qty: number | null; target_qty: number | null };
    fair_prices: { fair_id: number; sku_id: number; min_qty: number; unit_price: number };
    fair_customers: { fair_id: number; company_id: number; min_amount: number | null; max_amount: number | null; target_amount: number | null };
    fair_customer_totals: { fair_id: number; company_id: number; amount: Generated<number>; bookings: Generated<number> };
    fair_bookings: {
      id: Generated<number>;
      fair_id: number;
      company_id: number;
      user_id: number;
      status: Generated<'booked' | 'converted' | 'cancelled'>;
      total: number;
      deposit: Generated<number>;
      deposit_status: Generated<DepositStatus>;
      deposit_applied: Generated<number>;
      note: string | null;
      idempotency_key: string;
      version: Generated<number>;
      updated_at: Date | null;
      cancelled_at: Date | null;
      cancel_reason: string | null;
      created_at: Generated<Date>;
    };
    fair_booking_lines: { id: Generated<number>; booking_id: number; sku_id: number; qty: number; unit_price: number; line_total: number; converted_qty: Generated<number> };
    fair_conversions: {
      id: Generated<number>;
      fair_id: number;
      booking_id: number;
      order_id: number;
      order_number: string;
      delivery_date: string | null;
      warehouse_id: number | null;
      lines: unknown;
      amount: number;
      created_by: number | null;
      created_at: Generated<Date>;
    };
    /** a deposit paid online: the payments module's top-up payment and the booking it pays */
    fair_deposit_payments: { payment_id: number; booking_id: number; created_at: Generated<Date> };
  }
}
export {};
