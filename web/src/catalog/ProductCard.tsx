import { Card, Tag, Typography } from 'antd';
import { PictureOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fen } from '../lib/format';
import { StockTag } from '../inventory/StockTag';
import { CardAddButton } from '../cart/AddToCart';
import type { Hit } from './types';
import { PromoTags } from '../marketing/PromoTags';

/**
 * One search result: picture, name, the buyer's price (from the lowest SKU), stock as the
 * supplier's display setting allows (exact number, level, or nothing) and, for a product with one
 * SKU, an add-to-cart button that adds its default selling unit (1 箱 for a whole-case product).
 */
export function ProductCard({ hit }: { hit: Hit }) {
  const { t } = useTranslation();
  const out = hit.stock.level === 'out';
  const mode = hit.stock.qty != null ? 'exact' : hit.stock.level ? 'levels' : 'hidden';
  return (
    <Link to={`/products/${hit.id}`} data-testid="product-card">
      <Card
        hoverable
        size="small"
        styles={{ body: { padding: 8 } }}
        cover={hit.image
          ? <img src={hit.image.thumbUrl} alt={hit.name} loading="lazy" style={{ aspectRatio: '1 / 1', objectFit: 'cover', opacity: out ? 0.6 : 1 }} />
          : <div style={{ aspectRatio: '1 / 1', display: 'grid', placeItems: 'center', background: '#fafafa', fontSize: 32, color: '#ccc' }}><PictureOutlined /></div>}
      >
        <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 4, minHeight: 44, fontSize: 14 }}>
          {hit.isNew && <Tag color="green" style={{ marginRight: 4 }}>{t('catalog.new')}</Tag>}
          {hit.name}
        </Typography.Paragraph>
        <PromoTags product={{ id: hit.id, brandId: hit.brandId, categoryId: hit.categoryId }} max={2} />
        <div style={{ display: 'flex', alignItems: 'baseline', justifyContent: 'space-between', gap: 4 }}>
          <span style={{ color: '#f5222d', fontWeight: 600, fontSize: 16 }} data-testid="card-price">
            {fen(hit.minPrice)}
            {hit.maxPrice !== hit.minPrice && <span style={{ fontSize: 12, fontWeight: 400 }}> {t('catalog.from')}</span>}
          </span>
          {hit.skuCount === 1 && <CardAddButton productId={hit.id} disabled={out} />}
        </div>
        <div style={{ minHeight: 22 }}><StockTag stock={{ skuId: 0, mode, quantity: hit.stock.qty, level: hit.stock.level, label: null }} unit={hit.baseUnit} /></div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{hit.brandName} · {t('catalog.skus', { n: hit.skuCount })}</Typography.Text>
      </Card>
    </Link>
  );
}
