import { Card, Col, Row, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { client } from '../lib/client';
import { fen } from '../lib/format';
import type { Related, RelatedItem } from './api';

function Strip({ title, items, testId }: { title: string; items: RelatedItem[]; testId: string }) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  return (
    <Card size="small" title={title} style={{ marginTop: 12 }} data-testid={testId}>
      <Row gutter={[8, 8]}>
        {items.map((i) => (
          <Col key={i.skuId} xs={12} sm={8} md={6}>
            <Link to={`/products/${i.productId}`} data-testid="related-item">
              <Card size="small" hoverable styles={{ body: { padding: 8 } }}
                cover={i.image ? <img src={i.image} alt={i.name} style={{ height: 96, objectFit: 'cover' }} /> : undefined}>
                <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 4, minHeight: 44 }}>{i.name}</Typography.Paragraph>
                <Typography.Text type="danger" strong>{fen(i.unitPrice)}</Typography.Text>
                <Typography.Text type="secondary">{t('reco.perUnit', { unit: i.baseUnit })}</Typography.Text>
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </Card>
  );
}

/**
 * 经常一起买 and 同类客户也在订 for a product page (productId) or the cart: only products the
 * buyer may see and order, at the buyer's own price (the server filters and prices them).
 */
export function RelatedProducts({ productId, cartKey }: { productId?: number; cartKey?: string }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['recommendations', productId ?? 'cart', cartKey ?? ''],
    queryFn: (): Promise<Related> => (productId ? client.get('/api/my/products/{id}/recommendations', { path: { id: productId } }) : client.get('/api/my/cart/recommendations')),
    staleTime: 60_000,
  });
  if (!q.data) return null;
  return (
    <>
      <Strip title={t('reco.together')} items={q.data.together} testId="reco-together" />
      <Strip title={t('reco.likeYou')} items={q.data.likeYou} testId="reco-like-you" />
    </>
  );
}
