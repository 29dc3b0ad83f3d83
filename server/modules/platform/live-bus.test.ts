import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import pg from 'pg';
import { Redis } from 'ioredis';
import { createTestApp, type TestApp } from '../../test/harness';
import { onResync, publish, subscribe, liveTransportName } from '../../lib/live';
import { liveChannel, MAX_NOTIFY_BYTES, startLiveBus, type LiveBus } from './live-bus';

let t: TestApp;
let bus: LiveBus | null = null;
beforeAll(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await bus?.close();
  bus = null;
});
afterAll(() => t.close());

/** Collects what arrives on a topic; `wait(n)` resolves when n messages are in. */
function collect(topic: string) {
  const got: unknown[] = [];
  let wake = () => undefined as void;
  const stop = subscribe([topic], (_t, d) => {
    got.push(d);
    wake();
  });
  return {
    got,
    stop,
    async wait(n: number, ms = 5_000) {
      const until = Date.now() + ms;
      while (got.length < n) {
        if (Date.now() > until) throw new Error(`${got.length} of ${n} messages on ${topic} within ${ms} ms`);
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 50);
        });
      }
      return got;
    },
  };
}

describe('live bus', () => {
  it('in-process without a server or Redis (PGlite); with a server, LISTEN/NOTIFY', async () => {
    bus = await startLiveBus(t.database);
    expect(bus.transport).toBe(t.database.server ? 'postgres' : 'memory');
    expect(liveTransportName()).toBe(bus.transport);
    const c = collect('stock:1');
    await publish('stock:1', { skuId: 1, available: 5 });
    expect(await c.wait(1)).toEqual([{ skuId: 1, available: 5 }]);
    c.stop();
  });

  describe.skipIf(!process.env.TEST_DATABASE_URL)('PostgreSQL', () => {
    it('receives what another connection notifies on its schema\'s channel, and nothing of other channels', async () => {
      bus = await startLiveBus(t.database);
      const c = collect('stock:2');
      const other = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await other.connect();
      try {
        await other.query('select pg_notify($1, $2)', [liveChannel('t_other_schema'), JSON.stringify({ t: 'stock:2', d: 'not mine' })]);
        await other.query('select pg_notify($1, $2)', [liveChannel(t.database.server!.schema), 'not json']);
        await other.query('select pg_notify($1, $2)', [liveChannel(t.database.server!.schema), JSON.stringify({ t: 'stock:2', d: 'mine' })]);
      } finally {
        await other.end();
      }
      expect(await c.wait(1)).toEqual(['mine']);
      await new Promise((r) => setTimeout(r, 200));
      expect(c.got).toEqual(['mine']);
      c.stop();
    });

    it('a message too large for NOTIFY travels by id through live_payloads', async () => {
      bus = await startLiveBus(t.database);
      const c = collect('board:big');
      const big = { rows: Array.from({ length: 400 }, (_, i) => ({ i, name: `第 ${i} 行 row ${i}` })) };
      expect(JSON.stringify(big).length).toBeGreaterThan(MAX_NOTIFY_BYTES);
      await publish('board:big', big);
      expect(await c.wait(1)).toEqual([big]);
      expect(Number((await sql<{ n: number }>`select count(*) as n from live_payloads where topic = 'board:big'`.execute(t.db)).rows[0].n)).toBe(1);
      c.stop();
    });

    it('reconnects after its connection is killed, tells streams to resync, and delivers again', async () => {
      bus = await startLiveBus(t.database);
      let resyncs = 0;
      const stopResync = onResync(() => resyncs++);
      const c = collect('stock:3');
      const killed = await sql<{ ok: boolean }>`select pg_terminate_backend(pid) as ok from pg_stat_activity
        where application_name = 'ordo-live' and query like ${`listen "${liveChannel(t.database.server!.schema)}"%`}`.execute(t.db);
      expect(killed.rows.map((r) => r.ok)).toEqual([true]);
      const until = Date.now() + 15_000;
      while (resyncs === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      expect(resyncs).toBe(1);
      await publish('stock:3', 'after');
      expect(await c.wait(1)).toEqual(['after']);
      stopResync();
      c.stop();
    });
  });

  describe.skipIf(!process.env.TEST_REDIS_URL)('Redis', () => {
    it('publishes and receives through Redis pub/sub when REDIS_URL is set', async () => {
      bus = await startLiveBus(t.database, { redisUrl: process.env.TEST_REDIS_URL });
      expect(bus.transport).toBe('redis');
      const c = collect('stock:4');
      await publish('stock:4', { n: 1 });
      const outside = new Redis(process.env.TEST_REDIS_URL!);
      try {
        const ns = t.database.server?.namespace ?? 'pglite';
        await outside.publish(`ordo:live:${ns}`, JSON.stringify({ t: 'stock:4', d: { n: 2 } }));
        await outside.publish(`ordo:live:other`, JSON.stringify({ t: 'stock:4', d: { n: 3 } }));
      } finally {
        outside.disconnect();
      }
      expect(await c.wait(2)).toEqual([{ n: 1 }, { n: 2 }]);
      c.stop();
    });
  });
});
