import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

export interface Presale {
  mode: 'backorder' | 'preorder';
  /** YYYY-MM-DD or null */
  expectedDate: string | null;
}

/**
 * What a buyer is told about a SKU that may be ordered before or beyond stock, honestly: a
 * pre-order with its expected date (预订，预计 12 月 20 日到货), a backorder with or without one.
 * `waitingQty` (an order line) says how much of the line still waits for stock.
 */
export function PresaleTag({ presale, waiting }: { presale: Presale; waiting?: string }) {
  const { t } = useTranslation();
  const [, m, d] = presale.expectedDate?.split('-').map(Number) ?? [];
  const date = m && d ? t('inv.presale.date', { m, d }) : null;
  const text = presale.mode === 'preorder'
    ? t('inv.presale.preorder', { date: date ?? '' })
    : date ? t('inv.presale.backorderDate', { date }) : t('inv.presale.backorder');
  return (
    <Tag color="purple" data-testid="presale-tag" style={{ whiteSpace: 'normal' }}>
      {waiting ? t('inv.presale.waiting', { qty: waiting, text }) : text}
    </Tag>
  );
}
