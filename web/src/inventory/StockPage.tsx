import { Grid, Input, Radio, Select, Space, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { client } from '../lib/client';
import { qs } from '../lib/api';
import { useCategories } from '../lib/lookups';
import type { StockRow, StockStatus } from './api';
import { StockStatusTag, WarehouseSelect } from './parts';

const PAGE_SIZE = 20;
const num = (v: string | null) => (v && /^\d+$/.test(v) ? Number(v) : undefined);

/** 库存查询: stock by SKU × warehouse, filtered by warehouse, status, category and keyword (kept in the URL). */
export function StockPage() {
  const { t } = useTranslation();
  const [sp, setSp] = useSearchParams();
  const f = { warehouseId: num(sp.get('warehouseId')), categoryId: num(sp.get('categoryId')), status: (sp.get('status') || undefined) as StockStatus | undefined, search: sp.get('q') ?? '', page: num(sp.get('page')) ?? 1 };
  const set = (patch: Partial<typeof f>) => {
    const n = { ...f, page: 1, ...patch };
    setSp(new URLSearchParams(qs({ warehouseId: n.warehouseId, categoryId: n.categoryId, status: n.status, q: n.search || undefined, page: n.page > 1 ? n.page : undefined }).slice(1)));
  };
  const cats = useCategories();
  // On a phone the SKU cell carries the product name and only available and status stay beside it.
  const narrow = !Grid.useBreakpoint().md;
  const list = useQuery({
    queryKey: ['inv-stock', f],
    queryFn: () => client.get('/api/inventory/stock', { query: { warehouseId: f.warehouseId, categoryId: f.categoryId, status: f.status, search: f.search || undefined, page: f.page, pageSize: PAGE_SIZE } }),
    placeholderData: (prev) => prev,
  });
  return (
    <div data-testid="stock-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>{t('inv.menu.stock')}</Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <WarehouseSelect value={f.warehouseId} onChange={(warehouseId) => set({ warehouseId })} allowClear placeholder={t('inv.allWarehouses')} testId="filter-warehouse" />
        <Select<number> value={f.categoryId} onChange={(categoryId) => set({ categoryId })} allowClear placeholder={t('inv.allCategories')} style={{ width: 200 }} showSearch={{ optionFilterProp: 'label' }}
          options={(cats.data ?? []).map((c) => ({ value: c.id, label: c.path.join(' / ') }))} data-testid="filter-category" />
        <Radio.Group value={f.status ?? ''} onChange={(e) => set({ status: (e.target.value || undefined) as StockStatus | undefined })} optionType="button" data-testid="filter-status"
          options={[{ value: '', label: t('common.all') }, { value: 'low', label: t('inv.status.low') }, { value: 'out', label: t('inv.status.out') }, { value: 'ok', label: t('inv.status.ok') }]} />
        <Input.Search key={f.search} defaultValue={f.search} allowClear placeholder={t('inv.keyword')} aria-label={t('inv.keyword')} style={{ width: 220 }} onSearch={(v) => set({ search: v.trim() })} data-testid="filter-search" />
      </Space>
      <Table<StockRow> rowKey={(r) => `${r.skuId}-${r.warehouseId}`} size="small" loading={list.isFetching} dataSource={list.data?.items ?? []} scroll={narrow ? undefined : { x: 900 }}
        pagination={{ current: f.page, pageSize: PAGE_SIZE, total: list.data?.total, showSizeChanger: false, showTotal: (n) => t('common.total', { count: n }), onChange: (page) => set({ page }) }}
        columns={[
          {
            title: t('inv.sku'), dataIndex: 'skuCode',
            render: (v: string, r) => (
              <>
                <Link to={`/admin/inventory/skus/${r.skuId}`}>{v}</Link>
                {narrow && <div style={{ fontSize: 12 }}>{r.productName} {r.specText} · {r.warehouseName}</div>}
              </>
            ),
          },
          { title: t('inv.product'), render: (_, r) => <>{r.productName} <Typography.Text type="secondary">{r.specText}</Typography.Text></>, responsive: ['md'] },
          { title: t('inv.category'), dataIndex: 'categoryName', responsive: ['lg'] },
          { title: t('inv.warehouse'), dataIndex: 'warehouseName', responsive: ['md'] },
          { title: t('inv.onHand'), dataIndex: 'onHand', align: 'right', responsive: ['md'], render: (v: number, r) => `${v} ${r.unit}` },
          { title: t('inv.reserved'), dataIndex: 'reserved', align: 'right', responsive: ['md'] },
          { title: t('inv.available'), dataIndex: 'available', align: 'right', render: (v: number, r) => <span style={{ whiteSpace: 'nowrap' }}><b>{v}</b> {r.unit}</span> },
          { title: t('inv.safety'), dataIndex: 'safetyStock', align: 'right', responsive: ['md'] },
          { title: t('inv.stockStatus'), dataIndex: 'status', render: (s: StockStatus) => <StockStatusTag status={s} /> },
        ]} />
    </div>
  );
}
