import { Alert, Badge, Button, Col, Dropdown, Empty, Pagination, Row, Space, Spin, Tag, Typography } from 'antd';
import { DownOutlined, FilterOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { FilterDrawer } from './FilterDrawer';
import { ProductCard } from './ProductCard';
import { SearchBox } from './SearchBox';
import type { SortKey } from './types';
import { PAGE_SIZE, useCategories, useFilters, useSearch } from './useCatalog';

const SORTS: SortKey[] = ['relevance', 'sales', 'price_asc', 'price_desc', 'newest'];

/** The buyer's catalog: search with suggestions, category chips, sort and filters, results at the buyer's price. */
export function CatalogPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [filters, update] = useFilters();
  const [drawer, setDrawer] = useState(false);
  const { data: cats } = useCategories();
  const { data, isLoading, isFetching } = useSearch(filters);

  const current = cats?.find((c) => c.id === filters.categoryId);
  const roots = (cats ?? []).filter((c) => c.parentId == null);
  const rootId = current ? (current.parentId == null ? current.id : cats!.find((c) => c.path[0] === current.path[0] && c.parentId == null)?.id) : undefined;
  const subs = rootId ? (cats ?? []).filter((c) => c.parentId === rootId) : [];
  const activeFilters = filters.brandId.length + (filters.priceMin != null || filters.priceMax != null ? 1 : 0) + (filters.inStock ? 1 : 0) + (filters.isNew ? 1 : 0);

  const chip = (key: string, label: string, on: boolean, onClick: () => void) => (
    <Tag.CheckableTag key={key} checked={on} onChange={onClick} style={{ padding: '4px 10px', fontSize: 14, border: '1px solid #e5e5e5', whiteSpace: 'nowrap' }}>{label}</Tag.CheckableTag>
  );

  return (
    <div data-testid="catalog-page">
      <SearchBox
        value={filters.q}
        onSearch={(q) => update({ q, sort: 'relevance' })}
        onPick={(s) => {
          if (s.type === 'product') navigate(`/products/${s.id}`);
          else if (s.type === 'brand') update({ q: '', brandId: [s.id] });
          else update({ q: '', categoryId: s.id });
        }}
      />
      <div style={{ display: 'flex', gap: 6, overflowX: 'auto', padding: '10px 0 4px' }} data-testid="category-chips">
        {chip('all', t('catalog.all'), !filters.categoryId, () => update({ categoryId: undefined }))}
        {roots.map((c) => chip(String(c.id), c.name, c.id === rootId, () => update({ categoryId: c.id })))}
      </div>
      {subs.length > 0 && (
        <div style={{ display: 'flex', gap: 6, overflowX: 'auto', paddingBottom: 4 }}>
          {subs.map((c) => chip(String(c.id), c.name, c.id === filters.categoryId, () => update({ categoryId: c.id === filters.categoryId ? rootId : c.id })))}
        </div>
      )}
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', margin: '6px 0 10px' }}>
        <Dropdown trigger={['click']} menu={{ selectable: true, selectedKeys: [filters.sort], items: SORTS.map((s) => ({ key: s, label: t(`catalog.sort.${s}`) })), onClick: ({ key }) => update({ sort: key as SortKey }) }}>
          <Button type="text" data-testid="sort-button">{t(`catalog.sort.${filters.sort}`)} <DownOutlined /></Button>
        </Dropdown>
        <Space>
          {data && <Typography.Text type="secondary" style={{ fontSize: 13 }}>{t('catalog.results', { total: data.total })}</Typography.Text>}
          <Badge count={activeFilters} size="small">
            <Button icon={<FilterOutlined />} onClick={() => setDrawer(true)} data-testid="filter-button">{t('catalog.filters')}</Button>
          </Badge>
        </Space>
      </div>
      {data?.fuzzy && data.items.length > 0 && <Alert type="info" showIcon style={{ marginBottom: 10 }} title={t('catalog.fuzzy', { q: filters.q })} />}
      {isLoading ? <div style={{ textAlign: 'center', padding: 48 }}><Spin /></div> : !data?.items.length ? (
        <Empty description={t('catalog.empty')} data-testid="search-empty">
          {!!data?.help?.didYouMean.length && (
            <div style={{ marginBottom: 8 }} data-testid="did-you-mean">
              {t('catalog.didYouMean')}
              {data.help.didYouMean.map((w) => <Button key={w} type="link" size="small" onClick={() => update({ q: w })}>{w}</Button>)}
            </div>
          )}
          {!!data?.help?.categories.length && (
            <div data-testid="near-categories">
              {t('catalog.nearCategories')}
              {data.help.categories.map((c) => <Button key={c.id} size="small" autoInsertSpace={false} style={{ margin: 2 }} onClick={() => update({ q: '', categoryId: c.id })}>{c.name}</Button>)}
            </div>
          )}
        </Empty>
      ) : (
        <Spin spinning={isFetching}>
          <Row gutter={[8, 8]} data-testid="results">
            {data.items.map((h) => <Col key={h.id} xs={12} sm={8} md={6} lg={6}><ProductCard hit={h} /></Col>)}
          </Row>
          {data.total > PAGE_SIZE && (
            <div style={{ display: 'flex', justifyContent: 'center', margin: '16px 0' }}>
              <Pagination simple current={filters.page} pageSize={PAGE_SIZE} total={Math.min(data.total, 5000)} showSizeChanger={false} onChange={(page) => { update({ page }); window.scrollTo(0, 0); }} />
            </div>
          )}
        </Spin>
      )}
      <FilterDrawer open={drawer} onClose={() => setDrawer(false)} filters={filters} brands={data?.facets?.brands ?? []} onApply={update} />
    </div>
  );
}
