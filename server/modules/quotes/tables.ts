import type { Generated } from 'kysely';

export const QUOTE_STATUSES = ['requested', 'offered', 'countered', 'ordered', 'declined', 'withdrawn'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];
export type QuoteMessageKind = 'request' | 'offer' | 'counter' | 'message' | 'accept' | 'decline' | 'withdraw';

declare module '../../lib/db-types' {
  interface DB {
    quotes: {
      id: Generated<number>;
      number: string;
      company_id: number;
      requested_by_user_id: number | null;
      created_by_user_id: number;
      status: Generated<QuoteStatus>;
      title: string;
      valid_until: Date | null;
      terms: string | null;
      order_id: number | null;
      version: Generated<number>;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
      offered_at: Date | null;
      ordered_at: Date | null;
    };
    quote_lines: {
      id: Generated<number>;
      quote_id: number;
      line_no: number;
      sku_id: number;
      unit: string;
      unit_factor: number;
      qty: number;
      list_price: number;
      target_price: number | null;
      offer_price: number | null;
    };
    quote_messages: {
      id: Generated<number>;
      quote_id: number;
      author_user_id: number | null;
      side: 'customer' | 'supplier';
      kind: QuoteMessageKind;
      body: string | null;
      prices: unknown;
      valid_until: Date | null;
      created_at: Generated<Date>;
    };
  }
}
