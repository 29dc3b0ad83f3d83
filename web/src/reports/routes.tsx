import { BarChartOutlined, LineChartOutlined } from '@ant-design/icons';
import type { AdminRoute } from '../lib/registry';
import { DashboardPage } from './DashboardPage';
import { SalesReportPage } from './SalesReportPage';

export const adminRoutes: AdminRoute[] = [
  { path: 'reports/dashboard', element: <DashboardPage />, menu: { label: 'reports.dashboard', icon: <LineChartOutlined />, group: 'reports', order: 1 }, roles: ['admin', 'sales', 'finance'] },
  { path: 'reports/sales', element: <SalesReportPage />, menu: { label: 'reports.sales', icon: <BarChartOutlined />, group: 'reports', order: 2 }, roles: ['admin', 'sales', 'finance'] },
];
