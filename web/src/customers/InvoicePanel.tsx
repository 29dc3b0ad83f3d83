import { App, Button, Col, Form, Input, Radio, Row, Skeleton } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useFail } from './common';
import type { InvoiceProfile } from './types';
import type { Body } from '../lib/client';
import { companyApi } from './companyApi';

/** 发票抬头: title and taxpayer id for 普票; bank, address and phone are required for 专票. */
export function InvoicePanel({ companyId, canEdit }: { companyId: number | null; canEdit: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const fail = useFail();
  const [form] = Form.useForm();
  const key = ['invoice', companyId];
  const calls = companyApi(companyId);
  const profile = useQuery({ queryKey: key, queryFn: calls.invoice });
  const kind = Form.useWatch('kind', form) as InvoiceProfile['kind'] | undefined;
  useEffect(() => {
    if (profile.data) form.setFieldsValue(profile.data);
    else if (profile.isSuccess) form.setFieldsValue({ kind: 'normal' });
  }, [profile.data, profile.isSuccess, form]);
  const save = useMutation({
    mutationFn: (v: Body<'/api/my/invoice-profile', 'put'>) => calls.putInvoice(v),
    onSuccess: (p) => {
      qc.setQueryData(key, p);
      void message.success(t('common.saved'));
    },
    onError: fail,
  });
  if (profile.isLoading) return <Skeleton active />;
  const special = kind === 'special';
  const req = (on: boolean) => (on ? [{ required: true, message: t('customers.requiredForSpecial') }] : []);
  return (
    <Form form={form} layout="vertical" disabled={!canEdit} onFinish={(v) => save.mutate(v)} data-testid="invoice-form" style={{ maxWidth: 720 }}>
      <Form.Item name="kind" label={t('customers.invoiceKind')}>
        <Radio.Group optionType="button" options={[{ value: 'normal', label: t('customers.invoiceNormal') }, { value: 'special', label: t('customers.invoiceSpecial') }]} />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} sm={14}><Form.Item name="title" label={t('customers.invoiceTitle')} rules={[{ required: true }]}><Input maxLength={100} /></Form.Item></Col>
        <Col xs={24} sm={10}>
          <Form.Item name="taxNo" label={t('customers.taxNo')} rules={[{ required: true }, { pattern: /^[0-9A-Z]{15,20}$/, message: t('customers.taxNoRule') }]} normalize={(v: string) => v?.toUpperCase()}>
            <Input maxLength={20} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}><Form.Item name="bankName" label={t('customers.bankName')} rules={req(special)}><Input maxLength={100} /></Form.Item></Col>
        <Col xs={24} sm={12}><Form.Item name="bankAccount" label={t('customers.bankAccount')} rules={req(special)}><Input maxLength={34} inputMode="numeric" /></Form.Item></Col>
        <Col xs={24} sm={14}><Form.Item name="address" label={t('customers.invoiceAddress')} rules={req(special)}><Input maxLength={200} /></Form.Item></Col>
        <Col xs={24} sm={10}><Form.Item name="phone" label={t('customers.phone')} rules={req(special)}><Input maxLength={20} inputMode="tel" /></Form.Item></Col>
        <Col xs={24} sm={14}><Form.Item name="email" label={t('customers.invoiceEmail')}><Input maxLength={200} inputMode="email" /></Form.Item></Col>
      </Row>
      {canEdit && <Button type="primary" htmlType="submit" loading={save.isPending}>{t('common.save')}</Button>}
    </Form>
  );
}
