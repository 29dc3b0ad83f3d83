import { AuditOutlined, CrownOutlined, ShopOutlined } from '@ant-design/icons';
import type { AdminRoute } from '../lib/registry';
import { CustomerDetailPage } from './CustomerDetailPage';
import { CustomersPage } from './CustomersPage';
import { RegistrationsPage } from './RegistrationsPage';
import { TiersPage } from './TiersPage';

const readers: AdminRoute['roles'] = ['admin', 'sales', 'finance'];

export const adminRoutes: AdminRoute[] = [
  { path: 'customers', element: <CustomersPage />, menu: { label: 'customers.list', icon: <ShopOutlined />, group: 'customers', order: 1 }, roles: readers },
  { path: 'customers/:id', element: <CustomerDetailPage />, roles: readers },
  { path: 'customers/tiers', element: <TiersPage />, menu: { label: 'tiers.title', icon: <CrownOutlined />, group: 'customers', order: 2 }, roles: ['admin', 'sales', 'finance'] },
  { path: 'customers/registrations', element: <RegistrationsPage />, menu: { label: 'registrations.title', icon: <AuditOutlined />, group: 'customers', order: 3 }, roles: ['admin', 'sales'] },
];
