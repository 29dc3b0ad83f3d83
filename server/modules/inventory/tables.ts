import type { Generated } from 'kysely';

declare module '../../lib/db-types' {
  interface DB {
    warehouses: {
      id: Generated<number>;
      code: string;
      name: string;
      address: string | null;
      provinces: Generated<string[]>;
      priority: Generated<number>;
      active: Generated<boolean>;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
    };
    stock_levels: {
      sku_id: number;
      warehouse_id: number;
      on_hand: Generated<number>;
      reserved: Generated<number>;
      safety_stock: Generated<number>;
      updated_at: Generated<Date>;
    };
    reservations: {
      id: Generated<number>;
      order_id: number;
      order_line_id: number;
      sku_id: number;
      warehouse_id: number;
      qty: number;
      consumed_qty: Generated<number>;
      released_qty: Generated<number>;
      status: Generated<'active' | 'consumed' | 'released' | 'closed'>;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
      /** null for the order's own reservations; set for a replacement (after-sales exchange, reissue) */
      document_type: Generated<string | null>;
      document_id: Generated<number | null>;
    };
    stock_movements: {
      id: Generated<number>;
      at: Generated<Date>;
      sku_id: number;
      warehouse_id: number;
      type: MovementType;
      qty: number;
      on_hand_after: number;
      document_type: string | null;
      document_id: number | null;
      /** the document's number as written when the movement was made (PO000003, PD000012, …) */
      document_no: string | null;
      /** the order the goods left for (shipments), so the ledger can link to it */
      order_id: number | null;
      actor_user_id: number | null;
      actor_label: string | null;
      reason: string | null;
    };
    stock_documents: {
      id: Generated<number>;
      type: 'adjustment' | 'transfer';
      warehouse_id: number;
      to_warehouse_id: number | null;
      reason: string | null;
      lines: unknown;
      actor_user_id: number | null;
      created_at: Generated<Date>;
    };
    stocktakes: {
      id: Generated<number>;
      warehouse_id: number;
      status: Generated<'counting' | 'posted' | 'cancelled'>;
      note: string | null;
      created_by: number | null;
      created_at: Generated<Date>;
      posted_by: number | null;
      posted_at: Date | null;
      updated_at: Generated<Date>;
    };
    suppliers: {
      id: Generated<number>;
      code: string;
      name: string;
      contact_name: string | null;
      phone: string | null;
      email: string | null;
      address: string | null;
      notes: string | null;
      tax_no: Generated<string | null>;
      payment_terms: Generated<string | null>;
      active: Generated<boolean>;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
    };
    supplier_skus: {
      supplier_id: number;
      sku_id: number;
      supplier_sku_code: string | null;
      cost: number;
      lead_time_days: Generated<number>;
      moq: Generated<number>;
      preferred: Generated<boolean>;
      updated_at: Generated<Date>;
    };
    purchase_orders: {
      id: Generated<number>;
      supplier_id: number;
      warehouse_id: number;
      status: Generated<PoStatus>;
      expected_at: string | null;
      notes: string | null;
      total: Generated<number>;
      created_by: number | null;
      created_at: Generated<Date>;
      ordered_at: Date | null;
      received_at: Date | null;
      cancelled_at: Date | null;
      updated_at: Generated<Date>;
    };
    purchase_order_lines: {
      id: Generated<number>;
      po_id: number;
      sku_id: number;
      qty: number;
      unit_cost: number;
      received_qty: Generated<number>;
    };
    sku_presale: {
      sku_id: number;
      mode: PresaleMode;
      /** YYYY-MM-DD (a date column read as text) */
      expected_date: string | null;
      max_waiting: number | null;
      note: string | null;
      updated_at: Generated<Date>;
      updated_by_user_id: number | null;
    };
    stock_waits: {
      id: Generated<number>;
      order_id: number;
      order_line_id: number;
      company_id: number;
      sku_id: number;
      mode: PresaleMode;
      expected_date: string | null;
      priority: Generated<number>;
      qty: number;
      allocated_qty: Generated<number>;
      status: Generated<'waiting' | 'allocated' | 'cancelled'>;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
      allocated_at: Date | null;
    };
    stocktake_lines: {
      stocktake_id: number;
      sku_id: number;
      snapshot_qty: number;
      counted_qty: number | null;
      posted_diff: number | null;
    };
  }
}

export const PO_STATUSES = ['draft', 'ordered', 'partially_received', 'received', 'cancelled'] as const;
export type PoStatus = (typeof PO_STATUSES)[number];

export const MOVEMENT_TYPES = ['receipt', 'shipment', 'adjustment', 'transfer_out', 'transfer_in', 'return', 'stocktake'] as const;
export type MovementType = (typeof MOVEMENT_TYPES)[number];

/** 缺货订购 (order beyond stock) or 预订 (order before it arrives, with an expected date). */
export const PRESALE_MODES = ['backorder', 'preorder'] as const;
export type PresaleMode = (typeof PRESALE_MODES)[number];
