import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from './api';
import type { Role } from './registry';
import { client } from '../lib/client';

export interface Me {
  id: number;
  login: string;
  name: string;
  role: Role;
  companyId: number | null;
  companyName: string | null;
  permissions: string[];
  /** The role requires two-factor sign-in and it is off: only its setup (account page) is open. */
  twoFactorSetupRequired?: boolean;
}

export const STAFF_ROLES: Role[] = ['admin', 'sales', 'warehouse', 'finance'];
export const isStaff = (me: Pick<Me, 'role'> | null | undefined) => !!me && STAFF_ROLES.includes(me.role);
export const homeOf = (me: Pick<Me, 'role'>) => (isStaff(me) ? '/admin' : '/');

/** The signed-in user, or null. */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        return await client.get('/api/auth/me');
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return async () => {
    await client.post('/api/auth/logout');
    qc.clear();
    window.location.href = '/login';
  };
}
