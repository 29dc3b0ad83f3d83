import { Button, Card, Col, Form, Input, List, Modal, Row, Segmented, Statistic, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../lib/client';
import { dateTime, fen, yuanToFen } from '../lib/format';
import { StatusTag, useFail } from './common';
import { useOnlinePay, usePaymentReturn } from './OnlinePayQr';

/** Portal: prepaid balance, credit, top-up (transfer voucher or online) and the account history. */
export function BalancePage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const fail = useFail();
  const acc = useQuery({ queryKey: ['my-account'], queryFn: () => client.get('/api/my/account') });
  const ledger = useQuery({ queryKey: ['my-ledger'], queryFn: () => client.get('/api/my/account/ledger', { query: { pageSize: 50 } }) });
  const pending = useQuery({ queryKey: ['my-topups'], queryFn: () => client.get('/api/my/payments', { query: { purpose: 'topup', pageSize: 5 } }) });
  const [open, setOpen] = useState(false);
  const [how, setHow] = useState<'transfer' | 'online'>('transfer');
  const [amount, setAmount] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const refresh = () => ['my-account', 'my-ledger', 'my-topups'].forEach((k) => void qc.invalidateQueries({ queryKey: [k] }));
  usePaymentReturn(refresh);
  const online = useOnlinePay(refresh);
  const topup = useMutation({
    mutationFn: async () => {
      const v = yuanToFen(amount);
      if (how === 'online') {
        await online.start((channel) => client.post('/api/my/account/topups/online', { body: { amount: v ?? 0, channel } }));
        return;
      }
      const f = new FormData();
      f.set('amount', String(v ?? ''));
      if (file) f.set('voucher', file);
      await client.upload('/api/my/account/topups/transfer', f);
    },
    onSuccess: () => { setOpen(false); setAmount(''); setFile(null); refresh(); },
    onError: fail,
  });
  const a = acc.data;
  return (
    <div style={{ maxWidth: 640, margin: '0 auto' }} data-testid="balance-page">
      {online.modal}
      <Card loading={acc.isLoading} style={{ marginBottom: 12 }}>
        <Row gutter={12}>
          <Col span={12}><Statistic title={t('pay.available')} value={a ? fen(a.available) : '—'} data-testid="balance-available" /></Col>
          <Col span={12}><Statistic title={t('pay.receivable')} value={a ? fen(a.receivable) : '—'} /></Col>
          {a && (
            <Col span={24} style={{ marginTop: 8 }} data-testid="balance-held">
              <Typography.Text type="secondary">{t('pay.balance')} {fen(a.balance)}{a.held > 0 ? ` · ${t('pay.held')} ${fen(a.held)}` : ''}</Typography.Text>
              {a.held > 0 && <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('pay.heldHint')}</Typography.Text></div>}
            </Col>
          )}
          {a?.paymentTerms === 'credit' && <Col span={12} style={{ marginTop: 12 }}><Statistic title={t('pay.creditAvail')} value={fen(a.creditAvailable ?? 0)} suffix={<Typography.Text type="secondary" style={{ fontSize: 12 }}> / {fen(a.creditLimit)}</Typography.Text>} /></Col>}
          {a?.onHold && <Col span={12} style={{ marginTop: 12 }}><Statistic title={t('pay.onHold')} value={a.holdReason ?? ''} valueStyle={{ fontSize: 14, color: '#cf1322' }} /></Col>}
        </Row>
        <Button type="primary" block style={{ marginTop: 16 }} onClick={() => setOpen(true)} data-testid="topup-open">{t('pay.topup')}</Button>
      </Card>
      {(pending.data?.items ?? []).some((p) => p.status === 'pending') && (
        <Card size="small" style={{ marginBottom: 12 }}>
          {pending.data!.items.filter((p) => p.status === 'pending').map((p) => <div key={p.id}>{t(`pay.method.${p.method}`)} {fen(p.amount)} <StatusTag group="status" value={p.status} /></div>)}
        </Card>
      )}
      <Card size="small" title={t('pay.ledger')}>
        <List loading={ledger.isLoading} dataSource={ledger.data?.items ?? []} renderItem={(j) => (
          <List.Item extra={<span style={{ color: j.balanceChange > 0 ? '#389e0d' : j.balanceChange < 0 ? '#cf1322' : undefined }}>{j.balanceChange ? fen(j.balanceChange) : fen(j.receivableChange)}</span>}>
            <List.Item.Meta title={`${t(`pay.kind.${j.kind}`)}${j.orderNumber ? ' · ' + j.orderNumber : ''}`} description={`${dateTime(j.createdAt)}${j.paymentMethod ? ' · ' + t(`pay.method.${j.paymentMethod}`) : ''}`} />
          </List.Item>
        )} />
      </Card>
      <Modal open={open} title={t('pay.topup')} onCancel={() => setOpen(false)} onOk={() => topup.mutate()} confirmLoading={topup.isPending} okButtonProps={{ disabled: !yuanToFen(amount) || (how === 'transfer' && !file) }}>
        <Segmented block value={how} onChange={(v) => setHow(v as 'transfer' | 'online')} options={[{ value: 'transfer', label: t('pay.topupTransfer') }, { value: 'online', label: t('pay.topupOnline') }]} style={{ marginBottom: 12 }} />
        <Form layout="vertical">
          <Form.Item label={t('pay.amountYuan')}><Input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} /></Form.Item>
          {how === 'transfer' && (
            <Form.Item label={t('pay.voucher')}>
              <Upload accept="image/jpeg,image/png,image/webp" maxCount={1} beforeUpload={(f) => { setFile(f); return false; }} onRemove={() => setFile(null)} fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}>
                <Button icon={<UploadOutlined />}>{t('pay.upload')}</Button>
              </Upload>
            </Form.Item>
          )}
        </Form>
      </Modal>
    </div>
  );
}
