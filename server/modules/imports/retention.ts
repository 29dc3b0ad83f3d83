import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { getSetting } from '../platform/settings';
import { SETTINGS_KEY } from './settings';
import './tables';

/**
 * Import jobs keep the whole file (rows, problems, outcomes) for the result file; after the
 * retention period (`imports.settings` retentionDays, default 90) the imports.retention job deletes
 * them in batches. A running import is never deleted.
 */
export const DEFAULT_RETENTION_DAYS = 90;
const BATCH = 500;

export async function importRetentionDays(db: Kysely<DB>): Promise<number> {
  const s = await getSetting<{ retentionDays?: number }>(db, SETTINGS_KEY, {});
  return s.retentionDays ?? DEFAULT_RETENTION_DAYS;
}

export async function pruneImportJobs(db: Kysely<DB>, days?: number): Promise<number> {
  const keep = days ?? (await importRetentionDays(db));
  let deleted = 0;
  for (;;) {
    const r = await db.deleteFrom('import_jobs')
      .where('id', 'in', (eb) => eb.selectFrom('import_jobs').select('id')
        .where('status', '<>', 'running')
        .where(sql<Date>`coalesce(finished_at, created_at)`, '<', sql<Date>`now() - make_interval(days => ${keep})`)
        .limit(BATCH))
      .executeTakeFirst();
    const n = Number(r.numDeletedRows);
    deleted += n;
    if (n < BATCH) return deleted;
  }
}
