import type { Generated } from 'kysely';

declare module '../../lib/db-types' {
  interface DB {
    price_lists: {
      id: Generated<number>;
      name: string;
      kind: 'tier' | 'customer';
      tier_id: number | null;
      company_id: number | null;
      valid_from: Date | null;
      valid_to: Date | null;
      active: Generated<boolean>;
      notes: string | null;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
    };
    price_list_items: {
      price_list_id: number;
      sku_id: number;
      min_qty: number;
      fixed_price: number | null;
      discount_bp: number | null;
    };
    price_list_moq: { price_list_id: number; sku_id: number; moq: number; order_multiple: Generated<number> };
    product_visibility: {
      id: Generated<number>;
      product_id: number;
      tier_id: number | null;
      province: string | null;
      city: string | null;
      company_id: number | null;
    };
  }
}
export {};
