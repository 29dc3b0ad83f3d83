import type { Actor, Role } from './actor';
import { STAFF_ROLES, ROLES } from './actor';
import { forbidden } from '../../lib/errors';

/**
 * The permission table: permission name → roles that hold it. Modules add their own rows with
 * definePermissions(); every check goes through can()/assertCan(), the one place that decides.
 */
const grants = new Map<string, Set<Role>>();

export const ALL_STAFF: Role[] = [...STAFF_ROLES];
export const EVERYONE: Role[] = [...ROLES];

export function definePermissions(map: Record<string, readonly Role[]>): void {
  for (const [perm, roles] of Object.entries(map)) grants.set(perm, new Set(roles));
}

export function listPermissions(): Record<string, Role[]> {
  return Object.fromEntries([...grants].map(([p, r]) => [p, [...r]]));
}

/** True if the actor's role holds the permission and, for a token, its scopes include it. */
export function can(actor: Actor, permission: string): boolean {
  const roles = grants.get(permission);
  if (!roles) throw new Error(`unknown permission ${permission}`);
  if (!roles.has(actor.role)) return false;
  if (actor.scopes && !actor.scopes.includes('*') && !actor.scopes.includes(permission)) return false;
  return true;
}

export function assertCan(actor: Actor, permission: string): void {
  if (!can(actor, permission)) throw forbidden();
}

definePermissions({
  'users.manage': ['admin'],
  'audit.read': ['admin'],
  'settings.manage': ['admin'],
  'tokens.manage': EVERYONE,
  'staff.console': ALL_STAFF,
});
