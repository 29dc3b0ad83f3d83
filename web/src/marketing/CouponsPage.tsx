import { Button, Card, Checkbox, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { App } from 'antd';
import { client, type Response } from '../lib/client';
import { useMe } from '../lib/auth';
import { useFail, useTiers, YuanInput } from '../customers/common';

interface Values { name: string; kind: 'amount' | 'percent'; amountOff?: number; zhe?: number; maxOff?: number | null; threshold?: number; validDays: number; claimable?: boolean; totalQty?: number | null; pointsCost?: number | null }

type Template = Response<'/api/coupon-templates'>[number];

/** Staff: coupon templates, issuing to tiers, stopping. */
export function CouponsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const fail = useFail();
  const { data: me } = useMe();
  const canManage = !!me?.permissions.includes('marketing.manage');
  const tiers = useTiers();
  const list = useQuery({ queryKey: ['coupon-templates'], queryFn: () => client.get('/api/coupon-templates') });
  const [open, setOpen] = useState(false);
  const [issuing, setIssuing] = useState<Template | null>(null);
  const [tierIds, setTierIds] = useState<number[]>([]);
  const [form] = Form.useForm<Values>();
  const done = () => void qc.invalidateQueries({ queryKey: ['coupon-templates'] });
  const create = useMutation({
    mutationFn: (v: Values) => client.post('/api/coupon-templates', { body: {
      name: v.name, kind: v.kind, amountOff: v.kind === 'amount' ? v.amountOff : null,
      discountBp: v.kind === 'percent' && v.zhe ? Math.round((10 - v.zhe) * 1000) : null, maxOff: v.kind === 'percent' ? v.maxOff ?? null : null,
      threshold: v.threshold ?? 0, validDays: v.validDays, claimable: !!v.claimable, totalQty: v.totalQty ?? null, pointsCost: v.pointsCost ?? null,
    } }),
    onSuccess: () => {
      setOpen(false);
      done();
    },
    onError: fail,
  });
  const issue = useMutation({
    mutationFn: () => client.post('/api/coupon-templates/{id}/issue', { path: { id: issuing!.id }, body: { tierIds } }),
    onSuccess: (r) => {
      message.success(t('mk.issued', { n: r.issued }));
      setIssuing(null);
      done();
    },
    onError: fail,
  });
  const stop = useMutation({ mutationFn: (id: number) => client.post('/api/coupon-templates/{id}/stop', { path: { id } }), onSuccess: done, onError: fail });
  const kind = Form.useWatch('kind', form);
  return (
    <Card size="small" title={t('mk.templates')} data-testid="coupons-page" extra={canManage && (
      <Button type="primary" icon={<PlusOutlined />} onClick={() => {
        form.resetFields();
        form.setFieldsValue({ kind: 'amount', validDays: 30, threshold: 0 });
        setOpen(true);
      }}>{t('mk.newTemplate')}</Button>
    )}>
      <Table<Template> rowKey="id" size="small" loading={list.isLoading} dataSource={list.data ?? []} pagination={false} scroll={{ x: 'max-content' }} columns={[
        { title: t('mk.couponName'), dataIndex: 'name' },
        { title: t('mk.summary'), dataIndex: 'summary' },
        { title: t('mk.claimable'), render: (_, x) => (x.claimable ? <Tag color="blue">{t('mk.claim')}</Tag> : null) },
        { title: t('mk.couponUse'), render: (_, x) => `${x.usedQty} / ${x.issuedQty} / ${x.totalQty ?? '—'}` },
        {
          title: t('mk.actions'), render: (_, x) => canManage && x.status === 'active' && (
            <Space size={4}>
              <Button size="small" type="primary" onClick={() => { setTierIds([]); setIssuing(x); }}>{t('mk.issue')}</Button>
              <Button size="small" onClick={() => stop.mutate(x.id)}>{t('mk.stopIssue')}</Button>
            </Space>
          ),
        },
      ]} />
      <Modal open={open} title={t('mk.newTemplate')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={create.isPending}>
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
          <Form.Item name="name" label={t('mk.couponName')} rules={[{ required: true, max: 60 }]}><Input maxLength={60} /></Form.Item>
          <Form.Item name="kind" label={t('mk.kind')}><Radio.Group options={[{ value: 'amount', label: t('mk.kindAmount') }, { value: 'percent', label: t('mk.kindPercent') }]} /></Form.Item>
          {kind === 'percent' ? (
            <Space wrap>
              <Form.Item name="zhe" label={t('mk.discountZhe')} rules={[{ required: true }]}><InputNumber min={0.1} max={9.9} step={0.5} /></Form.Item>
              <Form.Item name="maxOff" label={t('mk.maxOff')}><YuanInput /></Form.Item>
            </Space>
          ) : <Form.Item name="amountOff" label={t('mk.amountOff')} rules={[{ required: true }]}><YuanInput /></Form.Item>}
          <Space wrap>
            <Form.Item name="threshold" label={t('mk.couponThreshold')}><YuanInput /></Form.Item>
            <Form.Item name="validDays" label={t('mk.validDays')} rules={[{ required: true }]}><InputNumber min={1} max={3650} precision={0} /></Form.Item>
            <Form.Item name="totalQty" label={t('mk.totalQty')}><InputNumber min={1} precision={0} /></Form.Item>
            <Form.Item name="pointsCost" label={t('mk.pointsPrice')}><InputNumber min={1} precision={0} data-testid="coupon-points-cost" /></Form.Item>
          </Space>
          <Form.Item name="claimable" valuePropName="checked"><Checkbox>{t('mk.claimable')}</Checkbox></Form.Item>
        </Form>
      </Modal>
      <Modal open={!!issuing} title={`${t('mk.issue')} ${issuing?.name ?? ''}`} onCancel={() => setIssuing(null)} onOk={() => issue.mutate()} confirmLoading={issue.isPending} okButtonProps={{ disabled: !tierIds.length }}>
        <Select mode="multiple" style={{ width: '100%' }} placeholder={t('mk.issueTo')} value={tierIds} onChange={setTierIds} options={(tiers.data ?? []).map((x) => ({ value: x.id, label: x.name }))} />
      </Modal>
    </Card>
  );
}
