import { Alert, App, Button, Card, Col, Descriptions, Grid, InputNumber, Input, Modal, Row, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { client } from '../lib/client';
import { dateTime, fen, yuanToFen } from '../lib/format';
import { useMe } from '../lib/auth';
import { useQty } from '../lib/useQty';
import { useFail, type OrderEvent, type OrderLine } from './api';
import { EventButtons, OrderTimeline, StatusTag } from './parts';
import { ShipmentsPanel } from './ShipmentsPanel';
import { Slot } from '../lib/slots';
import { OrderDiscountList } from '../marketing/OrderDiscounts';
import { PresaleTag } from '../inventory/PresaleTag';

/** Staff order detail: the actions the viewer's role may take, change before approval, urgent flag, shipments, timeline. */
export function OrderDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fail = useFail();
  const qc = useQueryClient();
  const { data: me } = useMe();
  const qty = useQty();
  // On a phone the actions sit under the title (a card header has no room for them) and each line is a block, not a seven-column row.
  const phone = !Grid.useBreakpoint().md;
  const q = useQuery({ queryKey: ['order', id], queryFn: () => client.get('/api/orders/{id}', { path: { id: id! } }) });
  const refresh = () => { void qc.invalidateQueries({ queryKey: ['order', id] }); void qc.invalidateQueries({ queryKey: ['shipments', id] }); };
  const act = useMutation({
    mutationFn: ({ event, note }: { event: OrderEvent; note?: string }) => client.post('/api/orders/{id}/events', { path: { id: id! }, body: { event, note, version: q.data?.version } }),
    onSuccess: () => message.success(t('orders.done')), onError: fail, onSettled: refresh,
  });
  const urgent = useMutation({ mutationFn: (v: boolean) => client.put('/api/orders/{id}/urgent', { path: { id: id! }, body: { urgent: v } }), onError: fail, onSettled: refresh });
  const [editing, setEditing] = useState<{ id?: number; skuId?: number; label: string; qty: number; price: string; unitInfo?: OrderLine }[] | null>(null);
  const [reason, setReason] = useState('');
  const [newSku, setNewSku] = useState<number | null>(null);
  const modify = useMutation({
    mutationFn: () => client.post('/api/orders/{id}/modify', { path: { id: id! }, body: {
      version: q.data!.version, reason,
      lines: editing!.map((l) => ({ ...(l.id ? { id: l.id } : { skuId: l.skuId }), qty: l.qty, ...(yuanToFen(l.price) != null ? { unitPrice: yuanToFen(l.price)! } : {}) })),
    } }),
    onSuccess: () => { setEditing(null); message.success(t('orders.done')); }, onError: fail, onSettled: refresh,
  });
  const o = q.data;
  if (!o) return null;
  const canModify = (me?.role === 'admin' || me?.role === 'sales') && (o.status === 'pending_review' || o.status === 'awaiting_approval');
  // The API documents the address snapshot as free-form JSON (z.unknown()): read its text fields.
  const a = (o.address && typeof o.address === 'object' ? o.address : {}) as Record<string, string | undefined>;
  const actions = (
    <Space wrap>
      <EventButtons events={o.allowedEvents} busy={act.isPending} onEvent={(event, note) => act.mutate({ event, note })} />
      {canModify && <Button onClick={() => { setReason(''); setEditing(o.lines.map((l) => ({ id: l.id, label: `${l.skuCode} ${l.name}`, qty: l.qty, price: (l.unitPrice / 100).toFixed(2), unitInfo: l }))); }}>{t('orders.modify')}</Button>}
      {(me?.role === 'admin' || me?.role === 'sales') && !['completed', 'cancelled', 'rejected'].includes(o.status) &&
        <Button onClick={() => urgent.mutate(!o.urgent)}>{o.urgent ? t('orders.unmarkUrgent') : t('orders.markUrgent')}</Button>}
      <Slot name="order.actions" order={o} staff />
    </Space>
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card title={<Space>{o.number}<StatusTag status={o.status} />{o.urgent && <Tag color="red">{t('orders.urgent')}</Tag>}</Space>}
        extra={!phone && actions}>
        {phone && <div style={{ marginBottom: 12 }}>{actions}</div>}
        {o.credit && ['pending_review', 'pending_finance', 'awaiting_payment'].includes(o.status) && (
          <Alert style={{ marginBottom: 12 }} showIcon data-testid="credit-status"
            type={!o.credit.configured ? 'info' : o.credit.ok ? 'success' : o.credit.code === 'CREDIT_OVERDUE' ? 'warning' : 'error'}
            message={`${t('orders.credit')}：${!o.credit.configured ? t('orders.creditNotConfigured') : o.credit.ok ? t('orders.creditOk')
              : o.credit.code === 'CREDIT_OVERDUE' ? t('orders.creditOverdue', { amount: fen(o.credit.overdue) }) : `${t('orders.creditFail')}${o.credit.summary ? ` · ${o.credit.summary}` : ''}`}`} />
        )}
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={t('orders.customer')}>{o.companyName}</Descriptions.Item>
          <Descriptions.Item label={t('orders.buyer')}>{o.buyerName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('orders.rep')}>{o.salesRepName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('orders.submittedAt')}>{dateTime(o.submittedAt)}</Descriptions.Item>
          {o.discountTotal > 0 && <Descriptions.Item label={t('mk.subtotal')}>{fen(o.subtotal)}</Descriptions.Item>}
          {o.discounts && o.discounts.items.length > 0 && <Descriptions.Item label={t('mk.orderDiscounts')}><OrderDiscountList discounts={o.discounts} /></Descriptions.Item>}
          <Descriptions.Item label={t('orders.total')}><b>{fen(o.total)}</b></Descriptions.Item>
          <Descriptions.Item label={t('orders.address')}>{[a.contact ?? a.recipient, a.phone, a.province, a.city, a.district, a.detail ?? a.address].filter(Boolean).join(' ')}</Descriptions.Item>
          {o.rejectReason && <Descriptions.Item label={t('orders.reason')}>{o.rejectReason}</Descriptions.Item>}
          {o.cancelReason && <Descriptions.Item label={t('orders.reason')}>{o.cancelReason}</Descriptions.Item>}
        </Descriptions>
        {phone ? o.lines.map((l) => (
          <div key={l.id} data-testid="order-line" style={{ borderTop: '1px solid #f0f0f0', padding: '8px 0' }}>
            <div>{l.name} {l.specText} <Typography.Text type="secondary" translate="no" style={{ whiteSpace: "nowrap" }}>{l.skuCode}</Typography.Text></div>
            <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
              <span data-testid="line-qty">{qty(l.qty, l)}</span>
              <span>{fen(l.unitPrice)}/{l.baseUnit} · <b>{fen(l.lineTotal)}</b></span>
            </Space>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('orders.shipped')} <span data-testid="line-shipped">{qty(l.shippedQty, l)}</span> · {t('orders.received')} <span data-testid="line-received">{qty(l.receivedQty, l)}</span>
            </Typography.Text>
          </div>
        )) : (
        <Table<OrderLine> rowKey="id" size="small" pagination={false} dataSource={o.lines} scroll={{ x: true }} onRow={() => ({ 'data-testid': 'order-line' } as HTMLAttributes<HTMLElement>)}
          columns={[
            { title: t('orders.sku'), render: (_, l) => <span>{l.name} {l.specText}<br /><small>{l.skuCode}</small></span> },
            { title: t('orders.unitPrice'), align: 'right', render: (_, l) => <span>{fen(l.unitPrice)}/{l.baseUnit}{l.unitFactor > 1 && <><br /><small>{fen(l.unitPrice * l.unitFactor)}/{l.unit}</small></>}{l.unitPrice * 10000 < l.basePrice * 8000 && <Tag color="orange" style={{ marginLeft: 4 }}>{t('orders.flags.lowPrice')}</Tag>}</span> },
            { title: t('orders.qty'), align: 'right', render: (_, l) => <span data-testid="line-qty">{qty(l.qty, l)}</span> },
            { title: t('orders.lineTotal'), dataIndex: 'lineTotal', align: 'right', render: fen },
            { title: t('orders.reserved'), align: 'right', render: (_, l) => <span>{qty(l.reservedQty, l)}{l.waiting && <><br /><PresaleTag presale={l.waiting} waiting={qty(l.waiting.qty, l)} /></>}</span> },
            { title: t('orders.shipped'), align: 'right', render: (_, l) => <span data-testid="line-shipped">{qty(l.shippedQty, l)}</span> },
            { title: t('orders.received'), align: 'right', render: (_, l) => <span data-testid="line-received">{qty(l.receivedQty, l)}</span> },
          ]} />
        )}
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={14}><ShipmentsPanel order={o} staff onChange={refresh} /></Col>
        <Col xs={24} lg={10}><Card title={t('orders.timeline')}><OrderTimeline history={o.history} /></Card></Col>
      </Row>
      <Modal open={!!editing} width={720} title={t('orders.modify')} onCancel={() => setEditing(null)} onOk={() => modify.mutate()} confirmLoading={modify.isPending} okButtonProps={{ disabled: !reason.trim() }}>
        {editing?.map((l, i) => (
          <Space key={i} style={{ display: 'flex', marginBottom: 8 }} wrap>
            <span style={{ width: 240, display: 'inline-block' }}>{l.label}</span>
            <InputNumber min={1} value={l.qty} addonAfter={l.unitInfo?.baseUnit} aria-label={t('orders.qty')} onChange={(v) => setEditing(editing.map((x, j) => (j === i ? { ...x, qty: Number(v) || 1 } : x)))} />
            {l.unitInfo && <span style={{ minWidth: 120 }}>{qty(l.qty, l.unitInfo)}</span>}
            <Input style={{ width: 120 }} prefix="¥" suffix={l.unitInfo ? `/${l.unitInfo.baseUnit}` : undefined} value={l.price} aria-label={t('orders.unitPrice')} onChange={(e) => setEditing(editing.map((x, j) => (j === i ? { ...x, price: e.target.value } : x)))} />
            <Button danger onClick={() => setEditing(editing.filter((_, j) => j !== i))}>{t('orders.removeLine')}</Button>
          </Space>
        ))}
        <Space style={{ marginBottom: 8 }}>
          <InputNumber placeholder={t('orders.addLine')} style={{ width: 200 }} value={newSku} onChange={(v) => setNewSku(v ? Number(v) : null)} />
          <Button disabled={!newSku} onClick={() => { setEditing([...(editing ?? []), { skuId: newSku!, label: `SKU #${newSku}`, qty: 1, price: '' }]); setNewSku(null); }}>+</Button>
        </Space>
        <Input.TextArea rows={2} maxLength={500} placeholder={t('orders.modifyReason')} aria-label={t('orders.modifyReason')} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
    </Space>
  );
}
