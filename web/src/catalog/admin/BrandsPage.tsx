import { App, Button, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, type Response } from '../../lib/client';
import { errorText } from './util';

/** Brands: add, rename, order, aliases buyers search by, delete when no product uses them. */
type StaffBrand = Response<'/api/brands'>[number];

export function BrandsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { data = [], isLoading } = useQuery({ queryKey: ['catalog', 'brands', 'staff'], queryFn: () => client.get('/api/brands') });
  const [editing, setEditing] = useState<Partial<StaffBrand> | null>(null);
  const [form] = Form.useForm();
  const done = () => void qc.invalidateQueries({ queryKey: ['catalog'] });
  const save = useMutation({
    mutationFn: (v: { name: string; logoUrl?: string; sort?: number; aliases: string[] }) => (editing?.id ? client.patch('/api/brands/{id}', { path: { id: editing.id }, body: v }) : client.post('/api/brands', { body: v })),
    onSuccess: () => { setEditing(null); done(); message.success(t('catalog.admin.saved')); },
    onError: (e) => message.error(errorText(e)),
  });
  const remove = useMutation({ mutationFn: (id: number) => client.del('/api/brands/{id}', { path: { id } }), onSuccess: done, onError: (e) => message.error(errorText(e)) });
  const open = (b: Partial<StaffBrand>) => { setEditing(b); form.setFieldsValue({ name: b.name ?? '', logoUrl: b.logoUrl ?? '', sort: b.sort ?? 0, aliases: b.aliases ?? [] }); };
  return (
    <div>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => open({})} style={{ marginBottom: 12 }}>{t('catalog.admin.addBrand')}</Button>
      <Table<StaffBrand> rowKey="id" size="small" loading={isLoading} dataSource={data} pagination={{ pageSize: 50 }} columns={[
        { title: t('catalog.admin.name'), dataIndex: 'name' },
        { title: t('catalog.admin.aliases'), dataIndex: 'aliases', render: (a: string[] | undefined) => (a ?? []).map((x) => <Tag key={x} translate="no">{x}</Tag>) },
        { title: t('catalog.admin.productCount'), dataIndex: 'products', width: 100 },
        { title: t('catalog.admin.sort'), dataIndex: 'sort', width: 80 },
        { title: '', width: 160, render: (_, b) => (
          <Space>
            <Button size="small" onClick={() => open(b)}>{t('catalog.admin.edit')}</Button>
            <Popconfirm title={t('catalog.admin.confirmDelete')} onConfirm={() => remove.mutate(b.id)}><Button size="small" danger>{t('catalog.admin.remove')}</Button></Popconfirm>
          </Space>
        ) },
      ]} />
      <Modal open={!!editing} title={editing?.id ? t('catalog.admin.edit') : t('catalog.admin.addBrand')} onCancel={() => setEditing(null)} onOk={() => form.submit()} confirmLoading={save.isPending} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate({ name: v.name, logoUrl: v.logoUrl || undefined, sort: v.sort ?? 0, aliases: v.aliases ?? [] })}>
          <Form.Item name="name" label={t('catalog.admin.name')} rules={[{ required: true, max: 50 }]}><Input /></Form.Item>
          <Form.Item name="aliases" label={t('catalog.admin.aliases')} extra={t('catalog.admin.aliasesHelp')}>
            <Select mode="tags" open={false} tokenSeparators={[',', '，', '|']} data-testid="brand-aliases" />
          </Form.Item>
          <Form.Item name="logoUrl" label={t('catalog.admin.logoUrl')}><Input /></Form.Item>
          <Form.Item name="sort" label={t('catalog.admin.sort')}><InputNumber /></Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
