import { App, Button, Drawer, Form, Input, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../lib/client';
import { ApiError } from '../lib/api';
import { dateTime } from '../lib/format';

interface Endpoint { id: number; url: string; description: string | null; topics: string[]; active: boolean; createdAt: string }
interface Delivery { id: number; eventId: number | null; topic: string; ok: boolean; statusCode: number | null; error: string | null; durationMs: number; attemptedAt: string }

const COMMON_TOPICS = ['*', 'order.submitted', 'order.approved', 'order.shipped', 'order.cancelled', 'payment.confirmed', 'inventory.low_stock'];

/** Outgoing webhooks: subscribe an ERP or WMS to Ordo's events, see every delivery attempt. */
export function WebhooksPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [creating, setCreating] = useState(false);
  const [viewing, setViewing] = useState<Endpoint | null>(null);
  const list = useQuery({ queryKey: ['webhooks'], queryFn: () => client.get('/api/webhooks') });
  const deliveries = useQuery({ queryKey: ['webhook-deliveries', viewing?.id], queryFn: () => client.get('/api/webhooks/{id}/deliveries', { path: { id: viewing!.id } }), enabled: !!viewing });
  const fail = (e: unknown) => message.error(e instanceof ApiError ? e.message : String(e));
  const showSecret = (secret: string) => modal.info({ title: t('integration.secretOnce'), width: 520, content: <Typography.Paragraph copyable code data-testid="webhook-secret">{secret}</Typography.Paragraph> });

  const create = useMutation({
    mutationFn: (v: { url: string; description?: string; topics: string[] }) => client.post('/api/webhooks', { body: v }),
    onSuccess: (r) => { setCreating(false); form.resetFields(); void qc.invalidateQueries({ queryKey: ['webhooks'] }); showSecret(r.secret); },
    onError: fail,
  });
  const patch = useMutation({
    mutationFn: ({ id, ...p }: { id: number; active?: boolean; rotateSecret?: boolean }) => client.patch('/api/webhooks/{id}', { path: { id }, body: p }),
    onSuccess: (r) => { void qc.invalidateQueries({ queryKey: ['webhooks'] }); if (r.secret) showSecret(r.secret); },
    onError: fail,
  });
  const test = useMutation({
    mutationFn: (id: number) => client.post('/api/webhooks/{id}/test', { path: { id } }),
    onSuccess: (r) => (r.ok ? message.success(`${t('integration.testOk')} (HTTP ${r.statusCode})`) : message.error(`${t('integration.testFailed')}: ${r.error}`)),
    onError: fail,
  });
  const remove = useMutation({ mutationFn: (id: number) => client.del('/api/webhooks/{id}', { path: { id } }), onSuccess: () => void qc.invalidateQueries({ queryKey: ['webhooks'] }), onError: fail });

  return (
    <div>
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('integration.add')}</Button>
        <Typography.Text type="secondary">{t('integration.hint')}</Typography.Text>
      </Space>
      <Table<Endpoint> rowKey="id" loading={list.isLoading} dataSource={list.data ?? []} pagination={false} scroll={{ x: true }}
        columns={[
          { title: 'URL', dataIndex: 'url', render: (u, r) => <Space direction="vertical" size={0}><Typography.Text code>{u}</Typography.Text><Typography.Text type="secondary">{r.description}</Typography.Text></Space> },
          { title: t('integration.topics'), dataIndex: 'topics', render: (ts: string[]) => ts.map((x) => <Tag key={x} translate="no">{x}</Tag>) },
          { title: t('common.status'), dataIndex: 'active', render: (a: boolean, r) => <Switch checked={a} onChange={(v) => patch.mutate({ id: r.id, active: v })} /> },
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: dateTime },
          {
            title: t('common.actions'),
            render: (_, r) => (
              <Space wrap>
                <Button size="small" onClick={() => test.mutate(r.id)} loading={test.isPending && test.variables === r.id}>{t('integration.test')}</Button>
                <Button size="small" onClick={() => setViewing(r)}>{t('integration.deliveries')}</Button>
                <Button size="small" onClick={() => patch.mutate({ id: r.id, rotateSecret: true })}>{t('integration.rotate')}</Button>
                <Button size="small" danger onClick={() => remove.mutate(r.id)}>{t('common.delete')}</Button>
              </Space>
            ),
          },
        ]} />
      <Modal open={creating} title={t('integration.add')} onCancel={() => setCreating(false)} onOk={() => form.submit()} confirmLoading={create.isPending}>
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)} initialValues={{ topics: ['order.submitted'] }}>
          <Form.Item name="url" label="URL" rules={[{ required: true }, { pattern: /^https?:\/\/\S+$/, message: 'http(s)://…' }]}><Input placeholder="https://erp.example.com/ordo-webhook" /></Form.Item>
          <Form.Item name="description" label={t('common.remark')}><Input /></Form.Item>
          <Form.Item name="topics" label={t('integration.topics')} rules={[{ required: true }]}><Select mode="tags" options={COMMON_TOPICS.map((x) => ({ value: x, label: x }))} /></Form.Item>
        </Form>
      </Modal>
      <Drawer open={!!viewing} onClose={() => setViewing(null)} width={640} title={viewing?.url}>
        <Table<Delivery> rowKey="id" size="small" dataSource={deliveries.data ?? []} pagination={false}
          columns={[
            { title: t('integration.time'), dataIndex: 'attemptedAt', render: dateTime },
            { title: t('integration.topic'), dataIndex: 'topic', render: (x: string) => <span translate="no">{x}</span> },
            { title: t('common.status'), render: (_, d) => (d.ok ? <Tag color="green">{d.statusCode}</Tag> : <Tag color="red">{d.statusCode ?? '—'}</Tag>) },
            { title: t('integration.error'), dataIndex: 'error' },
            { title: 'ms', dataIndex: 'durationMs', align: 'right' },
          ]} />
      </Drawer>
    </div>
  );
}
