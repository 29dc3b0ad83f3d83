import { App, Button, Card, Form, Input, Space, Table, Tag, Typography, Select, Modal } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../lib/client';
import { ApiError } from '../lib/api';
import { isStaff, useMe, useLogout } from '../lib/auth';
import { dateTime } from '../lib/format';
import { TwoFactorCard } from './TwoFactorCard';

interface Token { id: number; name: string; prefix: string; scopes: string[]; createdAt: string; lastUsedAt: string | null; revokedAt: string | null; expiresAt: string | null }

/**
 * Change password, two-factor sign-in (staff) and API tokens: shared by the staff console and the
 * portal "me" page. While the role requires two-factor sign-in and it is off, the server answers
 * 403 to everything but its setup, so only that card is shown.
 */
export function AccountPage({ showTokens = true }: { showTokens?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const logout = useLogout();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [shown, setShown] = useState<string | null>(null);
  const held = !!me?.twoFactorSetupRequired;
  const tokens = useQuery({ queryKey: ['tokens'], queryFn: () => client.get('/api/auth/tokens'), enabled: showTokens && !held });

  const change = useMutation({
    mutationFn: (v: { currentPassword: string; newPassword: string }) => client.post('/api/auth/password', { body: v }),
    onSuccess: () => { message.success(t('auth.passwordChanged')); form.resetFields(); },
    onError: (e) => message.error(e instanceof ApiError ? e.message : String(e)),
  });
  const create = useMutation({
    mutationFn: (v: { name: string; scopes: string[] }) => client.post('/api/auth/tokens', { body: v }),
    onSuccess: (tok) => { setShown(tok.token); void qc.invalidateQueries({ queryKey: ['tokens'] }); },
    onError: (e) => message.error(e instanceof ApiError ? e.message : String(e)),
  });
  const revoke = useMutation({
    mutationFn: (id: number) => client.del('/api/auth/tokens/{id}', { path: { id } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['tokens'] }),
  });

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card title={`${me?.name ?? ''} · ${me ? t(`roles.${me.role}`) : ''}`} extra={<Button onClick={() => void logout()}>{t('auth.logout')}</Button>}>
        <Typography.Text type="secondary"><span translate="no">{me?.login}</span> {me?.companyName ? `· ${me.companyName}` : ''}</Typography.Text>
      </Card>
      {isStaff(me) && <TwoFactorCard />}
      {!held && <Card title={t('auth.changePassword')}>
        <Form form={form} layout="vertical" onFinish={(v) => change.mutate(v)} style={{ maxWidth: 360 }}>
          <Form.Item name="currentPassword" label={t('auth.currentPassword')} rules={[{ required: true }]}><Input.Password autoComplete="current-password" /></Form.Item>
          <Form.Item name="newPassword" label={t('auth.newPassword')} rules={[{ required: true, min: 8 }]}><Input.Password autoComplete="new-password" /></Form.Item>
          <Button type="primary" htmlType="submit" loading={change.isPending}>{t('common.save')}</Button>
        </Form>
      </Card>}
      {showTokens && !held && (
        <Card title={t('menu.tokens')}>
          <Form layout="inline" onFinish={(v) => create.mutate(v)} style={{ marginBottom: 12, rowGap: 8 }}>
            <Form.Item name="name" rules={[{ required: true }]}><Input placeholder={t('common.name')} /></Form.Item>
            <Form.Item name="scopes" rules={[{ required: true }]}>
              <Select mode="multiple" style={{ minWidth: 240 }} placeholder={t('auth.scopes')} options={(me?.permissions ?? []).map((p) => ({ value: p, label: <span translate="no">{p}</span> }))} />
            </Form.Item>
            <Button htmlType="submit" type="primary">{t('common.create')}</Button>
          </Form>
          <Table<Token> rowKey="id" size="small" dataSource={tokens.data ?? []} pagination={false} scroll={{ x: true }}
            columns={[
              { title: t('common.name'), dataIndex: 'name' },
              { title: t('auth.tokenPrefix'), dataIndex: 'prefix', render: (v: string) => <span translate="no">{v}</span> },
              { title: t('auth.scopes'), dataIndex: 'scopes', render: (s: string[]) => s.map((x) => <Tag key={x} translate="no">{x}</Tag>) },
              { title: t('common.createdAt'), dataIndex: 'createdAt', render: dateTime },
              { title: t('common.status'), render: (_, r) => (r.revokedAt ? <Tag>revoked</Tag> : <Tag color="green">{t('common.active')}</Tag>) },
              { title: t('common.actions'), render: (_, r) => !r.revokedAt && <Button size="small" danger onClick={() => revoke.mutate(r.id)}>{t('common.delete')}</Button> },
            ]} />
          <Modal open={!!shown} onOk={() => setShown(null)} onCancel={() => setShown(null)} title={t('menu.tokens')}>
            <Typography.Paragraph copyable code>{shown}</Typography.Paragraph>
          </Modal>
        </Card>
      )}
    </Space>
  );
}
