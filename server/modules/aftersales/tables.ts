import type { Generated } from 'kysely';
import type { AftersalesKind, AftersalesStatus } from './transitions-table';

export const COMPLAINT_STATUSES = ['open', 'answered', 'resolved', 'closed'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

declare module '../../lib/db-types' {
  interface DB {
    aftersales_reasons: {
      id: Generated<number>;
      code: string;
      name_zh: string;
      name_en: string;
      active: Generated<boolean>;
      sort: Generated<number>;
      created_at: Generated<Date>;
    };
    aftersales_requests: {
      id: Generated<number>;
      number: string;
      company_id: number;
      order_id: number;
      shipment_id: number | null;
      kind: AftersalesKind;
      status: AftersalesStatus;
      version: Generated<number>;
      source: Generated<'buyer' | 'staff' | 'receipt'>;
      reason_id: number;
      description: string | null;
      raised_by_user_id: number | null;
      buyer_user_id: number | null;
      return_carrier: Generated<string | null>;
      return_tracking_no: Generated<string | null>;
      warehouse_id: Generated<number | null>;
      replacement_carrier: Generated<string | null>;
      replacement_tracking_no: Generated<string | null>;
      refund_amount: Generated<number | null>;
      refund_destination: Generated<'balance' | 'original' | null>;
      refund_note: Generated<string | null>;
      refund_ids: Generated<unknown>;
      credit_amount: Generated<number>;
      reject_reason: Generated<string | null>;
      cancel_reason: Generated<string | null>;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
      submitted_at: Generated<Date | null>;
      approved_at: Generated<Date | null>;
      received_at: Generated<Date | null>;
      completed_at: Generated<Date | null>;
      replacement_shipped_at: Generated<Date | null>;
    };
    aftersales_lines: {
      id: Generated<number>;
      request_id: number;
      order_line_id: number;
      sku_id: number;
      sku_code: string;
      name: string;
      unit: string;
      unit_factor: number;
      base_unit: string;
      qty: number;
      to_stock_qty: Generated<number>;
      defective_qty: Generated<number>;
      refused_qty: Generated<number>;
      refuse_reason: Generated<string | null>;
      paid_amount: number;
      replacement_qty: Generated<number>;
      replacement_warehouse_id: Generated<number | null>;
    };
    aftersales_history: {
      id: Generated<number>;
      request_id: number;
      at: Generated<Date>;
      event: string;
      from_status: string | null;
      to_status: string;
      actor_user_id: number | null;
      actor_label: string | null;
      note: string | null;
      data: unknown;
    };
    aftersales_number_counters: { day: string; last: number };
    aftersales_complaints: {
      id: Generated<number>;
      number: string;
      company_id: number;
      order_id: number | null;
      subject: string;
      status: Generated<ComplaintStatus>;
      version: Generated<number>;
      raised_by_user_id: number | null;
      /** customer: the buyer filed it; staff: a staff member filed it on the customer's behalf */
      source: Generated<'customer' | 'staff'>;
      /** the customer's user it is for (sees it, gets its notices); null on a staff one: the customer's admins */
      customer_user_id: Generated<number | null>;
      assignee_user_id: Generated<number | null>;
      first_response_at: Generated<Date | null>;
      resolved_at: Generated<Date | null>;
      last_message_at: Generated<Date>;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
    };
    aftersales_complaint_messages: {
      id: Generated<number>;
      complaint_id: number;
      side: 'customer' | 'staff';
      author_user_id: number | null;
      author_label: string | null;
      body: string;
      created_at: Generated<Date>;
    };
    aftersales_complaint_counters: { day: string; last: number };
    aftersales_photos: {
      id: Generated<number>;
      company_id: number;
      request_id: number | null;
      complaint_id: number | null;
      image_id: string;
      width: number;
      height: number;
      side: 'customer' | 'staff';
      uploaded_by: number | null;
      created_at: Generated<Date>;
    };
  }
}
export {};
