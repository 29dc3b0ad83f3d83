import { sql } from 'kysely';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { Database } from '../../lib/db';
import { deliverLocal, publish, resyncLocal, setLiveTransport, type LiveTransport } from '../../lib/live';

declare module '../../lib/db-types' {
  interface DB {
    live_payloads: { id: import('kysely').Generated<number>; topic: string; data: unknown; created_at: import('kysely').Generated<Date> };
  }
}

/**
 * The cross-process live bus: messages published in any process (an outbox handler in a worker,
 * an API process) reach the open streams of every API process.
 * - Redis pub/sub when REDIS_URL is set;
 * - else PostgreSQL LISTEN/NOTIFY on a server: one dedicated connection per process listens, a
 *   message goes out with pg_notify through the pool; a message over MAX_NOTIFY_BYTES is stored
 *   in live_payloads and the notification carries its id;
 * - else (PGlite: one process) in-process.
 * Both network transports reconnect after an error (backoff up to 30 s) and then tell the open
 * streams to re-read their state (`onResync`): what was published meanwhile is not replayed.
 */
export interface LiveBus {
  transport: LiveTransport['name'];
  close(): Promise<void>;
}

export interface LiveBusOptions {
  redisUrl?: string;
  log?: { info?: (o: unknown, msg?: string) => void; warn: (o: unknown, msg?: string) => void; error: (o: unknown, msg?: string) => void };
}

/** Messages up to this size (bytes of JSON) travel inside the NOTIFY payload (limit 8000). */
export const MAX_NOTIFY_BYTES = 7000;
/** Stored large messages are deleted after this long (readers fetch them at once). */
const PAYLOAD_KEEP = '10 minutes';

/** The channel name: per database schema, so deployments (and test files) sharing a server stay apart. */
export const liveChannel = (schema: string) => `ordo_live_${schema}`.slice(0, 63);

export async function startLiveBus(database: Database, opts: LiveBusOptions = {}): Promise<LiveBus> {
  if (opts.redisUrl) return startRedisBus(opts.redisUrl, database.server?.namespace ?? 'pglite', opts);
  if (database.server) return startPostgresBus(database, opts);
  setLiveTransport(null);
  return { transport: 'memory', close: async () => undefined };
}

interface Envelope {
  t: string;
  d?: unknown;
  /** id in live_payloads when the message was too large for the notification */
  ref?: number;
}

async function startPostgresBus(database: Database, opts: LiveBusOptions): Promise<LiveBus> {
  const server = database.server!;
  const channel = liveChannel(server.schema);
  const db = database.db;
  let client: pg.Client | null = null;
  let closed = false;
  let retryMs = 500;
  let retryTimer: NodeJS.Timeout | null = null;
  let connectedOnce = false;

  const receive = async (c: pg.Client, raw: string | undefined) => {
    if (!raw) return;
    let env: Envelope;
    try {
      env = JSON.parse(raw) as Envelope;
    } catch {
      return; // not ours
    }
    if (typeof env.t !== 'string') return;
    if (env.ref != null) {
      const r = await c.query<{ data: unknown }>('select data from live_payloads where id = $1', [env.ref]);
      if (!r.rows[0]) return opts.log?.warn({ ref: env.ref }, 'live message gone before it was read');
      deliverLocal(env.t, r.rows[0].data);
    } else deliverLocal(env.t, env.d);
  };

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ ...server.clientConfig, keepAlive: true, application_name: 'ordo-live' });
    c.on('notification', (n) => {
      if (n.channel !== channel) return;
      receive(c, n.payload).catch((err) => opts.log?.error({ err }, 'live message could not be read'));
    });
    const lost = (err?: Error) => {
      if (client !== c) return;
      client = null;
      c.removeAllListeners('notification');
      c.end().catch(() => undefined);
      if (closed) return;
      opts.log?.warn({ err }, 'live bus: LISTEN connection lost, reconnecting');
      schedule();
    };
    c.on('error', lost);
    c.on('end', () => lost());
    await c.connect();
    await c.query(`listen "${channel}"`);
    if (closed) {
      await c.end();
      return;
    }
    client = c;
    retryMs = 500;
    if (connectedOnce) resyncLocal();
    connectedOnce = true;
  };

  const schedule = () => {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect().catch((err) => {
        opts.log?.warn({ err }, 'live bus: reconnect failed');
        retryMs = Math.min(retryMs * 2, 30_000);
        schedule();
      });
    }, retryMs);
    retryTimer.unref();
  };

  await connect();
  setLiveTransport({
    name: 'postgres',
    async send(topic, data) {
      const small = JSON.stringify({ t: topic, d: data } satisfies Envelope);
      if (Buffer.byteLength(small) <= MAX_NOTIFY_BYTES) {
        await sql`select pg_notify(${channel}, ${small})`.execute(db);
        return;
      }
      // Too large for a notification: store it, notify its id, sweep old ones in the same statement.
      await sql`with swept as (delete from live_payloads where created_at < now() - ${PAYLOAD_KEEP}::interval),
        stored as (insert into live_payloads (topic, data) values (${topic}, ${JSON.stringify(data)}::jsonb) returning id)
        select pg_notify(${channel}, json_build_object('t', ${topic}::text, 'ref', id)::text) from stored`.execute(db);
    },
  });
  return {
    transport: 'postgres',
    async close() {
      closed = true;
      setLiveTransport(null);
      if (retryTimer) clearTimeout(retryTimer);
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}

async function startRedisBus(url: string, namespace: string, opts: LiveBusOptions): Promise<LiveBus> {
  const channel = `ordo:live:${namespace}`;
  const pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  const sub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: null });
  const onError = (err: Error) => opts.log?.warn({ err }, 'live bus: Redis connection error');
  pub.on('error', onError);
  sub.on('error', onError);
  await Promise.all([pub.connect(), sub.connect()]);
  sub.on('message', (ch: string, raw: string) => {
    if (ch !== channel) return;
    try {
      const env = JSON.parse(raw) as Envelope;
      if (typeof env.t === 'string') deliverLocal(env.t, env.d);
    } catch {
      // not ours
    }
  });
  await sub.subscribe(channel);
  // ioredis re-subscribes by itself after a reconnect ('ready' again); streams then re-read
  // what they may have missed.
  sub.on('ready', () => resyncLocal());
  setLiveTransport({
    name: 'redis',
    async send(topic, data) {
      await pub.publish(channel, JSON.stringify({ t: topic, d: data } satisfies Envelope));
    },
  });
  return {
    transport: 'redis',
    async close() {
      setLiveTransport(null);
      sub.disconnect();
      await pub.quit().catch(() => undefined);
    },
  };
}

/** Topic an API process publishes on after writing outbox events, when the worker runs elsewhere. */
export const OUTBOX_KICK = 'outbox:kick';

/**
 * kickWorker for an API process without its own worker: tells the worker processes, through the
 * bus, that outbox events are waiting (at most one message per 50 ms; they poll anyway).
 */
export function remoteKicker(log?: LiveBusOptions['log']): () => void {
  let last = 0;
  let timer: NodeJS.Timeout | null = null;
  return () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      last = Date.now();
      publish(OUTBOX_KICK, null).catch((err) => log?.warn({ err }, 'outbox kick not sent'));
    }, Math.max(0, last + 50 - Date.now()));
    timer.unref();
  };
}
