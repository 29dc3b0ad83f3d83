import { AddToCart } from '../cart/AddToCart';
import { defaultOrderUnit } from '../lib/quantity';
import type { PortalProduct, PortalSku } from './types';

/**
 * What a buyer does with the chosen SKU on a product page: quantity, unit and add to cart (the
 * cart module's control). The base unit is always offered beside the SKU's case units; the
 * control starts at the product's default selling unit.
 */
export function ProductActions({ product, sku }: { product: PortalProduct; sku: PortalSku }) {
  const units = sku.units.some((u) => u.unit === product.baseUnit) ? sku.units : [{ unit: product.baseUnit, factor: 1 }, ...sku.units];
  // a whole-case product starts at 1 箱, a loose one at its MOQ in the base unit (one rule: server/lib/quantity.ts)
  const start = defaultOrderUnit(units, product.baseUnit, sku.moq, sku.orderMultiple);
  return <AddToCart key={sku.id} skuId={sku.id} units={units} baseUnit={product.baseUnit} initialQty={start.qty} initialUnit={start.unit} disabled={sku.stock === 'out' && !sku.presale} />;
}
