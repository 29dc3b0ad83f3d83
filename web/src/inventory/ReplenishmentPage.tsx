import { App, Button, InputNumber, Space, Switch, Table, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { client } from '../lib/client';
import { fen } from '../lib/format';
import { useFail } from '../payments/common';
import type { Suggestion } from './api';
import { useCanWrite, WarehouseSelect } from './parts';

/** 补货建议 from 30-day sales velocity, lead time and safety stock; chosen lines become one draft PO per supplier. */
export function ReplenishmentPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const fail = useFail();
  const canWrite = useCanWrite('purchasing.write');
  const [all, setAll] = useState(false);
  const [selected, setSelected] = useState<number[]>([]);
  const [qty, setQty] = useState<Record<number, number | null>>({});
  const [warehouseId, setWarehouseId] = useState<number>();
  const list = useQuery({ queryKey: ['inv-replenishment', all], queryFn: () => client.get('/api/inventory/replenishment', { query: { all: `${all}` } }) });
  const rows = list.data ?? [];
  const chosen = rows.filter((r) => selected.includes(r.skuId) && r.supplierId != null).map((r) => ({ skuId: r.skuId, supplierId: r.supplierId!, qty: qty[r.skuId] ?? r.suggestedQty })).filter((l) => l.qty > 0);
  const draft = useMutation({
    mutationFn: () => client.post('/api/inventory/purchase-orders/from-suggestions', { body: { warehouseId: warehouseId!, lines: chosen } }),
    onSuccess: (pos) => {
      message.success(t('inv.drafted', { count: pos.length }));
      void qc.invalidateQueries({ queryKey: ['inv-pos'] });
      navigate(pos.length === 1 ? `/admin/inventory/purchase-orders/${pos[0]!.id}` : '/admin/inventory/purchase-orders');
    },
    onError: fail,
  });
  return (
    <div data-testid="replenishment-page">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 12, gap: 8, flexWrap: 'wrap' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('inv.suggestions')}</Typography.Title>
        <Space wrap>
          <Switch checked={all} onChange={(v) => { setAll(v); setSelected([]); }} /> {t('inv.showAll')}
          {canWrite && <WarehouseSelect value={warehouseId} onChange={setWarehouseId} activeOnly placeholder={t('inv.chooseWarehouse')} testId="rep-warehouse" />}
          {canWrite && <Button type="primary" disabled={!warehouseId || chosen.length === 0} loading={draft.isPending} onClick={() => draft.mutate()} data-testid="rep-draft">{t('inv.draftPo')}</Button>}
        </Space>
      </div>
      <Table<Suggestion> rowKey="skuId" size="small" loading={list.isLoading} dataSource={rows} scroll={{ x: 1000 }} pagination={{ pageSize: 50, showSizeChanger: false }}
        rowSelection={canWrite ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]), getCheckboxProps: (r) => ({ disabled: r.supplierId == null }) } : undefined}
        columns={[
          { title: t('inv.sku'), render: (_, r) => <>{r.skuCode} <Typography.Text type="secondary">{r.productName}</Typography.Text></> },
          { title: t('inv.sold30'), dataIndex: 'sold30', align: 'right' },
          { title: t('inv.velocity'), dataIndex: 'velocityPerDay', align: 'right', render: (v: number) => v.toFixed(1) },
          { title: t('inv.available'), dataIndex: 'available', align: 'right' },
          { title: t('inv.onOrder'), dataIndex: 'onOrder', align: 'right' },
          { title: t('inv.safety'), dataIndex: 'safetyStock', align: 'right' },
          { title: t('inv.reorderPoint'), dataIndex: 'reorderPoint', align: 'right' },
          { title: t('inv.supplier'), render: (_, r) => r.supplierName ?? <Typography.Text type="secondary">{t('inv.noSupplier')}</Typography.Text> },
          { title: t('inv.unitCost'), dataIndex: 'unitCost', align: 'right', render: fen },
          {
            title: t('inv.suggested'), width: 120,
            render: (_, r) => (canWrite ? <InputNumber min={0} max={10_000_000} precision={0} value={qty[r.skuId] ?? r.suggestedQty} style={{ width: 100 }} onChange={(v) => setQty((q) => ({ ...q, [r.skuId]: v }))} /> : r.suggestedQty),
          },
        ]} />
    </div>
  );
}
