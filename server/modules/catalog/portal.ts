import type { Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { notFound } from '../../lib/errors';
import { isProductVisible, resolvePrices } from '../pricing';
import { stockViews, type StockAudience } from '../inventory/customer-stock';
import { getProduct, PRODUCT_ENTITY } from './products';
import './tables';

/**
 * A product page for a buyer (companyId) or for staff browsing as the portal (null): on-shelf
 * and visible only, active SKUs, each at the caller's own price (pricing's resolvePrices at
 * quantity 1, with MOQ and order multiple as pricing decides them) and stock as the caller may
 * see it (inventory's stockViews: staff the number; a customer what the display setting allows).
 */
export async function portalProduct(db: Kysely<DB>, companyId: number | null, id: number, audience: StockAudience) {
  if (!(await isProductVisible(db, companyId, id))) throw notFound(PRODUCT_ENTITY);
  const p = await getProduct(db, id);
  const skus = p.skus.filter((s) => s.active);
  if (!p.onShelf || !skus.length) throw notFound(PRODUCT_ENTITY);
  const ids = skus.map((s) => s.id);
  const [prices, stock] = await Promise.all([resolvePrices(db, companyId, ids.map((skuId) => ({ skuId, qty: 1 }))), stockViews(db, ids, audience)]);
  const { onShelf: _onShelf, ...rest } = p;
  return {
    ...rest,
    skus: skus.map(({ basePrice, active: _active, ...s }) => {
      const r = prices.get(s.id);
      const moq = r?.moq ?? s.moq;
      const { view } = stock.get(s.id);
      return { ...s, moq, orderMultiple: r?.orderMultiple ?? s.orderMultiple, price: r?.unitPrice ?? basePrice, retailPrice: s.retailPrice, available: view.qty, stock: view.level, presale: view.presale ?? null };
    }),
  };
}
