import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../test/harness';
import { deliverBatch, emit, MAX_ATTEMPTS, type OutboxHandler } from './outbox';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const pending = async () =>
  Number((await t.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('delivered_at', 'is', null).where('dead_at', 'is', null).executeTakeFirstOrThrow()).n);

describe('transactional outbox', () => {
  it('an event exists only if its transaction commits', async () => {
    await t.db.transaction().execute(async (trx) => emit(trx, 'test.committed', { n: 1 }));
    await t.db
      .transaction()
      .execute(async (trx) => {
        await emit(trx, 'test.rolled_back', { n: 2 });
        throw new Error('business rule failed');
      })
      .catch(() => undefined);
    const topics = (await t.db.selectFrom('outbox').select('topic').execute()).map((r) => r.topic);
    expect(topics).toContain('test.committed');
    expect(topics).not.toContain('test.rolled_back');
    await t.db.deleteFrom('outbox').execute();
  });

  it('delivers at least once, retries a failing handler with backoff, and never re-runs a handler that succeeded', async () => {
    const seen: Record<string, number> = { good: 0, flaky: 0 };
    let failuresLeft = 2;
    const handlers: OutboxHandler[] = [
      { name: 'good', topics: ['test.retry'], handle: async () => void seen.good++ },
      {
        name: 'flaky',
        topics: ['test.retry'],
        handle: async () => {
          seen.flaky++;
          if (failuresLeft-- > 0) throw new Error('smtp down');
        },
      },
    ];
    await emit(t.db, 'test.retry', { orderId: 1 });
    for (let i = 0; i < 3; i++) {
      await deliverBatch(t.db, handlers);
      // make the backoff elapse instantly for the test
      await t.db.updateTable('outbox').set({ available_at: sql`now() - interval '1 second'` }).where('delivered_at', 'is', null).execute();
    }
    expect(seen.good).toBe(1);
    expect(seen.flaky).toBe(3);
    const row = await t.db.selectFrom('outbox').selectAll().where('topic', '=', 'test.retry').executeTakeFirstOrThrow();
    expect(row.delivered_at).not.toBeNull();
    expect(row.attempts).toBe(3);
    expect(await pending()).toBe(0);
  });

  it('schedules the retry in the future (exponential backoff) and gives up after the maximum attempts', async () => {
    const failing: OutboxHandler = { name: 'down', topics: ['test.dead'], handle: async () => { throw new Error('always'); } };
    await emit(t.db, 'test.dead', {});
    await deliverBatch(t.db, [failing]);
    const after1 = await t.db.selectFrom('outbox').select(['available_at', 'last_error']).where('topic', '=', 'test.dead').executeTakeFirstOrThrow();
    expect(after1.available_at.getTime()).toBeGreaterThan(Date.now());
    expect(after1.last_error).toMatch(/down: always/);
    for (let i = 1; i < MAX_ATTEMPTS; i++) {
      await t.db.updateTable('outbox').set({ available_at: sql`now() - interval '1 second'` }).where('topic', '=', 'test.dead').execute();
      await deliverBatch(t.db, [failing]);
    }
    const dead = await t.db.selectFrom('outbox').select(['dead_at', 'attempts']).where('topic', '=', 'test.dead').executeTakeFirstOrThrow();
    expect(dead.attempts).toBe(MAX_ATTEMPTS);
    expect(dead.dead_at).not.toBeNull();
  });

  it('two workers never deliver the same event at the same time', async () => {
    let runs = 0;
    const slow: OutboxHandler = { name: 'slow', topics: ['test.lease'], handle: async () => { runs++; await new Promise((r) => setTimeout(r, 50)); } };
    for (let i = 0; i < 10; i++) await emit(t.db, 'test.lease', { i });
    await Promise.all([deliverBatch(t.db, [slow]), deliverBatch(t.db, [slow]), deliverBatch(t.db, [slow])]);
    while ((await deliverBatch(t.db, [slow])) > 0);
    expect(runs).toBe(10);
  });
});

describe('conventions', () => {
  it('every response carries a request id', async () => {
    const res = await t.anon.get('/healthz', { 'x-request-id': 'abc-123' });
    expect(res.headers['x-request-id']).toBe('abc-123');
  });
});
