import { App, Button, Form, Input, Modal, Select, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { client } from '../lib/client';
import { dateTime } from '../lib/format';
import { useCategories } from '../lib/lookups';
import { useFail } from '../payments/common';
import type { StocktakeListed, StocktakeStatus } from './api';
import { useCanWrite, WarehouseSelect } from './parts';

export const ST_COLOR: Record<StocktakeStatus, string> = { counting: 'blue', posted: 'green', cancelled: 'default' };

/** 盘点单 list; a new count sheet snapshots every active SKU (or one category) of an active warehouse. */
export function StocktakesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const fail = useFail();
  const { message } = App.useApp();
  const canWrite = useCanWrite();
  const cats = useCategories();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ warehouseId: number; categoryId?: number; note?: string }>();
  const list = useQuery({ queryKey: ['inv-stocktakes', page], queryFn: () => client.get('/api/inventory/stocktakes', { query: { page, pageSize: 20 } }) });
  const create = useMutation({
    mutationFn: (v: { warehouseId: number; categoryId?: number; note?: string }) => client.post('/api/inventory/stocktakes', { body: { ...v, note: v.note?.trim() || null } }),
    onSuccess: (s) => { message.success(s.number); navigate(`/admin/inventory/stocktakes/${s.id}`); },
    onError: fail,
  });
  return (
    <div data-testid="stocktakes-page">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('inv.stocktakes')}</Typography.Title>
        {canWrite && <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="new-stocktake">{t('inv.newStocktake')}</Button>}
      </div>
      <Table<StocktakeListed> rowKey="id" size="small" loading={list.isLoading} dataSource={list.data?.items ?? []} scroll={{ x: 700 }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total, showSizeChanger: false, onChange: setPage }}
        columns={[
          { title: t('inv.number'), dataIndex: 'number', render: (v: string, s) => <Link to={`/admin/inventory/stocktakes/${s.id}`}>{v}</Link> },
          { title: t('inv.warehouse'), dataIndex: 'warehouseName' },
          { title: t('common.status'), dataIndex: 'status', render: (v: StocktakeStatus) => <Tag color={ST_COLOR[v]}>{t(`inv.stStatus.${v}`)}</Tag> },
          { title: t('inv.counted'), render: (_, s) => t('inv.countedOf', { counted: s.counted, lines: s.lines }) },
          { title: t('inv.stNote'), dataIndex: 'note', ellipsis: true },
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: dateTime },
        ]} />
      <Modal open={open} title={t('inv.newStocktake')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={create.isPending} destroyOnHidden forceRender>
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
          <Form.Item name="warehouseId" label={t('inv.warehouse')} rules={[{ required: true }]}>
            <WarehouseSelect activeOnly onChange={(v) => form.setFieldValue('warehouseId', v)} testId="st-warehouse" width={240} />
          </Form.Item>
          <Form.Item name="categoryId" label={t('inv.category')}>
            <Select allowClear placeholder={t('inv.allCategories')} showSearch={{ optionFilterProp: 'label' }} options={(cats.data ?? []).map((c) => ({ value: c.id, label: c.path.join(' / ') }))} />
          </Form.Item>
          <Form.Item name="note" label={t('inv.stNote')}><Input maxLength={200} data-testid="st-note" /></Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
