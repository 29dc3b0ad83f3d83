import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';
import { sseReader } from '../../test/processes';
import { subscriberCount } from '../../lib/live';
import { notify } from './notify';
import { NOTIFIED_TOPIC } from './live';

let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(() => t.close());

const notifyUsers = (userIds: number[], title: string) => t.db.transaction().execute((trx) => notify(trx, { userIds, title, body: '正文' }));

describe('live bell', () => {
  it('streams the unread count now and after each notification of this user, not of others', async () => {
    const buyer = await t.as('buyerA');
    const ctrl = new AbortController();
    const res = await fetch(`${base}/api/notifications/stream`, { headers: { cookie: buyer.headers.cookie! }, signal: ctrl.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events = sseReader(res, 'unread');
    expect(await events.next(5_000)).toEqual({ unread: 0 });
    expect(subscriberCount(NOTIFIED_TOPIC)).toBe(1);

    await notifyUsers([t.fx.users.buyerB], '给乙公司');
    await t.drainOutbox();
    await expect(events.next(400)).rejects.toThrow(/no 'unread' event/);

    await notifyUsers([t.fx.users.buyerA, t.fx.users.buyerB], '给两位');
    await t.drainOutbox();
    expect(await events.next(5_000)).toEqual({ unread: 1 });
    await notifyUsers([t.fx.users.buyerA], '再一条');
    await t.drainOutbox();
    expect(await events.next(5_000)).toEqual({ unread: 2 });

    ctrl.abort();
    await new Promise((r) => setTimeout(r, 100));
    expect(subscriberCount(NOTIFIED_TOPIC)).toBe(0);
  });

  it('needs a session', async () => {
    expect((await t.anon.get('/api/notifications/stream')).statusCode).toBe(401);
  });
});
