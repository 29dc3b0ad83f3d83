import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { client } from '../lib/client';
import { qs } from '../lib/api';
import type { SortKey } from './types';

export { useCategories } from '../lib/lookups';
export function useBrands() {
  return useQuery({ queryKey: ['catalog', 'brands'], queryFn: () => client.get('/api/catalog/brands'), staleTime: 300_000 });
}

export interface Filters {
  q: string;
  categoryId?: number;
  brandId: number[];
  priceMin?: number;
  priceMax?: number;
  inStock: boolean;
  isNew: boolean;
  sort: SortKey;
  page: number;
}

const num = (v: string | null) => (v && /^\d+$/.test(v) ? Number(v) : undefined);

/** The search state lives in the URL, so back/forward and shared links keep it. */
export function useFilters(): [Filters, (patch: Partial<Filters>) => void] {
  const [sp, setSp] = useSearchParams();
  const filters = useMemo<Filters>(() => ({
    q: sp.get('q') ?? '',
    categoryId: num(sp.get('categoryId')),
    brandId: sp.getAll('brandId').map(Number).filter((n) => n > 0),
    priceMin: num(sp.get('priceMin')),
    priceMax: num(sp.get('priceMax')),
    inStock: sp.get('inStock') === '1',
    isNew: sp.get('isNew') === '1',
    sort: (sp.get('sort') as SortKey) || 'relevance',
    page: num(sp.get('page')) ?? 1,
  }), [sp]);
  const update = (patch: Partial<Filters>) => {
    const f = { ...filters, page: 1, ...patch };
    setSp(new URLSearchParams(qs({
      q: f.q || undefined, categoryId: f.categoryId, brandId: f.brandId, priceMin: f.priceMin, priceMax: f.priceMax,
      inStock: f.inStock ? 1 : undefined, isNew: f.isNew ? 1 : undefined, sort: f.sort === 'relevance' ? undefined : f.sort, page: f.page > 1 ? f.page : undefined,
    }).slice(1)));
  };
  return [filters, update];
}

export const PAGE_SIZE = 20;

export function useSearch(f: Filters) {
  return useQuery({
    queryKey: ['catalog', 'search', f],
    queryFn: () => client.get('/api/catalog/search', { query: {
      q: f.q || undefined, categoryId: f.categoryId, brandId: f.brandId.length ? f.brandId : undefined, priceMin: f.priceMin, priceMax: f.priceMax,
      inStock: f.inStock ? '1' : undefined, isNew: f.isNew ? '1' : undefined, sort: f.sort, page: f.page, pageSize: PAGE_SIZE, facets: '1',
    } }),
    placeholderData: (prev) => prev,
  });
}
