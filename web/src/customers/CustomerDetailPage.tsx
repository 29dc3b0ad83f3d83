import { Button, Card, Col, Result, Row, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { client } from '../lib/client';
import { ApiError } from '../lib/api';
import { useMe } from '../lib/auth';
import { dateTime, fen } from '../lib/format';
import { fillsOf, Slot } from '../lib/slots';
import { AddressesPanel } from './AddressesPanel';
import { BuyersPanel } from './BuyersPanel';
import { Field } from './common';
import { CustomerForm } from './CustomerForm';
import { InvoicePanel } from './InvoicePanel';

/** One customer: profile, payment terms and credit, addresses, buyers, invoice profile, prices. */
export function CustomerDetailPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const { data: me } = useMe();
  const [editing, setEditing] = useState(false);
  const c = useQuery({ queryKey: ['customer', id], queryFn: () => client.get('/api/customers/{id}', { path: { id } }), retry: false });
  if (c.isLoading) return <Skeleton active />;
  if (c.error) return <Result status={c.error instanceof ApiError && c.error.status === 404 ? '404' : 'error'} title={c.error instanceof ApiError ? c.error.message : String(c.error)} extra={<Link to="/admin/customers">{t('common.back')}</Link>} />;
  const co = c.data!;
  const canManage = !!me?.permissions.includes('customers.manage');
  const region = [co.province, co.city, co.district].filter(Boolean).join(' ');

  const profile = (
    <Row gutter={16}>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('customers.profile')}>
          <Field label={t('customers.code')}>{co.code}</Field>
          <Field label={t('customers.contact')}>{[co.contactName, co.contactPhone].filter(Boolean).join(' ') || '—'}</Field>
          <Field label={t('customers.moreContacts')}><MoreContacts companyId={id} /></Field>
          <Field label={t('customers.email')}>{co.email ?? '—'}</Field>
          <Field label={t('customers.region')}>{region || '—'}</Field>
          <Field label={t('customers.address')}>{co.address ?? '—'}</Field>
          <Field label={t('customers.tags')}>{co.tags.length ? co.tags.map((x) => <Tag key={x}>{x}</Tag>) : '—'}</Field>
          <Field label={t('customers.notes')}>{co.notes ?? '—'}</Field>
          <Field label={t('common.createdAt')}>{dateTime(co.createdAt)}</Field>
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('customers.termsAndCredit')} data-testid="terms-card">
          <Field label={t('customers.tier')}>{co.tierName ?? '—'}</Field>
          <Field label={t('customers.rep')}>{co.salesRepName ?? '—'}</Field>
          <Field label={t('customers.terms')}>{t(`customers.termsOf.${co.paymentTerms}`)}{co.paymentTerms === 'credit' ? `（${co.creditDays}${t('customers.days')}）` : ''}</Field>
          <Field label={t('customers.creditLimit')}><span data-testid="credit-limit-value">{fen(co.creditLimit)}</span></Field>
        </Card>
      </Col>
    </Row>
  );

  return (
    <div data-testid="customer-detail">
      <Space style={{ marginBottom: 12 }} wrap>
        <Link to="/admin/customers"><ArrowLeftOutlined /> {t('customers.list')}</Link>
      </Space>
      <Card style={{ marginBottom: 12 }} styles={{ body: { padding: 16 } }}>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>{co.name}</Typography.Title>
            <Tag color={co.status === 'active' ? 'green' : 'red'}>{t(`customers.statusOf.${co.status}`)}</Tag>
            {co.tierName && <Tag color="blue">{co.tierName}</Tag>}
          </Space>
          <Space wrap>
            <Slot name="customer.actions" companyId={id} />
            {canManage && <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>{t('common.edit')}</Button>}
          </Space>
        </Space>
      </Card>
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          items={[
            { key: 'profile', label: t('customers.profile'), children: profile },
            { key: 'addresses', label: t('customers.addresses'), children: <AddressesPanel companyId={Number(id)} canEdit={canManage} /> },
            { key: 'buyers', label: t('customers.buyers'), children: <BuyersPanel companyId={Number(id)} canEdit={canManage} /> },
            { key: 'invoice', label: t('customers.invoice'), children: <InvoicePanel companyId={Number(id)} canEdit={canManage} /> },
            ...fillsOf('customer.tabs').map((f) => ({ key: f.key, label: t(f.label ?? f.key), children: <f.Component companyId={id} /> })),
          ]}
        />
      </Card>
      <CustomerForm open={editing} company={co} onClose={() => setEditing(false)} />
    </div>
  );
}

/** The customer's other contacts (the customer import adds them: more rows with the same 客户编码). */
function MoreContacts({ companyId }: { companyId: number }) {
  const q = useQuery({ queryKey: ['customer', companyId, 'contacts'], queryFn: () => client.get('/api/customers/{id}/contacts', { path: { id: companyId } }) });
  if (!q.data?.length) return <>—</>;
  return (
    <div data-testid="more-contacts">
      {q.data.map((c) => <div key={c.id}>{[c.name, c.phone, c.email].filter(Boolean).join(' ')}</div>)}
    </div>
  );
}
