import { Button, Form, Input, InputNumber, Modal, Popconfirm, Space, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, type Body } from '../lib/client';
import { useMe } from '../lib/auth';
import { discount } from '../lib/format';
import { PercentInput, useFail, useTiers } from './common';
import type { Tier } from './types';

/** 客户等级 with their default discount off base price; a tier still in use cannot be deleted. */
export function TiersPage() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const fail = useFail();
  const { data: me } = useMe();
  const canManage = !!me?.permissions.includes('tiers.manage');
  const tiers = useTiers();
  const [editing, setEditing] = useState<Tier | 'new' | null>(null);
  const [form] = Form.useForm();
  const done = () => {
    void qc.invalidateQueries({ queryKey: ['tiers'] });
    void qc.invalidateQueries({ queryKey: ['customers'] });
  };
  const save = useMutation({
    mutationFn: (v: Body<'/api/tiers', 'post'>) => (editing === 'new' ? client.post('/api/tiers', { body: v }) : client.patch('/api/tiers/{id}', { path: { id: (editing as Tier).id }, body: v })),
    onSuccess: () => {
      setEditing(null);
      done();
    },
    onError: fail,
  });
  const remove = useMutation({ mutationFn: (id: number) => client.del('/api/tiers/{id}', { path: { id } }), onSuccess: done, onError: fail });
  const open = (x: Tier | 'new') => {
    form.resetFields();
    form.setFieldsValue(x === 'new' ? { discountBp: 0, sort: (tiers.data?.length ?? 0) + 1 } : x);
    setEditing(x);
  };
  return (
    <div data-testid="tiers-page">
      <Space style={{ marginBottom: 12 }}>
        {canManage && <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>{t('tiers.create')}</Button>}
        <Typography.Text type="secondary">{t('tiers.hint')}</Typography.Text>
      </Space>
      <Table<Tier> rowKey="id" loading={tiers.isLoading} dataSource={tiers.data ?? []} pagination={false}
        columns={[
          { title: t('tiers.sort'), dataIndex: 'sort', width: 70 },
          { title: t('common.name'), dataIndex: 'name' },
          { title: t('tiers.discount'), dataIndex: 'discountBp', render: (bp: number) => discount(bp, i18n.language) },
          { title: t('tiers.customers'), dataIndex: 'companies' },
          { title: t('common.remark'), dataIndex: 'notes', render: (v: string | null) => v ?? '—' },
          ...(canManage ? [{
            title: t('common.actions'),
            render: (_: unknown, x: Tier) => (
              <Space>
                <a onClick={() => open(x)}>{t('common.edit')}</a>
                <Popconfirm title={t('tiers.confirmDelete', { name: x.name })} onConfirm={() => remove.mutate(x.id)}><a>{t('common.delete')}</a></Popconfirm>
              </Space>
            ),
          }] : []),
        ]} />
      <Modal open={editing !== null} title={editing === 'new' ? t('tiers.create') : t('tiers.edit')} onCancel={() => setEditing(null)} onOk={() => form.submit()} confirmLoading={save.isPending} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} data-testid="tier-form">
          <Form.Item name="name" label={t('common.name')} rules={[{ required: true }]}><Input maxLength={30} /></Form.Item>
          <Form.Item name="discountBp" label={t('tiers.discount')} extra={t('tiers.discountHint')} rules={[{ required: true }]}><PercentInput testId="tier-discount" /></Form.Item>
          <Form.Item name="sort" label={t('tiers.sort')}><InputNumber min={0} max={10000} precision={0} /></Form.Item>
          <Form.Item name="notes" label={t('common.remark')}><Input.TextArea rows={2} maxLength={500} /></Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
