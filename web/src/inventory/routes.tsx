import { DatabaseOutlined, DiffOutlined, SwapOutlined } from '@ant-design/icons';
import type { AdminRoute } from '../lib/registry';
import { AdjustmentPage } from './AdjustmentPage';
import { StockCardPage } from './StockCardPage';
import { StockPage } from './StockPage';
import { TransferPage } from './TransferPage';

// The server lets these roles read stock (inventory.read) and these change it (inventory.write).
const READERS: AdminRoute['roles'] = ['admin', 'warehouse', 'sales', 'finance'];
const WRITERS: AdminRoute['roles'] = ['admin', 'warehouse'];

export const adminRoutes: AdminRoute[] = [
  { path: 'inventory/stock', element: <StockPage />, menu: { label: 'inv.menu.stock', icon: <DatabaseOutlined />, group: 'inventory', order: 1 }, roles: READERS },
  { path: 'inventory/skus/:id', element: <StockCardPage />, roles: READERS },
  { path: 'inventory/adjustments', element: <AdjustmentPage />, menu: { label: 'inv.menu.adjust', icon: <DiffOutlined />, group: 'inventory', order: 3 }, roles: WRITERS },
  { path: 'inventory/transfers', element: <TransferPage />, menu: { label: 'inv.menu.transfer', icon: <SwapOutlined />, group: 'inventory', order: 4 }, roles: WRITERS },
];
