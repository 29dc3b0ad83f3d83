import type { Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { assignDayNumber, formatDayNumber, localDay } from '../../lib/day-numbers';
import './tables';

export { localDay };

/** SO20261201-0001: prefix, local day, a per-day sequence of at least four digits. */
export const formatOrderNumber = (day: string, seq: number): string => formatDayNumber('SO', day, seq);

/**
 * Takes the day's next number and writes it on the order (inserted with a placeholder) in one
 * statement (the shared per-day counter of lib/day-numbers, on order_number_counters). Callers
 * take the number as late as they can, with as few statements after it as possible.
 */
export const assignOrderNumber = (trx: Transaction<DB>, orderId: number, timeZone: string, at: Date = new Date()): Promise<string> =>
  assignDayNumber(trx, { counters: 'order_number_counters', table: 'orders', id: orderId, prefix: 'SO', timeZone, at });
