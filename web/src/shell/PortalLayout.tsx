import { Badge, Grid, Layout, Space, Typography } from 'antd';
import { HomeOutlined, UserOutlined } from '@ant-design/icons';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import type { Me } from '../lib/auth';
import { portalRoutes } from '../lib/registry';
import { LanguageSwitch } from '../lib/LanguageSwitch';
import { lazyPage } from '../lib/lazy';

// The bell's list and drawer load after the page (issue 20: a small first page).
const NotificationBell = lazyPage(() => import('../notifications/NotificationBell'), 'NotificationBell', null);

interface Tab {
  path: string;
  label: string;
  icon: React.ReactNode;
  order: number;
}

/** Customer portal: mobile first, a bottom tab bar on phones and a top menu on wider screens. */
export function PortalLayout({ me }: { me: Me }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const location = useLocation();
  const navigate = useNavigate();
  const phone = !screens.md;

  const tabs: Tab[] = useMemo(() => {
    const fromRoutes = portalRoutes
      .filter((r) => r.tab && (!r.roles || r.roles.includes(me.role)))
      .map((r) => ({ path: `/${r.path}`, label: r.tab!.label, icon: r.tab!.icon, order: r.tab!.order }));
    return [{ path: '/', label: 'portal.home', icon: <HomeOutlined />, order: 0 }, ...fromRoutes, { path: '/me', label: 'portal.me', icon: <UserOutlined />, order: 100 }].sort((a, b) => a.order - b.order);
  }, [me.role]);

  const active = tabs
    .filter((tab) => (tab.path === '/' ? location.pathname === '/' : location.pathname.startsWith(tab.path)))
    .sort((a, b) => b.path.length - a.path.length)[0]?.path;

  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f6f8' }}>
      <Layout.Header style={{ background: '#fff', padding: phone ? '0 12px' : '0 24px', display: 'flex', alignItems: 'center', gap: 16, borderBottom: '1px solid #f0f0f0', position: 'sticky', top: 0, zIndex: 10, height: 52, lineHeight: '52px' }}>
        <Link to="/" style={{ fontWeight: 600, fontSize: 16, whiteSpace: 'nowrap' }}>{t('app.name')}</Link>
        {!phone && (
          // Plain links rather than antd's Menu: the portal's first page stays small (issue 20).
          <nav data-testid="top-nav" style={{ flex: 1, display: 'flex', alignSelf: 'stretch', overflowX: 'auto' }}>
            {tabs.map((tab) => {
              const on = tab.path === active;
              return (
                <Link
                  key={tab.path}
                  to={tab.path}
                  aria-current={on ? 'page' : undefined}
                  style={{ display: 'flex', alignItems: 'center', gap: 6, padding: '0 16px', whiteSpace: 'nowrap', color: on ? '#1677ff' : 'rgba(0,0,0,0.88)', borderBottom: on ? '2px solid #1677ff' : '2px solid transparent' }}
                >
                  {tab.icon}
                  {t(tab.label)}
                </Link>
              );
            })}
          </nav>
        )}
        {phone && <div style={{ flex: 1, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', fontSize: 13, color: '#666' }}>{me.companyName}</div>}
        <Space>
          {!phone && <Typography.Text type="secondary">{me.companyName} · {me.name}</Typography.Text>}
          <NotificationBell />
          <LanguageSwitch />
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: phone ? 8 : 24, paddingBottom: phone ? 72 : 24, maxWidth: 1200, width: '100%', margin: '0 auto' }}>
        <Outlet />
      </Layout.Content>
      {phone && (
        <nav data-testid="tab-bar" style={{ position: 'fixed', bottom: 0, left: 0, right: 0, height: 58, background: '#fff', borderTop: '1px solid #eee', display: 'flex', zIndex: 20, paddingBottom: 'env(safe-area-inset-bottom)' }}>
          {tabs.map((tab) => {
            const on = tab.path === active;
            return (
              <button
                key={tab.path}
                onClick={() => navigate(tab.path)}
                style={{ flex: 1, border: 0, background: 'none', display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center', gap: 2, color: on ? '#1677ff' : '#666', fontSize: 11, cursor: 'pointer' }}
              >
                <Badge dot={false}><span style={{ fontSize: 20 }}>{tab.icon}</span></Badge>
                {t(tab.label)}
              </button>
            );
          })}
        </nav>
      )}
    </Layout>
  );
}
