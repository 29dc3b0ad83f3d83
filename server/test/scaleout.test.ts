import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../lib/db';
import { migrate } from '../lib/migrate';
import { MAX_FAILED_LOGINS } from '../modules/auth/sessions';
import { seedCatalogFixtures } from './catalog-fixtures';
import { seedFixtures } from './fixtures';
import { createScratchDatabase, freePort, HttpClient, sseReader, startProcess, waitHealthy, type Proc } from './processes';

/**
 * Ordo as it runs scaled out: two API processes without a worker (ORDO_WORKER=off) and one
 * `npm run worker` process, real child processes on a database of their own. Needs a server:
 * skipped without TEST_DATABASE_URL. With TEST_REDIS_URL the same runs again over Redis.
 */
const serverUrl = process.env.TEST_DATABASE_URL;
const variants: { name: string; redisUrl?: string }[] = [{ name: 'PostgreSQL LISTEN/NOTIFY' }];
if (process.env.TEST_REDIS_URL) variants.push({ name: 'Redis pub/sub', redisUrl: process.env.TEST_REDIS_URL });

const START_MS = 180_000; // the machine is shared and loaded: start-up may be slow

describe.skipIf(!serverUrl).each(variants)('2 API processes + 1 worker ($name)', ({ redisUrl }) => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  const procs: Proc[] = [];
  let A: string;
  let B: string;
  let password: string;
  let sales2: number;
  let COLA: number;
  let HZ: number;

  beforeAll(async () => {
    scratch = await createScratchDatabase(serverUrl!, 'ordo_scale');
    const database = await openDatabase({ databaseUrl: scratch.url });
    try {
      await migrate(database);
      const fx = await seedFixtures(database);
      password = fx.password;
      sales2 = fx.users.sales2;
      COLA = (await seedCatalogFixtures(database)).skus['COLA-330'];
    } finally {
      await database.close();
    }
    const env = {
      DATABASE_URL: scratch.url,
      HOST: '127.0.0.1',
      ORDO_DEMO: '0',
      LOG_LEVEL: 'info',
      ORDO_LOGIN_RATE_LIMIT: '1000',
      REDIS_URL: redisUrl ?? '',
    };
    const [pa, pb] = [await freePort(), await freePort()];
    const apiA = startProcess('api-A', 'server/main.ts', { ...env, PORT: String(pa), ORDO_WORKER: 'off' });
    const apiB = startProcess('api-B', 'server/main.ts', { ...env, PORT: String(pb), ORDO_WORKER: 'off' });
    const worker = startProcess('worker', 'server/worker-main.ts', env);
    procs.push(apiA, apiB, worker);
    A = `http://127.0.0.1:${pa}`;
    B = `http://127.0.0.1:${pb}`;
    await Promise.all([waitHealthy(`${A}/healthz`, apiA, START_MS), waitHealthy(`${B}/healthz`, apiB, START_MS), worker.waitFor(/outbox worker started/, START_MS)]);
    const transport = redisUrl ? 'redis' : 'postgres';
    for (const p of [apiA, apiB]) expect(p.output()).toContain(`live events: ${transport}; outbox worker: separate`);
    expect(worker.output()).toContain(`"liveTransport":"${transport}"`);

    const admin = new HttpClient(A);
    expect((await admin.post('/api/auth/login', { login: 'admin', password })).status).toBe(200);
    HZ = (await admin.post('/api/inventory/warehouses', { code: 'HZ', name: '杭州总仓' })).json.id;
    expect((await admin.post('/api/inventory/adjustments', { warehouseId: HZ, reason: '期初', lines: [{ skuId: COLA, qty: 8 }] })).status).toBe(200);
  }, START_MS + 60_000);

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await scratch?.drop();
  }, 60_000);

  it('a stock change made through process A reaches an SSE client of process B within a second', async () => {
    const buyer = new HttpClient(B);
    expect((await buyer.post('/api/auth/login', { login: 'buyerA', password })).status).toBe(200);
    const res = await fetch(`${B}/api/portal/stock/stream?skuIds=${COLA}`, { headers: { cookie: buyer.cookie } });
    expect(res.status).toBe(200);
    const events = sseReader(res, 'stock');
    try {
      expect(await events.next(10_000)).toMatchObject({ skuId: COLA, level: 'low', label: '紧张' });
      const warehouse = new HttpClient(A);
      expect((await warehouse.post('/api/auth/login', { login: 'warehouse', password })).status).toBe(200);
      // the session made on A is valid on B too (sessions live in the database)
      expect((await new HttpClient(B).get('/api/auth/me', { cookie: warehouse.cookie })).json.login).toBe('warehouse');

      const latencies: number[] = [];
      for (const [qty, level] of [[-8, 'out'], [30, 'plenty'], [-15, 'low']] as const) {
        const r = await warehouse.post('/api/inventory/adjustments', { warehouseId: HZ, reason: '盘点调整', lines: [{ skuId: COLA, qty }] });
        expect(r.status).toBe(200);
        const committed = Date.now();
        expect(await events.next(1_000)).toMatchObject({ skuId: COLA, level });
        latencies.push(Date.now() - committed);
      }
      console.log(`stock change on A -> SSE event on B: ${latencies.join(', ')} ms`);
    } finally {
      await events.cancel();
    }
  });

  it('a notification caused through A (low stock, notified by the worker) reaches the bell stream of B within a second', async () => {
    const warehouse = new HttpClient(A);
    expect((await warehouse.post('/api/auth/login', { login: 'warehouse', password })).status).toBe(200);
    const res = await fetch(`${B}/api/notifications/stream`, { headers: { cookie: warehouse.cookie } });
    expect(res.status).toBe(200);
    const bell = sseReader(res, 'unread');
    try {
      const { unread } = (await bell.next(10_000)) as { unread: number };
      expect((await warehouse.request('PUT', `/api/inventory/levels/${COLA}/${HZ}/safety-stock`, { safetyStock: 10 })).status).toBe(200);
      const available = ((await warehouse.get(`/api/inventory/skus/${COLA}`)).json as { totals: { available: number } }).totals.available;
      // fall below the safety stock: the worker raises the alert, which notifies every warehouse user
      expect((await warehouse.post('/api/inventory/adjustments', { warehouseId: HZ, reason: '报损', lines: [{ skuId: COLA, qty: -(available - 5) }] })).status).toBe(200);
      const committed = Date.now();
      expect(await bell.next(1_000)).toEqual({ unread: unread + 1 });
      console.log(`low stock on A -> bell on B: ${Date.now() - committed} ms`);
    } finally {
      await bell.cancel();
    }
  });

  it('a session made on A works on B; a user disabled through A is signed out on B within a second (B had the session cached)', async () => {
    const user = new HttpClient(A);
    expect((await user.post('/api/auth/login', { login: 'sales2', password })).status).toBe(200);
    const onB = new HttpClient(B);
    onB.cookie = user.cookie;
    expect((await onB.get('/api/auth/me')).status).toBe(200);
    expect((await onB.get('/api/auth/me')).status).toBe(200); // now in B's session cache
    const admin = new HttpClient(A);
    expect((await admin.post('/api/auth/login', { login: 'admin', password })).status).toBe(200);
    expect((await admin.patch(`/api/users/${sales2}`, { status: 'disabled' })).status).toBe(200);
    const t0 = Date.now();
    let status = 200;
    while (Date.now() - t0 < 1000 && status === 200) status = (await onB.get('/api/auth/me')).status;
    expect(status).toBe(401);
    expect((await admin.patch(`/api/users/${sales2}`, { status: 'active' })).status).toBe(200);
  });

  it('failed logins on A and B add up to one lockout; a registration rate limit counts across both', async () => {
    // Half the failures on each process: neither alone reaches the limit, together they do.
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
      const r = await new HttpClient(i % 2 ? A : B).post('/api/auth/login', { login: 'ownerB', password: 'wrong-password' });
      expect(r.status).toBe(401);
    }
    for (const base of [A, B]) {
      const r = await new HttpClient(base).post('/api/auth/login', { login: 'ownerB', password });
      expect(r.status).toBe(423);
      expect(r.json.error.code).toBe('ACCOUNT_LOCKED');
    }
    // Registration allows 10 a minute per IP: 10 requests spread over A and B, then both refuse.
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push((await new HttpClient(i % 2 ? A : B).post('/api/registrations', {})).status);
    expect(codes.slice(0, 10).every((c) => c !== 429)).toBe(true);
    expect(codes.slice(10)).toEqual([429, 429]);
  });
});
