import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CustomerStock } from './api';

const COLOR = { plenty: 'green', low: 'orange', out: 'default' } as const;

/** Stock on a portal page as the supplier's setting allows: 现货 N 件, 充足/紧张/缺货, or nothing. */
export function StockTag({ stock, unit }: { stock: CustomerStock | undefined; unit: string }) {
  const { t } = useTranslation();
  if (!stock || stock.mode === 'hidden' || !stock.level) return null;
  const text = stock.mode === 'exact' && stock.level !== 'out' ? t('inv.live.qty', { n: stock.quantity ?? 0, unit }) : t(`inv.level.${stock.level}`);
  return <Tag color={COLOR[stock.level]} data-testid="stock-tag" data-level={stock.level}>{text}</Tag>;
}
