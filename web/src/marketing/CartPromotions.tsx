import { Alert, Space, Tag, Typography } from 'antd';
import { GiftOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { fen } from '../lib/format';
import type { CartMarketing } from '../cart/useCart';

/** Rebate and points deductions are applied like discounts, with their own tag. */
const TAG: Record<string, [string, string]> = { rebate: ['gold', 'mk.rebate'], points: ['purple', 'mk.points'] };

/** The cart's promotions: what applied (and how much), the gifts, the coupon and the hints (还差 ¥120 可享…). */
export function CartPromotions({ marketing: m, compact }: { marketing?: CartMarketing | null; compact?: boolean }) {
  const { t } = useTranslation();
  if (!m || (!m.applied.length && !m.hints.length)) return null;
  return (
    <div data-testid="cart-promotions" style={{ margin: compact ? '8px 0' : '0 0 8px', display: 'flex', flexDirection: 'column', gap: 6 }}>
      {m.hints.map((h) => <Alert key={h} type="warning" showIcon data-testid="promo-hint" message={h} style={{ padding: '4px 12px' }} />)}
      {m.applied.length > 0 && (
        <div style={{ background: '#fff7e6', borderRadius: 8, padding: '8px 12px' }}>
          <Typography.Text strong>{t('mk.applied')}</Typography.Text>
          {m.applied.map((a) => (
            <div key={`${a.kind}-${a.promotionId ?? 'c'}-${a.couponId ?? 'p'}`} data-testid="promo-applied" style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
              <Space size={4} wrap>
                <Tag color={TAG[a.kind]?.[0] ?? (a.couponId ? 'blue' : 'red')}>{t(TAG[a.kind]?.[1] ?? (a.couponId ? 'mk.coupons' : 'mk.promotions'))}</Tag>
                <span>{a.name}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{a.detail}</Typography.Text>
              </Space>
              {a.amount > 0 && <Typography.Text type="danger">-{fen(a.amount)}</Typography.Text>}
            </div>
          ))}
          {m.gifts.map((g) => (
            <div key={g.promotionId} data-testid="promo-gift"><GiftOutlined /> {t('mk.giftLine', { name: g.name, qty: g.qty, unit: g.unit })}</div>
          ))}
        </div>
      )}
    </div>
  );
}
