import { App, Button, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, type Body } from '../lib/client';
import { CustomerSelect } from '../customers/CustomerSelect';
import { ApiError } from '../lib/api';
import { dateTime } from '../lib/format';
import type { Role } from '../lib/registry';
import { isStaff } from '../lib/auth';
import { TwoFactorPolicyCard } from './TwoFactorPolicyCard';
import { SupplierProfileCard } from './SupplierProfileCard';

interface User { id: number; login: string; name: string; phone: string | null; email: string | null; role: Role; companyId: number | null; companyName: string | null; status: 'active' | 'disabled'; lastLoginAt: string | null }
const ROLES: Role[] = ['admin', 'sales', 'warehouse', 'finance', 'customer_admin', 'customer_buyer'];

/** Staff and customer accounts: create, disable, reset password, reset two-factor sign-in (staff); the two-factor requirement per staff role. */
export function UsersPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [filter, setFilter] = useState<{ q?: string; role?: Role; page: number }>({ page: 1 });
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const list = useQuery({ queryKey: ['users', filter], queryFn: () => client.get('/api/users', { query: { ...filter, pageSize: 20 } }) });
  const fail = (e: unknown) => message.error(e instanceof ApiError ? `${e.message}${Array.isArray(e.details) ? '：' + (e.details as { path: string; message: string }[]).map((d) => `${d.path} ${d.message}`).join('；') : ''}` : String(e));

  const create = useMutation({
    mutationFn: (v: Body<'/api/users', 'post'>) => client.post('/api/users', { body: v }),
    onSuccess: (r) => {
      setCreating(false);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['users'] });
      if (r.initialPassword) modal.info({ title: r.user.login, content: <Typography.Paragraph copyable code>{r.initialPassword}</Typography.Paragraph> });
    },
    onError: fail,
  });
  const update = useMutation({
    mutationFn: ({ id, ...patch }: { id: number; status: 'active' | 'disabled' }) => client.patch('/api/users/{id}', { path: { id }, body: patch }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['users'] }),
    onError: fail,
  });
  const reset = useMutation({
    mutationFn: (id: number) => client.post('/api/users/{id}/reset-password', { path: { id } }),
    onSuccess: (r) => modal.info({ title: t('users.newPassword'), content: <Typography.Paragraph copyable code>{r.password}</Typography.Paragraph> }),
    onError: fail,
  });
  // Lost phone and recovery codes: an admin turns the user's two-factor sign-in off (issue 22).
  const resetTwoFactor = useMutation({
    mutationFn: (id: number) => client.post('/api/users/{id}/two-factor/reset', { path: { id } }),
    onSuccess: () => message.success(t('twoFactor.resetDone')),
    onError: fail,
  });
  const confirmResetTwoFactor = (u: User) => modal.confirm({
    title: t('twoFactor.resetConfirm', { name: u.name }), content: t('twoFactor.resetHint'), okButtonProps: { danger: true },
    onOk: () => resetTwoFactor.mutateAsync(u.id),
  });
  const role = Form.useWatch('role', form) as Role | undefined;

  return (
    <div>
      <SupplierProfileCard />
      <TwoFactorPolicyCard />
      <Space style={{ marginBottom: 12, flexWrap: 'wrap' }}>
        <Input.Search placeholder={t('users.searchHint')} allowClear onSearch={(q) => setFilter({ ...filter, q, page: 1 })} style={{ width: 240 }} />
        <Select allowClear placeholder={t('users.role')} style={{ width: 140 }} onChange={(r) => setFilter({ ...filter, role: r, page: 1 })} options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('users.create')}</Button>
      </Space>
      <Table<User> rowKey="id" loading={list.isLoading} dataSource={list.data?.items ?? []} scroll={{ x: 'max-content' }}
        pagination={{ current: filter.page, pageSize: 20, total: list.data?.total, onChange: (page) => setFilter({ ...filter, page }) }}
        columns={[
          { title: t('auth.login'), dataIndex: 'login', render: (v: string) => <span translate="no">{v}</span> },
          { title: t('common.name'), dataIndex: 'name' },
          { title: t('users.role'), dataIndex: 'role', render: (r: Role) => t(`roles.${r}`) },
          { title: t('users.company'), dataIndex: 'companyName', render: (c: string | null) => c ?? '—' },
          { title: t('common.status'), dataIndex: 'status', render: (s) => <Tag color={s === 'active' ? 'green' : 'default'}>{t(`common.${s}`)}</Tag> },
          { title: t('users.lastLogin'), dataIndex: 'lastLoginAt', render: dateTime },
          {
            title: t('common.actions'),
            render: (_, u) => (
              <Space>
                <Button size="small" onClick={() => update.mutate({ id: u.id, status: u.status === 'active' ? 'disabled' : 'active' })}>{u.status === 'active' ? t('users.disable') : t('users.enable')}</Button>
                <Button size="small" onClick={() => reset.mutate(u.id)}>{t('users.resetPassword')}</Button>
                {isStaff(u) && <Button size="small" onClick={() => confirmResetTwoFactor(u)}>{t('twoFactor.reset')}</Button>}
              </Space>
            ),
          },
        ]} />
      <Modal open={creating} title={t('users.create')} onCancel={() => setCreating(false)} onOk={() => form.submit()} confirmLoading={create.isPending}>
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
          <Form.Item name="login" label={t('auth.login')} rules={[{ required: true }]}><Input /></Form.Item>
          <Form.Item name="name" label={t('common.name')} rules={[{ required: true }]}><Input /></Form.Item>
          <Form.Item name="role" label={t('users.role')} rules={[{ required: true }]}><Select options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} /></Form.Item>
          {role?.startsWith('customer_') && <Form.Item name="companyId" label={t('users.company')} rules={[{ required: true }]}><CustomerSelect testId="user-company" /></Form.Item>}
          <Form.Item name="phone" label={t('users.phone')}><Input /></Form.Item>
          <Form.Item name="email" label="Email"><Input /></Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
