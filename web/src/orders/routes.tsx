import { ContainerOutlined, NodeIndexOutlined, ShopOutlined } from '@ant-design/icons';
import type { AdminRoute, PortalRoute } from '../lib/registry';
import { OrderListPage } from './OrderListPage';
import { OrderDetailPage } from './OrderDetailPage';
import { WarehousePage } from './WarehousePage';
import { MyOrdersPage } from './MyOrdersPage';
import { MyOrderDetailPage } from './MyOrderDetailPage';
import { WorkflowSettingsPage } from './WorkflowSettingsPage';

export const adminRoutes: AdminRoute[] = [
  { path: 'orders', element: <OrderListPage />, menu: { label: 'orders.menu.list', icon: <ContainerOutlined />, group: 'orders', order: 1 } },
  { path: 'orders/:id', element: <OrderDetailPage /> },
  { path: 'settings/order-workflow', element: <WorkflowSettingsPage />, menu: { label: 'orders.menu.settings', icon: <NodeIndexOutlined />, group: 'system', order: 20 }, roles: ['admin'] },
  { path: 'orders/warehouse', element: <WarehousePage />, menu: { label: 'orders.menu.warehouse', icon: <ShopOutlined />, group: 'orders', order: 2 }, roles: ['admin', 'warehouse'] },
];

export const portalRoutes: PortalRoute[] = [
  { path: 'orders', element: <MyOrdersPage />, tab: { label: 'orders.tab', icon: <ContainerOutlined />, order: 50 } },
  { path: 'orders/:id', element: <MyOrderDetailPage /> },
];
