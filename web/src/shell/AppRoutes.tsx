import { Spin } from 'antd';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { isStaff, useMe, type Me } from '../lib/auth';
import { adminRoutes, portalRoutes, publicRoutes } from '../lib/registry';
import { lazyPage } from '../lib/lazy';
import { PortalLayout } from './PortalLayout';

// Loaded when first shown: the staff console never reaches a customer's browser, nor the login
// form a signed-in user's (issue 20: a small first page).
const AdminLayout = lazyPage<{ me: Me }>(() => import('./AdminLayout'), 'AdminLayout');
const AdminHome = lazyPage<{ me: Me }>(() => import('./Homes'), 'AdminHome');
const PortalHome = lazyPage<{ me: Me }>(() => import('./Homes'), 'PortalHome');
const LoginPage = lazyPage(() => import('./LoginPage'), 'LoginPage');
const MePage = lazyPage<{ me: Me }>(() => import('./MePage'), 'MePage');
// antd's Result draws its 404 picture inline: loaded only when a page is missing.
const NotFound = lazyPage(() => import('./NotFound'), 'NotFound');

const TWO_FACTOR_SETUP = '/admin/account';

/** Sends signed-out users to /login and users of the other side to their own home. */
function Guard({ staff, children }: { staff: boolean; children: (me: Me) => React.ReactNode }) {
  const { data: me, isLoading } = useMe();
  const location = useLocation();
  if (isLoading) return <div style={{ padding: 48, textAlign: 'center' }}><Spin /></div>;
  if (!me) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (staff !== isStaff(me)) return <Navigate to={isStaff(me) ? '/admin' : '/'} replace />;
  // Held until two-factor sign-in is set up: the server refuses everything else with 403.
  if (me.twoFactorSetupRequired && staff && location.pathname !== TWO_FACTOR_SETUP) return <Navigate to={TWO_FACTOR_SETUP} replace />;
  return <>{children(me)}</>;
}

const allowed = (me: Me, roles?: string[]) => !roles || roles.includes(me.role);

export function AppRoutes() {
  const { data: me } = useMe();
  // A domain may provide its own portal landing page with path ''.
  const portalIndex = portalRoutes.find((r) => r.path === '');
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      {publicRoutes.map((r) => <Route key={r.path} path={`/${r.path}`} element={r.element} />)}
      <Route path="/admin" element={<Guard staff>{(m) => <AdminLayout me={m} />}</Guard>}>
        <Route index element={me ? <AdminHome me={me} /> : null} />
        {me && adminRoutes.filter((r) => allowed(me, r.roles)).map((r) => <Route key={r.path} path={r.path} element={r.element} />)}
        <Route path="*" element={<NotFound />} />
      </Route>
      <Route path="/" element={<Guard staff={false}>{(m) => <PortalLayout me={m} />}</Guard>}>
        <Route index element={portalIndex ? portalIndex.element : me ? <PortalHome me={me} /> : null} />
        <Route path="me" element={me ? <MePage me={me} /> : null} />
        {me && portalRoutes.filter((r) => r.path !== '' && allowed(me, r.roles)).map((r) => <Route key={r.path} path={r.path} element={r.element} />)}
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
