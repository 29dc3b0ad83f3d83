import { GiftOutlined, TagsOutlined } from '@ant-design/icons';
import type { AdminRoute, PortalRoute } from '../lib/registry';
import { CouponsPage } from './CouponsPage';
import { PromotionsPage } from './PromotionsPage';
import { WalletPage } from './WalletPage';

export const adminRoutes: AdminRoute[] = [
  { path: 'marketing/promotions', element: <PromotionsPage />, menu: { label: 'mk.promotions', icon: <GiftOutlined />, group: 'catalog', order: 30 }, roles: ['admin', 'sales', 'finance'] },
  { path: 'marketing/coupons', element: <CouponsPage />, menu: { label: 'mk.coupons', icon: <TagsOutlined />, group: 'catalog', order: 31 }, roles: ['admin', 'sales', 'finance'] },
];

export const portalRoutes: PortalRoute[] = [
  { path: 'coupons', element: <WalletPage />, meLink: { label: 'mk.wallet', icon: <TagsOutlined />, order: 15 }, roles: ['customer_admin', 'customer_buyer'] },
];
