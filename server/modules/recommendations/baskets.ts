import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { dayIso, dayNumber } from './model';
import '../orders/tables';
import './tables';

type Db = Kysely<DB> | Transaction<DB>;

/** Baskets larger than this are bulk restocks, not "bought together": their pairs are not counted. */
const MAX_BASKET = 30;

/**
 * Counts one received order into the basket read models (SKU pairs and per-company SKU counts),
 * once: the order id is recorded in the same transaction, so a second delivery of the event
 * changes nothing. Call inside a transaction.
 */
export async function countBasket(trx: Transaction<DB>, orderId: number, timeZone: string): Promise<boolean> {
  const fresh = await trx.insertInto('reco_orders_counted').values({ order_id: orderId }).onConflict((oc) => oc.column('order_id').doNothing()).returning('order_id').executeTakeFirst();
  if (!fresh) return false;
  const order = await trx.selectFrom('orders').select(['company_id', 'submitted_at']).where('id', '=', orderId).executeTakeFirst();
  if (!order) return false;
  const skus = [...new Set((await trx.selectFrom('order_lines').select('sku_id').where('order_id', '=', orderId).execute()).map((l) => l.sku_id))].sort((a, b) => a - b);
  const on = dayIso(dayNumber(new Date(order.submitted_at), timeZone));
  if (skus.length) {
    await trx.insertInto('reco_company_skus').values(skus.map((sku_id) => ({ company_id: order.company_id, sku_id, orders: 1, last_on: on })))
      .onConflict((oc) => oc.columns(['company_id', 'sku_id']).doUpdateSet({
        orders: sql`reco_company_skus.orders + 1`, last_on: sql`greatest(reco_company_skus.last_on, excluded.last_on)`,
      }))
      .execute();
  }
  if (skus.length >= 2 && skus.length <= MAX_BASKET) {
    const pairs = skus.flatMap((a) => skus.filter((b) => b !== a).map((b) => ({ company_id: order.company_id, sku_id: a, other_sku_id: b, orders: 1, last_on: on })));
    await trx.insertInto('reco_basket_pairs').values(pairs)
      .onConflict((oc) => oc.columns(['sku_id', 'other_sku_id', 'company_id']).doUpdateSet({
        orders: sql`reco_basket_pairs.orders + 1`, last_on: sql`greatest(reco_basket_pairs.last_on, excluded.last_on)`,
      }))
      .execute();
  }
  return true;
}

/** Counts every received order not counted yet (the demo seed; a database that had orders before this module). */
export async function countAllBaskets(db: Kysely<DB>, timeZone: string): Promise<number> {
  const ids = await db.selectFrom('orders').select('id')
    .where('status', 'in', ['delivered', 'completed'])
    .where((eb) => eb.not(eb.exists(eb.selectFrom('reco_orders_counted as c').select('c.order_id').whereRef('c.order_id', '=', 'orders.id'))))
    .orderBy('id')
    .execute();
  let n = 0;
  for (const { id } of ids) if (await db.transaction().execute((trx) => countBasket(trx, id, timeZone))) n++;
  return n;
}

export type { Db };
