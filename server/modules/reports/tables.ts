import type { Generated } from 'kysely';

/** Measures of the daily rollups (base units and fen). */
interface SalesMeasures {
  ordered_qty: Generated<number>;
  ordered_amount: Generated<number>;
  ordered_lines: Generated<number>;
  shipped_qty: Generated<number>;
  shipped_amount: Generated<number>;
  cost_amount: Generated<number>;
  costed_amount: Generated<number>;
  returned_qty: Generated<number>;
  returned_amount: Generated<number>;
}

declare module '../../lib/db-types' {
  interface DB {
    /** day columns are written and compared as 'YYYY-MM-DD' text (see analytics.ts) */
    rpt_sales_daily: SalesMeasures & { day: string; company_id: number; sku_id: number; warehouse_id: number };
    rpt_sku_daily: SalesMeasures & { day: string; sku_id: number; warehouse_id: number };
    rpt_customer_daily: {
      day: string; company_id: number; ordered_amount: Generated<number>; ordered_lines: Generated<number>; shipped_amount: Generated<number>;
      cost_amount: Generated<number>; costed_amount: Generated<number>; returned_amount: Generated<number>; orders: Generated<number>; billed: Generated<number>;
      paid_online: Generated<number>; paid_transfer: Generated<number>; paid_balance: Generated<number>; paid_cod: Generated<number>; refunded: Generated<number>;
    };
    /** month = the first day of the month; the same measures as the daily tables, summed */
    rpt_sku_monthly: SalesMeasures & { month: string; sku_id: number; warehouse_id: number };
    /** rpt_sku_monthly summed over the warehouses (the per-SKU reports without a warehouse filter) */
    rpt_sku_monthly_all: SalesMeasures & { month: string; sku_id: number };
    rpt_customer_monthly: {
      month: string; company_id: number; ordered_amount: Generated<number>; ordered_lines: Generated<number>; shipped_amount: Generated<number>;
      cost_amount: Generated<number>; costed_amount: Generated<number>; returned_amount: Generated<number>; orders: Generated<number>; billed: Generated<number>;
      paid_online: Generated<number>; paid_transfer: Generated<number>; paid_balance: Generated<number>; paid_cod: Generated<number>; refunded: Generated<number>;
    };
    rpt_stock_daily: { day: string; sku_id: number; warehouse_id: number; on_hand: number; reserved: number; value: number };
    rpt_aging_daily: { day: string; company_id: number; orders: number; not_due: number; d30: number; d60: number; d90: number; d90plus: number };
    rpt_weekly_email: { user_id: number; created_at: Generated<Date> };
    rpt_open_orders: { order_id: number; company_id: number; day: string; due_day: string; outstanding: number };
    rpt_rep_targets: { rep_user_id: number; month: string; sales_target: number; collection_target: Generated<number>; updated_by: number | null; updated_at: Generated<Date> };
    rpt_saved_views: { id: Generated<number>; user_id: number; report: string; name: string; params: unknown; created_at: Generated<Date> };
  }
}
export {};
