import { Col, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../lib/auth';
import { TagsInput, useFail, useSalesReps, useTiers, YuanInput } from './common';
import type { Company } from './types';
import { client, type Body } from '../lib/client';

/**
 * Create or edit a customer. Only the fields the signed-in role may change are shown: payment
 * terms and credit for admin/finance, tier and sales rep for admin (the server checks it too).
 */
export function CustomerForm({ open, company, onClose, onSaved }: { open: boolean; company?: Company | null; onClose: () => void; onSaved?: (c: Company) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const qc = useQueryClient();
  const fail = useFail();
  const { data: me } = useMe();
  const tiers = useTiers();
  const reps = useSalesReps();
  const perms = new Set(me?.permissions ?? []);
  const canCredit = perms.has('customers.credit');
  const canAssign = perms.has('customers.assign');
  const terms = Form.useWatch('paymentTerms', form) as string | undefined;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (company) form.setFieldsValue(company);
    else form.setFieldsValue({ status: 'active', paymentTerms: 'prepay', creditDays: 0, creditLimit: 0, tags: [] });
  }, [open, company, form]);

  const save = useMutation({
    mutationFn: (v: Partial<Company>) => {
      const body = { ...v } as Body<'/api/customers', 'post'>;
      if (!canCredit) for (const k of ['paymentTerms', 'creditDays', 'creditLimit'] as const) delete body[k];
      if (!canAssign) for (const k of ['tierId', 'salesRepId'] as const) delete body[k];
      return company ? client.patch('/api/customers/{id}', { path: { id: company.id }, body }) : client.post('/api/customers', { body });
    },
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: ['customers'] });
      void qc.invalidateQueries({ queryKey: ['customer', c.id] });
      onSaved?.(c);
      onClose();
    },
    onError: fail,
  });

  return (
    <Modal open={open} width={720} title={company ? t('customers.edit') : t('customers.create')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} data-testid="customer-form">
        <Row gutter={12}>
          <Col xs={24} sm={8}><Form.Item name="code" label={t('customers.code')} rules={[{ required: true }, { pattern: /^[A-Za-z0-9_-]+$/, message: t('customers.codeRule') }]}><Input maxLength={32} /></Form.Item></Col>
          <Col xs={24} sm={16}><Form.Item name="name" label={t('customers.name')} rules={[{ required: true }]}><Input maxLength={100} /></Form.Item></Col>
          <Col xs={24} sm={8}><Form.Item name="contactName" label={t('customers.contact')}><Input maxLength={50} /></Form.Item></Col>
          <Col xs={24} sm={8}><Form.Item name="contactPhone" label={t('customers.phone')}><Input maxLength={20} /></Form.Item></Col>
          <Col xs={24} sm={8}><Form.Item name="email" label={t('customers.email')}><Input maxLength={200} /></Form.Item></Col>
          <Col xs={8}><Form.Item name="province" label={t('customers.province')}><Input maxLength={30} /></Form.Item></Col>
          <Col xs={8}><Form.Item name="city" label={t('customers.city')}><Input maxLength={30} /></Form.Item></Col>
          <Col xs={8}><Form.Item name="district" label={t('customers.district')}><Input maxLength={30} /></Form.Item></Col>
          <Col xs={24}><Form.Item name="address" label={t('customers.address')}><Input maxLength={200} /></Form.Item></Col>
          {canAssign && (
            <>
              <Col xs={24} sm={12}><Form.Item name="tierId" label={t('customers.tier')}><Select allowClear options={(tiers.data ?? []).map((x) => ({ value: x.id, label: x.name }))} /></Form.Item></Col>
              <Col xs={24} sm={12}><Form.Item name="salesRepId" label={t('customers.rep')}><Select allowClear options={(reps.data ?? []).map((x) => ({ value: x.id, label: `${x.name}（${x.login}）` }))} /></Form.Item></Col>
            </>
          )}
          {canCredit && (
            <>
              <Col xs={24} sm={8}>
                <Form.Item name="paymentTerms" label={t('customers.terms')}>
                  <Select options={(['prepay', 'cod', 'credit'] as const).map((x) => ({ value: x, label: t(`customers.termsOf.${x}`) }))} />
                </Form.Item>
              </Col>
              <Col xs={12} sm={8}><Form.Item name="creditDays" label={t('customers.creditDays')}><InputNumber min={0} max={365} precision={0} style={{ width: '100%' }} disabled={terms !== 'credit'} /></Form.Item></Col>
              <Col xs={12} sm={8}><Form.Item name="creditLimit" label={t('customers.creditLimit')}><YuanInput testId="credit-limit" /></Form.Item></Col>
            </>
          )}
          {company && (
            <Col xs={24} sm={8}>
              <Form.Item name="status" label={t('common.status')}>
                <Select options={(['active', 'suspended'] as const).map((x) => ({ value: x, label: t(`customers.statusOf.${x}`) }))} />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} sm={company ? 16 : 24}><Form.Item name="tags" label={t('customers.tags')}><TagsInput /></Form.Item></Col>
          <Col xs={24}><Form.Item name="notes" label={t('customers.notes')}><Input.TextArea rows={2} maxLength={2000} /></Form.Item></Col>
        </Row>
      </Form>
    </Modal>
  );
}
