import { App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Tree, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../../lib/client';
import type { Category } from '../types';
import { useCategories } from '../useCatalog';
import { errorText } from './util';

interface Node { key: number; title: React.ReactNode; children: Node[] }

/** The category tree: add at any depth, rename, reorder, move, delete when empty. */
export function CategoriesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { data: cats = [] } = useCategories();
  const [editing, setEditing] = useState<{ id?: number; parentId: number | null } | null>(null);
  const [form] = Form.useForm();
  const done = () => { void qc.invalidateQueries({ queryKey: ['catalog'] }); };
  const save = useMutation({
    mutationFn: (v: { name: string; parentId: number | null; sort?: number }) => (editing?.id ? client.patch('/api/categories/{id}', { path: { id: editing.id }, body: v }) : client.post('/api/categories', { body: v })),
    onSuccess: () => { setEditing(null); done(); message.success(t('catalog.admin.saved')); },
    onError: (e) => message.error(errorText(e)),
  });
  const remove = useMutation({ mutationFn: (id: number) => client.del('/api/categories/{id}', { path: { id } }), onSuccess: () => { done(); message.success(t('catalog.admin.deleted')); }, onError: (e) => message.error(errorText(e)) });

  const open = (c: Partial<Category> & { parentId: number | null }) => {
    setEditing({ id: c.id, parentId: c.parentId });
    form.setFieldsValue({ name: c.name ?? '', parentId: c.parentId, sort: c.sort ?? 0 });
  };
  const tree = useMemo(() => {
    const build = (parent: number | null): Node[] => cats.filter((c) => c.parentId === parent).map((c) => ({
      key: c.id,
      title: (
        <Space size={4} data-testid={`category-${c.name}`}>
          <span>{c.name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>({c.products})</Typography.Text>
          <Button size="small" type="link" onClick={() => open({ parentId: c.id })}>{t('catalog.admin.addChild')}</Button>
          <Button size="small" type="link" onClick={() => open(c)}>{t('catalog.admin.edit')}</Button>
          <Popconfirm title={t('catalog.admin.confirmDelete')} onConfirm={() => remove.mutate(c.id)}><Button size="small" type="link" danger>{t('catalog.admin.remove')}</Button></Popconfirm>
        </Space>
      ),
      children: build(c.id),
    }));
    return build(null);
  }, [cats]);

  return (
    <Card title={t('catalog.admin.categories')} extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => open({ parentId: null })}>{t('catalog.admin.addRoot')}</Button>}>
      <Tree treeData={tree} defaultExpandAll blockNode selectable={false} key={cats.length} />
      <Modal open={!!editing} title={editing?.id ? t('catalog.admin.edit') : t('catalog.admin.addChild')} onCancel={() => setEditing(null)} onOk={() => form.submit()} confirmLoading={save.isPending} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate({ name: v.name, parentId: v.parentId ?? null, sort: v.sort ?? 0 })}>
          <Form.Item name="name" label={t('catalog.admin.name')} rules={[{ required: true, max: 30 }]}><Input data-testid="category-name" /></Form.Item>
          <Form.Item name="parentId" label={t('catalog.admin.moveTo')}>
            <Select allowClear placeholder={t('catalog.admin.root')} options={cats.filter((c) => c.id !== editing?.id).map((c) => ({ value: c.id, label: c.path.join(' / ') }))} />
          </Form.Item>
          <Form.Item name="sort" label={t('catalog.admin.sort')}><InputNumber /></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
