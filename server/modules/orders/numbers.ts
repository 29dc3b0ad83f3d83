import { sql, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import './tables';

/** The supplier's calendar day of `at` as YYYYMMDD (order numbers follow local days, not UTC). */
export function localDay(at: Date, timeZone: string): string {
  const parts = dayFormat(timeZone).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}${get('month')}${get('day')}`;
}

// Building an Intl formatter costs far more than using one: keep one per time zone.
const formats = new Map<string, Intl.DateTimeFormat>();
function dayFormat(timeZone: string) {
  let f = formats.get(timeZone);
  if (!f) formats.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return f;
}

/** SO20261201-0001: prefix, local day, a per-day sequence of at least four digits. */
export function formatOrderNumber(day: string, seq: number): string {
  return `SO${day}-${String(seq).padStart(4, '0')}`;
}

/**
 * Takes the day's next number and writes it on the order (inserted with a placeholder) in one
 * statement. The counter row is bumped with one relative upsert, so concurrent submissions queue
 * on that row and each gets its own number; a rolled-back submission gives its number back. The
 * row stays locked until the order's transaction commits: callers take the number as late as
 * they can, with as few statements after it as possible.
 */
export async function assignOrderNumber(trx: Transaction<DB>, orderId: number, timeZone: string, at: Date = new Date()): Promise<string> {
  const day = localDay(at, timeZone);
  const iso = `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`;
  const { rows } = await sql<{ number: string }>`
    with n as (
      insert into order_number_counters (day, last) values (${iso}::date, 1)
      on conflict (day) do update set last = order_number_counters.last + 1
      returning last)
    update orders set number = ${`SO${day}-`} || case when n.last >= 10000 then n.last::text else lpad(n.last::text, 4, '0') end
    from n where orders.id = ${orderId}
    returning orders.number`.execute(trx);
  return rows[0]!.number;
}
