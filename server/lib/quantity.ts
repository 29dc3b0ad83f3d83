/**
 * How a quantity reads, in one rule for the server and the web app (web/src/lib/quantity.ts
 * re-exports this file): quantities are stored in the SKU's base unit (瓶) and shown in the unit
 * the buyer ordered (箱, factor 24) with the base units beside it.
 *
 *   formatQuantity(48, { unit: '箱', factor: 24 }, '瓶')  → "2 箱（48 瓶）"
 *   formatQuantity(30, { unit: '箱', factor: 24 }, '瓶')  → "1 箱 + 6 瓶（30 瓶）"   part of a case
 *   formatQuantity(6,  { unit: '箱', factor: 24 }, '瓶')  → "6 瓶（不足 1 箱）"
 *   formatQuantity(48, { unit: '瓶', factor: 1 },  '瓶')  → "48 瓶"
 *
 * Pure code with no imports, so that both sides can load it.
 */

export type QuantityLang = 'zh' | 'en';

/** The selling unit a line was ordered in and how many base units one of it holds. */
export interface OrderedUnit {
  unit: string;
  factor: number;
}

export interface QuantityOptions {
  /** zh (default): full-width brackets; en: "2 箱 (48 瓶)" */
  lang?: QuantityLang;
  /** false: leave out the base units in brackets ("2 箱", "1 箱 + 6 瓶") */
  base?: boolean;
}

/** Maps any language tag (zh-CN, en-US, en) to the formatter's two wordings. */
export const quantityLang = (tag: string | null | undefined): QuantityLang => (tag && tag.toLowerCase().startsWith('en') ? 'en' : 'zh');

/** A quantity in base units as ordered (see the file comment); negative quantities keep their sign. */
export function formatQuantity(qty: number, ordered: OrderedUnit | null | undefined, baseUnit: string, opts: QuantityOptions = {}): string {
  const en = opts.lang === 'en';
  const showBase = opts.base !== false;
  const open = en ? ' (' : '（';
  const close = en ? ')' : '）';
  const plain = `${qty} ${baseUnit}`;
  const factor = ordered && Number.isSafeInteger(ordered.factor) ? ordered.factor : 1;
  if (!ordered || factor <= 1 || ordered.unit === baseUnit || !Number.isFinite(qty)) return plain;
  const sign = qty < 0 ? '-' : '';
  const abs = Math.abs(qty);
  const whole = Math.floor(abs / factor);
  const rest = abs % factor;
  if (abs === 0) return `0 ${ordered.unit}`;
  if (whole === 0) {
    // less than one of the ordered unit: say it in base units and say that it is not a whole one
    return showBase ? `${sign}${rest} ${baseUnit}${open}${en ? `less than 1 ${ordered.unit}` : `不足 1 ${ordered.unit}`}${close}` : `${sign}${rest} ${baseUnit}`;
  }
  const main = rest === 0 ? `${sign}${whole} ${ordered.unit}` : `${sign}${whole} ${ordered.unit} + ${rest} ${baseUnit}`;
  return showBase ? `${main}${open}${sign}${abs} ${baseUnit}${close}` : main;
}

/** Anything that carries its ordered unit: order lines, shipment lines, pick-list lines. */
export interface UnitCarrier {
  unit: string;
  unitFactor: number;
  baseUnit: string;
}

/** formatQuantity for a quantity of a line (the line's qty, shipped, received, a shipment's part of it). */
export function lineQuantity(qty: number, line: UnitCarrier, opts: QuantityOptions = {}): string {
  return formatQuantity(qty, { unit: line.unit, factor: line.unitFactor }, line.baseUnit, opts);
}

/** A total over lines of different products: base units summed per base unit ("78 瓶 + 12 件"). */
export function formatBaseTotals(items: { qty: number; baseUnit: string }[]): string {
  const by = new Map<string, number>();
  for (const i of items) by.set(i.baseUnit, (by.get(i.baseUnit) ?? 0) + i.qty);
  return [...by].map(([unit, qty]) => `${qty} ${unit}`).join(' + ') || '0';
}

/**
 * The unit and quantity a buyer adds by default (catalog cards, product pages): the smallest
 * selling unit one of which is a whole multiple of the order multiple, in the fewest of it that
 * meet the minimum order. A whole-case product (order multiple 24, 1 箱 = 24 瓶) adds 1 箱, not 1 瓶;
 * a product sold loose adds its MOQ in the base unit. MOQ and multiple are base units.
 */
export function defaultOrderUnit(units: OrderedUnit[], baseUnit: string, moq = 1, orderMultiple = 1): { unit: string; factor: number; qty: number } {
  const multiple = Math.max(1, orderMultiple);
  const all = units.some((u) => u.unit === baseUnit) ? units : [{ unit: baseUnit, factor: 1 }, ...units];
  const fit = [...all].sort((a, b) => a.factor - b.factor).find((u) => u.factor % multiple === 0);
  if (fit) return { unit: fit.unit, factor: fit.factor, qty: Math.max(1, Math.ceil(Math.max(1, moq) / fit.factor)) };
  // no unit holds a whole multiple: base units, the MOQ rounded up to the multiple
  return { unit: baseUnit, factor: 1, qty: Math.ceil(Math.max(1, moq) / multiple) * multiple };
}
