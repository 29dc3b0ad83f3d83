import { AddToCart } from '../cart/AddToCart';
import type { PortalProduct, PortalSku } from './types';

/**
 * What a buyer does with the chosen SKU on a product page: quantity, unit and add to cart (the
 * cart module's control). The base unit is always offered beside the SKU's case units.
 */
export function ProductActions({ product, sku }: { product: PortalProduct; sku: PortalSku }) {
  const units = sku.units.some((u) => u.unit === product.baseUnit) ? sku.units : [{ unit: product.baseUnit, factor: 1 }, ...sku.units];
  return <AddToCart key={sku.id} skuId={sku.id} units={units} baseUnit={product.baseUnit} initialQty={Math.max(1, sku.moq)} disabled={sku.stock === 'out'} />;
}
