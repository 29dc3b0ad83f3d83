import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import type { OutboxHandler } from '../platform/outbox';
import './tables';

/**
 * The analytics rollups (issue 17). Every order event makes the worker recompute that order's
 * facts (rpt_facts_of / rpt_money_of / rpt_open_of in the migration) and apply the difference
 * to the daily tables in one transaction (rpt_refresh): a replayed event changes nothing.
 * `rebuildRollups` recomputes everything from the order tables (npm run reports:rebuild).
 */
export const ROLLUP_TABLES = ['rpt_order_facts', 'rpt_order_money', 'rpt_sales_daily', 'rpt_sku_daily', 'rpt_customer_daily', 'rpt_sku_monthly', 'rpt_sku_monthly_all', 'rpt_customer_monthly', 'rpt_open_orders'] as const;

/** Refreshes the facts of some orders (idempotent; safe in several worker processes at once). */
export async function refreshOrders(db: Kysely<DB>, orderIds: number[], timeZone: string): Promise<void> {
  const ids = [...new Set(orderIds)].filter((n) => Number.isSafeInteger(n) && n > 0).sort((a, b) => a - b);
  if (!ids.length) return;
  await db.transaction().execute(async (trx) => {
    await sql`select rpt_refresh(${sql.raw(`array[${ids.join(',')}]::bigint[]`)}, ${timeZone})`.execute(trx);
  });
}

/** The order an event is about: order events, payments, refunds and after-sales all carry it. */
export function orderOfEvent(payload: Record<string, unknown>): number | null {
  const id = Number(payload.orderId);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/**
 * Outbox consumer: every event that names an order refreshes that order's facts. The worker hands
 * it a claimed batch at once, and all its orders are refreshed in one set-based call (one order
 * per call kept up with only 35–39 orders/s).
 */
export function rollupHandler(timeZone: () => string): OutboxHandler {
  return {
    name: 'reports.rollup',
    topics: ['*'],
    async handle(ev, db) {
      const id = orderOfEvent(ev.payload);
      if (id != null) await refreshOrders(db, [id], timeZone());
    },
    async handleBatch(events, db) {
      const ids = events.map((ev) => orderOfEvent(ev.payload)).filter((id): id is number => id != null);
      await refreshOrders(db, ids, timeZone());
    },
  };
}

/**
 * Recomputes every rollup from orders, shipments, after-sales and payments, in one transaction
 * (reports keep reading the old figures until it commits), `chunk` orders at a time.
 */
export async function rebuildRollups(db: Kysely<DB>, timeZone: string, opts: { chunk?: number; log?: (msg: string) => void } = {}): Promise<{ orders: number; facts: number; ms: number }> {
  const t0 = Date.now();
  const chunk = opts.chunk ?? 20_000;
  return db.transaction().execute(async (trx) => {
    await sql`truncate ${sql.join(ROLLUP_TABLES.map((t) => sql.table(t)))}`.execute(trx);
    const { rows: [range] } = await sql<{ lo: number | null; hi: number | null; n: number }>`select min(id) as lo, max(id) as hi, count(*) as n from orders`.execute(trx);
    if (range.lo != null && range.hi != null) {
      for (let a = Number(range.lo); a <= Number(range.hi); a += chunk) {
        const ids = sql`array(select id from orders where id between ${a} and ${a + chunk - 1})`;
        await sql`insert into rpt_order_facts select * from rpt_facts_of(${ids}, ${timeZone})`.execute(trx);
        await sql`insert into rpt_order_money select * from rpt_money_of(${ids}, ${timeZone})`.execute(trx);
        await sql`insert into rpt_open_orders select * from rpt_open_of(${ids}, ${timeZone})`.execute(trx);
        opts.log?.(`orders ${a}–${Math.min(a + chunk - 1, Number(range.hi))}`);
      }
    }
    const m = sql.raw(`sum(ordered_qty), sum(ordered_amount), sum(ordered_lines), sum(shipped_qty), sum(shipped_amount), sum(cost_amount), sum(costed_amount), sum(returned_qty), sum(returned_amount)`);
    await sql`insert into rpt_sales_daily select day, company_id, sku_id, warehouse_id, ${m} from rpt_order_facts group by 1, 2, 3, 4`.execute(trx);
    await sql`insert into rpt_sku_daily select day, sku_id, warehouse_id, ${m} from rpt_sales_daily group by 1, 2, 3`.execute(trx);
    await sql`insert into rpt_customer_daily select day, company_id, sum(ordered_amount), sum(ordered_lines), sum(shipped_amount), sum(cost_amount), sum(costed_amount), sum(returned_amount),
      sum(orders), sum(billed), sum(paid_online), sum(paid_transfer), sum(paid_balance), sum(paid_cod), sum(refunded)
      from (select day, company_id, ordered_amount, ordered_lines, shipped_amount, cost_amount, costed_amount, returned_amount, 0 as orders, 0 as billed, 0 as paid_online, 0 as paid_transfer, 0 as paid_balance, 0 as paid_cod, 0 as refunded from rpt_sales_daily
            union all
            select day, company_id, 0, 0, 0, 0, 0, 0, orders, billed, paid_online, paid_transfer, paid_balance, paid_cod, refunded from rpt_order_money) x
      group by 1, 2`.execute(trx);
    await sql`insert into rpt_sku_monthly select date_trunc('month', day)::date, sku_id, warehouse_id, ${m} from rpt_sku_daily group by 1, 2, 3`.execute(trx);
    await sql`insert into rpt_sku_monthly_all select month, sku_id, ${m} from rpt_sku_monthly group by 1, 2`.execute(trx);
    await sql`insert into rpt_customer_monthly select date_trunc('month', day)::date, company_id, sum(ordered_amount), sum(ordered_lines), sum(shipped_amount), sum(cost_amount), sum(costed_amount),
      sum(returned_amount), sum(orders), sum(billed), sum(paid_online), sum(paid_transfer), sum(paid_balance), sum(paid_cod), sum(refunded) from rpt_customer_daily group by 1, 2`.execute(trx);
    const { rows: [f] } = await sql<{ n: number }>`select count(*) as n from rpt_order_facts`.execute(trx);
    return { orders: Number(range.n), facts: Number(f.n), ms: Date.now() - t0 };
  });
}
