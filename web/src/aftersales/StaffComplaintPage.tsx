import { Button, Card, Form, Input, Select, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { client } from '../lib/client';
import { useFail } from '../orders/api';
import { CustomerSelect } from '../customers/CustomerSelect';

interface Values { companyId: number | null; customerUserId?: number | null; orderId?: number | null; subject: string; body: string }

/**
 * Staff file a complaint on a customer's behalf (a phone call, a visit): the customer, optionally
 * the buyer who raised it and the order it is about, a subject and the first message. The server
 * records it as raised by the staff member and tells the customer; reps may only pick their own
 * customers. Opened from the complaint inbox, a customer's page (?companyId=) or an order (?orderId=).
 */
export function StaffNewComplaintPage() {
  const { t } = useTranslation();
  const nav = useNavigate();
  const fail = useFail();
  const [sp] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const initial = { companyId: Number(sp.get('companyId')) || null, orderId: Number(sp.get('orderId')) || null };
  const [companyId, setCompanyId] = useState<number | null>(initial.companyId);
  const [key] = useState(() => crypto.randomUUID());
  const buyers = useQuery({ queryKey: ['customer-buyers', companyId], enabled: companyId != null, queryFn: () => client.get('/api/customers/{id}/buyers', { path: { id: companyId! } }) });
  const orders = useQuery({ queryKey: ['customer-orders', companyId], enabled: companyId != null, queryFn: () => client.get('/api/orders', { query: { companyId: companyId!, pageSize: 50 } }) });
  const save = useMutation({
    mutationFn: (v: Values) => client.post('/api/complaints', { body: { companyId: v.companyId!, customerUserId: v.customerUserId ?? null, orderId: v.orderId ?? null, subject: v.subject, body: v.body }, idempotencyKey: key }),
    onSuccess: (c) => nav(`/admin/complaints/${c.id}`),
    onError: fail,
  });
  return (
    <Card title={t('aftersales.complaint.staffNew')} style={{ maxWidth: 720 }}>
      <Typography.Paragraph type="secondary">{t('aftersales.complaint.staffNewHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)}
        onValuesChange={(ch: Partial<Values>) => { if ('companyId' in ch) { setCompanyId(ch.companyId ?? null); form.setFieldsValue({ customerUserId: null, orderId: null }); } }}>
        <Form.Item name="companyId" label={t('aftersales.customer')} rules={[{ required: true, message: t('aftersales.complaint.customerRequired') }]}>
          <CustomerSelect testId="complaint-customer" />
        </Form.Item>
        <Form.Item name="customerUserId" label={t('aftersales.complaint.raisedBy')} extra={t('aftersales.complaint.raisedByHint')}>
          <Select allowClear disabled={companyId == null} data-testid="complaint-buyer"
            options={(buyers.data ?? []).filter((b) => b.status === 'active').map((b) => ({ value: b.id, label: b.name }))} />
        </Form.Item>
        <Form.Item name="orderId" label={t('aftersales.order')} extra={t('aftersales.complaint.orderHint')}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} disabled={companyId == null} data-testid="complaint-order"
            options={(orders.data?.items ?? []).map((o) => ({ value: o.id, label: o.number }))} />
        </Form.Item>
        <Form.Item name="subject" label={t('aftersales.complaint.subject')} rules={[{ required: true, whitespace: true, message: t('aftersales.complaint.subjectRequired') }]}><Input maxLength={100} /></Form.Item>
        <Form.Item name="body" label={t('aftersales.complaint.body')} rules={[{ required: true, whitespace: true, message: t('aftersales.complaint.bodyRequired') }]}><Input.TextArea rows={5} maxLength={2000} /></Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="complaint-submit">{t('aftersales.complaint.submit')}</Button>
      </Form>
    </Card>
  );
}
