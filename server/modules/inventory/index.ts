import type { OrdoModule } from '../../lib/module';
import { publish } from '../../lib/live';
import { STOCK_CHANGED } from './stock';
import { inventoryRoutes } from './routes';
import { lowStockHandler } from './alerts';
import { stockTopic } from './stream';
import { seedInventoryDemo } from './seed';
import { sql } from 'kysely';
import './tables';
import './messages';

export { stockTopic };
export { presaleOf, waitsForOrder, assertShippable, type PresaleView } from './presale';
export { stockPositions } from './valuation';
export { shortageFor, stockForCustomers, stockViews, type CustomerStock, type StockAudience, type StockView, type StockViews } from './customer-stock';

/** Inventory: warehouses, stock levels, reservations, ledger, stocktake, purchasing. */
export const inventoryModule: OrdoModule = {
  name: 'inventory',
  routes: inventoryRoutes,
  seedDemo: seedInventoryDemo,
  outboxHandlers: () => [
    {
      // After commit: push the new availability of changed SKUs to open product pages.
      name: 'inventory.live-stock',
      topics: [STOCK_CHANGED],
      async handle(ev, db) {
        const skuIds = ((ev.payload.skuIds as number[] | undefined) ?? []).filter((x) => Number.isSafeInteger(x));
        if (skuIds.length === 0) return;
        const rows = await db
          .selectFrom('skus as k')
          .leftJoin('stock_levels as s', 's.sku_id', 'k.id')
          .leftJoin('warehouses as w', (j) => j.onRef('w.id', '=', 's.warehouse_id').on('w.active', '=', true))
          .select([
            'k.id',
            sql<number>`coalesce(sum(s.on_hand - s.reserved) filter (where w.id is not null), 0)::int`.as('available'),
            sql<number>`coalesce(sum(s.safety_stock) filter (where w.id is not null), 0)::int`.as('safety'),
          ])
          .where('k.id', 'in', skuIds)
          .groupBy('k.id')
          .execute();
        for (const r of rows) await publish(stockTopic(r.id), { skuId: r.id, available: r.available, safety: r.safety });
      },
    },
    lowStockHandler(),
  ],
};
