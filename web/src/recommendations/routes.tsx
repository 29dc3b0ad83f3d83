import { PhoneOutlined } from '@ant-design/icons';
import type { AdminRoute } from '../lib/registry';
import { CallListPage } from './CallListPage';

export const adminRoutes: AdminRoute[] = [
  { path: 'recommendations/calls', element: <CallListPage />, menu: { label: 'reco.calls', icon: <PhoneOutlined />, group: 'customers', order: 20 }, roles: ['admin', 'sales'] },
];
