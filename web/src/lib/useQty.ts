import { useTranslation } from 'react-i18next';
import { lineQuantity, quantityLang, type QuantityOptions, type UnitCarrier } from './quantity';

/** lineQuantity in the current UI language: `const qty = useQty(); qty(l.shippedQty, l)` → "1 箱 + 6 瓶（30 瓶）". */
export function useQty() {
  const { i18n } = useTranslation();
  const lang = quantityLang(i18n.language);
  return (qty: number, line: UnitCarrier, opts: Omit<QuantityOptions, 'lang'> = {}) => lineQuantity(qty, line, { ...opts, lang });
}
