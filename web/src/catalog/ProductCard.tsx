import { Card, Tag, Typography } from 'antd';
import { PictureOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fen } from '../lib/format';
import type { Hit } from './types';

/** One search result: picture, name, the buyer's price (from the lowest SKU) and stock. */
export function ProductCard({ hit }: { hit: Hit }) {
  const { t } = useTranslation();
  return (
    <Link to={`/products/${hit.id}`} data-testid="product-card">
      <Card
        hoverable
        size="small"
        styles={{ body: { padding: 8 } }}
        cover={hit.image
          ? <img src={hit.image.thumbUrl} alt={hit.name} loading="lazy" style={{ aspectRatio: '1 / 1', objectFit: 'cover', opacity: hit.inStock ? 1 : 0.6 }} />
          : <div style={{ aspectRatio: '1 / 1', display: 'grid', placeItems: 'center', background: '#fafafa', fontSize: 32, color: '#ccc' }}><PictureOutlined /></div>}
      >
        <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 4, minHeight: 44, fontSize: 14 }}>
          {hit.isNew && <Tag color="green" style={{ marginRight: 4 }}>{t('catalog.new')}</Tag>}
          {hit.name}
        </Typography.Paragraph>
        <div style={{ display: 'flex', alignItems: 'baseline', justifyContent: 'space-between', gap: 4 }}>
          <span style={{ color: '#f5222d', fontWeight: 600, fontSize: 16 }} data-testid="card-price">
            {fen(hit.minPrice)}
            {hit.maxPrice !== hit.minPrice && <span style={{ fontSize: 12, fontWeight: 400 }}> {t('catalog.from')}</span>}
          </span>
          {!hit.inStock && <Tag style={{ marginRight: 0 }}>{t('catalog.outOfStock')}</Tag>}
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{hit.brandName} · {t('catalog.skus', { n: hit.skuCount })}</Typography.Text>
      </Card>
    </Link>
  );
}
