import { AppstoreOutlined, ApartmentOutlined, FileSearchOutlined, ShoppingOutlined, TagsOutlined } from '@ant-design/icons';
import type { AdminRoute, PortalRoute } from '../lib/registry';
import { BrandsPage } from './admin/BrandsPage';
import { CategoriesPage } from './admin/CategoriesPage';
import { ProductEditor } from './admin/ProductEditor';
import { ProductsPage } from './admin/ProductsPage';
import { SearchTuningPage } from './admin/SearchTuningPage';
import { CatalogPage } from './CatalogPage';
import { ProductPage } from './ProductPage';

export const portalRoutes: PortalRoute[] = [
  { path: 'catalog', element: <CatalogPage />, tab: { label: 'catalog.tab', icon: <AppstoreOutlined />, order: 10 } },
  { path: 'products/:id', element: <ProductPage /> },
];

const staff: AdminRoute['roles'] = ['admin', 'sales', 'warehouse', 'finance'];
export const adminRoutes: AdminRoute[] = [
  { path: 'catalog/products', element: <ProductsPage />, menu: { label: 'catalog.admin.products', icon: <ShoppingOutlined />, group: 'catalog', order: 1 }, roles: staff },
  { path: 'catalog/products/:id', element: <ProductEditor />, roles: ['admin'] },
  { path: 'catalog/categories', element: <CategoriesPage />, menu: { label: 'catalog.admin.categories', icon: <ApartmentOutlined />, group: 'catalog', order: 2 }, roles: ['admin'] },
  { path: 'catalog/brands', element: <BrandsPage />, menu: { label: 'catalog.admin.brands', icon: <TagsOutlined />, group: 'catalog', order: 3 }, roles: ['admin'] },
  { path: 'catalog/search', element: <SearchTuningPage />, menu: { label: 'catalog.admin.searchTuning', icon: <FileSearchOutlined />, group: 'catalog', order: 4 }, roles: ['admin'] },
];
