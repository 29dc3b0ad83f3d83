import { useQuery } from '@tanstack/react-query';
import { api } from '../lib/api';
import type { AddResult } from '../cart/useCart';

/** Shapes of the recommendations API (server/modules/recommendations/schemas.ts). Money is fen. */
export type ReorderState = 'upcoming' | 'due' | 'overdue' | 'lapsed';
export interface DueItem {
  skuId: number; productId: number; code: string; name: string; specText: string; image: string | null; baseUnit: string;
  unit: string; unitFactor: number; qty: number; unitQty: number; qtyText: string; unitPrice: number; lineTotal: number;
  lastOrderOn: string; nextOrderOn: string; daysLate: number; intervalDays: number; orders: number; confidence: number; state: ReorderState;
}
export interface DueList { leadDays: number; items: DueItem[] }
export type ToCartResult = AddResult & { alreadyInCart: number };
export interface RelatedItem { skuId: number; productId: number; code: string; name: string; specText: string; image: string | null; baseUnit: string; unitPrice: number }
export interface Related { together: RelatedItem[]; likeYou: RelatedItem[] }
export interface CallItem {
  companyId: number; companyCode: string; companyName: string; contactName: string | null; contactPhone: string | null;
  skuId: number; code: string; name: string; specText: string; qtyText: string;
  lastOrderOn: string; nextOrderOn: string; daysLate: number; intervalDays: number; orders: number; confidence: number; state: ReorderState;
}

export const DUE_KEY = ['reorders-due'] as const;
export const useDueReorders = () => useQuery({ queryKey: DUE_KEY, queryFn: () => api.get<DueList>('/api/my/reorders') });
