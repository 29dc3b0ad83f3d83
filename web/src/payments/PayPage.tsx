import { Alert, Button, Card, Descriptions, Form, Input, List, Radio, Result, Space, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { client } from '../lib/client';
import { dateTime, fen, yuanToFen } from '../lib/format';
import { StatusTag, useFail } from './common';
import { useOnlinePay, usePaymentReturn } from './OnlinePayQr';
import type { OrderPayMethod } from './types';

/** Portal: pay one order by the methods this customer may use (phone first). */
export function PayPage() {
  const orderId = useParams().orderId!;
  const { t } = useTranslation();
  const qc = useQueryClient();
  const fail = useFail();
  const key = ['pay', orderId];
  const info = useQuery({ queryKey: key, queryFn: () => client.get('/api/my/orders/{id}/payment', { path: { id: orderId } }) });
  const [method, setMethod] = useState<OrderPayMethod | null>(null);
  const [amount, setAmount] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [payer, setPayer] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: key });
  const online = useOnlinePay(() => { refresh(); setDone(t('pay.paidOk')); });
  const d = info.data;
  const fenAmount = useMemo(() => (amount ? yuanToFen(amount) : d?.outstanding ?? null), [amount, d]);

  usePaymentReturn(refresh);
  useEffect(() => {
    if (d && !method) setMethod(d.allowedMethods.includes('balance') && d.availableForOrder > 0 ? 'balance' : d.allowedMethods[0] ?? null);
  }, [d, method]);

  const pay = useMutation({
    mutationFn: async () => {
      if (!method) return null;
      if (method === 'balance') return client.post('/api/my/orders/{id}/pay/balance', { path: { id: orderId }, body: { amount: fenAmount ?? 0 }, idempotencyKey: `pay-${orderId}-${fenAmount}-${d?.paidTotal}` }).then(() => t('pay.paidOk'));
      if (method === 'online') {
        await online.start((channel) => client.post('/api/my/orders/{id}/pay/online', { path: { id: orderId }, body: { ...(amount && fenAmount != null ? { amount: fenAmount } : {}), channel } }));
        return null;
      }
      if (method === 'transfer') {
        const f = new FormData();
        f.set('amount', String(fenAmount ?? ''));
        if (payer) f.set('payerName', payer);
        if (file) f.set('voucher', file);
        return client.upload('/api/my/orders/{id}/pay/transfer', f, { path: { id: orderId } }).then(() => t('pay.submitted'));
      }
      return client.post('/api/my/orders/{id}/pay/later', { path: { id: orderId }, body: { method } }).then(() => t(`pay.method.${method}`));
    },
    onSuccess: (msg) => {
      if (msg) setDone(msg);
      setFile(null);
      refresh();
    },
    onError: fail,
  });

  if (!d) return <Card loading={info.isLoading}>{info.error ? String(info.error) : null}</Card>;
  return (
    <div style={{ maxWidth: 560, margin: '0 auto' }} data-testid="pay-page">
      <Card size="small" style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('pay.order')} {d.number}</Typography.Text>
        <div style={{ fontSize: 28, fontWeight: 600, margin: '4px 0' }} data-testid="outstanding">{fen(d.outstanding)}</div>
        <Space wrap>
          <StatusTag group="pstatus" value={d.paymentStatus} />
          <Typography.Text type="secondary">{t('pay.total')} {fen(d.total)} · {t('pay.paid')} {fen(d.paidTotal)}</Typography.Text>
        </Space>
      </Card>
      {done && <Alert type="success" showIcon message={done} style={{ marginBottom: 12 }} closable onClose={() => setDone(null)} />}
      {d.heldForOrder > 0 && <Alert type="info" showIcon message={t('pay.heldForOrder', { amount: fen(d.heldForOrder) })} style={{ marginBottom: 12 }} data-testid="held-for-order" />}
      {d.outstanding === 0 ? (
        <Result status="success" title={t('pay.nothingToPay')} />
      ) : d.allowedMethods.length === 0 ? (
        <Alert type="warning" message={t('pay.noMethods')} />
      ) : (
        <Card size="small" title={t('pay.chooseMethod')} style={{ marginBottom: 12 }}>
          <Radio.Group value={method} onChange={(e) => setMethod(e.target.value)} style={{ width: '100%' }}>
            <Space direction="vertical" style={{ width: '100%' }}>
              {d.allowedMethods.map((m) => (
                <Radio key={m} value={m} data-testid={`method-${m}`}>
                  {t(`pay.method.${m}`)}
                  {m === 'balance' && <Typography.Text type="secondary"> · {t('pay.available')} {fen(d.availableForOrder)}</Typography.Text>}
                  {m === 'credit' && <Typography.Text type="secondary"> · {t('pay.creditAvail')} {fen(d.credit.available)}</Typography.Text>}
                </Radio>
              ))}
            </Space>
          </Radio.Group>
          <Form layout="vertical" style={{ marginTop: 12 }}>
            {method !== 'credit' && method !== 'cod' && (
              <Form.Item label={t('pay.amountYuan')} help={fenAmount === null ? '0.01 – ' + fen(d.outstanding) : undefined} validateStatus={fenAmount === null ? 'error' : undefined}>
                <Input inputMode="decimal" placeholder={(d.outstanding / 100).toFixed(2)} value={amount} onChange={(e) => setAmount(e.target.value)} data-testid="pay-amount" />
              </Form.Item>
            )}
            {method === 'transfer' && (
              <>
                <Form.Item label={t('pay.payerName')}><Input value={payer} onChange={(e) => setPayer(e.target.value)} maxLength={100} data-testid="payer-name" /></Form.Item>
                <Form.Item label={t('pay.voucher')} required>
                  <Upload accept="image/jpeg,image/png,image/webp" maxCount={1} beforeUpload={(f) => { setFile(f); return false; }} onRemove={() => setFile(null)} fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}>
                    <Button icon={<UploadOutlined />} data-testid="voucher-upload">{t('pay.upload')}</Button>
                  </Upload>
                </Form.Item>
              </>
            )}
            <Button type="primary" block size="large" loading={pay.isPending} disabled={!method || fenAmount === null || (method === 'transfer' && !file)} onClick={() => pay.mutate()} data-testid="pay-submit">
              {method === 'balance' ? t('pay.payBalance') : method === 'online' ? t('pay.payOnline') : method === 'transfer' ? t('pay.payTransfer') : t('pay.payLater')}
            </Button>
          </Form>
        </Card>
      )}
      {online.modal}
      <Card size="small" title={t('pay.history')}>
        <List dataSource={d.payments} locale={{ emptyText: '—' }} renderItem={(p) => (
          <List.Item extra={<StatusTag group="status" value={p.status} />}>
            <List.Item.Meta title={`${t(`pay.method.${p.method}`)} ${fen(p.amount)}`} description={<>{p.number} · {dateTime(p.createdAt)}{p.rejectReason ? ` · ${p.rejectReason}` : ''}</>} />
          </List.Item>
        )} />
      </Card>
    </div>
  );
}

/** Portal: my orders that still wait for payment, each linking to its pay page. */
export function ToPayPage() {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ['to-pay'], queryFn: () => client.get('/api/my/orders', { query: { status: 'awaiting_payment', pageSize: 50 } }) });
  return (
    <Card size="small" title={t('pay.me.toPay')} data-testid="to-pay">
      <List loading={list.isLoading} dataSource={list.data?.items ?? []} renderItem={(o) => (
        <List.Item extra={<Link to={`/pay/${o.id}`}><Button type="primary" size="small">{t('pay.payNow')}</Button></Link>}>
          <List.Item.Meta title={o.number} description={<Descriptions size="small" column={1} items={[{ label: t('pay.outstanding'), children: fen(o.total - o.paidTotal) }, { label: t('pay.date'), children: dateTime(o.submittedAt) }]} />} />
        </List.Item>
      )} />
    </Card>
  );
}
