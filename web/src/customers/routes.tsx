import { AuditOutlined, BankOutlined, CrownOutlined, ShopOutlined } from '@ant-design/icons';
import type { AdminRoute, PortalRoute, PublicRoute } from '../lib/registry';
import { CustomerDetailPage } from './CustomerDetailPage';
import { CustomersPage } from './CustomersPage';
import { MyCompanyPage } from './MyCompanyPage';
import { RegisterPage } from './RegisterPage';
import { RegistrationsPage } from './RegistrationsPage';
import { TiersPage } from './TiersPage';

const readers: AdminRoute['roles'] = ['admin', 'sales', 'finance'];

export const adminRoutes: AdminRoute[] = [
  { path: 'customers', element: <CustomersPage />, menu: { label: 'customers.list', icon: <ShopOutlined />, group: 'customers', order: 1 }, roles: readers },
  { path: 'customers/:id', element: <CustomerDetailPage />, roles: readers },
  { path: 'customers/tiers', element: <TiersPage />, menu: { label: 'tiers.title', icon: <CrownOutlined />, group: 'customers', order: 2 }, roles: ['admin', 'sales', 'finance'] },
  { path: 'customers/registrations', element: <RegistrationsPage />, menu: { label: 'registrations.title', icon: <AuditOutlined />, group: 'customers', order: 3 }, roles: ['admin', 'sales'] },
];

export const portalRoutes: PortalRoute[] = [
  { path: 'company', element: <MyCompanyPage />, meLink: { label: 'myCompany.title', icon: <BankOutlined />, order: 10 }, roles: ['customer_admin', 'customer_buyer'] },
];

export const publicRoutes: PublicRoute[] = [{ path: 'register', element: <RegisterPage /> }];
