import { BarChartOutlined, DatabaseOutlined, LineChartOutlined, MoneyCollectOutlined, TeamOutlined, TrophyOutlined } from '@ant-design/icons';
import type { AdminRoute } from '../lib/registry';
import { DashboardPage } from './DashboardPage';
import { CustomerAnalysisPage, CustomerReportPage, MoneyAnalysisPage, RepsReportPage, SalesAnalysisPage, StockAnalysisPage } from './AnalyticsPages';

const OFFICE = ['admin', 'sales', 'finance'] as const;

export const adminRoutes: AdminRoute[] = [
  { path: 'reports/dashboard', element: <DashboardPage />, menu: { label: 'reports.dashboard', icon: <LineChartOutlined />, group: 'reports', order: 1 }, roles: [...OFFICE] },
  { path: 'reports/sales', element: <SalesAnalysisPage />, menu: { label: 'reports.sales', icon: <BarChartOutlined />, group: 'reports', order: 2 }, roles: [...OFFICE] },
  { path: 'reports/customers', element: <CustomerAnalysisPage />, menu: { label: 'reports.customers', icon: <TeamOutlined />, group: 'reports', order: 3 }, roles: [...OFFICE] },
  { path: 'reports/stock', element: <StockAnalysisPage />, menu: { label: 'reports.stock', icon: <DatabaseOutlined />, group: 'reports', order: 4 }, roles: [...OFFICE, 'warehouse'] },
  { path: 'reports/money', element: <MoneyAnalysisPage />, menu: { label: 'reports.money', icon: <MoneyCollectOutlined />, group: 'reports', order: 5 }, roles: [...OFFICE] },
  { path: 'reports/reps', element: <RepsReportPage />, menu: { label: 'reports.reps', icon: <TrophyOutlined />, group: 'reports', order: 6 }, roles: [...OFFICE] },
  { path: 'reports/customer', element: <CustomerReportPage />, roles: [...OFFICE] },
];
