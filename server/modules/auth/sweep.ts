import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import './tables';

/** Hourly: forgets expired pending sign-ins, unlock links and remembered devices (a day after they end). */
export async function sweepAuth(db: Kysely<DB>): Promise<void> {
  await db.deleteFrom('login_challenges').where('expires_at', '<', new Date()).execute();
  await db.deleteFrom('unlock_tokens').where('expires_at', '<', sql<Date>`now() - interval '1 day'`).execute();
  await db.deleteFrom('trusted_devices').where((eb) => eb.or([eb('expires_at', '<', sql<Date>`now() - interval '1 day'`), eb('revoked_at', '<', sql<Date>`now() - interval '1 day'`)])).execute();
}
