import { Select, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { date, fen } from '../lib/format';
import type { CartMarketing } from '../cart/useCart';

/** What the buyer chose at checkout: a coupon (auto = the best one, none, or one by hand), and whether to use rebate and points. */
export interface Deductions { coupon: 'auto' | 'none' | number; rebate: boolean; points: boolean }
export const NO_DEDUCTIONS: Deductions = { coupon: 'auto', rebate: false, points: false };

/** The cart query for a choice (the server prices it; the submission sends exactly what was shown). */
export const deductionQuery = (d: Deductions) => ({ coupon: d.coupon, rebate: d.rebate ? ('max' as const) : undefined, points: d.points ? ('max' as const) : undefined });

/**
 * Checkout's 优惠券 / 返利 / 积分 card: pick a coupon by hand (overriding the best-combination
 * choice), and switch on the rebate and points deductions, each showing the balance and the most
 * this order may use (a share of what promotions and the coupon left, set by the supplier).
 */
export function CheckoutDeductions({ marketing: m, value, onChange }: { marketing?: CartMarketing | null; value: Deductions; onChange: (d: Deductions) => void }) {
  const { t } = useTranslation();
  if (!m) return null;
  const { rebate, points } = m.funds;
  const couponOptions = [
    { value: 'auto', label: t('mk.couponAuto') },
    { value: 'none', label: t('mk.couponNone') },
    ...m.coupons.map((c) => ({ value: c.id, label: `${c.name}（${t('mk.validTo', { date: date(c.validTo) })}）` })),
  ];
  const row = { display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8, padding: '6px 0' } as const;
  return (
    <div data-testid="checkout-deductions" style={{ marginBottom: 8 }}>
      {m.coupons.length > 0 && (
        <div style={row}>
          <span>{t('mk.coupons')}</span>
          <Select data-testid="coupon-select" size="small" style={{ minWidth: 0, flex: '0 1 220px' }} value={value.coupon} options={couponOptions}
            onChange={(v: Deductions['coupon']) => onChange({ ...value, coupon: v })} popupMatchSelectWidth={false} />
        </div>
      )}
      {m.couponMissing && <Typography.Text type="danger">{t('mk.couponGone')}</Typography.Text>}
      {rebate.balance > 0 && (
        <div style={row}>
          <span>
            {t('mk.useRebate')}
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} data-testid="rebate-info">
              {t('mk.rebateInfo', { balance: fen(rebate.balance), cap: fen(rebate.cap), share: rebate.maxShareBp / 100 })}
            </Typography.Text>
          </span>
          <Switch data-testid="use-rebate" checked={value.rebate} disabled={rebate.cap <= 0} onChange={(v) => onChange({ ...value, rebate: v })} />
        </div>
      )}
      {points.balance > 0 && (
        <div style={row}>
          <span>
            {t('mk.usePoints')}
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} data-testid="points-info">
              {t('mk.pointsInfo', { balance: points.balance, cap: points.capPoints, money: fen(points.capPoints * points.valueFen) })}
            </Typography.Text>
          </span>
          <Switch data-testid="use-points" checked={value.points} disabled={points.capPoints <= 0} onChange={(v) => onChange({ ...value, points: v })} />
        </div>
      )}
    </div>
  );
}
