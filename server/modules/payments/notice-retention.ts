import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import './tables';

/**
 * Rejected payment notifications (forged, malformed or for unknown payments) are kept for
 * REJECTED_NOTICE_DAYS to look into an attack or a provider's misconfiguration, then deleted by
 * the payments.notice-retention job (issue 22). Accepted and duplicate notices stay: they are the
 * evidence of money received. Deleted in batches, so a large backlog never holds a long lock;
 * safe in several processes at once.
 */
export const REJECTED_NOTICE_DAYS = 30;
const BATCH = 5000;

export async function deleteOldRejectedNotices(db: Kysely<DB>, days = REJECTED_NOTICE_DAYS): Promise<number> {
  let deleted = 0;
  for (;;) {
    const r = await db.deleteFrom('payment_notifications')
      .where('id', 'in', (eb) => eb.selectFrom('payment_notifications').select('id')
        .where('outcome', '=', 'rejected')
        .where('received_at', '<', sql<Date>`now() - make_interval(days => ${days})`)
        .limit(BATCH))
      .executeTakeFirst();
    const n = Number(r.numDeletedRows);
    deleted += n;
    if (n < BATCH) return deleted;
  }
}
