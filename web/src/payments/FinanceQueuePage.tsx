import { App, Button, Card, Empty, Grid, Image, Input, Pagination, Select, Space, Spin, Table, Tabs, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, type Query } from '../lib/client';
import { dateTime, fen } from '../lib/format';
import { StatusTag, useFail } from './common';
import type { Payment } from './types';

/** Finance queue: transfers waiting for confirmation (oldest first) with their vouchers; confirm or reject. */
export function FinanceQueuePage() {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const qc = useQueryClient();
  const fail = useFail();
  // On a phone each transfer is a card (number, customer, amount, voucher, the two buttons) instead of an eight-column table.
  const phone = !Grid.useBreakpoint().md;
  const queue = useQuery({ queryKey: ['pay-queue'], queryFn: () => client.get('/api/payments/queue', { query: { pageSize: 100 } }) });
  const done = () => ['pay-queue', 'payments'].forEach((k) => void qc.invalidateQueries({ queryKey: [k] }));
  const confirm = useMutation({ mutationFn: (id: number) => client.post('/api/payments/{id}/confirm', { path: { id } }), onSuccess: (p) => { message.success(t('pay.confirmedOk', { number: p.number })); done(); }, onError: fail });
  const reject = useMutation({ mutationFn: ({ id, reason }: { id: number; reason: string }) => client.post('/api/payments/{id}/reject', { path: { id }, body: { reason } }), onSuccess: done, onError: fail });
  const askReject = (p: Payment) => {
    let reason = '';
    modal.confirm({ title: `${t('pay.reject')} ${p.number}`, content: <Input placeholder={t('pay.rejectReason')} onChange={(e) => (reason = e.target.value)} maxLength={200} />, onOk: () => reject.mutateAsync({ id: p.id, reason: reason || '—' }) });
  };
  const rows = queue.data?.items ?? [];
  const buttons = (p: Payment) => (
    <Space>
      <Button type="primary" size={phone ? 'middle' : 'small'} loading={confirm.isPending && confirm.variables === p.id} onClick={() => confirm.mutate(p.id)} data-testid={`confirm-${p.number}`}>{t('pay.confirm')}</Button>
      <Button danger size={phone ? 'middle' : 'small'} onClick={() => askReject(p)}>{t('pay.reject')}</Button>
    </Space>
  );
  const purpose = (p: Payment) => (p.orderNumber ? `${t('pay.order')} ${p.orderNumber}` : t('pay.purpose.topup'));
  if (phone) return (
    <div data-testid="finance-queue">
      <Spin spinning={queue.isLoading}>
        {!rows.length && !queue.isLoading && <Empty description={t('pay.queueEmpty')} />}
        {rows.map((p) => (
          <Card key={p.id} size="small" style={{ marginBottom: 8 }} data-testid="transfer-card">
            <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
              <b translate="no">{p.number}</b>
              <b>{fen(p.amount)}</b>
            </Space>
            <div>{p.companyName}</div>
            <Typography.Text type="secondary" style={{ display: 'block' }}>{purpose(p)} · {t('pay.payerName')}：{p.payerName ?? '—'}</Typography.Text>
            <Typography.Text type="secondary" style={{ display: 'block' }}>{dateTime(p.createdAt)}</Typography.Text>
            <Space style={{ width: '100%', justifyContent: 'space-between', marginTop: 8 }} align="end">
              {p.hasVoucher ? <Image width={56} src={`/api/payments/${p.id}/voucher`} alt={t('pay.viewVoucher')} /> : <span />}
              {buttons(p)}
            </Space>
          </Card>
        ))}
      </Spin>
    </div>
  );
  return (
    <div data-testid="finance-queue">
      <Table<Payment> rowKey="id" loading={queue.isLoading} dataSource={queue.data?.items ?? []} pagination={false} scroll={{ x: true }} locale={{ emptyText: <Empty description={t('pay.queueEmpty')} /> }}
        columns={[
          { title: t('pay.number'), dataIndex: 'number' },
          { title: t('pay.customer'), dataIndex: 'companyName' },
          { title: t('pay.purpose_'), render: (_, p) => purpose(p) },
          { title: t('pay.amount'), dataIndex: 'amount', align: 'right', render: fen },
          { title: t('pay.payerName'), dataIndex: 'payerName', render: (v) => v ?? '—' },
          { title: t('pay.voucher'), render: (_, p) => (p.hasVoucher ? <Image width={64} src={`/api/payments/${p.id}/voucher`} alt={t('pay.viewVoucher')} /> : '—') },
          { title: t('pay.date'), dataIndex: 'createdAt', render: dateTime },
          {
            title: '', render: (_, p) => buttons(p),
          },
        ]} />
    </div>
  );
}

