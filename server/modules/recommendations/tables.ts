import type { Generated } from 'kysely';

declare module '../../lib/db-types' {
  interface DB {
    reorder_predictions: {
      company_id: number;
      sku_id: number;
      orders: number;
      interval_days: number;
      next_interval_days: number;
      dispersion: number;
      confidence: number;
      seasonal: Generated<boolean>;
      usual_qty: number;
      unit: string;
      unit_factor: number;
      /** date columns are read as 'YYYY-MM-DD' text (see refresh.ts) */
      last_order_on: string;
      next_order_on: string;
      updated_at: Generated<Date>;
    };
    reorder_reminders: { company_id: number; sku_id: number; next_order_on: string; sent_at: Generated<Date> };
  }
}
export {};

declare module '../../lib/db-types' {
  interface DB {
    reco_orders_counted: { order_id: number; counted_at: Generated<Date> };
    reco_basket_pairs: { company_id: number; sku_id: number; other_sku_id: number; orders: number; last_on: string };
    reco_company_skus: { company_id: number; sku_id: number; orders: number; last_on: string };
  }
}
