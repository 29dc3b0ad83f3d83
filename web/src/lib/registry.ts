import type { ReactNode } from 'react';
import type { AnySlotFill } from './slots';

export type Role = 'admin' | 'sales' | 'warehouse' | 'finance' | 'customer_admin' | 'customer_buyer';

/** A staff console page. Put `adminRoutes` in web/src/<domain>/routes.tsx; it is found automatically. */
export interface AdminRoute {
  /** Path under /admin, e.g. 'catalog/products' or 'orders/:id'. */
  path: string;
  element: ReactNode;
  /** Shown in the sidebar when set; `label` is an i18n key. */
  menu?: { label: string; icon?: ReactNode; group: MenuGroup; order?: number };
  /** Only these roles see the page (default: every staff role). */
  roles?: Role[];
}

/** A customer portal page. Put `portalRoutes` in web/src/<domain>/routes.tsx. */
export interface PortalRoute {
  /** Path under /, e.g. 'products/:id'. */
  path: string;
  element: ReactNode;
  /** A bottom tab (phone) / top menu entry (desktop); `label` is an i18n key. */
  tab?: { label: string; icon: ReactNode; order: number };
  /** A link in the "me" page list; `label` is an i18n key. */
  meLink?: { label: string; icon?: ReactNode; order?: number };
  roles?: Role[];
}

export type MenuGroup = 'home' | 'orders' | 'catalog' | 'customers' | 'inventory' | 'finance' | 'reports' | 'system';
export const MENU_GROUPS: MenuGroup[] = ['home', 'orders', 'catalog', 'customers', 'inventory', 'finance', 'reports', 'system'];

/** A page anyone may open without signing in (e.g. a dealer application). Path under /. */
export interface PublicRoute {
  path: string;
  element: ReactNode;
}

interface RouteModule {
  adminRoutes?: AdminRoute[];
  portalRoutes?: PortalRoute[];
  publicRoutes?: PublicRoute[];
  /** pieces this domain shows on another domain's screens (lib/slots.tsx) */
  slots?: AnySlotFill[];
}
interface I18nModule {
  zh?: Record<string, unknown>;
  en?: Record<string, unknown>;
}

const routeModules = import.meta.glob<RouteModule>('../*/routes.tsx', { eager: true });
// Each domain's web/src/<domain>/i18n.ts (lib/ holds no messages, so no import cycle).
// Chinese comes with the page (it is also every missing key's fallback); English is fetched when
// chosen. The `?lang=` query makes the build keep only that language of each file (vite.config.ts).
const zhModules = import.meta.glob<I18nModule>(['../*/i18n.ts', '!../lib/**'], { eager: true, query: '?lang=zh-CN' });
const enModules = import.meta.glob<I18nModule>(['../*/i18n.ts', '!../lib/**'], { query: '?lang=en' });

export const adminRoutes: AdminRoute[] = Object.values(routeModules).flatMap((m) => m.adminRoutes ?? []);
export const portalRoutes: PortalRoute[] = Object.values(routeModules).flatMap((m) => m.portalRoutes ?? []);
export const publicRoutes: PublicRoute[] = Object.values(routeModules).flatMap((m) => m.publicRoutes ?? []);
export const slotFills: AnySlotFill[] = Object.values(routeModules).flatMap((m) => m.slots ?? []);

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = prev && typeof prev === 'object' && v && typeof v === 'object' ? deepMerge(prev as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

const mergeAll = (parts: Record<string, unknown>[]) => parts.reduce((acc, m) => deepMerge(acc, m), {});

/** Every domain's Chinese messages, merged. */
export const zhMessages: Record<string, unknown> = mergeAll(Object.values(zhModules).map((m) => m.zh ?? {}));

/** Every domain's English messages, merged (one request per domain file, in parallel). */
export async function loadEnMessages(): Promise<Record<string, unknown>> {
  const mods = await Promise.all(Object.values(enModules).map((load) => load()));
  return mergeAll(mods.map((m) => m.en ?? {}));
}
