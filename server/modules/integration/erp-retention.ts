import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { getSetting } from '../platform/settings';
import './tables';

/**
 * The change feed is read by cursor: an ERP that pulls at least once within the retention period
 * (`integration.erp-feed` retentionDays, default 90) misses nothing. Older rows are deleted by the
 * integration.erp-changes-retention job in batches; seq never goes back, so cursors stay valid.
 */
export const ERP_FEED_SETTINGS = 'integration.erp-feed';
export const DEFAULT_FEED_RETENTION_DAYS = 90;
const BATCH = 5000;

export async function feedRetentionDays(db: Kysely<DB>): Promise<number> {
  return (await getSetting<{ retentionDays?: number }>(db, ERP_FEED_SETTINGS, {})).retentionDays ?? DEFAULT_FEED_RETENTION_DAYS;
}

export async function pruneErpChanges(db: Kysely<DB>, days?: number): Promise<number> {
  const keep = days ?? (await feedRetentionDays(db));
  let deleted = 0;
  for (;;) {
    const r = await db.deleteFrom('erp_changes')
      .where('seq', 'in', (eb) => eb.selectFrom('erp_changes').select('seq')
        .where('recorded_at', '<', sql<Date>`now() - make_interval(days => ${keep})`)
        .orderBy('seq').limit(BATCH))
      .executeTakeFirst();
    const n = Number(r.numDeletedRows);
    deleted += n;
    if (n < BATCH) return deleted;
  }
}
