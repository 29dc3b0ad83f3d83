import type { Role } from '../auth/actor';
import type { OrderStatus } from './status';

/**
 * The order list's status tabs, and which statuses a list link (`?tab=…&status=…`) shows. One
 * file for the server (the staff home's counts link these lists) and the web app (which
 * re-exports it), so a count on the home page is always the number of rows its link opens.
 */
export const ORDER_TABS: readonly { key: string; statuses: readonly OrderStatus[] }[] = [
  { key: 'all', statuses: [] },
  { key: 'review', statuses: ['awaiting_approval', 'pending_review', 'pending_finance', 'pending_outbound'] },
  { key: 'payment', statuses: ['awaiting_payment'] },
  { key: 'ship', statuses: ['picking', 'partially_shipped'] },
  { key: 'shipping', statuses: ['shipped'] },
  { key: 'done', statuses: ['delivered', 'completed'] },
  { key: 'closed', statuses: ['rejected', 'cancelled'] },
];

/**
 * The review steps each staff role takes: its 待审核 is these, not the whole review tab (an order
 * waiting for the customer's own approval, or for finance, is not the rep's to do).
 */
export const REVIEW_STEPS: Partial<Record<Role, readonly OrderStatus[]>> = {
  admin: ['pending_review', 'pending_finance', 'pending_outbound'],
  sales: ['pending_review'],
  finance: ['pending_finance'],
  warehouse: ['pending_outbound'],
};

/** The link to the list of orders in `statuses`: their tab, narrowed when they are part of it. */
export function orderListLink(tab: string, statuses: readonly OrderStatus[]): string {
  const all = ORDER_TABS.find((x) => x.key === tab)?.statuses ?? [];
  const narrowed = statuses.length < all.length;
  return `/admin/orders?tab=${tab}${narrowed ? `&status=${statuses.join(',')}` : ''}`;
}

/**
 * The statuses the list shows for a tab and an optional `status` narrowing: only statuses of that
 * tab are kept (an empty or foreign narrowing shows the whole tab).
 */
export function listStatuses(tab: string, status: string | null): readonly OrderStatus[] {
  const all = ORDER_TABS.find((x) => x.key === tab)?.statuses ?? [];
  const wanted = (status ?? '').split(',').filter((s): s is OrderStatus => (all as readonly string[]).includes(s));
  return wanted.length ? wanted : all;
}
