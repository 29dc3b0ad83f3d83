import { App, Button, Input, InputNumber, Modal, Segmented, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { client, type Response } from '../lib/client';
import { dateTime } from '../lib/format';
import { useFail } from '../payments/common';
import { PresaleTag } from './PresaleTag';
import { useCanWrite } from './parts';

type Wait = Response<'/api/inventory/waits'>['items'][number];
type Status = 'waiting' | 'allocated' | 'cancelled';
/** Orders whose lines staff may still change (orders/modify.ts): a wait of theirs can be dropped by shortening its line. */
const MODIFIABLE = ['awaiting_approval', 'pending_review'];
const MAX_PRIORITY = 1000;

/**
 * 排队: the order lines waiting for stock, in the order stock will go to them (priority, then
 * first come). Staff raise a line's priority, or drop what still waits from an order not yet
 * approved (its line is shortened through the order's own change, with a reason the customer sees).
 */
export function WaitQueue({ skuId, onSku }: { skuId?: number; onSku: (id: number | undefined) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fail = useFail();
  const qc = useQueryClient();
  const canEdit = useCanWrite();
  const canModify = useCanWrite('orders.modify');
  const [status, setStatus] = useState<Status>('waiting');
  const [page, setPage] = useState(1);
  const [dropping, setDropping] = useState<Wait | null>(null);
  const list = useQuery({ queryKey: ['inv-waits', skuId, status, page], queryFn: () => client.get('/api/inventory/waits', { query: { skuId, status, page, pageSize: 50 } }) });
  const refresh = () => { void qc.invalidateQueries({ queryKey: ['inv-waits'] }); void qc.invalidateQueries({ queryKey: ['inv-presale'] }); };
  const setPriority = useMutation({
    mutationFn: ({ id, priority }: { id: number; priority: number }) => client.patch('/api/inventory/waits/{id}', { path: { id }, body: { priority } }),
    onSuccess: () => { message.success(t('inv.ps.prioritySaved')); refresh(); },
    onError: fail,
  });
  const items = list.data?.items ?? [];
  // the place in its SKU's queue, counted over this page (the list comes in queue order)
  const place = (w: Wait) => items.filter((x) => x.skuId === w.skuId).indexOf(w) + 1 + (page - 1) * 50;
  const top = (w: Wait) => Math.min(MAX_PRIORITY, Math.max(...items.filter((x) => x.skuId === w.skuId).map((x) => x.priority)) + 1);
  const sku = skuId ? items.find((w) => w.skuId === skuId) : undefined;
  return (
    <>
      <Space wrap style={{ marginBottom: 8 }}>
        <Segmented<Status> data-testid="wait-status" value={status} onChange={(v) => { setStatus(v); setPage(1); }}
          options={(['waiting', 'allocated', 'cancelled'] as const).map((s) => ({ value: s, label: t(`inv.ps.st.${s}`) }))} />
        {skuId && <Tag closable onClose={() => onSku(undefined)} data-testid="wait-sku-filter">{sku ? `${sku.code} ${sku.name}` : t('inv.ps.oneSku')}</Tag>}
      </Space>
      <Table<Wait> rowKey="id" size="small" loading={list.isLoading} dataSource={items} scroll={{ x: 960 }} data-testid="wait-queue"
        locale={{ emptyText: t('inv.ps.queueEmpty') }}
        pagination={{ current: page, pageSize: 50, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          ...(status === 'waiting' ? [{ title: t('inv.ps.place'), width: 64, align: 'right' as const, render: (_: unknown, w: Wait) => <b data-testid="wait-place">{place(w)}</b> }] : []),
          { title: t('inv.product'), render: (_, w) => <a onClick={() => onSku(w.skuId)}><b>{w.code}</b> {w.name}</a> },
          { title: t('inv.ps.customer'), dataIndex: 'companyName', width: 150 },
          { title: t('inv.ps.order'), render: (_, w) => <Link to={`/admin/orders/${w.orderId}`} data-testid="wait-order">{w.orderNumber}</Link> },
          {
            title: t('inv.ps.waitQty'), align: 'right',
            render: (_, w) => <span data-testid="wait-qty">{w.qty - w.allocatedQty} {w.baseUnit}{w.allocatedQty > 0 ? <Typography.Text type="secondary">{t('inv.ps.allocatedOf', { got: w.allocatedQty, qty: w.qty, unit: w.baseUnit })}</Typography.Text> : null}</span>,
          },
          { title: t('inv.ps.expected'), render: (_, w) => <PresaleTag presale={w} /> },
          { title: t('inv.ps.since'), width: 120, render: (_, w) => <span style={{ fontSize: 12 }}>{dateTime(w.createdAt)}<br /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('inv.ps.days', { n: Math.max(0, Math.floor((Date.now() - Date.parse(w.createdAt)) / 86_400_000)) })}</Typography.Text></span> },
          {
            title: <Tooltip title={t('inv.ps.priorityHint')}>{t('inv.priority')}</Tooltip>, width: 170,
            render: (_, w) => (canEdit && w.status === 'waiting' ? (
              <Space size={4}>
                <InputNumber size="small" min={-MAX_PRIORITY} max={MAX_PRIORITY} precision={0} defaultValue={w.priority} style={{ width: 60 }} aria-label={t('inv.priority')}
                  onBlur={(e) => { const v = Number(e.target.value); if (Number.isInteger(v) && v !== w.priority) setPriority.mutate({ id: w.id, priority: v }); }} />
                <Button size="small" data-testid="wait-top" disabled={place(w) === 1} onClick={() => setPriority.mutate({ id: w.id, priority: top(w) })}>{t('inv.ps.toTop')}</Button>
              </Space>
            ) : w.priority),
          },
          ...(status === 'waiting' && canModify ? [{
            title: '', width: 100, fixed: 'right' as const,
            render: (_: unknown, w: Wait) => (MODIFIABLE.includes(w.orderStatus)
              ? <Button size="small" danger data-testid="wait-drop" onClick={() => setDropping(w)}>{t('inv.ps.drop')}</Button>
              : <Tooltip title={t('inv.ps.dropApproved')}><Link to={`/admin/orders/${w.orderId}`}>{t('inv.ps.openOrder')}</Link></Tooltip>),
          }] : []),
        ]} />
      {dropping && <DropWait wait={dropping} onClose={() => setDropping(null)} onDone={refresh} />}
    </>
  );
}

/**
 * Drops what still waits on one line: the order's line is shortened by that quantity (removed
 * when nothing of it was allocated) through the order change staff make before approval, so
 * totals, history and the customer's notice follow, and the rest of the queue moves up.
 */
function DropWait({ wait, onClose, onDone }: { wait: Wait; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fail = useFail();
  const [reason, setReason] = useState('');
  const drop = useMutation({
    mutationFn: async () => {
      const o = await client.get('/api/orders/{id}', { path: { id: wait.orderId } });
      const open = wait.qty - wait.allocatedQty;
      const lines = o.lines
        .map((l) => ({ id: l.id, qty: l.id === wait.orderLineId ? l.qty - open : l.qty }))
        .filter((l) => l.qty > 0);
      return client.post('/api/orders/{id}/modify', { path: { id: wait.orderId }, body: { version: o.version, reason: reason.trim(), lines } });
    },
    onSuccess: () => { message.success(t('inv.ps.dropped')); onDone(); onClose(); },
    onError: fail,
  });
  return (
    <Modal open title={t('inv.ps.dropTitle', { number: wait.orderNumber })} onCancel={onClose} okText={t('inv.ps.drop')} okButtonProps={{ danger: true, disabled: !reason.trim() }}
      confirmLoading={drop.isPending} onOk={() => drop.mutate()}>
      <Typography.Paragraph>{t('inv.ps.dropText', { qty: wait.qty - wait.allocatedQty, unit: wait.baseUnit, sku: `${wait.code} ${wait.name}`, customer: wait.companyName })}</Typography.Paragraph>
      <Input.TextArea data-testid="drop-reason" rows={2} maxLength={200} placeholder={t('inv.ps.dropReason')} value={reason} onChange={(e) => setReason(e.target.value)} />
    </Modal>
  );
}
