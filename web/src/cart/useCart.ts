import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { ApiError, qs } from '../lib/api';
import { client, type Response } from '../lib/client';

/** Shapes of the cart API (server/modules/cart/schemas.ts). Money is fen. */
export type StockLevel = 'plenty' | 'low' | 'out';
/**
 * Stock as the server sent it for this caller: the number only when the supplier shows exact
 * stock (or for staff), else the level (充足/紧张/缺货), else nothing.
 */
export function stockText(t: TFunction, s: { available: number | null; stockLevel: StockLevel | null; baseUnit: string }): string {
  if (s.available != null) return t('cart.available', { n: s.available, unit: s.baseUnit });
  return s.stockLevel ? t(`inv.level.${s.stockLevel}`) : '';
}
/** The cart's shapes come from the API's schemas (generated: lib/api-schema.ts). */
export type CartView = Response<'/api/cart'>;
export type CartLine = CartView['lines'][number];
export type Problem = CartLine['problems'][number];
export type Unit = CartLine['units'][number];
export type Totals = CartView['totals'];
export type AddResult = Response<'/api/cart/quick', 'post'>;
export type RowResult = AddResult['rows'][number];
export type LookupItem = Response<'/api/cart/skus'>[number];
export type Preview = Response<'/api/cart/checkout'>;
export type PayMethod = Preview['paymentMethods'][number];
export type Address = Preview['addresses'][number];
export type Submitted = Response<'/api/cart/submit', 'post'>;
/** Marketing's step of the cart (promotions, coupon, gifts, hints). */
export type CartMarketing = NonNullable<CartView['marketing']>;

/** /api/cart… with the customer named when staff order on behalf. */
export const cartUrl = (path: string, customerId?: number, extra: Record<string, string | number | undefined> = {}) => `/api/cart${path}${qs({ ...extra, customerId })}`;
export const cartKey = (customerId?: number) => ['cart', customerId ?? 'mine'] as const;

export function useCart(customerId?: number) {
  return useQuery({ queryKey: cartKey(customerId), queryFn: () => client.get('/api/cart', { query: { customerId } }) });
}

/** Puts a fresh cart answer into the cache (and refreshes the badge). */
export function useSetCart(customerId?: number) {
  const qc = useQueryClient();
  return (v: CartView) => {
    qc.setQueryData(cartKey(customerId), v);
    void qc.invalidateQueries({ queryKey: ['cart-count'] });
  };
}

/** An API error as one line a person can act on, with field or line details when given. */
export function errorText(e: unknown): string {
  if (!(e instanceof ApiError)) return String(e);
  const d = e.details;
  if (Array.isArray(d) && d.length) {
    const parts = d.slice(0, 5).map((x: Record<string, unknown>) => {
      if (typeof x.path === 'string') return `${x.path} ${String(x.message ?? '')}`;
      if (typeof x.code === 'string' && typeof x.available === 'number') return `${x.code}: ${x.available}/${String(x.requested)}`;
      if (typeof x.code === 'string' && Array.isArray(x.problems)) return `${x.code} ${(x.problems as Problem[]).map((p) => p.message).join('，')}`;
      return '';
    }).filter(Boolean);
    if (parts.length) return `${e.message}（${parts.join('；')}）`;
  }
  return e.message;
}

/** A new idempotency key for one submission attempt. */
export const newKey = () => (globalThis.crypto?.randomUUID ? globalThis.crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);
