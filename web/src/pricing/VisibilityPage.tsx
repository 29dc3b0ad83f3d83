import { Alert, Button, Form, Input, Modal, Select, Space, Table, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../lib/client';
import { useMe } from '../lib/auth';
import { useFail, useTiers } from '../customers/common';
import { CustomerSelect } from '../customers/CustomerSelect';
import { SkuPicker } from './SkuPicker';

interface Restricted { productId: number; productName: string; tiers: number; regions: number; companies: number }
interface VisForm { tierIds: number[]; regions: { province: string; city?: string | null }[]; companyIds: number[] }

/** The rules editor of one product: empty everywhere = visible to every customer. */
function VisibilityEditor({ product, onClose }: { product: { productId: number; productName: string } | null; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const fail = useFail();
  const tiers = useTiers();
  const [form] = Form.useForm<VisForm>();
  const current = useQuery({ queryKey: ['visibility', product?.productId], enabled: !!product, queryFn: () => client.get('/api/products/{id}/visibility', { path: { id: product!.productId } }) });
  useEffect(() => {
    if (current.data) form.setFieldsValue({ tierIds: current.data.tierIds, regions: current.data.regions, companyIds: current.data.companyIds });
  }, [current.data, form]);
  const save = useMutation({
    mutationFn: (v: VisForm) => client.put('/api/products/{id}/visibility', { path: { id: product!.productId }, body: {
      tierIds: v.tierIds ?? [], companyIds: v.companyIds ?? [],
      regions: (v.regions ?? []).filter((r) => r?.province).map((r) => ({ province: r.province, city: r.city || null })),
    } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['restricted-products'] });
      void qc.invalidateQueries({ queryKey: ['visibility'] });
      onClose();
    },
    onError: fail,
  });
  return (
    <Modal open={!!product} width={640} title={`${t('pricing.visibilityOf')} · ${product?.productName ?? ''}`} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} destroyOnHidden>
      <Alert type="info" showIcon message={t('pricing.visibilityHint')} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} initialValues={{ tierIds: [], regions: [], companyIds: [] }} data-testid="visibility-form">
        <Form.Item name="tierIds" label={t('pricing.visTiers')}><Select mode="multiple" options={(tiers.data ?? []).map((x) => ({ value: x.id, label: x.name }))} /></Form.Item>
        <Form.Item label={t('pricing.visRegions')}>
          <Form.List name="regions">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} style={{ display: 'flex', marginBottom: 8 }} align="baseline">
                    <Form.Item name={[f.name, 'province']} rules={[{ required: true, message: t('customers.province') }]} noStyle><Input placeholder={t('customers.province')} maxLength={30} style={{ width: 160 }} /></Form.Item>
                    <Form.Item name={[f.name, 'city']} noStyle><Input placeholder={t('pricing.cityOptional')} maxLength={30} style={{ width: 180 }} /></Form.Item>
                    <Button type="text" icon={<DeleteOutlined />} aria-label="remove" onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ province: '', city: '' })}>{t('pricing.addRegion')}</Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item name="companyIds" label={t('pricing.visCustomers')}><CustomerSelect multiple testId="vis-customers" /></Form.Item>
      </Form>
    </Modal>
  );
}

/** Products limited to some tiers, regions or customers; pick any product to change its rules. */
export function VisibilityPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const canManage = !!me?.permissions.includes('pricing.manage');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<{ productId: number; productName: string } | null>(null);
  const list = useQuery({ queryKey: ['restricted-products', q, page], queryFn: () => client.get('/api/product-visibility', { query: { q, page, pageSize: 20 } }) });
  return (
    <div data-testid="visibility-page">
      <Typography.Paragraph type="secondary">{t('pricing.visibilityIntro')}</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }} wrap>
        <Input.Search placeholder={t('pricing.product')} allowClear onSearch={(v) => { setQ(v); setPage(1); }} style={{ width: 220 }} />
        {canManage && <SkuPicker testId="vis-pick" placeholder={t('pricing.pickProduct')} onPick={(s) => setOpen({ productId: s.productId, productName: s.productName })} />}
      </Space>
      <Table<Restricted> rowKey="productId" loading={list.isLoading} dataSource={list.data?.items ?? []} locale={{ emptyText: t('pricing.noRestricted') }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total, onChange: setPage }}
        columns={[
          { title: t('pricing.product'), dataIndex: 'productName' },
          { title: t('pricing.visTiers'), dataIndex: 'tiers', align: 'right' },
          { title: t('pricing.visRegions'), dataIndex: 'regions', align: 'right' },
          { title: t('pricing.visCustomers'), dataIndex: 'companies', align: 'right' },
          ...(canManage ? [{ title: '', render: (_: unknown, r: Restricted) => <a onClick={() => setOpen(r)}>{t('common.edit')}</a> }] : []),
        ]} />
      <VisibilityEditor product={open} onClose={() => setOpen(null)} />
    </div>
  );
}
