import { App, Button, Form, Input, InputNumber, Popconfirm, Space, Switch, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../lib/client';
import { fen, yuanToFen } from '../lib/format';
import { useFail } from '../payments/common';
import type { StockRow, Supplier, SupplierSku } from './api';
import { InvSkuPicker } from './parts';

type Values = { code: string; name: string; contactName?: string; phone?: string; email?: string; address?: string; taxNo?: string; paymentTerms?: string; notes?: string; active: boolean };
const orNull = (s?: string) => s?.trim() || null;

/** A supplier's details and the SKUs it supplies (cost, lead time, MOQ, preferred). */
export function SupplierDetail({ id, canWrite, onCreated }: { id: number | 'new'; canWrite: boolean; onCreated: (id: number) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const fail = useFail();
  const [form] = Form.useForm<Values>();
  const sup = useQuery({ queryKey: ['inv-supplier', id], queryFn: () => client.get('/api/inventory/suppliers/{id}', { path: { id } }), enabled: id !== 'new' });
  useEffect(() => {
    if (sup.data) form.setFieldsValue({ ...sup.data, contactName: sup.data.contactName ?? '', phone: sup.data.phone ?? '', email: sup.data.email ?? '', address: sup.data.address ?? '', taxNo: sup.data.taxNo ?? '', paymentTerms: sup.data.paymentTerms ?? '', notes: sup.data.notes ?? '' });
    else if (id === 'new') form.setFieldsValue({ active: true });
  }, [sup.data, id, form]);
  const refresh = (s: Supplier) => { qc.setQueryData(['inv-supplier', s.id], s); void qc.invalidateQueries({ queryKey: ['inv-suppliers'] }); };
  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = { ...v, contactName: orNull(v.contactName), phone: orNull(v.phone), email: orNull(v.email), address: orNull(v.address), taxNo: orNull(v.taxNo), paymentTerms: orNull(v.paymentTerms), notes: orNull(v.notes) };
      return id === 'new' ? client.post('/api/inventory/suppliers', { body: body }) : client.patch('/api/inventory/suppliers/{id}', { path: { id }, body: body });
    },
    onSuccess: (s) => { message.success(t('common.saved')); refresh(s); if (id === 'new') onCreated(s.id); },
    onError: fail,
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="supplier-detail">
      <Form form={form} layout="vertical" disabled={!canWrite} onFinish={(v) => save.mutate(v)}>
        <Space wrap align="start">
          <Form.Item name="code" label={t('inv.code')} rules={[{ required: true, pattern: /^[A-Za-z0-9_-]{1,20}$/ }]}><Input maxLength={20} style={{ width: 140 }} /></Form.Item>
          <Form.Item name="name" label={t('inv.name')} rules={[{ required: true }]}><Input maxLength={100} style={{ width: 320 }} data-testid="supplier-name" /></Form.Item>
          <Form.Item name="active" label={t('common.active')} valuePropName="checked"><Switch /></Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="contactName" label={t('inv.contact')}><Input maxLength={50} /></Form.Item>
          <Form.Item name="phone" label={t('inv.phone')}><Input maxLength={30} /></Form.Item>
          <Form.Item name="email" label={t('inv.email')} rules={[{ type: 'email' }]}><Input maxLength={200} /></Form.Item>
        </Space>
        <Form.Item name="address" label={t('inv.address')}><Input maxLength={200} /></Form.Item>
        <Space wrap align="start">
          <Form.Item name="taxNo" label={t('inv.taxNo')} rules={[{ pattern: /^[0-9A-Za-z]*$/, message: t('inv.taxNoHint') }]}><Input maxLength={20} style={{ width: 240 }} data-testid="supplier-tax" /></Form.Item>
          <Form.Item name="paymentTerms" label={t('inv.paymentTerms')}><Input maxLength={50} placeholder={t('inv.paymentTermsHint')} data-testid="supplier-terms" /></Form.Item>
        </Space>
        <Form.Item name="notes" label={t('inv.notes')}><Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 4 }} /></Form.Item>
        {canWrite && <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="supplier-save">{t('common.save')}</Button>}
      </Form>
      {sup.data && <SupplierSkus s={sup.data} canWrite={canWrite} onChanged={refresh} />}
    </Space>
  );
}

