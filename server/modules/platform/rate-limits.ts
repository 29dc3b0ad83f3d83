import { sql, type Kysely } from 'kysely';
import { Redis } from 'ioredis';
import type { RateLimitPluginOptions } from '@fastify/rate-limit';
import type { Database } from '../../lib/db';
import type { DB } from '../../lib/db-types';

declare module '../../lib/db-types' {
  interface DB {
    rate_limits: { key: string; hits: number; window_ends_at: Date };
  }
}

type Callback = (err: Error | null, res?: { current: number; ttl: number }) => void;
interface RouteInfo {
  routeInfo: { method?: string; url?: string };
}

/**
 * Where @fastify/rate-limit keeps its counters, so that a limit holds across every API process:
 * - Redis (the plugin's own store) when REDIS_URL is set;
 * - else, on a PostgreSQL server, the rate_limits table: one upsert per limited request, a fixed
 *   window per key (the first hit opens it, later hits count until it ends);
 * - else (PGlite: one process) the plugin's in-memory store.
 * Only routes with a `rateLimit` config are counted (login, registration, ...), so the cost is a
 * single round trip on those.
 */
export function rateLimitStore(database: Database, redisUrl: string | undefined): { options: Partial<RateLimitPluginOptions>; close(): Promise<void>; kind: 'redis' | 'postgres' | 'memory' } {
  if (redisUrl) {
    const redis = new Redis(redisUrl, { connectTimeout: 2_000, maxRetriesPerRequest: 1, enableOfflineQueue: true });
    redis.on('error', () => undefined); // each request reports its own failure
    return {
      kind: 'redis',
      options: { redis, nameSpace: `ordo-rl:${database.server?.namespace ?? 'pglite'}:` },
      close: async () => void (await redis.quit().catch(() => undefined)),
    };
  }
  if (database.server) return { kind: 'postgres', options: { store: postgresStore(database.db) as never }, close: async () => undefined };
  return { kind: 'memory', options: {}, close: async () => undefined };
}

/** The plugin's store contract (incr / read / child), kept in PostgreSQL. */
export function postgresStore(db: Kysely<DB>) {
  return class PostgresRateLimitStore {
    constructor(
      _globalParams?: unknown,
      private readonly prefix = '',
    ) {}

    incr(key: string, cb: Callback, timeWindow: number) {
      const k = this.prefix + key;
      sql<{ hits: number; ttl: number }>`
        insert into rate_limits as r (key, hits, window_ends_at)
        values (${k}, 1, clock_timestamp() + make_interval(secs => ${timeWindow / 1000}))
        on conflict (key) do update set
          hits = case when r.window_ends_at <= clock_timestamp() then 1 else r.hits + 1 end,
          window_ends_at = case when r.window_ends_at <= clock_timestamp() then excluded.window_ends_at else r.window_ends_at end
        returning hits, greatest(0, ceil(extract(epoch from (window_ends_at - clock_timestamp())) * 1000))::int as ttl`
        .execute(db)
        .then((r) => cb(null, { current: r.rows[0].hits, ttl: r.rows[0].ttl }), (err: Error) => cb(err));
    }

    read(key: string, cb: Callback) {
      sql<{ hits: number; ttl: number }>`
        select hits, greatest(0, ceil(extract(epoch from (window_ends_at - clock_timestamp())) * 1000))::int as ttl
        from rate_limits where key = ${this.prefix + key} and window_ends_at > clock_timestamp()`
        .execute(db)
        .then((r) => cb(null, r.rows[0] ? { current: r.rows[0].hits, ttl: r.rows[0].ttl } : { current: 0, ttl: 0 }), (err: Error) => cb(err));
    }

    child(routeOptions: RouteInfo) {
      return new PostgresRateLimitStore(undefined, `${routeOptions.routeInfo.method ?? ''}${routeOptions.routeInfo.url ?? ''}-`);
    }
  };
}

/** Deletes counters whose window ended (a periodic job of the worker). */
export async function sweepRateLimits(db: Kysely<DB>): Promise<number> {
  const r = await db.deleteFrom('rate_limits').where('window_ends_at', '<', sql<Date>`now() - interval '1 minute'`).executeTakeFirst();
  return Number(r.numDeletedRows);
}
