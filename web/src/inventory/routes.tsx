import { AuditOutlined, BulbOutlined, ClockCircleOutlined, DatabaseOutlined, DiffOutlined, HomeOutlined, SettingOutlined, ShoppingCartOutlined, SwapOutlined, TeamOutlined } from '@ant-design/icons';
import type { AdminRoute } from '../lib/registry';
import { AdjustmentPage } from './AdjustmentPage';
import { PresalePage } from './PresalePage';
import { PurchaseOrderNewPage } from './PurchaseOrderNewPage';
import { PurchaseOrderPage } from './PurchaseOrderPage';
import { PurchaseOrdersPage } from './PurchaseOrdersPage';
import { ReplenishmentPage } from './ReplenishmentPage';
import { SettingsPage } from './SettingsPage';
import { StockCardPage } from './StockCardPage';
import { StockPage } from './StockPage';
import { StocktakePage } from './StocktakePage';
import { StocktakesPage } from './StocktakesPage';
import { SuppliersPage } from './SuppliersPage';
import { TransferPage } from './TransferPage';
import { WarehousesPage } from './WarehousesPage';

// As the server allows: inventory.read / inventory.write, and purchasing.read (no sales: costs) / purchasing.write.
const READERS: AdminRoute['roles'] = ['admin', 'warehouse', 'sales', 'finance'];
const WRITERS: AdminRoute['roles'] = ['admin', 'warehouse'];
const PURCHASING: AdminRoute['roles'] = ['admin', 'warehouse', 'finance'];
const menu = (label: string, icon: React.ReactNode, order: number): AdminRoute['menu'] => ({ label: `inv.menu.${label}`, icon, group: 'inventory', order });

export const adminRoutes: AdminRoute[] = [
  { path: 'inventory/stock', element: <StockPage />, menu: menu('stock', <DatabaseOutlined />, 1), roles: READERS },
  { path: 'inventory/skus/:id', element: <StockCardPage />, roles: READERS },
  { path: 'inventory/warehouses', element: <WarehousesPage />, menu: menu('warehouses', <HomeOutlined />, 2), roles: READERS },
  { path: 'inventory/adjustments', element: <AdjustmentPage />, menu: menu('adjust', <DiffOutlined />, 3), roles: WRITERS },
  { path: 'inventory/transfers', element: <TransferPage />, menu: menu('transfer', <SwapOutlined />, 4), roles: WRITERS },
  { path: 'inventory/stocktakes', element: <StocktakesPage />, menu: menu('stocktakes', <AuditOutlined />, 5), roles: READERS },
  { path: 'inventory/stocktakes/:id', element: <StocktakePage />, roles: READERS },
  { path: 'inventory/suppliers', element: <SuppliersPage />, menu: menu('suppliers', <TeamOutlined />, 6), roles: PURCHASING },
  { path: 'inventory/purchase-orders', element: <PurchaseOrdersPage />, menu: menu('purchaseOrders', <ShoppingCartOutlined />, 7), roles: PURCHASING },
  { path: 'inventory/purchase-orders/new', element: <PurchaseOrderNewPage />, roles: WRITERS },
  { path: 'inventory/purchase-orders/:id', element: <PurchaseOrderPage />, roles: PURCHASING },
  { path: 'inventory/replenishment', element: <ReplenishmentPage />, menu: menu('replenishment', <BulbOutlined />, 8), roles: PURCHASING },
  { path: 'inventory/presale', element: <PresalePage />, menu: menu('presale', <ClockCircleOutlined />, 9), roles: READERS },
  { path: 'inventory/settings', element: <SettingsPage />, menu: menu('settings', <SettingOutlined />, 10), roles: READERS },
];
