import { App, Button, Form, Input, InputNumber, Modal, Select, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../lib/client';
import { useFail } from '../payments/common';
import { useWarehouses, type Warehouse } from './api';
import { useCanWrite } from './parts';

type Values = { code: string; name: string; address?: string; provinces?: string[]; priority?: number; active?: boolean };

/** 仓库: code, name, provinces served (allocation prefers the warehouse serving the customer's region), priority, active. */
export function WarehousesPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const fail = useFail();
  const canWrite = useCanWrite();
  const list = useWarehouses();
  const [editing, setEditing] = useState<Warehouse | 'new' | null>(null);
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = { ...v, address: v.address?.trim() || null };
      return editing === 'new' ? client.post('/api/inventory/warehouses', { body: body }) : client.patch('/api/inventory/warehouses/{id}', { path: { id: (editing as Warehouse).id }, body: body });
    },
    onSuccess: () => { message.success(t('common.saved')); setEditing(null); void qc.invalidateQueries({ queryKey: ['inv-warehouses'] }); },
    onError: fail,
  });
  const open = (w: Warehouse | 'new') => {
    setEditing(w);
    form.setFieldsValue(w === 'new' ? { code: '', name: '', address: '', provinces: [], priority: 100, active: true } : { ...w, address: w.address ?? '' });
  };
  return (
    <div data-testid="warehouses-page">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('inv.menu.warehouses')}</Typography.Title>
        {canWrite && <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>{t('inv.newWarehouse')}</Button>}
      </div>
      <Table<Warehouse> rowKey="id" size="small" loading={list.isLoading} dataSource={list.data ?? []} pagination={false} scroll={{ x: 800 }}
        columns={[
          { title: t('inv.code'), dataIndex: 'code' },
          { title: t('inv.name'), dataIndex: 'name' },
          { title: t('inv.provinces'), dataIndex: 'provinces', render: (p: string[]) => p.map((x) => <Tag key={x}>{x}</Tag>) },
          { title: t('inv.priority'), dataIndex: 'priority', align: 'right' },
          { title: t('inv.skuCount'), dataIndex: 'skuCount', align: 'right' },
          { title: t('inv.onHand'), dataIndex: 'onHand', align: 'right' },
          { title: t('common.status'), dataIndex: 'active', render: (a: boolean) => (a ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.disabled')}</Tag>) },
          ...(canWrite ? [{ title: t('common.actions'), render: (_: unknown, w: Warehouse) => <Button size="small" onClick={() => open(w)}>{t('common.edit')}</Button> }] : []),
        ]} />
      <Modal open={editing != null} title={editing === 'new' ? t('inv.newWarehouse') : t('inv.editWarehouse')} onCancel={() => setEditing(null)} onOk={() => form.submit()}
        confirmLoading={save.isPending} destroyOnHidden forceRender>
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="code" label={t('inv.code')} rules={[{ required: true, pattern: /^[A-Za-z0-9_-]{1,20}$/ }]}><Input maxLength={20} /></Form.Item>
          <Form.Item name="name" label={t('inv.name')} rules={[{ required: true }]}><Input maxLength={50} /></Form.Item>
          <Form.Item name="address" label={t('inv.address')}><Input maxLength={200} /></Form.Item>
          <Form.Item name="provinces" label={t('inv.provinces')}><Select mode="tags" tokenSeparators={[',', '，', ' ']} /></Form.Item>
          <Form.Item name="priority" label={t('inv.priority')} extra={t('inv.priorityHint')}><InputNumber min={0} max={1_000_000} precision={0} /></Form.Item>
          <Form.Item name="active" label={t('common.active')} valuePropName="checked"><Switch /></Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
