import type { Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { notFound } from '../../lib/errors';
import { isProductVisible, resolvePrices } from '../pricing';
import { availableBySku } from '../inventory/stock';
import { getProduct, PRODUCT_ENTITY } from './products';
import './tables';

/** Stock shown to buyers: 'low' once less than three minimum orders (at least 10 base units) are left. */
export function stockLevel(available: number, moq: number): 'in_stock' | 'low' | 'out' {
  if (available <= 0 || available < moq) return 'out';
  return available < Math.max(10, moq * 3) ? 'low' : 'in_stock';
}

/**
 * A product page for a buyer (companyId) or for staff browsing as the portal (null): on-shelf
 * and visible only, active SKUs, each at the caller's own price (pricing's resolvePrices at
 * quantity 1, with MOQ and order multiple as pricing decides them) and available stock.
 */
export async function portalProduct(db: Kysely<DB>, companyId: number | null, id: number) {
  if (!(await isProductVisible(db, companyId, id))) throw notFound(PRODUCT_ENTITY);
  const p = await getProduct(db, id);
  const skus = p.skus.filter((s) => s.active);
  if (!p.onShelf || !skus.length) throw notFound(PRODUCT_ENTITY);
  const ids = skus.map((s) => s.id);
  const [prices, stock] = await Promise.all([resolvePrices(db, companyId, ids.map((skuId) => ({ skuId, qty: 1 }))), availableBySku(db, ids)]);
  const { onShelf: _onShelf, ...rest } = p;
  return {
    ...rest,
    skus: skus.map(({ basePrice, active: _active, ...s }) => {
      const r = prices.get(s.id);
      const moq = r?.moq ?? s.moq;
      const available = stock.get(s.id) ?? 0;
      return { ...s, moq, orderMultiple: r?.orderMultiple ?? s.orderMultiple, price: r?.unitPrice ?? basePrice, retailPrice: s.retailPrice, available, stock: stockLevel(available, moq) };
    }),
  };
}
