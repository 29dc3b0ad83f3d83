import { App, Button, Card, DatePicker, Form, Input, InputNumber, Select, Space, Table, Typography } from 'antd';
import { LeftOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { client } from '../lib/client';
import { fen } from '../lib/format';
import { useFail } from '../payments/common';
import type { SupplierSku } from './api';
import { WarehouseSelect } from './parts';
import { useSupplierOptions } from './PurchaseOrdersPage';

type Line = SupplierSku & { qty: number | null };

/** A draft purchase order: a supplier, the receiving warehouse and lines from the SKUs the supplier supplies (at its cost). */
export function PurchaseOrderNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const fail = useFail();
  const sups = useSupplierOptions();
  const [supplierId, setSupplierId] = useState<number>();
  const [warehouseId, setWarehouseId] = useState<number>();
  const [expectedAt, setExpectedAt] = useState<string | null>(null);
  const [notes, setNotes] = useState('');
  const [lines, setLines] = useState<Line[]>([]);
  const sup = useQuery({ queryKey: ['inv-supplier', supplierId], queryFn: () => client.get('/api/inventory/suppliers/{id}', { path: { id: supplierId! } }), enabled: !!supplierId });
  const chosen = lines.filter((l) => l.qty && l.qty > 0);
  const create = useMutation({
    mutationFn: () => client.post('/api/inventory/purchase-orders', { body: { supplierId: supplierId!, warehouseId: warehouseId!, expectedAt, notes: notes.trim() || null, lines: chosen.map((l) => ({ skuId: l.skuId, qty: l.qty! })) } }),
    onSuccess: (po) => { message.success(t('inv.poCreated', { number: po.number })); navigate(`/admin/inventory/purchase-orders/${po.id}`); },
    onError: fail,
  });
  const add = (skuId: number) => {
    const k = sup.data?.skus.find((x) => x.skuId === skuId);
    if (k) setLines((ls) => (ls.some((l) => l.skuId === skuId) ? ls : [...ls, { ...k, qty: k.moq }]));
  };
  return (
    <div data-testid="po-new">
      <Button type="text" icon={<LeftOutlined />} onClick={() => navigate('/admin/inventory/purchase-orders')} style={{ paddingLeft: 0 }}>{t('inv.pos')}</Button>
      <Card size="small" title={t('inv.newPo')}>
        <Form layout="vertical">
          <Space wrap align="start">
            <Form.Item label={t('inv.supplier')} required>
              <Select<number> value={supplierId} onChange={(v) => { setSupplierId(v); setLines(() => []); }} style={{ width: 280 }} data-testid="po-supplier" showSearch={{ optionFilterProp: 'label' }}
                options={(sups.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.code} ${s.name}` }))} />
            </Form.Item>
            <Form.Item label={t('inv.chooseWarehouse')} required><WarehouseSelect value={warehouseId} onChange={setWarehouseId} activeOnly testId="po-warehouse" /></Form.Item>
            <Form.Item label={t('inv.expectedAt')}><DatePicker onChange={(d) => setExpectedAt(d ? d.format('YYYY-MM-DD') : null)} /></Form.Item>
          </Space>
          <Form.Item label={t('inv.notes')}><Input value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={500} data-testid="po-notes" /></Form.Item>
          <Select<number> value={null} disabled={!sup.data} placeholder={supplierId ? t('inv.fromSupplier') : t('inv.pickSupplierFirst')} style={{ width: 420, maxWidth: '100%' }} data-testid="po-sku"
            showSearch={{ optionFilterProp: 'label' }} onChange={add}
            options={(sup.data?.skus ?? []).map((k) => ({ value: k.skuId, label: `${k.skuCode} ${k.productName} ${k.specText} · ${fen(k.cost)}` }))} />
          <Table<Line> rowKey="skuId" size="small" pagination={false} dataSource={lines} style={{ marginTop: 8 }} scroll={{ x: 600 }} data-testid="po-lines" locale={{ emptyText: t('inv.noLines') }}
            columns={[
              { title: t('inv.sku'), render: (_, l) => <>{l.skuCode} <Typography.Text type="secondary">{l.productName} {l.specText}</Typography.Text></> },
              { title: t('inv.unitCost'), dataIndex: 'cost', align: 'right', render: fen },
              { title: t('inv.qty'), width: 130, render: (_, l) => <InputNumber min={1} max={10_000_000} precision={0} value={l.qty} style={{ width: 110 }} onChange={(q) => setLines((ls) => ls.map((x) => (x.skuId === l.skuId ? { ...x, qty: q } : x)))} /> },
              { title: t('inv.lineTotal'), align: 'right', render: (_, l) => fen((l.qty ?? 0) * l.cost) },
            ]} />
          <Button type="primary" style={{ marginTop: 12 }} disabled={!supplierId || !warehouseId || chosen.length === 0} loading={create.isPending} onClick={() => create.mutate()} data-testid="po-create">{t('inv.createPo')}</Button>
        </Form>
      </Card>
    </div>
  );
}
