import { useQuery } from '@tanstack/react-query';
import { client } from './client';

/** The supplier's name from its setting (null until an admin sets it; the demo sets its own). */
export function useSupplierName(): string | null {
  const q = useQuery({ queryKey: ['supplier-profile'], queryFn: () => client.get('/api/supplier-profile'), staleTime: 5 * 60_000 });
  return q.data?.name ?? null;
}
