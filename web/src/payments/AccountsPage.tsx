import { Button, Checkbox, Drawer, Form, Input, InputNumber, Space, Switch, Table, Tag, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../lib/client';
import { dateTime, fen } from '../lib/format';
import { useFail } from './common';
import { OpeningReceiptButton } from './OpeningReceipt';
import { useMe } from '../lib/auth';
import type { AccountRow, Journal, OrderPayMethod } from './types';

const METHODS: OrderPayMethod[] = ['online', 'transfer', 'balance', 'credit', 'cod'];

/** Balances and credit per customer: record a top-up, put on hold, payment methods, account history. */
export function AccountsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const fail = useFail();
  const [q, setQ] = useState<string>();
  const [page, setPage] = useState(1);
  const [sel, setSel] = useState<AccountRow | null>(null);
  const list = useQuery({ queryKey: ['accounts', q, page], queryFn: () => client.get('/api/payments/accounts', { query: { q, page, pageSize: 20 } }) });
  const refresh = () => ['accounts', 'account-ledger', 'account-methods'].forEach((k) => void qc.invalidateQueries({ queryKey: [k] }));
  return (
    <div data-testid="accounts-page">
      <Input.Search allowClear placeholder={t('pay.customer')} style={{ width: 240, marginBottom: 12 }} onSearch={(v) => { setQ(v || undefined); setPage(1); }} />
      <Table<AccountRow> rowKey="companyId" size="small" loading={list.isLoading} dataSource={list.data?.items ?? []} scroll={{ x: true }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total, onChange: setPage }}
        onRow={(a) => ({ onClick: () => setSel(a), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('pay.customer'), render: (_, a) => `${a.companyCode} ${a.companyName}` },
          { title: t('pay.terms.credit'), dataIndex: 'paymentTerms', render: (v) => t(`pay.terms.${v}`) },
          { title: t('pay.balance'), dataIndex: 'balance', align: 'right', render: fen },
          { title: t('pay.receivable'), dataIndex: 'receivable', align: 'right', render: fen },
          { title: t('pay.creditLimit'), dataIndex: 'creditLimit', align: 'right', render: (v, a) => (a.paymentTerms === 'credit' ? `${fen(v)} / ${a.creditDays}天` : '—') },
          { title: t('pay.status_'), render: (_, a) => (a.onHold ? <Tag color="red">{t('pay.onHold')}</Tag> : <Tag color="green">OK</Tag>) },
        ]} />
      <Drawer open={!!sel} width={520} title={sel ? `${sel.companyCode} ${sel.companyName}` : ''} onClose={() => setSel(null)} destroyOnHidden>
        {sel && <AccountDetail a={sel} onChanged={refresh} fail={fail} />}
      </Drawer>
    </div>
  );
}

