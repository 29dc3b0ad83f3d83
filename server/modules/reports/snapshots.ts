import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import type { PeriodicJob } from '../../lib/module';
import { stockPositions } from '../inventory';
import { localToday, openReceivablesSql } from './common';
import './tables';

/**
 * Today's stock and receivables snapshots (rpt_stock_daily, rpt_aging_daily): the stock-out
 * days, stock value and aging-over-time reports read them. Stock comes from inventory's exported
 * read model (stockPositions), receivables from openReceivablesSql (open orders and opening receivables). Every run replaces
 * today's rows, so each past day keeps the last state seen that day. Safe in several processes:
 * runs take one advisory lock.
 */
export async function takeSnapshots(db: Kysely<DB>, timeZone: string, now = new Date()): Promise<{ day: string; stockRows: number; agingRows: number }> {
  const day = localToday(timeZone, now);
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(7270018, 1)`.execute(trx);
    await sql`delete from rpt_stock_daily where day = ${day}::date`.execute(trx);
    const stock = await sql`insert into rpt_stock_daily (day, sku_id, warehouse_id, on_hand, reserved, value)
      select ${day}::date, p.sku_id, p.warehouse_id, p.on_hand, p.reserved, p.on_hand * p.unit_cost from ${stockPositions()} p`.execute(trx);
    await sql`delete from rpt_aging_daily where day = ${day}::date`.execute(trx);
    const aging = await sql`insert into rpt_aging_daily (day, company_id, orders, not_due, d30, d60, d90, d90plus)
      select ${day}::date, o.company_id, sum(o.is_order),
             coalesce(sum(o.outstanding) filter (where o.due_day >= ${day}::date), 0),
             coalesce(sum(o.outstanding) filter (where ${day}::date - o.due_day between 1 and 30), 0),
             coalesce(sum(o.outstanding) filter (where ${day}::date - o.due_day between 31 and 60), 0),
             coalesce(sum(o.outstanding) filter (where ${day}::date - o.due_day between 61 and 90), 0),
             coalesce(sum(o.outstanding) filter (where ${day}::date - o.due_day > 90), 0)
        from ${openReceivablesSql(timeZone)} o group by o.company_id`.execute(trx);
    return { day, stockRows: Number(stock.numAffectedRows ?? 0), agingRows: Number(aging.numAffectedRows ?? 0) };
  });
}

/** Every 30 minutes: today's snapshot kept current (the last run of a day is that day's close). */
export const snapshotJob = (db: Kysely<DB>, timeZone: () => string): PeriodicJob => ({
  name: 'reports.snapshots', everyMs: 30 * 60_000, run: () => takeSnapshots(db, timeZone()),
});
