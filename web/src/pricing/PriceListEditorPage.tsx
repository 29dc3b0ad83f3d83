import { Button, Card, DatePicker, Form, Input, Modal, Popconfirm, Result, Skeleton, Space, Switch, Tabs, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../lib/api';
import { client, type Body } from '../lib/client';
import { useMe } from '../lib/auth';
import { useFail } from '../customers/common';
import { ImportTab } from './ImportTab';
import { ItemsTab } from './ItemsTab';
import { MoqTab } from './MoqTab';
import { listDates, rangeOf, Validity } from './PriceListsPage';

/** One price list: its header (name, validity, active) and the price grid, MOQ overrides, Excel. */
export function PriceListEditorPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const qc = useQueryClient();
  const navigate = useNavigate();
  const fail = useFail();
  const { data: me } = useMe();
  const canManage = !!me?.permissions.includes('pricing.manage');
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm();
  const list = useQuery({ queryKey: ['price-list', id], queryFn: () => client.get('/api/price-lists/{id}', { path: { id: id! } }), retry: false });
  const update = useMutation({
    mutationFn: ({ range, ...v }: Omit<Body<'/api/price-lists/{id}', 'patch'>, 'validFrom' | 'validTo'> & { range?: Parameters<typeof listDates>[0]['range'] }) => client.patch('/api/price-lists/{id}', { path: { id: id! }, body: { ...v, ...listDates({ range }) } }),
    onSuccess: (l) => {
      qc.setQueryData(['price-list', id], l);
      void qc.invalidateQueries({ queryKey: ['price-lists'] });
      setEditing(false);
    },
    onError: fail,
  });
  const remove = useMutation({ mutationFn: () => client.del('/api/price-lists/{id}', { path: { id: id! } }), onSuccess: () => { void qc.invalidateQueries({ queryKey: ['price-lists'] }); navigate('/admin/pricing/lists'); }, onError: fail });
  if (list.isLoading) return <Skeleton active />;
  if (list.error) return <Result status="404" title={list.error instanceof ApiError ? list.error.message : String(list.error)} extra={<Link to="/admin/pricing/lists">{t('common.back')}</Link>} />;
  const l = list.data!;
  return (
    <div data-testid="price-list-editor">
      <Link to="/admin/pricing/lists"><ArrowLeftOutlined /> {t('pricing.lists')}</Link>
      <Card style={{ margin: '12px 0' }} styles={{ body: { padding: 16 } }}>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Space direction="vertical" size={4}>
            <Space wrap>
              <Typography.Title level={4} style={{ margin: 0 }}>{l.name}</Typography.Title>
              <Tag color={l.kind === 'customer' ? 'purple' : 'blue'}>{t(`pricing.kind.${l.kind}`)} · {l.kind === 'tier' ? l.tierName : l.companyName}</Tag>
            </Space>
            <Space wrap size={16}>
              <Validity l={l} />
              <Typography.Text type="secondary">{t('pricing.counts', { skus: l.skus, rows: l.items })}</Typography.Text>
              {l.notes && <Typography.Text type="secondary">{l.notes}</Typography.Text>}
            </Space>
          </Space>
          {canManage && (
            <Space>
              <Button icon={<EditOutlined />} onClick={() => { form.setFieldsValue({ name: l.name, active: l.active, notes: l.notes, range: rangeOf(l) }); setEditing(true); }}>{t('common.edit')}</Button>
              <Popconfirm title={t('pricing.confirmDeleteList')} onConfirm={() => remove.mutate()}><Button danger>{t('common.delete')}</Button></Popconfirm>
            </Space>
          )}
        </Space>
      </Card>
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs items={[
          { key: 'items', label: t('pricing.prices'), children: <ItemsTab listId={id} canManage={canManage} /> },
          { key: 'moq', label: t('pricing.moqTab'), children: <MoqTab listId={id} canManage={canManage} /> },
          { key: 'excel', label: t('pricing.excel'), children: <ImportTab listId={id} canManage={canManage} /> },
        ]} />
      </Card>
      <Modal open={editing} title={t('pricing.editList')} onCancel={() => setEditing(false)} onOk={() => form.submit()} confirmLoading={update.isPending} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={(v) => update.mutate(v)} data-testid="list-edit-form">
          <Form.Item name="name" label={t('common.name')} rules={[{ required: true }]}><Input maxLength={100} /></Form.Item>
          <Form.Item name="range" label={t('pricing.validity')} extra={t('pricing.validityHint')}><DatePicker.RangePicker showTime allowEmpty={[true, true]} style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="active" label={t('common.active')} valuePropName="checked"><Switch /></Form.Item>
          <Form.Item name="notes" label={t('common.remark')}><Input.TextArea rows={2} maxLength={1000} /></Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