function SupplierSkus({ s, canWrite, onChanged }: { s: Supplier; canWrite: boolean; onChanged: (s: Supplier) => void }) {
  const { t } = useTranslation();
  const fail = useFail();
  const [pick, setPick] = useState<StockRow | null>(null);
  const [cost, setCost] = useState<string>('');
  const [lead, setLead] = useState<number | null>(7);
  const [moq, setMoq] = useState<number | null>(1);
  const put = useMutation({
    mutationFn: (b: { skuId: number; cost: number; leadTimeDays?: number; moq?: number; preferred?: boolean; supplierSkuCode?: string | null }) => client.put('/api/inventory/suppliers/{id}/skus', { path: { id: s.id }, body: b }),
    onSuccess: (x) => { onChanged(x); setPick(null); setCost(''); },
    onError: fail,
  });
  const remove = useMutation({ mutationFn: (skuId: number) => client.del('/api/inventory/suppliers/{id}/skus/{skuId}', { path: { id: s.id, skuId } }), onSuccess: onChanged, onError: fail });
  const costFen = yuanToFen(cost);
  return (
    <>
      <Typography.Title level={5}>{t('inv.supplierSkus')}</Typography.Title>
      {canWrite && (
        <Space wrap>
          <InvSkuPicker onPick={setPick} width={240} />
          {pick && <Tag>{pick.skuCode}</Tag>}
          <Input value={cost} onChange={(e) => setCost(e.target.value)} placeholder={t('inv.costYuan')} style={{ width: 110 }} />
          <InputNumber value={lead} onChange={setLead} min={0} max={365} precision={0} addonAfter={t('inv.leadTime')} style={{ width: 170 }} />
          <InputNumber value={moq} onChange={setMoq} min={1} precision={0} placeholder={t('inv.moq')} style={{ width: 90 }} />
          <Button disabled={!pick || costFen == null || costFen < 0} loading={put.isPending}
            onClick={() => put.mutate({ skuId: pick!.skuId, cost: costFen!, leadTimeDays: lead ?? undefined, moq: moq ?? undefined })}>{t('inv.addSku')}</Button>
        </Space>
      )}
      <Table<SupplierSku> rowKey="skuId" size="small" dataSource={s.skus} pagination={{ pageSize: 10, showSizeChanger: false }} scroll={{ x: 600 }}
        columns={[
          { title: t('inv.sku'), render: (_, k) => <>{k.skuCode} <Typography.Text type="secondary">{k.productName} {k.specText}</Typography.Text></> },
          { title: t('inv.cost'), dataIndex: 'cost', align: 'right', render: fen },
          { title: t('inv.leadTime'), dataIndex: 'leadTimeDays', align: 'right' },
          { title: t('inv.moq'), dataIndex: 'moq', align: 'right' },
          { title: t('inv.preferred'), dataIndex: 'preferred', render: (p: boolean, k) => <Switch size="small" checked={p} disabled={!canWrite} onChange={(v) => put.mutate({ skuId: k.skuId, supplierSkuCode: k.supplierSkuCode, cost: k.cost, leadTimeDays: k.leadTimeDays, moq: k.moq, preferred: v })} /> },
          ...(canWrite ? [{ render: (_: unknown, k: SupplierSku) => <Popconfirm title={t('inv.removeSku')} onConfirm={() => remove.mutate(k.skuId)}><Button size="small" type="link" danger>{t('inv.removeSku')}</Button></Popconfirm> }] : []),
        ]} />
    </>
  );
}
