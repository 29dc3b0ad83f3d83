import { KeyOutlined } from '@ant-design/icons';
import type { AdminRoute, PortalRoute } from '../lib/registry';
import { AccountPage } from './AccountPage';

export const adminRoutes: AdminRoute[] = [
  { path: 'account', element: <AccountPage />, menu: { label: 'menu.account', icon: <KeyOutlined />, group: 'system', order: 90 } },
];
export const portalRoutes: PortalRoute[] = [
  { path: 'me/account', element: <AccountPage showTokens={false} />, meLink: { label: 'portal.account', icon: <KeyOutlined />, order: 90 } },
];
