import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError } from '../../lib/errors';
import { getWorkflowSettings } from './settings';
import { applyOrderEvent, type OrderEvent } from './workflow';

/**
 * The periodic order job (run by the worker): shipped orders nobody confirmed become delivered
 * after `autoDeliverDays` (默认签收), delivered orders complete after `autoCompleteDays`.
 * Each order moves in its own transaction through the transition table, so a concurrent
 * customer confirmation simply wins and the job skips that order.
 */
export async function runDueOrderSteps(db: Kysely<DB>, now = new Date(), limit = 200): Promise<{ delivered: number; completed: number }> {
  const s = await getWorkflowSettings(db);
  const due = async (status: 'shipped' | 'delivered', column: 'shipped_at' | 'delivered_at', days: number) =>
    db
      .selectFrom('orders')
      .select('id')
      .where('status', '=', status)
      .where(column, '<=', sql<Date>`${now}::timestamptz - make_interval(days => ${days})`)
      .orderBy('id')
      .limit(limit)
      .execute();
  const step = async (ids: { id: number }[], event: OrderEvent) => {
    let n = 0;
    for (const { id } of ids) {
      try {
        await db.transaction().execute((trx) => applyOrderEvent(trx, null, id, event, { now }));
        n++;
      } catch (e) {
        // Someone moved the order meanwhile (confirmed receipt, completed it): nothing to do.
        if (!(e instanceof AppError)) throw e;
      }
    }
    return n;
  };
  const delivered = await step(await due('shipped', 'shipped_at', s.autoDeliverDays), 'auto_deliver');
  const completed = await step(await due('delivered', 'delivered_at', s.autoCompleteDays), 'complete');
  return { delivered, completed };
}
