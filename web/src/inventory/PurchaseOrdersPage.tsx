import { Button, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { client } from '../lib/client';
import { date, dateTime, fen } from '../lib/format';
import { PO_STATUSES, type PoListed, type PoStatus } from './api';
import { useCanWrite } from './parts';

export const PO_COLOR: Record<PoStatus, string> = { draft: 'default', ordered: 'blue', partially_received: 'orange', received: 'green', cancelled: 'default' };
export function PoStatusTag({ status }: { status: PoStatus }) {
  const { t } = useTranslation();
  return <Tag color={PO_COLOR[status]} data-testid="po-status">{t(`inv.poStatus.${status}`)}</Tag>;
}
/** Active suppliers for pickers (the demo has a handful; the API pages at 100). */
export function useSupplierOptions() {
  return useQuery({ queryKey: ['inv-suppliers', 'options'], queryFn: () => client.get('/api/inventory/suppliers', { query: { active: 'true', pageSize: 100 } }) });
}

/** 采购单 list by status and supplier. */
export function PurchaseOrdersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canWrite = useCanWrite('purchasing.write');
  const [status, setStatus] = useState<PoStatus>();
  const [supplierId, setSupplierId] = useState<number>();
  const [page, setPage] = useState(1);
  const sups = useSupplierOptions();
  const list = useQuery({ queryKey: ['inv-pos', status, supplierId, page], queryFn: () => client.get('/api/inventory/purchase-orders', { query: { status, supplierId, page, pageSize: 20 } }) });
  return (
    <div data-testid="pos-page">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 12, gap: 8, flexWrap: 'wrap' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('inv.pos')}</Typography.Title>
        <Space wrap>
          <Select<PoStatus> allowClear value={status} onChange={(v) => { setStatus(v); setPage(1); }} placeholder={t('common.status')} style={{ width: 130 }} options={PO_STATUSES.map((s) => ({ value: s, label: t(`inv.poStatus.${s}`) }))} />
          <Select<number> allowClear value={supplierId} onChange={(v) => { setSupplierId(v); setPage(1); }} placeholder={t('inv.supplier')} style={{ width: 220 }} options={(sups.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))} />
          {canWrite && <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/admin/inventory/purchase-orders/new')} data-testid="new-po">{t('inv.newPo')}</Button>}
        </Space>
      </div>
      <Table<PoListed> rowKey="id" size="small" loading={list.isLoading} dataSource={list.data?.items ?? []} scroll={{ x: 800 }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total, showSizeChanger: false, onChange: setPage }}
        columns={[
          { title: t('inv.number'), dataIndex: 'number', render: (v: string, p) => <Link to={`/admin/inventory/purchase-orders/${p.id}`}>{v}</Link> },
          { title: t('inv.supplier'), dataIndex: 'supplierName' },
          { title: t('inv.warehouse'), dataIndex: 'warehouseName' },
          { title: t('common.status'), dataIndex: 'status', render: (s: PoStatus) => <PoStatusTag status={s} /> },
          { title: t('inv.received'), render: (_, p) => `${p.receivedQty} / ${p.qty}` },
          { title: t('inv.poTotal'), dataIndex: 'total', align: 'right', render: fen },
          { title: t('inv.expectedAt'), dataIndex: 'expectedAt', render: date },
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: dateTime },
        ]} />
    </div>
  );
}
