import { Avatar, Button, Drawer, Dropdown, Grid, Layout, Menu, Space, Typography } from 'antd';
import { AppstoreOutlined, DashboardOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useLogout, type Me } from '../lib/auth';
import { adminRoutes, MENU_GROUPS } from '../lib/registry';
import { LanguageSwitch } from '../lib/LanguageSwitch';
import { NotificationBell } from '../notifications/NotificationBell';
import { useSupplierName } from '../lib/supplier';

/** Staff console: sidebar menu built from every domain's adminRoutes, filtered by role. */
export function AdminLayout({ me }: { me: Me }) {
  const { t } = useTranslation();
  const supplier = useSupplierName();
  const location = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();
  const screens = Grid.useBreakpoint();
  const [drawer, setDrawer] = useState(false);

  const items = useMemo(() => {
    const visible = adminRoutes.filter((r) => r.menu && (!r.roles || r.roles.includes(me.role)));
    const groups = MENU_GROUPS.map((g) => {
      const children = visible
        .filter((r) => r.menu!.group === g)
        .sort((a, b) => (a.menu!.order ?? 50) - (b.menu!.order ?? 50))
        .map((r) => ({ key: `/admin/${r.path}`, icon: r.menu!.icon, label: <Link to={`/admin/${r.path}`}>{t(r.menu!.label)}</Link> }));
      return { g, children };
    }).filter((x) => x.children.length > 0);
    return [
      { key: '/admin', icon: <DashboardOutlined />, label: <Link to="/admin">{t('menu.home')}</Link> },
      ...groups.map(({ g, children }) => ({ key: `group-${g}`, label: t(`menu.${g}`), type: 'group' as const, children })),
    ];
  }, [me.role, t]);

  const selected = useMemo(() => {
    const keys = adminRoutes.filter((r) => r.menu).map((r) => `/admin/${r.path}`);
    const match = keys.filter((k) => location.pathname === k || location.pathname.startsWith(k + '/')).sort((a, b) => b.length - a.length)[0];
    return [match ?? (location.pathname === '/admin' ? '/admin' : '')];
  }, [location.pathname]);

  const menu: ReactNode = <Menu mode="inline" items={items} selectedKeys={selected} onClick={() => setDrawer(false)} style={{ borderInlineEnd: 0 }} />;
  const narrow = !screens.lg;
  // Phones (below sm): no company name and no role, the user name shrinks to its avatar; the
  // avatar stays the dropdown trigger, and the menu names the user so nothing is lost.
  const phone = !screens.sm;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!narrow && (
        <Layout.Sider width={220} theme="light" style={{ borderRight: '1px solid #f0f0f0', overflow: 'auto', height: '100vh', position: 'sticky', top: 0 }}>
          <div style={{ padding: '16px 20px', fontWeight: 600, fontSize: 16 }}>
            <AppstoreOutlined style={{ color: '#1677ff' }} /> {t('app.name')}
            <div style={{ fontSize: 12, color: '#999', fontWeight: 400 }}>{t('app.console')}</div>
          </div>
          {menu}
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: phone ? '0 12px' : '0 16px', display: 'flex', alignItems: 'center', gap: 12, borderBottom: '1px solid #f0f0f0', position: 'sticky', top: 0, zIndex: 10 }}>
          {/* left side may shrink (the company name ellipsizes); the right side never wraps */}
          <div style={{ display: 'flex', alignItems: 'center', gap: 8, flex: '1 1 auto', minWidth: 0 }}>
            {narrow && <Button icon={<MenuOutlined />} onClick={() => setDrawer(true)} aria-label={t('menu.open')} style={{ flex: 'none' }} />}
            {!phone && supplier && <Typography.Text strong ellipsis={{ tooltip: supplier }} style={{ minWidth: 0 }} data-testid="header-company">{supplier}</Typography.Text>}
          </div>
          <Space size={phone ? 'small' : 'middle'} style={{ flex: 'none' }}>
            {/* held by the two-factor policy, every other API answers 403: no bell until set up */}
            {!me.twoFactorSetupRequired && <NotificationBell />}
            <LanguageSwitch />
            <Dropdown
              menu={{
                items: [
                  ...(phone ? [{ key: 'who', label: `${me.name} · ${t(`roles.${me.role}`)}`, disabled: true }, { type: 'divider' as const }] : []),
                  { key: 'account', label: t('menu.account'), onClick: () => navigate('/admin/account') },
                  { key: 'logout', label: t('auth.logout'), onClick: () => void logout() },
                ],
              }}
            >
              <Space align="center" style={{ cursor: 'pointer', whiteSpace: 'nowrap', lineHeight: 'normal' }} data-testid="user-menu" aria-label={me.name}>
                <Avatar size="small" icon={<UserOutlined />} />
                {!phone && <span title={me.name} style={{ display: 'inline-block', verticalAlign: 'middle', maxWidth: screens.md ? 160 : 96, overflow: 'hidden', textOverflow: 'ellipsis' }}>{me.name}</span>}
                {screens.md && <Typography.Text type="secondary">{t(`roles.${me.role}`)}</Typography.Text>}
              </Space>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 16 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
      <Drawer open={drawer} onClose={() => setDrawer(false)} placement="left" width={240} styles={{ body: { padding: 0 } }} title={t('app.name')}>
        {menu}
      </Drawer>
    </Layout>
  );
}
