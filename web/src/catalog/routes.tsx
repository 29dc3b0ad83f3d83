import { AppstoreOutlined } from '@ant-design/icons';
import type { PortalRoute } from '../lib/registry';
import { CatalogPage } from './CatalogPage';
import { ProductPage } from './ProductPage';

export const portalRoutes: PortalRoute[] = [
  { path: 'catalog', element: <CatalogPage />, tab: { label: 'catalog.tab', icon: <AppstoreOutlined />, order: 10 } },
  { path: 'products/:id', element: <ProductPage /> },
];