function AccountDetail({ a, onChanged, fail }: { a: AccountRow; onChanged: () => void; fail: (e: unknown) => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [form] = Form.useForm();
  const [reason, setReason] = useState(a.holdReason ?? '');
  const acc = useQuery({ queryKey: ['accounts', 'one', a.companyId], queryFn: () => client.get('/api/payments/accounts/{id}', { path: { id: a.companyId } }) });
  const ledger = useQuery({ queryKey: ['account-ledger', a.companyId], queryFn: () => client.get('/api/payments/accounts/{id}/ledger', { path: { id: a.companyId }, query: { pageSize: 30 } }) });
  const me = useMe();
  const opening = useQuery({ queryKey: ['opening', a.companyId], queryFn: () => client.get('/api/payments/accounts/{id}/opening', { path: { id: a.companyId } }) });
  const methods = useQuery({ queryKey: ['account-methods', a.companyId], queryFn: () => client.get('/api/payments/accounts/{id}/methods', { path: { id: a.companyId } }) });
  const topup = useMutation({
    mutationFn: (v: { amount: number; payerName?: string; note?: string }) => {
      const f = new FormData();
      f.set('amount', String(Math.round(v.amount * 100)));
      if (v.payerName) f.set('payerName', v.payerName);
      if (v.note) f.set('note', v.note);
      if (file) f.set('voucher', file);
      return client.upload('/api/payments/accounts/{id}/topups', f, { path: { id: a.companyId } });
    },
    onSuccess: () => { form.resetFields(); setFile(null); onChanged(); },
    onError: fail,
  });
  const hold = useMutation({ mutationFn: (on: boolean) => client.put('/api/payments/accounts/{id}/hold', { path: { id: a.companyId }, body: { hold: on, reason: reason || null } }), onSuccess: onChanged, onError: fail });
  const rule = useMutation({ mutationFn: (m: OrderPayMethod[] | null) => client.put('/api/payments/method-rules', { body: { scope: 'company', scopeId: a.companyId, methods: m } }), onSuccess: onChanged, onError: fail });
  const cur = acc.data ?? a;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <div>{t('pay.balance')} <b>{fen(cur.balance)}</b> · {t('pay.receivable')} <b>{fen(cur.receivable)}</b>{cur.paymentTerms === 'credit' && <> · {t('pay.creditAvail')} <b>{fen(acc.data?.creditAvailable ?? 0)}</b></>}</div>
      {opening.data && opening.data.outstanding > 0 && (
        <div data-testid="account-opening">
          {t('pay.openingLine')} <b>{fen(opening.data.outstanding)}</b>（{t('pay.openingDueOn', { date: opening.data.dueDate ?? '—' })}）{' '}
          {(me.data?.role === 'admin' || me.data?.role === 'finance') && <OpeningReceiptButton companyId={a.companyId} companyName={a.companyName} />}
        </div>
      )}
      <Form form={form} layout="inline" onFinish={(v) => topup.mutate(v)} style={{ rowGap: 8 }}>
        <Form.Item name="amount" rules={[{ required: true }]}><InputNumber min={0.01} precision={2} placeholder={t('pay.amountYuan')} /></Form.Item>
        <Form.Item name="payerName"><Input placeholder={t('pay.payerName')} maxLength={100} /></Form.Item>
        <Form.Item name="note"><Input placeholder={t('pay.note')} maxLength={500} /></Form.Item>
        <Upload accept="image/*" maxCount={1} beforeUpload={(f) => { setFile(f); return false; }} onRemove={() => setFile(null)}><Button icon={<UploadOutlined />}>{t('pay.voucher')}</Button></Upload>
        <Button type="primary" htmlType="submit" loading={topup.isPending}>{t('pay.topupRecord')}</Button>
      </Form>
      <Space wrap>
        <Input placeholder={t('pay.holdReason')} value={reason} onChange={(e) => setReason(e.target.value)} style={{ width: 220 }} maxLength={200} />
        <Switch checked={cur.onHold} checkedChildren={t('pay.onHold')} unCheckedChildren="OK" loading={hold.isPending} onChange={(on) => hold.mutate(on)} />
      </Space>
      <div>
        {t('pay.methods')}：
        <Checkbox.Group value={methods.data ?? []} options={METHODS.map((m) => ({ value: m, label: t(`pay.method.${m}`) }))} onChange={(v) => rule.mutate(v as OrderPayMethod[])} />
      </div>
      <Table<Journal> size="small" rowKey="id" pagination={false} dataSource={ledger.data?.items ?? []} columns={[
        { title: t('pay.date'), dataIndex: 'createdAt', render: dateTime },
        { title: t('pay.lines'), render: (_, j) => `${t(`pay.kind.${j.kind}`)}${j.orderNumber ? ' ' + j.orderNumber : ''}` },
        { title: t('pay.balance'), dataIndex: 'balanceChange', align: 'right', render: (v) => (v ? fen(v) : '') },
        { title: t('pay.receivable'), dataIndex: 'receivableChange', align: 'right', render: (v) => (v ? fen(v) : '') },
      ]} />
    </Space>
  );
}
