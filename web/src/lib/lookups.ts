import { useQuery } from '@tanstack/react-query';
import { client } from './client';

/**
 * Reference data that screens of several domains pick from (the catalog's categories for the stock
 * pages' filters), here so that those domains need not import the owner's screens.
 */
export function useCategories() {
  return useQuery({ queryKey: ['catalog', 'categories'], queryFn: () => client.get('/api/catalog/categories'), staleTime: 300_000 });
}
