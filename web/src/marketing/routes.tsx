import { GiftOutlined, TagsOutlined, WalletOutlined } from '@ant-design/icons';
import type { AdminRoute, PortalRoute } from '../lib/registry';
import { CouponsPage } from './CouponsPage';
import { PromotionsPage } from './PromotionsPage';
import { WalletPage } from './WalletPage';
import { RebatesPage } from './RebatesPage';
import { FundsPage } from './FundsPage';
import { MyPromotionsPage } from './PromoTags';

export const adminRoutes: AdminRoute[] = [
  { path: 'marketing/promotions', element: <PromotionsPage />, menu: { label: 'mk.promotions', icon: <GiftOutlined />, group: 'catalog', order: 30 }, roles: ['admin', 'sales', 'finance'] },
  { path: 'marketing/rebates', element: <RebatesPage />, menu: { label: 'mk.rebatesTitle', icon: <WalletOutlined />, group: 'finance', order: 40 }, roles: ['admin', 'sales', 'finance'] },
  { path: 'marketing/coupons', element: <CouponsPage />, menu: { label: 'mk.coupons', icon: <TagsOutlined />, group: 'catalog', order: 31 }, roles: ['admin', 'sales', 'finance'] },
];

export const portalRoutes: PortalRoute[] = [
  { path: 'promotions', element: <MyPromotionsPage />, meLink: { label: 'mk.promotionsFor', icon: <GiftOutlined />, order: 14 }, roles: ['customer_admin', 'customer_buyer'] },
  { path: 'funds', element: <FundsPage />, meLink: { label: 'mk.funds', icon: <WalletOutlined />, order: 16 }, roles: ['customer_admin', 'customer_buyer'] },
  { path: 'coupons', element: <WalletPage />, meLink: { label: 'mk.wallet', icon: <TagsOutlined />, order: 15 }, roles: ['customer_admin', 'customer_buyer'] },
];
