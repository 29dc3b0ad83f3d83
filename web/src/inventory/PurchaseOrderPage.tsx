import { App, Button, Card, Descriptions, Input, InputNumber, Popconfirm, Space, Table, Typography } from 'antd';
import { LeftOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { client } from '../lib/client';
import { date, dateTime, fen } from '../lib/format';
import { useFail } from '../payments/common';
import type { PurchaseOrder } from './api';
import { useCanWrite } from './parts';
import { PoStatusTag } from './PurchaseOrdersPage';

type Line = PurchaseOrder['lines'][number];

/** A purchase order: place it (draft → ordered), receive goods in part or in full, or cancel. */
export function PurchaseOrderPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const qc = useQueryClient();
  const { message } = App.useApp();
  const fail = useFail();
  const canWrite = useCanWrite('purchasing.write');
  const [recv, setRecv] = useState<Record<number, number | null>>({});
  const [note, setNote] = useState('');
  const po = useQuery({ queryKey: ['inv-po', id], queryFn: () => client.get('/api/inventory/purchase-orders/{id}', { path: { id } }) });
  const done = (p: PurchaseOrder) => { qc.setQueryData(['inv-po', id], p); void qc.invalidateQueries({ queryKey: ['inv-pos'] }); };
  const act = useMutation({ mutationFn: (what: 'order' | 'cancel') => (what === 'order' ? client.post('/api/inventory/purchase-orders/{id}/order', { path: { id: id! } }) : client.post('/api/inventory/purchase-orders/{id}/cancel', { path: { id: id! } })), onSuccess: done, onError: fail });
  const lines = Object.entries(recv).filter(([, q]) => q && q > 0).map(([skuId, qty]) => ({ skuId: Number(skuId), qty: qty! }));
  const receive = useMutation({
    mutationFn: () => client.post('/api/inventory/purchase-orders/{id}/receive', { path: { id }, body: { lines, note: note.trim() || null } }),
    onSuccess: (p) => { message.success(t('inv.receivedOk')); setRecv(() => ({})); setNote(''); done(p); ['inv-stock', 'inv-card', 'inv-ledger'].forEach((k) => void qc.invalidateQueries({ queryKey: [k] })); },
    onError: fail,
  });
  const p = po.data;
  const receiving = canWrite && (p?.status === 'ordered' || p?.status === 'partially_received');
  return (
    <div data-testid="po-page">
      <Button type="text" icon={<LeftOutlined />} onClick={() => navigate('/admin/inventory/purchase-orders')} style={{ paddingLeft: 0 }}>{t('inv.pos')}</Button>
      <Card size="small" loading={po.isLoading} title={p && <Space>{p.number}<PoStatusTag status={p.status} /></Space>}
        extra={p && canWrite && <Space wrap>
          {p.status === 'draft' && <Button type="primary" loading={act.isPending} onClick={() => act.mutate('order')} data-testid="po-order">{t('inv.placeOrder')}</Button>}
          {(p.status === 'draft' || p.status === 'ordered') && <Popconfirm title={t('inv.cancelPo')} onConfirm={() => act.mutate('cancel')}><Button danger data-testid="po-cancel">{t('inv.cancelPo')}</Button></Popconfirm>}
        </Space>}>
        {p && <Descriptions size="small" column={{ xs: 1, md: 3 }} items={[
          { key: 's', label: t('inv.supplier'), children: p.supplierName },
          { key: 'w', label: t('inv.chooseWarehouse'), children: p.warehouseName },
          { key: 't', label: t('inv.poTotal'), children: fen(p.total) },
          { key: 'e', label: t('inv.expectedAt'), children: date(p.expectedAt) },
          { key: 'o', label: t('inv.orderedAt'), children: dateTime(p.orderedAt) },
          { key: 'n', label: t('inv.notes'), children: p.notes ?? '—' },
        ]} />}
      </Card>
      <Card size="small" title={t('inv.lines')} style={{ marginTop: 12 }}
        extra={receiving && <Space wrap>
          <Input value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('inv.receiveNote')} maxLength={200} style={{ width: 200 }} />
          <Button type="primary" disabled={lines.length === 0} loading={receive.isPending} onClick={() => receive.mutate()} data-testid="po-receive">{t('inv.receive')}</Button>
        </Space>}>
        <Table<Line> rowKey="skuId" size="small" pagination={false} dataSource={p?.lines ?? []} scroll={{ x: 700 }} data-testid="po-lines"
          columns={[
            { title: t('inv.sku'), render: (_, l) => <>{l.skuCode} <Typography.Text type="secondary">{l.productName} {l.specText}</Typography.Text></> },
            { title: t('inv.qty'), dataIndex: 'qty', align: 'right' },
            { title: t('inv.unitCost'), dataIndex: 'unitCost', align: 'right', render: fen },
            { title: t('inv.lineTotal'), dataIndex: 'lineTotal', align: 'right', render: fen },
            { title: t('inv.received'), dataIndex: 'receivedQty', align: 'right' },
            ...(receiving ? [{
              title: t('inv.receiveQty'), width: 130,
              render: (_: unknown, l: Line) => (l.qty > l.receivedQty ? (
                <InputNumber min={0} max={l.qty - l.receivedQty} precision={0} placeholder={`≤ ${l.qty - l.receivedQty}`} value={recv[l.skuId] ?? null} style={{ width: 110 }}
                  onChange={(q) => setRecv((r) => ({ ...r, [l.skuId]: q }))} />
              ) : '—'),
            }] : []),
          ]} />
      </Card>
    </div>
  );
}
