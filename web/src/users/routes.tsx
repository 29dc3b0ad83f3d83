import { TeamOutlined } from '@ant-design/icons';
import type { AdminRoute } from '../lib/registry';
import { UsersPage } from './UsersPage';

export const adminRoutes: AdminRoute[] = [
  { path: 'users', element: <UsersPage />, menu: { label: 'menu.users', icon: <TeamOutlined />, group: 'system', order: 10 }, roles: ['admin'] },
];
