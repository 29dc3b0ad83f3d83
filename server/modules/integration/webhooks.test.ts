import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { counts, createTestApp, type TestApp } from '../../test/harness';
import { emit } from '../platform/outbox';
import { sign } from './webhooks';

let t: TestApp;
let server: http.Server;
let base: string;
const received: { path: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
let failNext = 0;

beforeAll(async () => {
  t = await createTestApp();
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      if (req.url === '/flaky' && failNext-- > 0) res.writeHead(500).end('boom');
      else res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.close();
  await t.close();
});

const retryNow = () => t.db.updateTable('outbox').set({ available_at: sql`now() - interval '1 second'` }).where('delivered_at', 'is', null).execute();

describe('webhooks', () => {
  it('delivers subscribed events with a verifiable signature, and not others', async () => {
    const admin = await t.as('admin');
    const created = await admin.post('/api/webhooks', { url: `${base}/orders`, topics: ['order.submitted'], description: '订单推送 ERP 😀' });
    expect(created.statusCode).toBe(200);
    const { secret } = created.json();
    expect(secret).toMatch(/^whsec_/);
    expect(JSON.stringify((await admin.get('/api/webhooks')).json())).not.toContain(secret);

    await emit(t.db, 'order.submitted', { orderId: 7, number: 'SO20261125-0007' });
    await emit(t.db, 'inventory.low_stock', { skuId: 1 });
    await t.drainOutbox();
    const got = received.filter((r) => r.path === '/orders');
    expect(got).toHaveLength(1);
    const sig = String(got[0].headers['x-ordo-signature']);
    const [, ts, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(sig)!;
    expect(v1).toBe(sign(secret, Number(ts), got[0].body));
    expect(JSON.parse(got[0].body)).toMatchObject({ topic: 'order.submitted', data: { orderId: 7 } });
    expect(got[0].headers['x-ordo-event-id']).toBeTruthy();
  });

  it('retries a failing receiver with backoff and never re-sends to a receiver that already took the event', async () => {
    const admin = await t.as('admin');
    await admin.post('/api/webhooks', { url: `${base}/flaky`, topics: ['payment.confirmed'] });
    await admin.post('/api/webhooks', { url: `${base}/steady`, topics: ['*'] });
    failNext = 2;
    const before = received.length;
    await emit(t.db, 'payment.confirmed', { orderId: 9 });
    for (let i = 0; i < 3; i++) {
      await t.drainOutbox();
      await retryNow();
    }
    const after = received.slice(before);
    expect(after.filter((r) => r.path === '/flaky')).toHaveLength(3);
    expect(after.filter((r) => r.path === '/steady')).toHaveLength(1);
    const flakyId = (await admin.get('/api/webhooks')).json().find((w: { url: string }) => w.url.endsWith('/flaky')).id;
    const log = (await admin.get(`/api/webhooks/${flakyId}/deliveries`)).json();
    expect(log.map((d: { ok: boolean }) => d.ok)).toEqual([true, false, false]);
    expect(log[1].statusCode).toBe(500);
  });

  it('a test event reports what the receiver answered; an unreachable URL is a clear failure', async () => {
    const admin = await t.as('admin');
    const ok = (await admin.post('/api/webhooks', { url: `${base}/ping`, topics: ['*'] })).json();
    expect((await admin.post(`/api/webhooks/${ok.id}/test`)).json()).toEqual({ ok: true, statusCode: 204, error: null });
    const dead = (await admin.post('/api/webhooks', { url: 'http://127.0.0.1:1/nowhere', topics: ['x.y'] })).json();
    const res = (await admin.post(`/api/webhooks/${dead.id}/test`)).json();
    expect(res.ok).toBe(false);
    expect(res.error).toBeTruthy();
  });

  it('rotating the secret returns a new one; disabling stops deliveries', async () => {
    const admin = await t.as('admin');
    const w = (await admin.post('/api/webhooks', { url: `${base}/rot`, topics: ['a.b'] })).json();
    const rotated = (await admin.patch(`/api/webhooks/${w.id}`, { rotateSecret: true })).json();
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(w.secret);
    await admin.patch(`/api/webhooks/${w.id}`, { active: false });
    const before = received.length;
    await emit(t.db, 'a.b', {});
    await t.drainOutbox();
    expect(received.slice(before).filter((r) => r.path === '/rot')).toHaveLength(0);
  });

  it.each([
    ['not a URL', { url: 'not a url', topics: ['*'] }],
    ['ftp scheme', { url: 'ftp://example.com/x', topics: ['*'] }],
    ['javascript scheme', { url: 'javascript:alert(1)', topics: ['*'] }],
    ['no topics', { url: 'http://example.com', topics: [] }],
    ['bad topic', { url: 'http://example.com', topics: ['Order Submitted!'] }],
    ['huge url', { url: `http://example.com/${'x'.repeat(5000)}`, topics: ['*'] }],
    ['unknown field', { url: 'http://example.com', topics: ['*'], secret: 'mine' }],
    ['wrong types', { url: 42, topics: 'order.submitted' }],
  ])('%s → 400, nothing written', async (_n, b) => {
    const admin = await t.as('admin');
    const before = await counts(t.db, ['webhook_endpoints']);
    const res = await admin.post('/api/webhooks', b);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION');
    expect(await counts(t.db, ['webhook_endpoints'])).toEqual(before);
  });

  it('only admins manage webhooks; unknown ids are 404', async () => {
    expect((await (await t.as('buyerA')).get('/api/webhooks')).statusCode).toBe(403);
    expect((await (await t.as('sales')).post('/api/webhooks', { url: 'http://example.com', topics: ['*'] })).statusCode).toBe(403);
    const admin = await t.as('admin');
    expect((await admin.patch('/api/webhooks/999999', { active: false })).statusCode).toBe(404);
    expect((await admin.delete('/api/webhooks/999999')).statusCode).toBe(404);
    expect((await admin.get('/api/webhooks/999999/deliveries')).statusCode).toBe(404);
  });
});
