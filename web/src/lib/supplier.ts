import { useQuery } from '@tanstack/react-query';
import { client } from './client';

/**
 * The name the server put in the page (<meta name="ordo-supplier">, server/app.ts): '' when none is
 * set; undefined when the page has no such tag (the dev server), then the first page asks for it.
 */
const served = typeof document === 'undefined' ? undefined : document.querySelector<HTMLMetaElement>('meta[name="ordo-supplier"]')?.content;
const loadedAt = Date.now();

/** The supplier's name from its setting (null until an admin sets it; the demo sets its own). */
export function useSupplierName(): string | null {
  const q = useQuery({
    queryKey: ['supplier-profile'], queryFn: () => client.get('/api/supplier-profile'), staleTime: 5 * 60_000,
    // the served page's name counts as a fresh answer: no request of its own (saving the name sets the query's data)
    ...(served !== undefined ? { initialData: { name: served || null }, initialDataUpdatedAt: loadedAt } : {}),
  });
  return q.data?.name ?? null;
}
