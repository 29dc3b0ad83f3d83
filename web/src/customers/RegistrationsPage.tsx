import { App, Button, Descriptions, Drawer, Form, Image, Input, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, type Body } from '../lib/client';
import { useMe } from '../lib/auth';
import { dateTime } from '../lib/format';
import { useFail, useSalesReps, useTiers } from './common';
import type { Registration } from './types';

type Status = Registration['status'];
const statusColor: Record<Status, string> = { pending: 'orange', approved: 'green', rejected: 'red' };

/** Dealer applications: look at the licence photo, approve (company + admin login) or reject with a reason. */
export function RegistrationsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { modal } = App.useApp();
  const fail = useFail();
  const { data: me } = useMe();
  const tiers = useTiers();
  const reps = useSalesReps();
  const [status, setStatus] = useState<Status | 'all'>('pending');
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<Registration | null>(null);
  const [approving, setApproving] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [approveForm] = Form.useForm();
  const [rejectForm] = Form.useForm();
  const list = useQuery({
    queryKey: ['registrations', status, page],
    queryFn: () => client.get('/api/registrations', { query: { status: status === 'all' ? undefined : status, page, pageSize: 20 } }),
  });
  const done = (r: Registration) => {
    setOpen(r);
    void qc.invalidateQueries({ queryKey: ['registrations'] });
    void qc.invalidateQueries({ queryKey: ['customers'] });
  };
  const approve = useMutation({
    mutationFn: (v: Body<'/api/registrations/{id}/approve', 'post'>) => client.post('/api/registrations/{id}/approve', { path: { id: open!.id }, body: v }),
    onSuccess: (r) => {
      setApproving(false);
      done(r.registration);
      modal.success({
        title: t('registrations.approved'),
        content: (
          <div data-testid="approval-result">
            <p>{t('registrations.loginIs', { login: r.login })}</p>
            <Typography.Paragraph copyable code>{r.initialPassword}</Typography.Paragraph>
            <Typography.Text type="secondary">{t('registrations.passwordOnce')}</Typography.Text>
          </div>
        ),
      });
    },
    onError: fail,
  });
  const reject = useMutation({
    mutationFn: (v: { reason: string }) => client.post('/api/registrations/{id}/reject', { path: { id: open!.id }, body: v }),
    onSuccess: (r) => {
      setRejecting(false);
      done(r);
    },
    onError: fail,
  });

  return (
    <div data-testid="registrations-page">
      <Radio.Group value={status} onChange={(e) => { setStatus(e.target.value); setPage(1); }} optionType="button" style={{ marginBottom: 12 }}
        options={(['pending', 'approved', 'rejected', 'all'] as const).map((s) => ({ value: s, label: s === 'all' ? t('common.all') : t(`registrations.statusOf.${s}`) }))} />
      <Table<Registration> rowKey="id" loading={list.isLoading} dataSource={list.data?.items ?? []} scroll={{ x: 800 }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total, onChange: setPage }}
        onRow={(r) => ({ onClick: () => setOpen(r), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('registrations.company'), dataIndex: 'companyName' },
          { title: t('customers.contact'), render: (_, r) => `${r.contactName} ${r.contactPhone}` },
          { title: t('customers.region'), render: (_, r) => `${r.province} ${r.city} ${r.district ?? ''}` },
          { title: t('registrations.appliedAt'), dataIndex: 'createdAt', render: dateTime },
          { title: t('common.status'), dataIndex: 'status', render: (s: Status) => <Tag color={statusColor[s]}>{t(`registrations.statusOf.${s}`)}</Tag> },
          { title: '', render: (_, r) => <a onClick={() => setOpen(r)}>{t('registrations.review')}</a> },
        ]} />
      <Drawer open={!!open} onClose={() => setOpen(null)} width={560} title={open?.companyName} destroyOnHidden
        extra={open?.status === 'pending' && (
          <Space>
            <Button danger onClick={() => { rejectForm.resetFields(); setRejecting(true); }}>{t('registrations.reject')}</Button>
            <Button type="primary" onClick={() => { approveForm.resetFields(); setApproving(true); }}>{t('registrations.approve')}</Button>
          </Space>
        )}>
        {open && (
          <div data-testid="registration-detail">
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('common.status')}><Tag color={statusColor[open.status]}>{t(`registrations.statusOf.${open.status}`)}</Tag></Descriptions.Item>
              {open.rejectReason && <Descriptions.Item label={t('registrations.reason')}>{open.rejectReason}</Descriptions.Item>}
              <Descriptions.Item label={t('customers.contact')}>{open.contactName} {open.contactPhone}</Descriptions.Item>
              <Descriptions.Item label={t('customers.email')}>{open.email ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('customers.region')}>{open.province} {open.city} {open.district ?? ''}</Descriptions.Item>
              <Descriptions.Item label={t('customers.address')}>{open.address ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('registrations.licenceNo')}>{open.licenceNo ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('registrations.login')}>{open.login}</Descriptions.Item>
              <Descriptions.Item label={t('registrations.message')}>{open.message ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('registrations.appliedAt')}>{dateTime(open.createdAt)}</Descriptions.Item>
            </Descriptions>
            <Typography.Title level={5} style={{ marginTop: 16 }}>{t('registrations.licence')}</Typography.Title>
            {open.hasLicence ? <Image src={`/api/registrations/${open.id}/licence`} alt={t('registrations.licence')} style={{ maxWidth: '100%', border: '1px solid #eee' }} data-testid="licence-image" /> : '—'}
          </div>
        )}
      </Drawer>
      <Modal open={approving} title={t('registrations.approve')} onCancel={() => setApproving(false)} onOk={() => approveForm.submit()} confirmLoading={approve.isPending} destroyOnHidden>
        <Form form={approveForm} layout="vertical" initialValues={{ paymentTerms: 'prepay' }} onFinish={(v) => approve.mutate(v)} data-testid="approve-form">
          <Form.Item name="code" label={t('customers.code')} rules={[{ required: true }, { pattern: /^[A-Za-z0-9_-]+$/, message: t('customers.codeRule') }]}><Input maxLength={32} /></Form.Item>
          <Form.Item name="tierId" label={t('customers.tier')}><Select allowClear options={(tiers.data ?? []).map((x) => ({ value: x.id, label: x.name }))} /></Form.Item>
          {me?.role === 'admin' && <Form.Item name="salesRepId" label={t('customers.rep')}><Select allowClear options={(reps.data ?? []).map((x) => ({ value: x.id, label: x.name }))} /></Form.Item>}
          <Form.Item name="paymentTerms" label={t('customers.terms')}><Select options={(['prepay', 'cod', 'credit'] as const).map((x) => ({ value: x, label: t(`customers.termsOf.${x}`) }))} /></Form.Item>
        </Form>
      </Modal>
      <Modal open={rejecting} title={t('registrations.reject')} onCancel={() => setRejecting(false)} onOk={() => rejectForm.submit()} confirmLoading={reject.isPending} destroyOnHidden>
        <Form form={rejectForm} layout="vertical" onFinish={(v) => reject.mutate(v)} data-testid="reject-form">
          <Form.Item name="reason" label={t('registrations.reason')} rules={[{ required: true }]}><Input.TextArea rows={3} maxLength={500} /></Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
