import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { fen } from '../lib/format';
import type { OrderDiscounts } from '../orders/api';

/** What an order got at submission: each promotion and coupon with its amount (gifts: given or not). */
export function OrderDiscountList({ discounts }: { discounts: OrderDiscounts }) {
  const { t } = useTranslation();
  return (
    <div data-testid="order-discounts">
      {discounts.items.map((d) => (
        <div key={d.id} style={{ display: 'flex', gap: 8, justifyContent: 'space-between' }}>
          <span>{d.name} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{d.detail}{d.giftGiven === false ? ` · ${t('mk.giftOut')}` : ''}{d.released ? ` · ${t('mk.released')}` : ''}</Typography.Text></span>
          {d.amount > 0 && <Typography.Text type="danger">-{fen(d.amount)}</Typography.Text>}
        </div>
      ))}
    </div>
  );
}
