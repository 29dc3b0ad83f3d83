import { ShoppingCartOutlined, ThunderboltOutlined } from '@ant-design/icons';
import type { AdminRoute, PortalRoute } from '../lib/registry';
import { CartBadge } from './CartBadge';
import { CartPage } from './CartPage';
import { OnBehalfPage } from './OnBehalfPage';
import { CheckoutPage, DonePage, FrequentPage, QuickOrderPage, SavedPage } from './PortalPages';

export const portalRoutes: PortalRoute[] = [
  { path: 'cart', element: <CartPage />, tab: { label: 'cart.tab', icon: <CartBadge />, order: 40 } },
  { path: 'cart/quick', element: <QuickOrderPage />, tab: { label: 'cart.quick', icon: <ThunderboltOutlined />, order: 20 } },
  { path: 'cart/frequent', element: <FrequentPage />, meLink: { label: 'cart.frequent', order: 20 } },
  { path: 'cart/saved', element: <SavedPage />, meLink: { label: 'cart.saved', order: 21 } },
  { path: 'cart/checkout', element: <CheckoutPage /> },
  { path: 'cart/done/:id', element: <DonePage /> },
];

export const adminRoutes: AdminRoute[] = [
  { path: 'orders/on-behalf', element: <OnBehalfPage />, menu: { label: 'cart.onBehalf', icon: <ShoppingCartOutlined />, group: 'orders', order: 5 }, roles: ['admin', 'sales'] },
];
