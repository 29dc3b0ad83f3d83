import { App, Button, Dropdown, Image, Input, Select, Space, Table, Tag, TreeSelect } from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { client } from '../../lib/client';
import { qs } from '../../lib/api';
import { fen } from '../../lib/format';
import type { Category, Hit } from '../types';
import { useBrands, useCategories } from '../useCatalog';
import { ImportDialog } from './ImportDialog';
import { errorText } from './util';

interface TreeNode { value: number; title: string; children: TreeNode[] }
/** Categories as TreeSelect data. */
export function categoryTree(cats: Category[]): TreeNode[] {
  const build = (parent: number | null): TreeNode[] => cats.filter((c) => c.parentId === parent).map((c) => ({ value: c.id, title: c.name, children: build(c.id) }));
  return build(null);
}

/** Staff product list: search, category/brand/shelf filters, bulk on/off shelf, import and export. */
export function ProductsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [f, setF] = useState<{ q?: string; categoryId?: number; brandId?: number; onShelf?: '0' | '1'; page: number }>({ page: 1 });
  const [selected, setSelected] = useState<number[]>([]);
  const [importing, setImporting] = useState(false);
  const { data: cats = [] } = useCategories();
  const { data: brands = [] } = useBrands();
  const tree = useMemo(() => categoryTree(cats), [cats]);
  const list = useQuery({
    queryKey: ['catalog', 'admin-products', f],
    queryFn: () => client.get('/api/products', { query: { ...f, brandId: f.brandId != null ? [f.brandId] : undefined, sort: f.q ? 'relevance' : 'newest', pageSize: 20 } }),
    placeholderData: (p) => p,
  });
  const shelf = useMutation({
    mutationFn: (onShelf: boolean) => client.post('/api/products/shelf', { body: { ids: selected, onShelf } }),
    onSuccess: (r) => { message.success(t('catalog.admin.updated', { n: r.updated })); setSelected([]); void qc.invalidateQueries({ queryKey: ['catalog'] }); },
    onError: (e) => message.error(errorText(e)),
  });
  const catName = (id: number | null) => cats.find((c) => c.id === id)?.path.join(' / ') ?? '—';

  return (
    <div data-testid="admin-products">
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('catalog.searchPlaceholder')} style={{ width: 280 }} onSearch={(q) => setF({ ...f, q: q || undefined, page: 1 })} data-testid="admin-product-search" />
        <TreeSelect allowClear treeData={tree} placeholder={t('catalog.admin.category')} style={{ width: 180 }} onChange={(v) => setF({ ...f, categoryId: v, page: 1 })} treeDefaultExpandAll={false} />
        <Select allowClear showSearch optionFilterProp="label" placeholder={t('catalog.admin.brand')} style={{ width: 140 }} options={brands.map((b) => ({ value: b.id, label: b.name }))} onChange={(v) => setF({ ...f, brandId: v, page: 1 })} />
        <Select allowClear placeholder={t('catalog.admin.status')} style={{ width: 110 }} options={[{ value: '1', label: t('catalog.admin.onShelf') }, { value: '0', label: t('catalog.admin.offShelf') }]} onChange={(v) => setF({ ...f, onShelf: v, page: 1 })} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/admin/catalog/products/new')}>{t('catalog.admin.newProduct')}</Button>
        <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="import-open">{t('catalog.admin.import')}</Button>
        <Dropdown menu={{ items: [
          { key: 'xlsx', label: <a href={`/api/products/export${qs({ format: 'xlsx', categoryId: f.categoryId, brandId: f.brandId })}`}>{t('catalog.admin.exportXlsx')}</a> },
          { key: 'csv', label: <a href={`/api/products/export${qs({ format: 'csv', categoryId: f.categoryId, brandId: f.brandId })}`}>{t('catalog.admin.exportCsv')}</a> },
        ] }}>
          <Button icon={<DownloadOutlined />}>{t('catalog.admin.export')}</Button>
        </Dropdown>
      </Space>
      {selected.length > 0 && (
        <Space style={{ marginBottom: 8 }}>
          <span>{t('catalog.admin.selected', { n: selected.length })}</span>
          <Button size="small" onClick={() => shelf.mutate(true)} data-testid="bulk-on">{t('catalog.admin.shelveSelected')}</Button>
          <Button size="small" danger onClick={() => shelf.mutate(false)} data-testid="bulk-off">{t('catalog.admin.unshelveSelected')}</Button>
        </Space>
      )}
      <Table<Hit> rowKey="id" size="small" loading={list.isLoading} dataSource={list.data?.items ?? []} scroll={{ x: 900 }}
        rowSelection={{ selectedRowKeys: selected, onChange: (k) => setSelected(k as number[]), preserveSelectedRowKeys: true }}
        pagination={{ current: f.page, pageSize: 20, total: Math.min(list.data?.total ?? 0, 5000), showSizeChanger: false, onChange: (page) => setF({ ...f, page }) }}
        columns={[
          { title: t('catalog.admin.image'), width: 64, render: (_, h) => (h.image ? <Image src={h.image.thumbUrl} width={44} height={44} style={{ objectFit: 'cover' }} preview={{ src: h.image.url }} /> : null) },
          { title: t('catalog.admin.name'), render: (_, h) => <Link to={`/admin/catalog/products/${h.id}`}>{h.isNew && <Tag color="green">{t('catalog.new')}</Tag>}{h.name}</Link> },
          { title: t('catalog.admin.brand'), dataIndex: 'brandName', width: 100 },
          { title: t('catalog.admin.category'), width: 150, render: (_, h) => catName(h.categoryId) },
          { title: t('catalog.admin.priceRange'), width: 150, render: (_, h) => (h.minPrice === h.maxPrice ? fen(h.minPrice) : `${fen(h.minPrice)} – ${fen(h.maxPrice)}`) },
          { title: t('catalog.admin.skuCount'), dataIndex: 'skuCount', width: 70 },
          { title: t('catalog.admin.status'), width: 80, render: (_, h) => <Tag color={h.onShelf ? 'blue' : 'default'} data-testid="shelf-tag">{h.onShelf ? t('catalog.admin.onShelf') : t('catalog.admin.offShelf')}</Tag> },
        ]} />
      <ImportDialog open={importing} onClose={() => setImporting(false)} onDone={() => void qc.invalidateQueries({ queryKey: ['catalog'] })} />
    </div>
  );
}
