import { App, Button, Descriptions, Form, Input, InputNumber, Modal, Select, Tag } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../lib/client';
import { fen, yuanToFen } from '../lib/format';
import { useFail } from './common';

/**
 * The 收款 action on a customer's opening receivable (期初应收, brought from the old system):
 * shows what is still open and records money received against it, at most that much. One
 * idempotency key per opened form, so a double click records it once.
 */
export function OpeningReceiptButton({ companyId, companyName }: { companyId: number; companyName: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" data-testid={`opening-receipt-${companyId}`} onClick={(e) => { e.stopPropagation(); setOpen(true); }}>{t('pay.openingReceipt')}</Button>
      {open && <OpeningReceiptModal companyId={companyId} companyName={companyName} onClose={() => setOpen(false)} />}
    </>
  );
}

function OpeningReceiptModal({ companyId, companyName, onClose }: { companyId: number; companyName: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fail = useFail();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [key] = useState(() => crypto.randomUUID());
  const o = useQuery({ queryKey: ['opening', companyId], queryFn: () => client.get('/api/payments/accounts/{id}/opening', { path: { id: companyId } }) });
  // paying from the prepaid balance takes at most what orders waiting for approval do not hold
  const acc = useQuery({ queryKey: ['accounts', companyId], queryFn: () => client.get('/api/payments/accounts/{id}', { path: { id: companyId } }) });
  const free = acc.data ? acc.data.balance - acc.data.held : null;
  const method = Form.useWatch('method', form);
  const save = useMutation({
    mutationFn: (v: { amount: number; method: 'transfer' | 'online' | 'balance'; payerName?: string; note?: string }) =>
      client.post('/api/payments/accounts/{id}/opening/receipts', {
        path: { id: companyId }, idempotencyKey: key,
        body: { amount: yuanToFen(v.amount) ?? 0, method: v.method, payerName: v.payerName || null, note: v.note || null },
      }),
    onSuccess: (r) => {
      message.success(t('pay.openingReceivedOk', { number: r.paymentNumber, outstanding: fen(r.outstanding) }));
      ['aging', 'accounts', 'opening', 'account-ledger', 'payments'].forEach((k) => void qc.invalidateQueries({ queryKey: [k] }));
      onClose();
    },
    onError: fail,
  });
  const d = o.data;
  return (
    <Modal open title={t('pay.openingReceiptTitle', { name: companyName })} onCancel={onClose} destroyOnHidden
      okText={t('pay.openingReceiptSubmit')} okButtonProps={{ loading: save.isPending, disabled: !d || d.outstanding <= 0 }}
      onOk={() => form.submit()}>
      {d && (
        <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }} data-testid="opening-receipt-figures" items={[
          { key: 'o', label: t('pay.openingOriginal'), children: fen(d.original) },
          { key: 'r', label: t('pay.openingReceived'), children: fen(d.received) },
          { key: 'left', label: t('pay.openingOutstanding'), children: <b data-testid="opening-outstanding">{fen(d.outstanding)}</b> },
          { key: 'due', label: t('pay.openingDue'), children: <>{d.dueDate ?? '—'} {d.overdue && <Tag color="red">{t('pay.overdue')}</Tag>}</> },
        ]} />
      )}
      <Form form={form} name="openingReceipt" layout="vertical" initialValues={{ method: 'transfer' }} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="amount" label={t('pay.amountYuan')} rules={[{ required: true }]} extra={d ? t('pay.openingAtMost', { max: fen(d.outstanding) }) : undefined}>
          <InputNumber data-testid="opening-receipt-amount" min={0.01} max={d ? d.outstanding / 100 : undefined} precision={2} style={{ width: '100%' }} addonAfter="元" />
        </Form.Item>
        <Form.Item name="method" label={t('pay.method_')} extra={method === 'balance' && free !== null ? <span data-testid="opening-free-balance">{t('pay.openingFreeBalance', { free: fen(free) })}</span> : undefined}>
          <Select data-testid="opening-receipt-method" options={(['transfer', 'online', 'balance'] as const).map((m) => ({ value: m, label: t(m === 'balance' ? 'pay.openingFromBalance' : `pay.method.${m}`) }))} />
        </Form.Item>
        {method !== 'balance' && <Form.Item name="payerName" label={t('pay.payerName')}><Input maxLength={100} /></Form.Item>}
        <Form.Item name="note" label={t('pay.note')}><Input maxLength={500} /></Form.Item>
      </Form>
    </Modal>
  );
}
