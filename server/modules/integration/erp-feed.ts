import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import type { OutboxHandler } from '../platform/outbox';
import './tables';

/**
 * The ERP change feed (issue 19): what an ERP pulls to learn about orders, shipments, payments
 * and returns. The outbox worker hands every event to `changeFeedHandler`, which keeps those of
 * the feed's topics. Each insert holds one transaction-scoped advisory lock until it commits, so
 * `seq` is assigned in commit order and a row with a smaller seq is always visible before one
 * with a larger seq: a consumer that asks for `seq > cursor` and keeps the last seq it saw as its
 * cursor sees every event exactly once, whatever is written while it pages.
 */
export const FEED_PREFIXES = ['order.', 'shipment.', 'payment.', 'aftersales.', 'refund.', 'return.'] as const;
const FEED_LOCK = 0x6f72_6431; // 'ord1'

export function changeFeedHandler(): OutboxHandler {
  return {
    name: 'erp-change-feed',
    topics: ['*'],
    async handle(ev, db) {
      if (!FEED_PREFIXES.some((p) => ev.topic.startsWith(p))) return;
      await db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${FEED_LOCK})`.execute(trx);
        await sql`insert into erp_changes (event_id, topic, payload, occurred_at) values (${ev.id}, ${ev.topic}, ${JSON.stringify(ev.payload)}::jsonb, ${ev.createdAt})
          on conflict (event_id) do nothing`.execute(trx);
      });
    },
  };
}

/** Events after `cursor` (0: from the start), oldest first; `topics` filters by prefix (order, shipment, …). */
export async function listChanges(db: Kysely<DB>, q: { cursor: number; limit: number; topics?: string[] }) {
  let query = db.selectFrom('erp_changes').select(['seq', 'event_id', 'topic', 'payload', 'occurred_at']).where('seq', '>', q.cursor);
  if (q.topics?.length) query = query.where((eb) => eb.or(q.topics!.map((t) => eb('topic', 'like', `${t}.%`))));
  const rows = await query.orderBy('seq').limit(q.limit + 1).execute();
  const page = rows.slice(0, q.limit);
  return {
    events: page.map((r) => ({ cursor: String(r.seq), eventId: r.event_id, topic: r.topic, occurredAt: r.occurred_at, payload: r.payload as Record<string, unknown> })),
    nextCursor: String(page.length ? page[page.length - 1]!.seq : q.cursor),
    hasMore: rows.length > q.limit,
  };
}
