import { Card, Empty, List, Space, Tag, Typography } from 'antd';
import { FireOutlined, RightOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { client, type Response } from '../lib/client';
import { useMe } from '../lib/auth';
import { date } from '../lib/format';

type MyPromotion = Response<'/api/my/promotions'>[number];

/** The promotions running for my company (the server has already applied the audience: tier, region, named customers). */
export function useMyPromotions() {
  const { data: me } = useMe();
  const customer = !!me && me.companyId != null;
  return useQuery({ queryKey: ['my-promotions'], enabled: customer, staleTime: 60_000, queryFn: () => client.get('/api/my/promotions') });
}

/** Whether a promotion covers a product (by its own SKUs, brand or category; `all` covers everything). */
export function covers(p: MyPromotion, x: { id: number; brandId: number | null; categoryId: number | null; skuIds?: number[] }): boolean {
  if (p.all) return true;
  return p.productIds.includes(x.id) || (x.brandId != null && p.brandIds.includes(x.brandId))
    || (x.categoryId != null && p.categoryIds.includes(x.categoryId)) || !!x.skuIds?.some((s) => p.skuIds.includes(s));
}

/** The promotion tags of a product for this buyer (满1000减50, 买10赠1, 特价 …), on catalog cards and product pages. */
export function PromoTags({ product, max = 3 }: { product: { id: number; brandId: number | null; categoryId: number | null; skuIds?: number[] }; max?: number }) {
  const promotions = useMyPromotions();
  const mine = (promotions.data ?? []).filter((p) => covers(p, product));
  if (!mine.length) return null;
  const tags = [...new Set(mine.map((p) => p.tag))].slice(0, max);
  return (
    <span data-testid="promo-tags">
      {tags.map((t) => <Tag key={t} color="red" bordered={false} style={{ marginRight: 4, marginBottom: 2, fontSize: 11, lineHeight: '18px', paddingInline: 4 }} data-testid="promo-tag">{t}</Tag>)}
    </span>
  );
}

/** The portal home's banner: what runs now for this buyer, one tap to the promotions page. */
export function PromoBanner() {
  const { t } = useTranslation();
  const promotions = useMyPromotions();
  const list = promotions.data ?? [];
  if (!list.length) return null;
  return (
    <Link to="/promotions" data-testid="promo-banner">
      <div style={{ background: 'linear-gradient(135deg, #ff4d4f, #fa8c16)', color: '#fff', borderRadius: 12, padding: '12px 16px', marginBottom: 12 }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <b style={{ fontSize: 16 }}><FireOutlined /> {t('mk.bannerTitle', { n: list.length })}</b>
          <RightOutlined />
        </div>
        {list.slice(0, 3).map((p) => (
          <div key={p.id} style={{ marginTop: 4, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
            <span style={{ background: 'rgba(255,255,255,.25)', borderRadius: 4, padding: '0 6px', marginRight: 6 }}>{p.tag}</span>{p.name}
          </div>
        ))}
      </div>
    </Link>
  );
}

/** Portal: every promotion running for my company, what it gives, until when, and where it applies. */
export function MyPromotionsPage() {
  const { t } = useTranslation();
  const promotions = useMyPromotions();
  return (
    <Card size="small" title={t('mk.promotionsFor')} data-testid="my-promotions-page" loading={promotions.isLoading}>
      {promotions.data && promotions.data.length === 0 ? <Empty description={t('mk.noPromotions')} /> : (
        <List dataSource={promotions.data ?? []} renderItem={(p) => (
          <List.Item data-testid="my-promotion">
            <div style={{ width: '100%' }}>
              <Space wrap size={4}><Tag color="red">{p.tag}</Tag><b>{p.name}</b></Space>
              <div>{p.summary}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('mk.validTo', { date: date(p.endsAt) })}
                {p.left != null && ` · ${t('mk.left', { n: p.left })}`}
                {' · '}{p.all ? t('mk.coversAll') : t('mk.coversSome', { n: p.productIds.length + p.brandIds.length + p.categoryIds.length })}
              </Typography.Text>
              {!p.all && p.brandIds.length + p.categoryIds.length > 0 && (
                <div>
                  {p.categoryIds.slice(0, 1).map((c) => <Link key={`c${c}`} to={`/catalog?categoryId=${c}`}>{t('mk.shopNow')}</Link>)}
                  {!p.categoryIds.length && p.brandIds.slice(0, 1).map((b) => <Link key={`b${b}`} to={`/catalog?brandId=${b}`}>{t('mk.shopNow')}</Link>)}
                </div>
              )}
            </div>
          </List.Item>
        )} />
      )}
    </Card>
  );
}
