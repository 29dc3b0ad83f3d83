import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../lib/db-types';
import './tables';

/**
 * Failed sign-ins are counted per login name *and* client address (issue 22), in the database
 * so every API process sees the same counts. After MAX_FAILED_LOGINS failures in a row from one
 * address, that login is refused from that address for LOCK_MINUTES, doubling with each further
 * failure up to MAX_LOCK_MINUTES: an attacker elsewhere can never lock the owner out of their own
 * network, and an unknown login is counted and refused exactly like a real one (same answer).
 * A success from the address, an admin's unlock or a password reset clears the count; a count
 * with no failure for a day starts again.
 */
export const MAX_FAILED_LOGINS = 10;
export const LOCK_MINUTES = 5;
export const MAX_LOCK_MINUTES = 60;

declare module '../../lib/db-types' {
  interface DB {
    login_failures: {
      login_key: string;
      ip: string;
      failures: number;
      last_failure_at: Date;
      locked_until: Date | null;
    };
  }
}

const keyOf = (login: string) => login.trim().toLowerCase().slice(0, 100);
const ipOf = (ip: string | undefined) => (ip ?? '').slice(0, 64);

/** Minutes this login stays refused from this address (0: not refused). */
export async function lockedMinutes(db: Kysely<DB>, login: string, ip: string | undefined): Promise<number> {
  const r = await db
    .selectFrom('login_failures')
    .select('locked_until')
    .where('login_key', '=', keyOf(login))
    .where('ip', '=', ipOf(ip))
    .executeTakeFirst();
  if (!r?.locked_until || r.locked_until <= new Date()) return 0;
  return Math.max(1, Math.ceil((r.locked_until.getTime() - Date.now()) / 60_000));
}

/** Counts one failure; from the MAX_FAILED_LOGINS-th on, refuses for a doubling time. */
export async function recordFailure(db: Kysely<DB>, login: string, ip: string | undefined): Promise<void> {
  const lock = (n: RawBuilder<number>) =>
    sql<Date | null>`case when ${n} >= ${MAX_FAILED_LOGINS}
      then now() + make_interval(mins => least(${MAX_LOCK_MINUTES}, ${LOCK_MINUTES} * power(2, least(${n} - ${MAX_FAILED_LOGINS}, 10))::int))
      else null end`;
  const next = sql<number>`case when login_failures.last_failure_at < now() - interval '1 day' then 1 else login_failures.failures + 1 end`;
  await db
    .insertInto('login_failures')
    .values({ login_key: keyOf(login), ip: ipOf(ip), failures: 1, last_failure_at: sql`now()`, locked_until: null })
    .onConflict((oc) => oc.columns(['login_key', 'ip']).doUpdateSet({ failures: next, last_failure_at: sql`now()`, locked_until: lock(next) }))
    .execute();
}

/** A good sign-in from this address forgets its failures. */
export async function clearFailures(db: Kysely<DB>, login: string, ip: string | undefined): Promise<void> {
  await db.deleteFrom('login_failures').where('login_key', '=', keyOf(login)).where('ip', '=', ipOf(ip)).execute();
}

/** An admin's unlock (or a password reset): the login is accepted again from every address. */
export async function unlockLogin(db: Kysely<DB>, login: string): Promise<number> {
  const r = await db.deleteFrom('login_failures').where('login_key', '=', keyOf(login)).executeTakeFirst();
  return Number(r.numDeletedRows);
}
