import { Card, List, Typography } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Me } from '../lib/auth';
import { useLogout } from '../lib/auth';
import { portalRoutes } from '../lib/registry';
import { LanguageSwitch } from '../lib/LanguageSwitch';

/** Portal "me" tab: who I am, links each domain adds (addresses, balance, statements …), language. */
export function MePage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const logout = useLogout();
  const links = portalRoutes.filter((r) => r.meLink && (!r.roles || r.roles.includes(me.role))).sort((a, b) => (a.meLink!.order ?? 50) - (b.meLink!.order ?? 50));
  return (
    <div data-testid="me-page">
      <Card style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{me.name}</Typography.Title>
        <Typography.Text type="secondary">{me.companyName} · {t(`roles.${me.role}`)}</Typography.Text>
      </Card>
      <Card size="small">
        <List>
          {links.map((r) => (
            <List.Item key={r.path} extra={<RightOutlined />}><Link to={`/${r.path}`} style={{ flex: 1 }}>{r.meLink!.icon} {t(r.meLink!.label)}</Link></List.Item>
          ))}
          <List.Item extra={<LanguageSwitch />}>{t('portal.language')}</List.Item>
          <List.Item><a onClick={() => void logout()}>{t('auth.logout')}</a></List.Item>
        </List>
      </Card>
    </div>
  );
}
