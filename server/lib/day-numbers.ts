import { sql, type Transaction } from 'kysely';
import type { DB } from './db-types';

/**
 * Document numbers of the supplier's calendar day (SO20261201-0001, SH20261206-0001): one rule for
 * every module that numbers its documents per day. Each module keeps its own counter table
 * (`day date primary key, last int`) and calls assignDayNumber inside the transaction that
 * inserted its row with a placeholder number.
 */

/** The supplier's calendar day of `at` as YYYYMMDD (numbers follow local days, not UTC). */
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

/** prefix + local day + "-" + a per-day sequence of at least four digits. */
export const formatDayNumber = (prefix: string, day: string, seq: number): string => `${prefix}${day}-${String(seq).padStart(4, '0')}`;

/**
 * Takes the day's next number from `counters` and writes it on row `id` of `table` in one
 * statement. The counter row is bumped with one relative upsert, so concurrent callers queue on
 * that row and each gets its own number; a rolled-back transaction gives its number back. The row
 * stays locked until the caller commits: take the number as late as you can.
 */
export async function assignDayNumber(
  trx: Transaction<DB>,
  o: { counters: keyof DB & string; table: keyof DB & string; id: number; prefix: string; timeZone: string; at?: Date },
): Promise<string> {
  const day = localDay(o.at ?? new Date(), o.timeZone);
  const iso = `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`;
  const counters = sql.table(o.counters);
  const table = sql.table(o.table);
  const { rows } = await sql<{ number: string }>`
    with n as (
      insert into ${counters} (day, last) values (${iso}::date, 1)
      on conflict (day) do update set last = ${counters}.last + 1
      returning last)
    update ${table} set number = ${`${o.prefix}${day}-`} || case when n.last >= 10000 then n.last::text else lpad(n.last::text, 4, '0') end
    from n where ${table}.id = ${o.id}
    returning ${table}.number`.execute(trx);
  return rows[0]!.number;
}
