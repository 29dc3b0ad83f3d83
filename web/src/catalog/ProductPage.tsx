import { Button, Card, Col, Descriptions, Result, Row, Spin, Table, Tag, Typography } from 'antd';
import { LeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { client } from '../lib/client';
import { fen } from '../lib/format';
import type { CustomerStock } from '../inventory/api';
import { StockTag } from '../inventory/StockTag';
import { useLiveStock } from '../inventory/useLiveStock';
import { Gallery } from './Gallery';
import { ProductActions } from './ProductActions';
import { RelatedProducts } from '../recommendations/RelatedProducts';
import { PromoTags } from '../marketing/PromoTags';
import type { PortalSku } from './types';
import { PresaleTag } from '../inventory/PresaleTag';

/** Spec names and their values across the SKUs, in first-seen order (规格: 330ml×24, 500ml×24 …). */
function specAxes(skus: PortalSku[]): [string, string[]][] {
  const axes = new Map<string, string[]>();
  for (const s of skus) for (const [k, v] of Object.entries(s.specs)) {
    const vals = axes.get(k) ?? [];
    if (!vals.includes(v)) vals.push(v);
    axes.set(k, vals);
  }
  return [...axes];
}

/** The page's own stock (the server applied the display setting) until the live stream speaks. */
function stockOf(s: PortalSku): CustomerStock {
  const mode = s.available != null ? 'exact' : s.stock ? 'levels' : 'hidden';
  return { skuId: s.id, mode, quantity: s.available, level: s.stock, label: null };
}

/** A product page: gallery, spec selector, the buyer's price with quantity breaks, units, stock, parameters. */
export function ProductPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const { data: p, isLoading, error } = useQuery({ queryKey: ['catalog', 'product', id], queryFn: () => client.get('/api/catalog/products/{id}', { path: { id } }), enabled: id > 0 });
  const [skuId, setSkuId] = useState<number | null>(null);
  const sku = p?.skus.find((s) => s.id === skuId) ?? p?.skus[0];
  const axes = useMemo(() => specAxes(p?.skus ?? []), [p]);
  const { data: price } = useQuery({ queryKey: ['my-price', sku?.id], queryFn: () => client.get('/api/my/prices/{skuId}', { path: { skuId: sku!.id } }), enabled: !!sku });
  // Stock as the supplier's display setting allows, pushed live while the page is open.
  const live = useLiveStock(p?.skus.map((s) => s.id) ?? []);

  if (isLoading) return <div style={{ textAlign: 'center', padding: 48 }}><Spin /></div>;
  if (error || !p || !sku) return <Result status="404" title={t('catalog.notFound')} extra={<Button onClick={() => navigate('/catalog')}>{t('catalog.back')}</Button>} />;

  const pick = (axis: string, value: string) => {
    const want = { ...sku.specs, [axis]: value };
    const exact = p.skus.find((s) => Object.entries(want).every(([k, v]) => s.specs[k] === v));
    setSkuId((exact ?? p.skus.find((s) => s.specs[axis] === value) ?? sku).id);
  };
  const base = p.baseUnit;
  const breaks = price?.breaks ?? [];

  return (
    <div data-testid="product-page">
      <Button type="text" icon={<LeftOutlined />} onClick={() => navigate(-1)} style={{ marginBottom: 4, paddingLeft: 0 }}>{t('catalog.back')}</Button>
      <Row gutter={[16, 12]}>
        <Col xs={24} md={10}><Gallery images={p.images} alt={p.name} /></Col>
        <Col xs={24} md={14}>
          <Card size="small">
            <Typography.Title level={4} style={{ marginTop: 0, marginBottom: 4 }}>{p.isNew && <Tag color="green">{t('catalog.new')}</Tag>}{p.name}</Typography.Title>
            <PromoTags product={{ id: p.id, brandId: p.brandId, categoryId: p.categoryId, skuIds: p.skus.map((s) => s.id) }} max={5} />
            {p.subtitle && <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>{p.subtitle}</Typography.Paragraph>}
            <div style={{ background: '#fff7f6', padding: '8px 12px', borderRadius: 6, marginBottom: 12 }}>
              <span style={{ color: '#f5222d', fontSize: 24, fontWeight: 600 }} data-testid="product-price">{fen(price?.unitPrice ?? sku.price)}</span>
              <span style={{ color: '#999' }}>{t('catalog.perUnit', { unit: base })}</span>
              {sku.retailPrice != null && <Typography.Text type="secondary" style={{ marginLeft: 12, fontSize: 12 }}>{t('catalog.retail')} {fen(sku.retailPrice)}</Typography.Text>}
              {breaks.length > 1 && (
                <Table
                  data-testid="break-table"
                  size="small" pagination={false} style={{ marginTop: 8 }} rowKey="minQty"
                  dataSource={breaks}
                  columns={[
                    { title: t('catalog.breaks'), dataIndex: 'minQty', render: (q: number) => t('catalog.breakFrom', { qty: q, unit: base }) },
                    { title: t('catalog.unitPrice'), dataIndex: 'unitPrice', align: 'right', render: (v: number) => fen(v) },
                  ]}
                />
              )}
            </div>
            {axes.map(([axis, values]) => (
              <div key={axis} style={{ marginBottom: 10 }}>
                <Typography.Text type="secondary">{axis}</Typography.Text>
                <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, marginTop: 4 }}>
                  {values.map((v) => (
                    <Button key={v} size="small" type={sku.specs[axis] === v ? 'primary' : 'default'} ghost={sku.specs[axis] === v} onClick={() => pick(axis, v)} data-testid="spec-option" translate="no">{v}</Button>
                  ))}
                </div>
              </div>
            ))}
            <div style={{ marginBottom: 8, minHeight: 22 }} data-testid="live-stock"><StockTag stock={live.get(sku.id) ?? stockOf(sku)} unit={base} />{sku.presale && <PresaleTag presale={sku.presale} />}</div>
            <Descriptions size="small" column={1} items={[
              { key: 'units', label: t('catalog.units'), children: sku.units.filter((u) => u.factor > 1).map((u) => t('catalog.unitFactor', { unit: u.unit, factor: u.factor, base })).join('，') || base },
              { key: 'moq', label: t('catalog.moq'), children: `${price?.moq ?? sku.moq} ${base}${(price?.orderMultiple ?? sku.orderMultiple) > 1 ? ` · ${t('catalog.multiple')} ${price?.orderMultiple ?? sku.orderMultiple}` : ''}` },
              { key: 'code', label: t('catalog.code'), children: <span data-testid="sku-code">{sku.code}</span> },
              ...(sku.barcode ? [{ key: 'barcode', label: t('catalog.barcode'), children: sku.barcode }] : []),
            ]} />
            <div data-testid="product-actions" style={{ marginTop: 12 }}>
              <ProductActions product={p} sku={live.get(sku.id)?.level === 'out' ? { ...sku, stock: 'out' } : sku} />
              {<Link to={`/quotes/new?code=${encodeURIComponent(sku.code)}`} data-testid="ask-quote"><Button type="link" style={{ paddingLeft: 0 }}>{t('catalog.askQuote')}</Button></Link>}
            </div>
          </Card>
        </Col>
      </Row>
      <RelatedProducts productId={p.id} />
      {p.params.length > 0 && (
        <Card size="small" title={t('catalog.params')} style={{ marginTop: 12 }}>
          <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered items={p.params.map((x, i) => ({ key: i, label: x.name, children: x.value }))} />
        </Card>
      )}
      {p.descriptionHtml && (
        <Card size="small" title={t('catalog.description')} style={{ marginTop: 12 }}>
          {/* sanitized by the server when saved (sanitize-html allow-list): no scripts, handlers or javascript: links */}
          <div className="product-description" style={{ overflowX: 'auto' }} dangerouslySetInnerHTML={{ __html: p.descriptionHtml }} />
        </Card>
      )}
    </div>
  );
}
