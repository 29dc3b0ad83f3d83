import { KeyOutlined } from '@ant-design/icons';
import type { AdminRoute, PortalRoute, PublicRoute } from '../lib/registry';
import { AccountPage } from './AccountPage';
import { UnlockPage } from './UnlockPage';

export const adminRoutes: AdminRoute[] = [
  { path: 'account', element: <AccountPage />, menu: { label: 'menu.account', icon: <KeyOutlined />, group: 'system', order: 90 } },
];
export const portalRoutes: PortalRoute[] = [
  { path: 'me/account', element: <AccountPage showTokens={false} />, meLink: { label: 'portal.account', icon: <KeyOutlined />, order: 90 } },
];

/** The page an unlock e-mail links to (issue 22). */
export const publicRoutes: PublicRoute[] = [{ path: 'unlock', element: <UnlockPage /> }];
