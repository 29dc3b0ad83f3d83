import type { Generated } from 'kysely';
import type { OrderStatus, PaymentStatus } from './status';

declare module '../../lib/db-types' {
  interface DB {
    orders: {
      id: Generated<number>;
      number: string;
      company_id: number;
      buyer_user_id: number | null;
      placed_by_user_id: number;
      on_behalf: Generated<boolean>;
      status: OrderStatus;
      payment_status: Generated<PaymentStatus>;
      payment_method: 'online' | 'transfer' | 'balance' | 'credit' | 'cod' | null;
      version: Generated<number>;
      urgent: Generated<boolean>;
      subtotal: number;
      discount_total: Generated<number>;
      shipping_fee: Generated<number>;
      total: number;
      paid_total: Generated<number>;
      refunded_total: Generated<number>;
      address: unknown;
      wished_delivery_date: string | null;
      invoice_type: Generated<'none' | 'normal' | 'special'>;
      invoice: unknown;
      customer_po: string | null;
      note: string | null;
      submitted_at: Generated<Date>;
      approved_at: Date | null;
      shipped_at: Date | null;
      delivered_at: Date | null;
      completed_at: Date | null;
      cancelled_at: Date | null;
      cancel_reason: string | null;
      reject_reason: string | null;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
    };
    order_lines: {
      id: Generated<number>;
      order_id: number;
      line_no: number;
      sku_id: number;
      sku_code: string;
      name: string;
      spec_text: Generated<string>;
      unit: string;
      unit_factor: number;
      /** the product's base unit when ordered (瓶); filled from the product when an insert leaves it out */
      base_unit: Generated<string>;
      qty: number;
      unit_price: number;
      base_price: number;
      price_rule: unknown;
      line_total: number;
      shipped_qty: Generated<number>;
      received_qty: Generated<number>;
    };
    order_history: {
      id: Generated<number>;
      order_id: number;
      at: Generated<Date>;
      event: string;
      from_status: string | null;
      to_status: string;
      actor_user_id: number | null;
      actor_label: string | null;
      note: string | null;
      data: unknown;
    };
    order_number_counters: { day: string; last: number };
  }
}
export {};
