import type { Generated } from 'kysely';

export type CartKind = 'cart' | 'draft' | 'template';

declare module '../../lib/db-types' {
  interface DB {
    carts: {
      id: Generated<number>;
      company_id: number;
      user_id: number;
      kind: Generated<CartKind>;
      name: string | null;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
    };
    cart_lines: {
      id: Generated<number>;
      cart_id: number;
      sku_id: number;
      unit: string;
      unit_factor: number;
      qty: number;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
    };
  }
}
export {};
