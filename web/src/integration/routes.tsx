import { ApiOutlined } from '@ant-design/icons';
import type { AdminRoute } from '../lib/registry';
import { WebhooksPage } from './WebhooksPage';

export const adminRoutes: AdminRoute[] = [
  { path: 'integration/webhooks', element: <WebhooksPage />, menu: { label: 'integration.webhooks', icon: <ApiOutlined />, group: 'system', order: 30 }, roles: ['admin'] },
];
