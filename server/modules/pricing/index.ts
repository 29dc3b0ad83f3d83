import type { OrdoModule } from '../../lib/module';
import { pricingRoutes } from './routes';
import { seedPricingDemo } from './seed';
import './tables';
import './visibility';

/** Pricing: price lists, quantity breaks, the one price resolver, explain, visibility. */
export const pricingModule: OrdoModule = { name: 'pricing', routes: pricingRoutes, seedDemo: seedPricingDemo };
export { resolvePrices, priceBreaks, priceDataOf, resolveWith, type PriceDataRow, type PriceQuery, type ResolvedPrice } from './resolve';
export { sellableSkuIds, visibleSkuIds, visibleProductsFilter, visibleProductSql, isProductVisible, assertOrderable } from './visibility';
export { customerPriceSql } from './price-sql';
