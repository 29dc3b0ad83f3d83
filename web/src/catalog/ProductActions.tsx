import type { PortalProduct, PortalSku } from './types';

/**
 * The place on a product page for what a buyer does with the chosen SKU (quantity, unit,
 * add to cart). The cart module fills this in; the catalog only hands over the product and the
 * SKU the buyer selected. Renders nothing until then.
 */
export function ProductActions(_props: { product: PortalProduct; sku: PortalSku }) {
  return null;
}
