import { App, Button, Card, Empty, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../lib/client';
import { dateTime } from '../lib/format';
import { useMe } from '../lib/auth';
import { useQty } from '../lib/useQty';
import { useFail, type OrderDetail, type Shipment } from './api';
import { TrackingList } from './parts';

/**
 * Shipments of an order with their tracking. Warehouse staff ship (from the warehouse the stock is
 * reserved in), print the delivery note and add tracking; customers confirm receipt per shipment.
 */
export function ShipmentsPanel({ order, staff, onChange }: { order: OrderDetail; staff: boolean; onChange: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fail = useFail();
  const { data: me } = useMe();
  const qty = useQty();
  const list = useQuery({ queryKey: ['shipments', String(order.id)], queryFn: () => (staff ? client.get('/api/orders/{id}/shipments', { path: { id: order.id } }) : client.get('/api/my/orders/{id}/shipments', { path: { id: order.id } })) });
  const warehouses = [...new Map(order.lines.flatMap((l) => l.allocations).map((a) => [a.warehouseId, a.warehouseName])).entries()];
  const [shipping, setShipping] = useState<{ warehouseId: number; carrier: string; trackingNo: string; estimatedDelivery: string; qty: Record<number, number> } | null>(null);
  const [tracking, setTracking] = useState<{ id: number; place: string; description: string } | null>(null);
  const [receipt, setReceipt] = useState<{ s: Shipment; rows: Record<number, { received: number; damaged: number; note: string }> } | null>(null);
  const canShip = staff && (me?.role === 'warehouse' || me?.role === 'admin') && (order.status === 'picking' || order.status === 'partially_shipped');
  const openShip = (warehouseId: number) => setShipping({
    warehouseId, carrier: '顺丰速运', trackingNo: '', estimatedDelivery: '',
    qty: Object.fromEntries(order.lines.map((l) => [l.id, Math.min(l.qty - l.shippedQty, l.allocations.filter((a) => a.warehouseId === warehouseId).reduce((x, a) => x + a.qty, 0))])),
  });
  const ship = useMutation({
    mutationFn: () => client.post('/api/orders/{id}/shipments', { path: { id: order.id }, body: {
      warehouseId: shipping!.warehouseId, carrier: shipping!.carrier, trackingNo: shipping!.trackingNo || null, estimatedDelivery: shipping!.estimatedDelivery || null,
      lines: Object.entries(shipping!.qty).filter(([, q]) => q > 0).map(([id, qty]) => ({ orderLineId: Number(id), qty })),
    } }),
    onSuccess: () => { setShipping(null); message.success(t('orders.done')); void list.refetch(); onChange(); }, onError: fail,
  });
  const addTracking = useMutation({
    mutationFn: () => client.post('/api/shipments/{id}/tracking', { path: { id: tracking!.id }, body: { place: tracking!.place || null, description: tracking!.description } }),
    onSuccess: () => { setTracking(null); void list.refetch(); }, onError: fail,
  });
  const confirm = useMutation({
    mutationFn: () => {
      const body = {
        lines: receipt!.s.lines.map((l) => ({ orderLineId: l.orderLineId, receivedQty: receipt!.rows[l.orderLineId]!.received, damagedQty: receipt!.rows[l.orderLineId]!.damaged, note: receipt!.rows[l.orderLineId]!.note || null })),
      };
      const path = { id: receipt!.s.id };
      return staff ? client.post('/api/shipments/{id}/receipt', { path, body }) : client.post('/api/my/shipments/{id}/receipt', { path, body });
    },
    onSuccess: () => { setReceipt(null); message.success(t('orders.done')); void list.refetch(); onChange(); }, onError: fail,
  });
  const canReceive = staff ? me?.role === 'admin' || me?.role === 'sales' : true;
  return (
    <Card title={t('orders.shipments')} extra={canShip && <Space wrap>{warehouses.map(([id, name]) => <Button key={id} type="primary" onClick={() => openShip(id)}>{t('orders.ship')} · {name}</Button>)}</Space>}>
      {!list.data?.length && <Empty description={t('common.empty')} />}
      {list.data?.map((s) => (
        <Card key={s.id} type="inner" size="small" style={{ marginBottom: 12 }} data-testid="shipment"
          title={<Space wrap>{s.number}<Tag color={s.status === 'received' ? 'green' : 'blue'}>{s.status === 'received' ? t('orders.receivedDone') : t('orders.inTransit')}</Tag></Space>}
          extra={<Space wrap>
            {staff && <a href={`/api/shipments/${s.id}/delivery-note?paper=a4`} target="_blank" rel="noreferrer">{t('orders.printA4')}</a>}
            {staff && <a href={`/api/shipments/${s.id}/delivery-note?paper=80mm`} target="_blank" rel="noreferrer">{t('orders.print80')}</a>}
            {staff && (me?.role === 'warehouse' || me?.role === 'admin') && <Button size="small" onClick={() => setTracking({ id: s.id, place: '', description: '' })}>{t('orders.addTracking')}</Button>}
            {s.status === 'in_transit' && canReceive && <Button size="small" type="primary" onClick={() => setReceipt({ s, rows: Object.fromEntries(s.lines.map((l) => [l.orderLineId, { received: l.qty, damaged: 0, note: '' }])) })}>{t('orders.confirmReceipt')}</Button>}
          </Space>}>
          <Typography.Text>{s.warehouseName} · {s.carrier} {s.trackingNo ?? ''} · {dateTime(s.shippedAt)}{s.estimatedDelivery ? ` · ${t('orders.estimatedDelivery')} ${s.estimatedDelivery}` : ''}</Typography.Text>
          <div>{s.lines.map((l) => (
            <div key={l.orderLineId} data-testid="shipment-line">
              {l.name} {l.specText} × <b>{qty(l.qty, l)}</b>
              {l.qty !== l.orderedQty && <Typography.Text type="secondary"> · {t('orders.ordered')} {qty(l.orderedQty, l)}</Typography.Text>}
              {l.receivedQty != null && l.receivedQty !== l.qty ? <Tag color="orange" style={{ marginLeft: 6 }}>{t('orders.received')} {qty(l.receivedQty, l)}{l.damagedQty ? ` / ${t('orders.damaged')} ${qty(l.damagedQty, l)}` : ''} {l.discrepancyNote ?? ''}</Tag> : null}
            </div>
          ))}</div>
          <TrackingList s={s} />
        </Card>
      ))}
      <Modal open={!!shipping} title={t('orders.ship')} width={640} onCancel={() => setShipping(null)} onOk={() => ship.mutate()} confirmLoading={ship.isPending}>
        {shipping && <Space direction="vertical" style={{ width: '100%' }}>
          <Select value={shipping.warehouseId} style={{ width: 200 }} options={warehouses.map(([value, label]) => ({ value, label }))} onChange={(w) => openShip(w)} />
          <Input addonBefore={t('orders.carrier')} value={shipping.carrier} onChange={(e) => setShipping((x) => x && { ...x, carrier: e.target.value })} />
          <Input addonBefore={t('orders.trackingNo')} value={shipping.trackingNo} onChange={(e) => setShipping((x) => x && { ...x, trackingNo: e.target.value })} />
          <Input addonBefore={t('orders.estimatedDelivery')} placeholder="YYYY-MM-DD" value={shipping.estimatedDelivery} onChange={(e) => setShipping((x) => x && { ...x, estimatedDelivery: e.target.value })} />
          <Table rowKey="id" size="small" pagination={false} dataSource={order.lines.filter((l) => l.qty > l.shippedQty)} columns={[
            { title: t('orders.sku'), render: (_, l) => `${l.skuCode} ${l.name}` },
            { title: t('orders.toShip'), render: (_, l) => qty(l.qty - l.shippedQty, l) },
            { title: t('orders.shipQty'), render: (_, l) => (
              <Space direction="vertical" size={0}>
                <InputNumber min={0} max={l.qty - l.shippedQty} addonAfter={l.baseUnit} aria-label={`${t('orders.shipQty')} ${l.skuCode}`} value={shipping.qty[l.id]} onChange={(v) => setShipping((x) => x && { ...x, qty: { ...x.qty, [l.id]: Number(v) || 0 } })} />
                <Typography.Text type="secondary" data-testid="ship-qty-text">{qty(shipping.qty[l.id] ?? 0, l)}</Typography.Text>
              </Space>
            ) },
          ]} />
        </Space>}
      </Modal>
      <Modal open={!!tracking} title={t('orders.addTracking')} onCancel={() => setTracking(null)} onOk={() => addTracking.mutate()} okButtonProps={{ disabled: !tracking?.description.trim() }}>
        {tracking && <Space direction="vertical" style={{ width: '100%' }}>
          <Input addonBefore={t('orders.place')} value={tracking.place} onChange={(e) => setTracking((x) => x && { ...x, place: e.target.value })} />
          <Input addonBefore={t('orders.description')} value={tracking.description} onChange={(e) => setTracking((x) => x && { ...x, description: e.target.value })} />
        </Space>}
      </Modal>
      <Modal open={!!receipt} title={t('orders.receiptTitle')} onCancel={() => setReceipt(null)} onOk={() => confirm.mutate()} confirmLoading={confirm.isPending}>
        {receipt?.s.lines.map((l) => (
          <div key={l.orderLineId} style={{ marginBottom: 8 }}>
            <div data-testid="receipt-line">{l.name} {l.specText} · {t('orders.shippedThisTime')} <b>{qty(l.qty, l)}</b></div>
            <Space wrap>
              <InputNumber min={0} max={l.qty} addonBefore={t('orders.received')} addonAfter={l.baseUnit} value={receipt.rows[l.orderLineId]!.received} onChange={(v) => setReceipt((x) => x && { ...x, rows: { ...x.rows, [l.orderLineId]: { ...x.rows[l.orderLineId]!, received: Number(v) || 0 } } })} />
              <InputNumber min={0} max={l.qty} addonBefore={t('orders.damaged')} addonAfter={l.baseUnit} value={receipt.rows[l.orderLineId]!.damaged} onChange={(v) => setReceipt((x) => x && { ...x, rows: { ...x.rows, [l.orderLineId]: { ...x.rows[l.orderLineId]!, damaged: Number(v) || 0 } } })} />
            </Space>
            <div><Typography.Text type="secondary" data-testid="receipt-received-text">{t('orders.received')} {qty(receipt.rows[l.orderLineId]!.received, l)}{receipt.rows[l.orderLineId]!.damaged ? ` · ${t('orders.damaged')} ${qty(receipt.rows[l.orderLineId]!.damaged, l)}` : ''}</Typography.Text></div>
          </div>
        ))}
      </Modal>
    </Card>
  );
}
