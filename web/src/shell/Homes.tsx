import { Card, Col, List, Row, Statistic, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { client } from '../lib/client';
import { RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Me } from '../lib/auth';
import { adminRoutes, portalRoutes } from '../lib/registry';
import { ReorderCard } from '../recommendations/ReorderCard';
import { PromoBanner } from '../marketing/PromoTags';

/** Staff landing page: what waits for this role (counts that open the page listing them), then shortcuts. */
export function AdminHome({ me }: { me: Me }) {
  const { t } = useTranslation();
  const links = adminRoutes.filter((r) => r.menu && (!r.roles || r.roles.includes(me.role)));
  const todo = useQuery({ queryKey: ['home-todo'], queryFn: () => client.get('/api/reports/todo'), refetchInterval: 60_000 });
  return (
    <div data-testid={`home-${me.role}`}>
      <Typography.Title level={3}>{t('home.staffTitle', { role: t(`roles.${me.role}`) })}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('auth.welcome', { name: me.name })}</Typography.Paragraph>
      <Typography.Title level={5}>{t('home.todo')}</Typography.Title>
      <Row gutter={[16, 16]} style={{ marginBottom: 24 }} data-testid="home-todo">
        {(todo.data?.items ?? []).map((i) => (
          <Col key={i.key} xs={12} md={8} xl={4}>
            <Link to={i.link} data-testid={`todo-${i.key}`}>
              <Card hoverable size="small">
                <Statistic title={t(`home.todos.${i.key}`)} value={i.count} valueStyle={{ color: i.count > 0 ? '#cf1322' : '#8c8c8c' }} />
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
      <Typography.Title level={5}>{t('home.quick')}</Typography.Title>
      <Row gutter={[16, 16]}>
        {links.map((r) => (
          <Col key={r.path} xs={12} md={8} xl={6}>
            <Link to={`/admin/${r.path}`}>
              <Card hoverable size="small">
                <span style={{ fontSize: 18, color: '#1677ff', marginRight: 8 }}>{r.menu!.icon}</span>
                {t(r.menu!.label)}
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </div>
  );
}

/** Customer landing page when no domain provides a richer one: company and shortcuts. */
export function PortalHome({ me }: { me: Me }) {
  const { t } = useTranslation();
  const links = portalRoutes.filter((r) => r.tab && (!r.roles || r.roles.includes(me.role)));
  return (
    <div data-testid={`home-${me.role}`}>
      <Card style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ marginTop: 0 }}>{t('home.customerTitle', { company: me.companyName })}</Typography.Title>
        <Typography.Text type="secondary">{t('auth.welcome', { name: me.name })} · {t(`roles.${me.role}`)}</Typography.Text>
        <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>{t('home.customerIntro')}</Typography.Paragraph>
      </Card>
      <PromoBanner />
      <ReorderCard />
      {links.length > 0 && (
        <Card title={t('home.quick')} size="small">
          <List dataSource={links} renderItem={(r) => (
            <List.Item extra={<RightOutlined />}><Link to={`/${r.path}`}>{r.tab!.icon} {t(r.tab!.label)}</Link></List.Item>
          )} />
        </Card>
      )}
    </div>
  );
}
