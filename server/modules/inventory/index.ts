import type { OrdoModule } from '../../lib/module';
import { publish } from '../../lib/live';
import { availableBySku, LOW_STOCK, STOCK_CHANGED } from './stock';
import './tables';
import './messages';

/** Live topic of a SKU's availability: `stock:<skuId>` carrying { skuId, available }. */
export const stockTopic = (skuId: number) => `stock:${skuId}`;

/** Inventory: warehouses, stock levels, reservations, ledger, stocktake, purchasing. */
export const inventoryModule: OrdoModule = {
  name: 'inventory',
  outboxHandlers: () => [
    {
      // After commit: push the new availability of changed SKUs to open product pages.
      name: 'inventory.live-stock',
      topics: [STOCK_CHANGED],
      async handle(ev, db) {
        const skuIds = (ev.payload.skuIds as number[] | undefined) ?? [];
        const avail = await availableBySku(db, skuIds);
        for (const [skuId, available] of avail) publish(stockTopic(skuId), { skuId, available });
      },
    },
    {
      name: 'inventory.low-stock-log',
      topics: [LOW_STOCK],
      async handle(ev) {
        // The notifications module turns this event into in-app messages and email; here it is logged.
        if (process.env.NODE_ENV !== 'test') console.warn(`[inventory] low stock: ${JSON.stringify(ev.payload)}`);
      },
    },
  ],
};
