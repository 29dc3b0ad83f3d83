import { useQuery } from '@tanstack/react-query';
import { client, type Response } from '../lib/client';

/** Shapes of the recommendations API, from the generated OpenAPI types. Money is fen. */
export type DueList = Response<'/api/my/reorders'>;
export type DueItem = DueList['items'][number];
export type ReorderState = DueItem['state'];
export type Related = Response<'/api/my/cart/recommendations'>;
export type RelatedItem = Related['together'][number];
export type CallItem = Response<'/api/recommendations/calls'>[number];

export const DUE_KEY = ['reorders-due'] as const;
export const useDueReorders = () => useQuery({ queryKey: DUE_KEY, queryFn: () => client.get('/api/my/reorders') });
