import { Button, Grid, Form, Input, List, Modal, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { PlusOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../lib/auth';
import { dateTime, fen } from '../lib/format';
import { useFail, YuanInput } from './common';
import type { Buyer } from './types';
import type { Body } from '../lib/client';
import { companyApi } from './companyApi';

/**
 * A company's logins (customer admin and buyers) with their per-order spending limits: orders
 * above the limit wait for the customer admin's approval. Staff use base /api/customers/:id,
 * the customer admin /api/my.
 */
export function BuyersPanel({ companyId, canEdit }: { companyId: number | null; canEdit: boolean }) {
  const { t } = useTranslation();
  // on a phone the actions go under the text instead of squeezing it
  const wide = Grid.useBreakpoint().sm;
  const qc = useQueryClient();
  const { modal } = App.useApp();
  const fail = useFail();
  const { data: me } = useMe();
  const [adding, setAdding] = useState(false);
  const [limitOf, setLimitOf] = useState<Buyer | null>(null);
  const [limit, setLimit] = useState<number | null>(null);
  const [form] = Form.useForm();
  const key = ['buyers', companyId];
  const calls = companyApi(companyId);
  const list = useQuery({ queryKey: key, queryFn: calls.buyers });
  const done = () => void qc.invalidateQueries({ queryKey: key });

  const create = useMutation({
    mutationFn: (v: Body<'/api/my/buyers', 'post'>) => calls.addBuyer(v),
    onSuccess: (r) => {
      setAdding(false);
      done();
      if (r.initialPassword) {
        modal.info({ title: t('customers.buyerCreated', { login: r.buyer.login }), content: <Typography.Paragraph copyable code data-testid="initial-password">{r.initialPassword}</Typography.Paragraph> });
      }
    },
    onError: fail,
  });
  const patch = useMutation({
    mutationFn: ({ id, ...body }: { id: number; status?: Buyer['status']; orderLimit?: number | null }) => calls.patchBuyer(id, body),
    onSuccess: () => {
      setLimitOf(null);
      done();
    },
    onError: fail,
  });

  return (
    <div data-testid="buyers">
      {canEdit && (
        <Button icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => { form.resetFields(); setAdding(true); }}>{t('customers.addBuyer')}</Button>
      )}
      <List<Buyer>
        loading={list.isLoading}
        itemLayout={wide ? 'horizontal' : 'vertical'}
        dataSource={list.data ?? []}
        renderItem={(b) => {
          const self = b.id === me?.id;
          return (
            <List.Item
              data-testid={`buyer-${b.login}`}
              actions={canEdit && !self ? [
                <a key="l" onClick={() => { setLimit(b.orderLimit); setLimitOf(b); }}>{t('customers.setLimit')}</a>,
                b.status === 'active'
                  ? <Popconfirm key="s" title={t('customers.disableBuyer')} onConfirm={() => patch.mutate({ id: b.id, status: 'disabled' })}><a>{t('users.disable')}</a></Popconfirm>
                  : <a key="s" onClick={() => patch.mutate({ id: b.id, status: 'active' })}>{t('users.enable')}</a>,
              ] : []}
            >
              <List.Item.Meta
                avatar={<UserOutlined style={{ fontSize: 18, color: b.status === 'active' ? '#1677ff' : '#bbb' }} />}
                title={
                  <Space wrap size={4}>
                    {b.name}
                    <Typography.Text type="secondary">{b.login}</Typography.Text>
                    <Tag>{t(`roles.${b.role}`)}</Tag>
                    {b.status === 'disabled' && <Tag color="red">{t('common.disabled')}</Tag>}
                  </Space>
                }
                description={
                  <Space wrap size={12}>
                    <span>{t('customers.orderLimit')}：{b.orderLimit == null ? t('customers.noLimit') : fen(b.orderLimit)}</span>
                    {b.phone && <span>{b.phone}</span>}
                    <span>{t('users.lastLogin')}：{dateTime(b.lastLoginAt)}</span>
                  </Space>
                }
              />
            </List.Item>
          );
        }}
      />
      <Modal open={adding} title={t('customers.addBuyer')} onCancel={() => setAdding(false)} onOk={() => form.submit()} confirmLoading={create.isPending} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ role: 'customer_buyer' }} onFinish={(v) => create.mutate(v)} data-testid="buyer-form">
          <Form.Item name="login" label={t('auth.login')} rules={[{ required: true }, { pattern: /^[A-Za-z0-9_.@-]+$/, message: t('customers.loginRule') }]}><Input maxLength={50} autoCapitalize="off" /></Form.Item>
          <Form.Item name="name" label={t('common.name')} rules={[{ required: true }]}><Input maxLength={50} /></Form.Item>
          <Form.Item name="phone" label={t('customers.phone')}><Input maxLength={20} inputMode="tel" /></Form.Item>
          <Form.Item name="role" label={t('users.role')}>
            <Select options={(['customer_buyer', 'customer_admin'] as const).map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
          </Form.Item>
          <Form.Item name="orderLimit" label={t('customers.orderLimit')} extra={t('customers.orderLimitHint')}><YuanInput testId="buyer-limit" placeholder={t('customers.noLimit')} /></Form.Item>
        </Form>
      </Modal>
      <Modal open={!!limitOf} title={`${t('customers.setLimit')} · ${limitOf?.name ?? ''}`} onCancel={() => setLimitOf(null)} onOk={() => limitOf && patch.mutate({ id: limitOf.id, orderLimit: limit })} confirmLoading={patch.isPending} destroyOnHidden>
        <Typography.Paragraph type="secondary">{t('customers.orderLimitHint')}</Typography.Paragraph>
        <YuanInput value={limit} onChange={setLimit} testId="limit-input" placeholder={t('customers.noLimit')} />
      </Modal>
    </div>
  );
}
