import { BarChartOutlined, CommentOutlined, CustomerServiceOutlined, SettingOutlined } from '@ant-design/icons';
import { AftersalesReportPage, AftersalesSettingsPage } from './SettingsReportPages';
import { ComplaintDetailPage, ComplaintInboxPage, MyComplaintDetailPage, MyComplaintsPage, NewComplaintPage } from './ComplaintPages';
import type { AdminRoute, PortalRoute } from '../lib/registry';
import { lazySlot, type AnySlotFill } from '../lib/slots';
import { ApplyPage } from './ApplyPage';
import { StaffNewComplaintPage } from './StaffComplaintPage';
import { MyAftersalesDetailPage, MyAftersalesListPage } from './MyAftersalesPages';
import { AftersalesDetailPage, AftersalesQueuePage } from './AdminPages';

export const adminRoutes: AdminRoute[] = [
  { path: 'aftersales', element: <AftersalesQueuePage />, menu: { label: 'aftersales.menu', icon: <CustomerServiceOutlined />, group: 'orders', order: 3 } },
  { path: 'aftersales/new', element: <ApplyPage staff />, roles: ['admin', 'sales'] },
  { path: 'aftersales/settings', element: <AftersalesSettingsPage />, roles: ['admin'], menu: { label: 'aftersales.settings.menu', icon: <SettingOutlined />, group: 'orders', order: 6 } },
  { path: 'aftersales/report', element: <AftersalesReportPage />, menu: { label: 'aftersales.report.menu', icon: <BarChartOutlined />, group: 'orders', order: 5 } },
  { path: 'aftersales/:id', element: <AftersalesDetailPage /> },
  { path: 'complaints', element: <ComplaintInboxPage />, menu: { label: 'aftersales.complaint.menu', icon: <CommentOutlined />, group: 'orders', order: 4 } },
  { path: 'complaints/new', element: <StaffNewComplaintPage />, roles: ['admin', 'sales'] },
  { path: 'complaints/:id', element: <ComplaintDetailPage /> },
];

export const portalRoutes: PortalRoute[] = [
  { path: 'aftersales', element: <MyAftersalesListPage />, meLink: { label: 'aftersales.meLink', icon: <CustomerServiceOutlined />, order: 30 } },
  { path: 'aftersales/new', element: <ApplyPage /> },
  { path: 'aftersales/:id', element: <MyAftersalesDetailPage /> },
  { path: 'complaints', element: <MyComplaintsPage />, meLink: { label: 'aftersales.complaint.meLink', icon: <CommentOutlined />, order: 31 } },
  { path: 'complaints/new', element: <NewComplaintPage /> },
  { path: 'complaints/:id', element: <MyComplaintDetailPage /> },
];

/** After-sales' links on the order and customer pages (orders and customers do not import after-sales). */
export const slots: AnySlotFill[] = [
  { slot: 'order.actions', key: 'aftersales', Component: lazySlot<'order.actions'>(() => import('./OrderLinks'), 'AftersalesLinks') },
  { slot: 'customer.actions', key: 'complaint', Component: lazySlot<'customer.actions'>(() => import('./OrderLinks'), 'CustomerComplaintLink') },
];
