import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { api, ApiError, qs } from '../lib/api';

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
export interface Problem { code: string; message: string; params: Record<string, string | number> }
export interface Unit { unit: string; factor: number }
export interface CartLine {
  id: number; skuId: number; code: string; name: string; specText: string; image: string | null; baseUnit: string; units: Unit[];
  unit: string; unitFactor: number; unitQty: number; qty: number; unitPrice: number; unitPricePerUnit: number; basePrice: number; lineTotal: number;
  priceKind: string; nextBreak: { minQty: number; unitPrice: number } | null; available: number | null; stockLevel: StockLevel | null; moq: number; orderMultiple: number; problems: Problem[];
  /** fen off this line from promotions and the coupon */
  discount?: number;
}
export interface Totals { lines: number; skus: number; qty: number; baseTotal: number; subtotal: number; savings: number; shippingFee: number; total: number; discount?: number }
/** Marketing's step of the cart (server/modules/marketing/schemas.ts marketingView). */
export interface CartMarketing {
  discount: number;
  applied: { promotionId: number | null; couponId: number | null; kind: string; name: string; amount: number; detail: string; gift: { skuId: number; qty: number } | null }[];
  notApplied: { promotionId: number | null; couponId: number | null; name: string; reason: string; message: string }[];
  hints: string[];
  gifts: { promotionId: number; skuId: number; qty: number; code: string; name: string; unit: string }[];
  coupon: { id: number; name: string } | null;
  coupons: { id: number; name: string; validTo: string }[];
}
export interface CartView { cartId: number | null; companyId: number; onBehalf: boolean; lines: CartLine[]; totals: Totals; ok: boolean; marketing?: CartMarketing | null }
export interface RowResult { row: number; code: string; skuId: number | null; name: string | null; qty: string; unit: string | null; status: 'added' | 'rejected'; reason: string | null; message: string | null; available: number | null; stockLevel: StockLevel | null }
export interface AddResult { added: number; rejected: number; rows: RowResult[]; cart: CartView }
export interface LookupItem { skuId: number; code: string; name: string; specText: string; baseUnit: string; units: Unit[]; image: string | null; unitPrice: number; moq: number; orderMultiple: number; available: number | null; stockLevel: StockLevel | null }
export type PayMethod = 'online' | 'transfer' | 'balance' | 'credit' | 'cod';
export interface Address { id: number; recipient: string; phone: string; province: string; city: string; district: string | null; address: string; isDefault: boolean }
export interface Preview {
  customer: { id: number; code: string; name: string }; cart: CartView; paymentTerms: string; customerActive: boolean; paymentMethods: PayMethod[];
  defaultPaymentMethod: PayMethod | null; addresses: Address[]; invoiceProfile: { kind: string; title: string; taxNo: string } | null;
  invoiceTypes: ('none' | 'normal' | 'special')[]; buyerLimit: number | null; willNeedApproval: boolean;
}
export interface Submitted { order: { id: number; number: string; status: string; total: number; subtotal: number; lines: number; paymentMethod: PayMethod; onBehalf: boolean }; replayed: boolean }

/** /api/cart… with the customer named when staff order on behalf. */
export const cartUrl = (path: string, customerId?: number, extra: Record<string, string | number | undefined> = {}) => `/api/cart${path}${qs({ ...extra, customerId })}`;
export const cartKey = (customerId?: number) => ['cart', customerId ?? 'mine'] as const;

export function useCart(customerId?: number) {
  return useQuery({ queryKey: cartKey(customerId), queryFn: () => api.get<CartView>(cartUrl('', customerId)) });
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
