/**
 * Quantities on screen follow the same rule as the server's printed documents, from one file
 * (server/lib/quantity.ts): base units shown as ordered, "2 箱（48 瓶）", "1 箱 + 6 瓶（30 瓶）".
 * Components use useQty() (./useQty.ts), which picks the UI language.
 */
export { defaultOrderUnit, formatBaseTotals, formatQuantity, lineQuantity, quantityLang, type OrderedUnit, type QuantityOptions, type UnitCarrier } from '../../../server/lib/quantity';
