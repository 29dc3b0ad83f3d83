import { PhoneOutlined } from '@ant-design/icons';
import type { AdminRoute } from '../lib/registry';
import { lazySlot, type AnySlotFill } from '../lib/slots';
import { CallListPage } from './CallListPage';

export const adminRoutes: AdminRoute[] = [
  { path: 'recommendations/calls', element: <CallListPage />, menu: { label: 'reco.calls', icon: <PhoneOutlined />, group: 'customers', order: 20 }, roles: ['admin', 'sales'] },
];

/** Reorder suggestions above the buyer's cart and related products below it (cart does not import recommendations). */
export const slots: AnySlotFill[] = [
  { slot: 'cart.before', key: 'reorder', Component: lazySlot<'cart.before'>(() => import('./CartSlots'), 'CartReorder') },
  { slot: 'cart.after', key: 'related', Component: lazySlot<'cart.after'>(() => import('./CartSlots'), 'CartRelated') },
];
