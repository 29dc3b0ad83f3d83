import { CalendarOutlined } from '@ant-design/icons';
import type { AdminRoute, PortalRoute } from '../lib/registry';
import { FairDetailPage } from './FairDetailPage';
import { FairPage } from './FairPage';
import { FairsAdminPage } from './FairsAdminPage';
import { MyFairsPage } from './MyFairsPage';

export const adminRoutes: AdminRoute[] = [
  { path: 'fairs', element: <FairsAdminPage />, menu: { label: 'fair.menu', icon: <CalendarOutlined />, group: 'orders', order: 40 }, roles: ['admin', 'sales'] },
  { path: 'fairs/:id', element: <FairDetailPage />, roles: ['admin', 'sales'] },
];

export const portalRoutes: PortalRoute[] = [
  { path: 'fairs', element: <MyFairsPage />, meLink: { label: 'fair.myFairs', icon: <CalendarOutlined />, order: 5 }, roles: ['customer_admin', 'customer_buyer'] },
  { path: 'fairs/:id', element: <FairPage />, roles: ['customer_admin', 'customer_buyer'] },
];
