import type { OutboxHandler } from '../platform/outbox';
import { notify } from '../notifications';
import { LOW_STOCK } from './stock';

/**
 * Outbox consumer: a SKU's available quantity in a warehouse fell below its 安全库存 → every
 * warehouse user gets an in-app notification and an email. The dedupe key makes a re-run of
 * the same event notify nobody twice.
 */
export function lowStockHandler(): OutboxHandler {
  return {
    name: 'inventory.low-stock-alert',
    topics: [LOW_STOCK],
    async handle(ev, db) {
      const p = ev.payload as { skuId: number; skuCode: string | null; productName: string | null; warehouseName: string | null; available: number; safetyStock: number };
      await db.transaction().execute((trx) =>
        notify(trx, {
          roles: ['warehouse'],
          kind: 'stock.low',
          group: { key: 'stock.low', title: '{n} 个 SKU 低于安全库存', link: '/admin/inventory/stock' },
          title: `库存预警：${p.productName ?? ''} ${p.skuCode ?? p.skuId}`.trim(),
          body: `${p.warehouseName ?? '仓库'}可用库存 ${p.available}，低于安全库存 ${p.safetyStock}，请及时补货。`,
          link: `/admin/inventory/skus/${p.skuId}`,
          entity: { type: 'sku', id: p.skuId },
          email: true,
          dedupeKey: `low_stock:${ev.id}`,
        }),
      );
    },
  };
}
