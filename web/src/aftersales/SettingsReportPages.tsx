import { App, Button, Card, DatePicker, Form, Input, InputNumber, Radio, Select, Space, Switch, Table } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, type Body } from '../lib/client';
import { fen } from '../lib/format';
import { useFail } from '../orders/api';

interface Settings { windowDays: number; quarantineWarehouseId: number | null; slaHours: number; complaintResponseHours: number; complaintResolveHours: number }
interface ReportRow { key: string; label: string; requests: number; qty: number; refunded: number }

/** Admin: the return window, time targets, quarantine warehouse, and the reasons buyers choose from. */
export function AftersalesSettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fail = useFail();
  const [form] = Form.useForm();
  const settings = useQuery({ queryKey: ['aftersales-settings'], queryFn: () => client.get('/api/aftersales/settings') });
  const warehouses = useQuery({ queryKey: ['inventory-warehouses-all'], queryFn: () => client.get('/api/inventory/warehouses') });
  const reasons = useQuery({ queryKey: ['aftersales-reasons'], queryFn: () => client.get('/api/aftersales/reasons') });
  const save = useMutation({ mutationFn: (v: Settings) => client.put('/api/aftersales/settings', { body: v }), onSuccess: () => { message.success(t('aftersales.done')); void settings.refetch(); }, onError: fail });
  const patch = useMutation({ mutationFn: (v: { id: number; body: Body<'/api/aftersales/reasons/{id}', 'patch'> }) => client.patch('/api/aftersales/reasons/{id}', { path: { id: v.id }, body: v.body }), onSuccess: () => void reasons.refetch(), onError: fail });
  const add = useMutation({
    mutationFn: (v: { nameZh: string; nameEn: string }) => client.post('/api/aftersales/reasons', { body: { ...v, code: `r${Date.now().toString(36)}`, sort: 100 } }),
    onSuccess: () => { message.success(t('aftersales.done')); void reasons.refetch(); },
    onError: fail,
  });
  const [newReason, setNewReason] = useState({ nameZh: '', nameEn: '' });
  if (!settings.data) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={t('aftersales.settings.title')}>
        <Form form={form} layout="vertical" initialValues={settings.data} onFinish={(v) => save.mutate(v)} style={{ maxWidth: 520 }}>
          <Form.Item name="windowDays" label={t('aftersales.settings.windowDays')} extra={t('aftersales.settings.windowHint')} rules={[{ required: true }]}><InputNumber min={0} max={365} precision={0} addonAfter={t('aftersales.settings.days')} /></Form.Item>
          <Form.Item name="slaHours" label={t('aftersales.settings.slaHours')} extra={t('aftersales.settings.slaHint')} rules={[{ required: true }]}><InputNumber min={1} max={2160} precision={0} addonAfter={t('aftersales.settings.hours')} /></Form.Item>
          <Form.Item name="complaintResponseHours" label={t('aftersales.settings.responseHours')} rules={[{ required: true }]}><InputNumber min={1} max={2160} precision={0} addonAfter={t('aftersales.settings.hours')} /></Form.Item>
          <Form.Item name="complaintResolveHours" label={t('aftersales.settings.resolveHours')} rules={[{ required: true }]}><InputNumber min={1} max={2160} precision={0} addonAfter={t('aftersales.settings.hours')} /></Form.Item>
          <Form.Item name="quarantineWarehouseId" label={t('aftersales.settings.quarantine')}><Select allowClear options={(warehouses.data ?? []).map((w) => ({ value: w.id, label: w.name }))} /></Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="aftersales-settings-save">{t('aftersales.settings.save')}</Button>
        </Form>
      </Card>
      <Card title={t('aftersales.settings.reasons')}>
        <Table rowKey="id" size="small" pagination={false} dataSource={reasons.data ?? []} columns={[
          { title: t('aftersales.settings.nameZh'), dataIndex: 'nameZh' },
          { title: t('aftersales.settings.nameEn'), dataIndex: 'nameEn', render: (v) => <span translate="no">{v}</span> },
          { title: t('aftersales.settings.active'), dataIndex: 'active', render: (v, r) => <Switch checked={v} onChange={(active) => patch.mutate({ id: r.id, body: { active } })} aria-label={r.nameZh} /> },
        ]} />
        <Space wrap style={{ marginTop: 12 }}>
          <Input placeholder={t('aftersales.settings.nameZh')} value={newReason.nameZh} onChange={(e) => setNewReason({ ...newReason, nameZh: e.target.value })} maxLength={40} aria-label={t('aftersales.settings.nameZh')} />
          <Input placeholder={t('aftersales.settings.nameEn')} value={newReason.nameEn} onChange={(e) => setNewReason({ ...newReason, nameEn: e.target.value })} maxLength={60} aria-label={t('aftersales.settings.nameEn')} />
          <Button disabled={!newReason.nameZh.trim() || !newReason.nameEn.trim()} loading={add.isPending} onClick={() => add.mutate(newReason)} data-testid="aftersales-reason-add">{t('aftersales.settings.addReason')}</Button>
        </Space>
      </Card>
    </Space>
  );
}

/** Staff: after-sales by reason, product or customer over a period (requests, units, refunds). */
export function AftersalesReportPage() {
  const { t } = useTranslation();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(29, 'day'), dayjs()]);
  const [groupBy, setGroupBy] = useState<'reason' | 'product' | 'customer'>('reason');
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const q = useQuery({ queryKey: ['aftersales-report', from, to, groupBy], queryFn: (): Promise<ReportRow[]> => client.get('/api/aftersales/report', { query: { from, to, groupBy } }) });
  const rows = q.data ?? [];
  return (
    <Card title={t('aftersales.report.title')}>
      <Space wrap style={{ marginBottom: 12 }}>
        <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
        <Radio.Group value={groupBy} onChange={(e) => setGroupBy(e.target.value)} optionType="button" data-testid="aftersales-report-group"
          options={(['reason', 'product', 'customer'] as const).map((g) => ({ value: g, label: t(`aftersales.report.by.${g}`) }))} />
      </Space>
      <Table rowKey="key" size="small" loading={q.isLoading} dataSource={rows} pagination={false} data-testid="aftersales-report"
        summary={() => rows.length ? (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>{t('aftersales.report.total')}</Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">{groupBy === 'product' ? '—' : rows.reduce((a, r) => a + r.requests, 0)}</Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">—</Table.Summary.Cell>
            <Table.Summary.Cell index={3} align="right">{fen(rows.reduce((a, r) => a + r.refunded, 0))}</Table.Summary.Cell>
          </Table.Summary.Row>
        ) : null}
        columns={[
          { title: t(`aftersales.report.by.${groupBy}`), dataIndex: 'label' },
          { title: t('aftersales.report.requests'), dataIndex: 'requests', align: 'right' },
          { title: t('aftersales.report.units'), dataIndex: 'qty', align: 'right' },
          { title: t('aftersales.report.refunded'), dataIndex: 'refunded', align: 'right', render: (v) => fen(v) },
        ]} />
    </Card>
  );
}
