import { CloudUploadOutlined } from '@ant-design/icons';
import type { AdminRoute } from '../lib/registry';
import { ImportsPage } from './ImportsPage';

export const adminRoutes: AdminRoute[] = [
  { path: 'imports', element: <ImportsPage />, menu: { label: 'imports.menu', icon: <CloudUploadOutlined />, group: 'system', order: 5 }, roles: ['admin'] },
];
