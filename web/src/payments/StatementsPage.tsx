import { Button, DatePicker, Modal, Select, Space, Table, Tabs } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, type Query } from '../lib/client';
import { fen } from '../lib/format';
import { lastMonth, StatusTag, useFail } from './common';
import { StatementView } from './StatementView';
import { OpeningReceiptButton } from './OpeningReceipt';
import { useMe } from '../lib/auth';
import type { Aging, Buckets, Statement } from './types';

/** Finance: issue a month's statements, see which customers confirmed or disputed, export and print. */
export function StatementsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const fail = useFail();
  const [period, setPeriod] = useState(lastMonth());
  const [status, setStatus] = useState<Query<'/api/payments/statements'>['status']>();
  const [openId, setOpenId] = useState<number | null>(null);
  const list = useQuery({ queryKey: ['statements', period, status], queryFn: () => client.get('/api/payments/statements', { query: { period, status, pageSize: 100 } }) });
  const detail = useQuery({ queryKey: ['statement', openId], enabled: openId != null, queryFn: () => client.get('/api/payments/statements/{id}', { path: { id: openId! } }) });
  const issue = useMutation({ mutationFn: () => client.post('/api/payments/statements', { body: { period } }), onSuccess: () => void qc.invalidateQueries({ queryKey: ['statements'] }), onError: fail });
  return (
    <div data-testid="statements-page">
      <Space wrap style={{ marginBottom: 12 }}>
        <DatePicker picker="month" allowClear={false} value={dayjs(`${period}-01`)} onChange={(d) => d && setPeriod(d.format('YYYY-MM'))} />
        <Select allowClear placeholder={t('pay.status_')} style={{ width: 120 }} onChange={setStatus} options={['issued', 'confirmed', 'disputed'].map((v) => ({ value: v, label: t(`pay.stStatus.${v}`) }))} />
        <Button type="primary" loading={issue.isPending} onClick={() => issue.mutate()}>{t('pay.issue')}</Button>
      </Space>
      <Table<Statement> rowKey="id" size="small" loading={list.isLoading} dataSource={list.data?.items ?? []} scroll={{ x: true }} pagination={false}
        onRow={(s) => ({ onClick: () => setOpenId(s.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('pay.customer'), render: (_, s) => `${s.companyCode} ${s.companyName}` },
          { title: t('pay.opening'), dataIndex: 'opening', align: 'right', render: fen },
          { title: t('pay.orders'), dataIndex: 'orders', align: 'right', render: fen },
          { title: t('pay.paymentsIn'), dataIndex: 'payments', align: 'right', render: (v) => fen(-v) },
          { title: t('pay.refunds'), dataIndex: 'refunds', align: 'right', render: fen },
          { title: t('pay.closing'), dataIndex: 'closing', align: 'right', render: (v) => <b>{fen(v)}</b> },
          { title: t('pay.status_'), dataIndex: 'status', render: (v) => <StatusTag group="stStatus" value={v} /> },
        ]} />
      <Modal open={openId != null} width={760} title={detail.data ? `${detail.data.companyName} ${detail.data.period}` : ''} onCancel={() => setOpenId(null)}
        footer={<Space><Button href={`/api/payments/statements/${openId}/export`}>{t('pay.exportXlsx')}</Button><Button href={`/api/payments/statements/${openId}/print`} target="_blank">{t('pay.print')}</Button></Space>}>
        {detail.data && <StatementView s={detail.data} lines={detail.data.lines} />}
      </Modal>
    </div>
  );
}

/** Receivables aging per customer and per sales rep: open orders and opening receivables (其中期初应收, with the 收款 action for finance). */
export function AgingPage() {
  const { t } = useTranslation();
  const me = useMe();
  const canReceive = me.data?.role === 'admin' || me.data?.role === 'finance';
  const a = useQuery({ queryKey: ['aging'], queryFn: () => client.get('/api/payments/aging') });
  const cols = [
    { title: t('pay.b0'), dataIndex: 'd0_30', align: 'right' as const, render: fen },
    { title: t('pay.b1'), dataIndex: 'd31_60', align: 'right' as const, render: fen },
    { title: t('pay.b2'), dataIndex: 'd61_90', align: 'right' as const, render: fen },
    { title: t('pay.b3'), dataIndex: 'd90_plus', align: 'right' as const, render: fen },
    { title: t('pay.totalOwed'), dataIndex: 'total', align: 'right' as const, render: (v: number) => <b>{fen(v)}</b> },
    { title: t('pay.overdue'), dataIndex: 'overdue', align: 'right' as const, render: (v: number) => <span style={{ color: v ? '#cf1322' : undefined }}>{fen(v)}</span> },
    { title: t('pay.openingCol'), dataIndex: 'opening', align: 'right' as const, render: (v: number) => (v ? fen(v) : '—') },
  ];
  type Row = Aging['customers'][number];
  const opening = {
    title: t('pay.openingDueCol'), key: 'openingDue',
    render: (_: unknown, c: Row) => (c.opening > 0 ? (
      <span style={{ whiteSpace: 'nowrap' }}>{c.openingDueDate ?? '—'} {canReceive && <OpeningReceiptButton companyId={c.companyId} companyName={c.companyName} />}</span>
    ) : '—'),
  };
  const summary = (b: Buckets | undefined) => (b ? `${t('pay.totalOwed')} ${fen(b.total)} · ${t('pay.overdue')} ${fen(b.overdue)} · ${t('pay.openingCol')} ${fen(b.opening)}` : '');
  return (
    <div data-testid="aging-page">
      <div style={{ marginBottom: 12 }}>{summary(a.data?.totals)}</div>
      <Tabs items={[
        { key: 'c', label: t('pay.byCustomer'), children: <Table rowKey="companyId" size="small" loading={a.isLoading} pagination={false} scroll={{ x: true }} dataSource={a.data?.customers ?? []} columns={[{ title: t('pay.customer'), render: (_: unknown, c: Row) => `${c.companyCode} ${c.companyName}` }, { title: t('pay.rep'), dataIndex: 'salesRepName', render: (v: string | null) => v ?? '—' }, ...cols, opening]} /> },
        { key: 'r', label: t('pay.byRep'), children: <Table rowKey={(r) => String(r.salesRepId)} size="small" pagination={false} scroll={{ x: true }} dataSource={a.data?.reps ?? []} columns={[{ title: t('pay.rep'), dataIndex: 'salesRepName', render: (v: string | null) => v ?? '—' }, { title: t('pay.customers'), dataIndex: 'customerCount' }, ...cols]} /> },
      ]} />
    </div>
  );
}
