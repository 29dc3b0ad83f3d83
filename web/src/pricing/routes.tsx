import { EyeInvisibleOutlined, TagsOutlined } from '@ant-design/icons';
import type { AdminRoute } from '../lib/registry';
import { lazySlot, type AnySlotFill } from '../lib/slots';
import { PriceListEditorPage } from './PriceListEditorPage';
import { PriceListsPage } from './PriceListsPage';
import { VisibilityPage } from './VisibilityPage';

const readers: AdminRoute['roles'] = ['admin', 'sales', 'finance'];

export const adminRoutes: AdminRoute[] = [
  { path: 'pricing/lists', element: <PriceListsPage />, menu: { label: 'pricing.lists', icon: <TagsOutlined />, group: 'catalog', order: 40 }, roles: readers },
  { path: 'pricing/lists/:id', element: <PriceListEditorPage />, roles: readers },
  { path: 'pricing/visibility', element: <VisibilityPage />, menu: { label: 'pricing.visibilityMenu', icon: <EyeInvisibleOutlined />, group: 'catalog', order: 41 }, roles: readers },
];

/** The customer's prices as a tab of the customer page (customers does not import pricing: pricing imports customers). */
export const slots: AnySlotFill[] = [
  { slot: 'customer.tabs', key: 'prices', label: 'customers.prices', Component: lazySlot<'customer.tabs'>(() => import('./CustomerPrices'), 'CustomerPrices') },
];
