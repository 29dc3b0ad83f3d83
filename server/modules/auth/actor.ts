/** Who is calling, resolved once per request from a session cookie or a bearer token. */
export const STAFF_ROLES = ['admin', 'sales', 'warehouse', 'finance'] as const;
export const CUSTOMER_ROLES = ['customer_admin', 'customer_buyer'] as const;
export const ROLES = [...STAFF_ROLES, ...CUSTOMER_ROLES] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export type CustomerRole = (typeof CUSTOMER_ROLES)[number];
export type Role = (typeof ROLES)[number];

export interface Actor {
  userId: number;
  login: string;
  name: string;
  role: Role;
  /** The customer company of a customer user; null for staff. */
  companyId: number | null;
  via: 'session' | 'token';
  /** Token scopes (permission names, or '*'); null for sessions. */
  scopes: string[] | null;
  /** A session whose role requires two-factor sign-in not yet set up: it may only set it up. */
  twoFactorSetup?: boolean;
  requestId?: string;
  ip?: string;
}

export const isStaff = (a: Pick<Actor, 'role'>) => (STAFF_ROLES as readonly string[]).includes(a.role);
export const isCustomer = (a: Pick<Actor, 'role'>) => (CUSTOMER_ROLES as readonly string[]).includes(a.role);