/** All payment records with filters (finance, admin; reps see their customers'). */
export function PaymentsPage() {
  const { t } = useTranslation();
  const [f, setF] = useState<Query<'/api/payments'> & { page: number }>({ page: 1 });
  const list = useQuery({ queryKey: ['payments', f], queryFn: () => client.get('/api/payments', { query: { ...f, pageSize: 20 } }) });
  // On a phone each payment is a card; the filters wrap.
  const phone = !Grid.useBreakpoint().md;
  const rows = list.data?.items ?? [];
  return (
    <div data-testid="payments-page">
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('pay.search')} style={{ width: phone ? 'calc(100vw - 32px)' : 240, maxWidth: 240 }} aria-label={t('pay.search')} onSearch={(q) => setF({ ...f, q, page: 1 })} />
        <Select allowClear placeholder={t('pay.status_')} style={{ width: 120 }} onChange={(status) => setF({ ...f, status, page: 1 })} options={['pending', 'succeeded', 'rejected', 'closed'].map((v) => ({ value: v, label: t(`pay.status.${v}`) }))} />
        <Select allowClear placeholder={t('pay.method_')} style={{ width: 130 }} onChange={(method) => setF({ ...f, method, page: 1 })} options={(['online', 'transfer', 'balance', 'cod'] as const).map((v) => ({ value: v, label: t(`pay.method.${v}`) }))} />
        <Tabs activeKey={f.purpose ?? 'all'} onChange={(k) => setF({ ...f, purpose: k === 'all' ? undefined : (k as 'order' | 'topup'), page: 1 })} items={[{ key: 'all', label: t('common.all') }, { key: 'order', label: t('pay.purpose.order') }, { key: 'topup', label: t('pay.purpose.topup') }]} />
      </Space>
      {phone ? (
        <Spin spinning={list.isLoading}>
          {!rows.length && !list.isLoading && <Empty />}
          {rows.map((p) => (
            <Card key={p.id} size="small" style={{ marginBottom: 8 }} data-testid="payment-card">
              <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
                <b translate="no">{p.number}</b>
                <StatusTag group="status" value={p.status} />
              </Space>
              <div>{p.companyName}</div>
              <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                <Typography.Text type="secondary">{t(`pay.method.${p.method}`)} · {p.orderNumber ? `${t('pay.order')} ${p.orderNumber}` : t(`pay.purpose.${p.purpose}`)}</Typography.Text>
                <b>{fen(p.amount)}</b>
              </Space>
              <Typography.Text type="secondary" style={{ display: 'block' }}>
                {dateTime(p.createdAt)}{p.confirmedByName ? ` · ${t('pay.confirmedBy')}：${p.confirmedByName}` : ''}
              </Typography.Text>
            </Card>
          ))}
          <Pagination simple current={f.page} pageSize={20} total={list.data?.total} onChange={(page) => setF({ ...f, page })} hideOnSinglePage />
        </Spin>
      ) : (
      <Table<Payment> rowKey="id" size="small" loading={list.isLoading} dataSource={list.data?.items ?? []} scroll={{ x: true }}
        pagination={{ current: f.page, pageSize: 20, total: list.data?.total, onChange: (page) => setF({ ...f, page }) }}
        columns={[
          { title: t('pay.number'), dataIndex: 'number' },
          { title: t('pay.customer'), dataIndex: 'companyName' },
          { title: t('pay.purpose_'), render: (_, p) => (p.orderNumber ? `${t('pay.order')} ${p.orderNumber}` : t(`pay.purpose.${p.purpose}`)) },
          { title: t('pay.method_'), dataIndex: 'method', render: (m) => t(`pay.method.${m}`) },
          { title: t('pay.amount'), dataIndex: 'amount', align: 'right', render: fen },
          { title: t('pay.status_'), dataIndex: 'status', render: (s) => <StatusTag group="status" value={s} /> },
          { title: t('pay.createdBy'), dataIndex: 'createdByName', render: (v) => v ?? '—' },
          { title: t('pay.confirmedBy'), dataIndex: 'confirmedByName', render: (v) => v ?? '—' },
          { title: t('pay.date'), dataIndex: 'createdAt', render: dateTime },
        ]} />
      )}
    </div>
  );
}
