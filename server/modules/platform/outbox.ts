import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import type { Actor } from '../auth/actor';
import { auditRow, type AuditEntry } from './audit';

declare module '../../lib/db-types' {
  interface DB {
    outbox: {
      id: import('kysely').Generated<number>;
      topic: string;
      payload: unknown;
      created_at: import('kysely').Generated<Date>;
      available_at: import('kysely').Generated<Date>;
      attempts: import('kysely').Generated<number>;
      locked_until: Date | null;
      delivered_at: Date | null;
      dead_at: Date | null;
      last_error: string | null;
    };
    outbox_deliveries: { event_id: number; handler: string; delivered_at: import('kysely').Generated<Date> };
  }
}

export interface OutboxEvent<P = Record<string, unknown>> {
  id: number;
  topic: string;
  payload: P;
  createdAt: Date;
  attempts: number;
}

/** A consumer of events. It may run more than once for an event, so it must be idempotent. */
export interface OutboxHandler {
  name: string;
  topics: string[];
  handle(event: OutboxEvent, db: Kysely<DB>): Promise<void>;
  /**
   * Optional: all the claimed events of a batch that this handler has not yet done, in one call
   * (e.g. one set-based refresh instead of one per event). A throw fails every one of them.
   */
  handleBatch?(events: OutboxEvent[], db: Kysely<DB>): Promise<void>;
}

/** Writes an event in the caller's transaction: it exists if and only if the business change does. */
export async function emit(trx: Transaction<DB> | Kysely<DB>, topic: string, payload: Record<string, unknown>): Promise<void> {
  await trx.insertInto('outbox').values({ topic, payload: JSON.stringify(payload) }).execute();
}

/**
 * An event and the audit entry of the change it announces, in one statement: for the end of a
 * hot transaction (order submission), where every round trip is time other submissions wait.
 */
export async function emitAudited(trx: Transaction<DB>, topic: string, payload: Record<string, unknown>, actor: Actor | null, entry: AuditEntry): Promise<void> {
  await trx
    .with('ev', (db) => db.insertInto('outbox').values({ topic, payload: JSON.stringify(payload) }).returning('id'))
    .insertInto('audit_log')
    .values(auditRow(actor, entry))
    .execute();
}

export const MAX_ATTEMPTS = 10;
/** Retry delay after the n-th failed attempt: 2s, 4s, 8s … capped at 10 minutes. */
export const backoffSeconds = (attempts: number) => Math.min(600, 2 ** attempts);

/**
 * Delivers pending events to their handlers, at least once. Claims a batch with
 * FOR UPDATE SKIP LOCKED and a lease so several worker processes can share the queue.
 */
export async function deliverBatch(
  db: Kysely<DB>,
  handlers: OutboxHandler[],
  opts: { batch?: number; onError?: (e: unknown, ev: OutboxEvent, h: string) => void } = {},
): Promise<number> {
  const claimed = await sql<{ id: number; topic: string; payload: Record<string, unknown>; created_at: Date; attempts: number }>`
    update outbox set locked_until = now() + interval '60 seconds', attempts = attempts + 1
    where id in (
      select id from outbox
      where delivered_at is null and dead_at is null and available_at <= now()
        and (locked_until is null or locked_until < now())
      order by id limit ${opts.batch ?? 50}
      for update skip locked)
    returning id, topic, payload, created_at, attempts`.execute(db);

  const events: OutboxEvent[] = claimed.rows
    .sort((a, b) => a.id - b.id)
    .map((row) => ({ id: row.id, topic: row.topic, payload: row.payload, createdAt: row.created_at, attempts: row.attempts }));
  if (!events.length) return 0;
  // what was already delivered to which handler (a retried event skips the handlers that succeeded)
  const done = new Set(
    (await db.selectFrom('outbox_deliveries').select(['event_id', 'handler']).where('event_id', 'in', events.map((e) => e.id)).execute()).map((r) => `${r.event_id}:${r.handler}`),
  );
  const wants = (h: OutboxHandler, ev: OutboxEvent) => (h.topics.includes(ev.topic) || h.topics.includes('*')) && !done.has(`${ev.id}:${h.name}`);
  const failure = new Map<number, string>();
  const delivered: { event_id: number; handler: string }[] = [];
  const fail = (e: unknown, ev: OutboxEvent, h: OutboxHandler) => {
    failure.set(ev.id, `${h.name}: ${e instanceof Error ? e.message : String(e)}`);
    opts.onError?.(e, ev, h.name);
  };
  // batch handlers first: one call for all their events of this claim
  for (const h of handlers) {
    if (!h.handleBatch) continue;
    const mine = events.filter((ev) => wants(h, ev));
    if (!mine.length) continue;
    try {
      await h.handleBatch(mine, db);
      for (const ev of mine) delivered.push({ event_id: ev.id, handler: h.name });
    } catch (e) {
      for (const ev of mine) fail(e, ev, h);
    }
  }
  for (const ev of events) {
    for (const h of handlers) {
      if (h.handleBatch || !wants(h, ev)) continue;
      try {
        await h.handle(ev, db);
        delivered.push({ event_id: ev.id, handler: h.name });
      } catch (e) {
        fail(e, ev, h);
      }
    }
  }
  if (delivered.length) await db.insertInto('outbox_deliveries').values(delivered).onConflict((oc) => oc.doNothing()).execute();
  const ok = events.filter((ev) => !failure.has(ev.id)).map((ev) => ev.id);
  if (ok.length) await db.updateTable('outbox').set({ delivered_at: sql`now()`, locked_until: null, last_error: null }).where('id', 'in', ok).execute();
  for (const ev of events) {
    const why = failure.get(ev.id);
    if (why === undefined) continue;
    if (ev.attempts >= MAX_ATTEMPTS) {
      await db.updateTable('outbox').set({ dead_at: sql`now()`, locked_until: null, last_error: why }).where('id', '=', ev.id).execute();
    } else {
      await db
        .updateTable('outbox')
        .set({ locked_until: null, last_error: why, available_at: sql`now() + make_interval(secs => ${backoffSeconds(ev.attempts)})` })
        .where('id', '=', ev.id)
        .execute();
    }
  }
  return claimed.rows.length;
}

/** Polls the outbox in this process until stopped. */
export function startWorker(
  db: Kysely<DB>,
  handlers: OutboxHandler[],
  opts: { intervalMs?: number; log?: { error: (o: unknown, msg: string) => void } } = {},
): { stop(): Promise<void>; kick(): void } {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    if (stopped) return;
    running = (async () => {
      try {
        while (!stopped && (await deliverBatch(db, handlers, { onError: (e, ev, h) => opts.log?.error({ err: e, event: ev.id, handler: h }, 'outbox handler failed') })) > 0);
      } catch (e) {
        opts.log?.error({ err: e }, 'outbox worker failed');
      }
      if (!stopped) timer = setTimeout(tick, opts.intervalMs ?? 500);
    })();
  };
  timer = setTimeout(tick, 10);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
    kick() {
      if (timer && !stopped) {
        clearTimeout(timer);
        timer = setTimeout(tick, 0);
      }
    },
  };
}
