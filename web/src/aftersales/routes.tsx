import { CustomerServiceOutlined } from '@ant-design/icons';
import type { AdminRoute, PortalRoute } from '../lib/registry';
import { ApplyPage } from './ApplyPage';
import { MyAftersalesDetailPage, MyAftersalesListPage } from './MyAftersalesPages';
import { AftersalesDetailPage, AftersalesQueuePage } from './AdminPages';

export const adminRoutes: AdminRoute[] = [
  { path: 'aftersales', element: <AftersalesQueuePage />, menu: { label: 'aftersales.menu', icon: <CustomerServiceOutlined />, group: 'orders', order: 3 } },
  { path: 'aftersales/new', element: <ApplyPage staff />, roles: ['admin', 'sales'] },
  { path: 'aftersales/:id', element: <AftersalesDetailPage /> },
];

export const portalRoutes: PortalRoute[] = [
  { path: 'aftersales', element: <MyAftersalesListPage />, meLink: { label: 'aftersales.meLink', icon: <CustomerServiceOutlined />, order: 30 } },
  { path: 'aftersales/new', element: <ApplyPage /> },
  { path: 'aftersales/:id', element: <MyAftersalesDetailPage /> },
];
