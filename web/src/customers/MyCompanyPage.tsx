import { Card, Segmented, Skeleton, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../lib/client';
import { useMe } from '../lib/auth';
import { fen } from '../lib/format';
import { AddressesPanel } from './AddressesPanel';
import { BuyersPanel } from './BuyersPanel';
import { Field } from './common';
import { InvoicePanel } from './InvoicePanel';

type Section = 'profile' | 'addresses' | 'buyers' | 'invoice';

/**
 * 我的企业 in the portal: company profile and terms (read only), delivery addresses, invoice
 * profile and — for the customer admin — the company's buyers and their spending limits.
 */
export function MyCompanyPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const admin = me?.role === 'customer_admin';
  const [section, setSection] = useState<Section>('profile');
  const c = useQuery({ queryKey: ['my-company'], queryFn: () => client.get('/api/my/company') });
  const sections: Section[] = admin ? ['profile', 'addresses', 'buyers', 'invoice'] : ['profile', 'addresses', 'invoice'];
  return (
    <div data-testid="my-company">
      <Typography.Title level={4} style={{ margin: '4px 4px 12px' }}>{t('myCompany.title')}</Typography.Title>
      <Segmented<Section> block value={section} onChange={setSection} options={sections.map((s) => ({ value: s, label: t(`myCompany.${s}`) }))} style={{ marginBottom: 12 }} />
      <Card size="small" styles={{ body: { padding: 12 } }}>
        {section === 'profile' && (c.isLoading ? <Skeleton active /> : c.data && (
          <div data-testid="my-profile">
            <Typography.Title level={5} style={{ marginTop: 0 }}>{c.data.name} {c.data.tierName && <Tag color="blue">{c.data.tierName}</Tag>}</Typography.Title>
            <Field label={t('customers.code')}>{c.data.code}</Field>
            <Field label={t('customers.contact')}>{[c.data.contactName, c.data.contactPhone].filter(Boolean).join(' ') || '—'}</Field>
            <Field label={t('customers.region')}>{[c.data.province, c.data.city, c.data.district].filter(Boolean).join(' ') || '—'}</Field>
            <Field label={t('customers.address')}>{c.data.address ?? '—'}</Field>
            <Field label={t('myCompany.terms')}>{t(`customers.termsOf.${c.data.paymentTerms}`)}{c.data.paymentTerms === 'credit' ? `（${c.data.creditDays}${t('customers.days')}）` : ''}</Field>
            {c.data.paymentTerms === 'credit' && <Field label={t('myCompany.creditLimit')}>{fen(c.data.creditLimit)}</Field>}
            <Field label={t('myCompany.rep')}>{c.data.salesRepName ?? '—'}</Field>
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>{t('myCompany.readonly')}</Typography.Paragraph>
          </div>
        ))}
        {section === 'addresses' && <AddressesPanel companyId={null} canEdit={admin} />}
        {section === 'buyers' && admin && <BuyersPanel companyId={null} canEdit />}
        {section === 'invoice' && <InvoicePanel companyId={null} canEdit={admin} />}
      </Card>
    </div>
  );
}
