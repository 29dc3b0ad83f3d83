import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import type { OutboxHandler } from '../platform/outbox';
import { countAllBaskets, countBasket } from './baskets';
import { dayIso, dayNumber, fitReorder, type OrderPoint } from './model';
import '../orders/tables';
import './tables';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * The history the model learns from: orders the customer received (delivered or completed).
 * Cancelled and rejected orders never happened; orders still under way are not yet history (the
 * due list hides a SKU that such an order already carries, see due.ts).
 */
export const HISTORY_STATUSES = ['delivered', 'completed'] as const;

/** Outbox topics after which a customer's history has grown. */
export const HISTORY_TOPICS = HISTORY_STATUSES.map((s) => `order.${s}`);

/** The received history of some SKUs of one customer, per SKU, in order. */
async function historyOf(db: Db, companyId: number, skuIds: number[] | 'all', timeZone: string): Promise<Map<number, OrderPoint[]>> {
  const rows = await db
    .selectFrom('order_lines as l')
    .innerJoin('orders as o', 'o.id', 'l.order_id')
    .select(['l.sku_id as skuId', 'l.qty', 'l.unit', 'l.unit_factor as factor', 'o.submitted_at as at'])
    .where('o.company_id', '=', companyId)
    .where('o.status', 'in', [...HISTORY_STATUSES])
    .$if(skuIds !== 'all', (q) => q.where('l.sku_id', 'in', skuIds as number[]))
    .orderBy('o.submitted_at')
    .execute();
  const by = new Map<number, OrderPoint[]>();
  for (const r of rows) {
    const list = by.get(r.skuId) ?? [];
    list.push({ day: dayNumber(new Date(r.at), timeZone), qty: r.qty, unit: r.unit, factor: r.factor });
    by.set(r.skuId, list);
  }
  return by;
}

/**
 * Recomputes the stored predictions of one customer's SKUs (all of them, or those an order
 * carried) from its history: an upsert per SKU with enough history, a delete for the others.
 * Idempotent, so the outbox may deliver an event twice.
 */
export async function refreshPredictions(db: Db, companyId: number, skuIds: number[] | 'all', timeZone: string): Promise<number> {
  const history = await historyOf(db, companyId, skuIds, timeZone);
  const rows = [];
  for (const [skuId, points] of history) {
    const fit = fitReorder(points);
    if (!fit) continue;
    rows.push({
      company_id: companyId, sku_id: skuId, orders: fit.orders, interval_days: fit.intervalDays, next_interval_days: fit.nextIntervalDays,
      dispersion: fit.dispersion, confidence: fit.confidence, seasonal: fit.seasonal, usual_qty: fit.usualQty, unit: fit.unit,
      unit_factor: fit.factor, last_order_on: dayIso(fit.lastDay), next_order_on: dayIso(fit.nextDay),
    });
  }
  const keep = rows.map((r) => r.sku_id);
  await db.deleteFrom('reorder_predictions')
    .where('company_id', '=', companyId)
    .$if(skuIds !== 'all', (q) => q.where('sku_id', 'in', skuIds as number[]))
    .$if(keep.length > 0, (q) => q.where('sku_id', 'not in', keep))
    .execute();
  if (rows.length) {
    await db.insertInto('reorder_predictions').values(rows).onConflict((oc) => oc.columns(['company_id', 'sku_id']).doUpdateSet((eb) => ({
      orders: eb.ref('excluded.orders'), interval_days: eb.ref('excluded.interval_days'), next_interval_days: eb.ref('excluded.next_interval_days'),
      dispersion: eb.ref('excluded.dispersion'), confidence: eb.ref('excluded.confidence'), seasonal: eb.ref('excluded.seasonal'),
      usual_qty: eb.ref('excluded.usual_qty'), unit: eb.ref('excluded.unit'), unit_factor: eb.ref('excluded.unit_factor'),
      last_order_on: eb.ref('excluded.last_order_on'), next_order_on: eb.ref('excluded.next_order_on'), updated_at: sql`now()`,
    }))).execute();
  }
  return rows.length;
}

/**
 * Recomputes every customer's predictions and counts the received orders not counted yet into
 * the basket read models (the demo seed, a database that had orders before this module, or after
 * changing the model).
 */
export async function rebuildAllPredictions(db: Kysely<DB>, timeZone: string): Promise<number> {
  await countAllBaskets(db, timeZone);
  const companies = await db.selectFrom('orders').select('company_id').distinct().where('status', 'in', [...HISTORY_STATUSES]).execute();
  let n = 0;
  for (const c of companies) n += await db.transaction().execute((trx) => refreshPredictions(trx, c.company_id, 'all', timeZone));
  return n;
}

/**
 * The outbox consumer: an order was delivered or completed, so the SKUs it carried have one
 * more point of history. Only those customer × SKU rows are recomputed (incremental), and the
 * order is counted (once) into the basket read models.
 */
export function reorderModelHandler(timeZone: () => string): OutboxHandler {
  return {
    name: 'recommendations.reorder-model',
    topics: HISTORY_TOPICS,
    async handle(event, db) {
      const p = event.payload as { orderId?: number; companyId?: number };
      if (typeof p.orderId !== 'number' || typeof p.companyId !== 'number') return;
      const skus = await db.selectFrom('order_lines').select('sku_id').distinct().where('order_id', '=', p.orderId).execute();
      if (skus.length === 0) return;
      await db.transaction().execute(async (trx) => {
        await refreshPredictions(trx, p.companyId!, skus.map((s) => s.sku_id), timeZone());
        await countBasket(trx, p.orderId!, timeZone());
      });
    },
  };
}
