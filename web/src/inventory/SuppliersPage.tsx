import { Button, Drawer, Input, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../lib/client';
import type { SupplierListed } from './api';
import { useCanWrite } from './parts';
import { SupplierDetail } from './SupplierDetail';

/** 供应商 list; a drawer edits the supplier and the SKUs it supplies. */
export function SuppliersPage() {
  const { t } = useTranslation();
  const canWrite = useCanWrite('purchasing.write');
  const [search, setSearch] = useState<string>();
  const [page, setPage] = useState(1);
  const [sel, setSel] = useState<number | 'new' | null>(null);
  const list = useQuery({ queryKey: ['inv-suppliers', search, page], queryFn: () => client.get('/api/inventory/suppliers', { query: { search, page, pageSize: 20 } }) });
  return (
    <div data-testid="suppliers-page">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 12, gap: 8, flexWrap: 'wrap' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('inv.suppliers')}</Typography.Title>
        <div style={{ display: 'flex', gap: 8 }}>
          <Input.Search allowClear placeholder={`${t('inv.code')} / ${t('inv.name')}`} style={{ width: 220 }} onSearch={(v) => { setSearch(v.trim() || undefined); setPage(1); }} />
          {canWrite && <Button type="primary" icon={<PlusOutlined />} onClick={() => setSel('new')}>{t('inv.newSupplier')}</Button>}
        </div>
      </div>
      <Table<SupplierListed> rowKey="id" size="small" loading={list.isLoading} dataSource={list.data?.items ?? []} scroll={{ x: 700 }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total, showSizeChanger: false, onChange: setPage }}
        onRow={(s) => ({ onClick: () => setSel(s.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('inv.code'), dataIndex: 'code' },
          { title: t('inv.name'), dataIndex: 'name' },
          { title: t('inv.contact'), dataIndex: 'contactName' },
          { title: t('inv.phone'), dataIndex: 'phone' },
          { title: t('inv.paymentTerms'), dataIndex: 'paymentTerms' },
          { title: t('inv.skuCount'), dataIndex: 'skuCount', align: 'right' },
          { title: t('common.status'), dataIndex: 'active', render: (a: boolean) => (a ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.disabled')}</Tag>) },
        ]} />
      <Drawer open={sel != null} width={800} title={sel === 'new' ? t('inv.newSupplier') : t('inv.editSupplier')} onClose={() => setSel(null)} destroyOnHidden>
        {sel != null && <SupplierDetail id={sel} canWrite={canWrite} onCreated={(id) => setSel(id)} />}
      </Drawer>
    </div>
  );
}
