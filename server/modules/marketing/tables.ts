import type { Generated } from 'kysely';

declare module '../../lib/db-types' {
  interface DB {
    promotions: {
      id: Generated<number>;
      name: string;
      kind: 'threshold_off' | 'threshold_discount' | 'gift' | 'special_price' | 'nth_item' | 'bundle';
      status: Generated<'draft' | 'active' | 'stopped'>;
      starts_at: Date;
      ends_at: Date;
      rule: unknown;
      scope: Generated<unknown>;
      audience: Generated<unknown>;
      limit_qty: number | null;
      budget: number | null;
      per_customer: number | null;
      per_order_qty: number | null;
      used_qty: Generated<number>;
      used_budget: Generated<number>;
      exclusive: Generated<boolean>;
      with_coupons: Generated<boolean>;
      with_contract_prices: Generated<boolean>;
      priority: Generated<number>;
      note: string | null;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
    };
    promotion_customer_uses: { promotion_id: number; company_id: number; uses: number };
    coupon_templates: {
      id: Generated<number>;
      name: string;
      kind: 'amount' | 'percent';
      amount_off: number | null;
      discount_bp: number | null;
      max_off: number | null;
      threshold: Generated<number>;
      scope: Generated<unknown>;
      valid_from: Date | null;
      valid_to: Date | null;
      valid_days: number | null;
      claimable: Generated<boolean>;
      total_qty: number | null;
      issued_qty: Generated<number>;
      per_customer: Generated<number>;
      status: Generated<'active' | 'stopped'>;
      points_cost: Generated<number | null>;
      created_at: Generated<Date>;
    };
    coupons: {
      id: Generated<number>;
      template_id: number;
      company_id: number;
      status: Generated<'available' | 'used'>;
      valid_from: Date;
      valid_to: Date;
      source: 'issued' | 'claimed';
      order_id: number | null;
      used_at: Date | null;
      issued_at: Generated<Date>;
    };
    order_promotions: {
      id: Generated<number>;
      order_id: number;
      company_id: number;
      promotion_id: number | null;
      coupon_id: number | null;
      kind: string;
      name: string;
      amount: number;
      qty: Generated<number>;
      detail: Generated<string>;
      gift_sku_id: number | null;
      gift_qty: number | null;
      gift_given: boolean | null;
      released_at: Date | null;
      created_at: Generated<Date>;
      /** each order line's share of this discount in fen, by order line id (zero shares left out) */
      line_shares: Generated<Record<string, number>>;
    };
    marketing_accounts: { company_id: number; kind: 'rebate' | 'points'; balance: Generated<number>; updated_at: Generated<Date> };
    marketing_ledger: {
      id: Generated<number>;
      company_id: number;
      kind: 'rebate' | 'points';
      entry: 'settle' | 'earn' | 'reverse' | 'spend' | 'release' | 'expire' | 'adjust';
      amount: number;
      balance_after: number;
      ref: string;
      order_id: number | null;
      year: number | null;
      note: string | null;
      actor_user_id: number | null;
      created_at: Generated<Date>;
    };
    marketing_sales: { source: 'order' | 'refund' | 'credit'; source_id: number; company_id: number; order_id: number; amount: number; at: Date; gross: number | null };
    rebate_rules: {
      id: Generated<number>;
      name: string;
      period: 'month' | 'quarter' | 'year';
      levels: unknown;
      audience: Generated<unknown>;
      status: Generated<'active' | 'stopped'>;
      note: string | null;
      created_at: Generated<Date>;
    };
    rebate_settlements: {
      id: Generated<number>;
      rule_id: number;
      company_id: number;
      period: string;
      period_start: Date;
      period_end: Date;
      sales: number;
      rate_bp: number;
      amount: number;
      status: Generated<'pending' | 'approved' | 'void'>;
      approved_by: number | null;
      approved_at: Date | null;
      created_at: Generated<Date>;
    };
  }
}
export {};
