import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { createTestApp, type TestApp } from './harness';
import { seedCatalogFixtures } from './catalog-fixtures';
import { createTestOrder, seedWarehouseStock } from './order-fixtures';
import { startupWarnings } from '../startup';

// Issue 22: production is safe without reading the manual.
describe('what demo mode means (config)', () => {
  it('npm start on the embedded database is the demo; a PostgreSQL server or NODE_ENV=production is not', () => {
    expect(loadConfig({}).demo).toBe(true);
    expect(loadConfig({ DATABASE_URL: 'postgres://x@h/db' }).demo).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production' }).demo).toBe(false);
    expect(loadConfig({ ORDO_DEMO: '0' }).demo).toBe(false);
    expect(loadConfig({ ORDO_DEMO: '1', DATABASE_URL: 'postgres://x@h/db' }).demo).toBe(true);
  });
  it('the sandbox payment provider follows demo mode unless ORDO_SANDBOX_PAYMENTS=1, which warns at start-up', () => {
    expect(loadConfig({ ORDO_DEMO: '0' }).sandboxPayments).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://x@h/db' }).sandboxPayments).toBe(false);
    expect(loadConfig({}).sandboxPayments).toBe(true);
    const loud = loadConfig({ ORDO_DEMO: '0', ORDO_SANDBOX_PAYMENTS: '1' });
    expect(loud.sandboxPayments).toBe(true);
    expect(startupWarnings(loud).join('\n')).toMatch(/SANDBOX payment provider is ON outside demo mode/);
    expect(startupWarnings(loadConfig({ ORDO_DEMO: '0' }))).toEqual([]);
  });
});

describe('outside demo mode', () => {
  let t: TestApp;
  let WATER: number;
  beforeAll(async () => {
    t = await createTestApp({ config: { demo: false, sandboxPayments: false, metricsToken: 'm-secret-123' } });
    WATER = (await seedCatalogFixtures(t.database)).skus['WATER-550']!;
    await seedWarehouseStock(t.database, [WATER], 1000);
  });
  afterAll(() => t.close());

  it('the sandbox is off: no online payment offered or started, its pay page and notifications are gone', async () => {
    const buyer = await t.as('buyerA');
    const o = await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, lines: [{ skuId: WATER, qty: 5 }], status: 'awaiting_payment', reserve: false });
    const info = await buyer.get(`/api/my/orders/${o.orderId}/payment`);
    expect(info.statusCode, info.body).toBe(200);
    expect(info.json().allowedMethods).not.toContain('online');
    const r = await buyer.post(`/api/my/orders/${o.orderId}/pay/online`, {});
    expect(r.statusCode).toBe(422);
    expect(r.json().error.code).toBe('PAYMENT_METHOD_NOT_ALLOWED');
    const top = await buyer.post('/api/my/account/topups/online', { amount: 1000 });
    expect(top.statusCode).toBe(409);
    expect(top.json().error.code).toBe('ONLINE_PAYMENT_UNAVAILABLE');
    // a trade row left from an earlier demo run cannot be paid through the page
    await t.db.insertInto('sandbox_trades').values({ trade_no: 'SBXOLD1', out_trade_no: 'P-OLD', amount: 100, subject: 'x', notify_url: 'http://127.0.0.1:9/n', return_url: null, paid_at: null }).execute();
    expect((await t.anon.get('/api/payments/sandbox/pay/SBXOLD1')).statusCode).toBe(404);
    expect((await t.anon.request({ method: 'POST', url: '/api/payments/sandbox/pay/SBXOLD1', payload: '', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).statusCode).toBe(404);
    expect((await t.db.selectFrom('sandbox_trades').select('status').where('trade_no', '=', 'SBXOLD1').executeTakeFirstOrThrow()).status).toBe('created');
    const n = await t.anon.request({ method: 'POST', url: '/api/payments/notify/sandbox', payload: '{}', headers: { 'content-type': 'application/json' } });
    expect(n.statusCode).toBe(404);
  });

  it('demo-seeded accounts cannot sign in, with the same answer as an unknown login; a reset password clears that', async () => {
    await t.db.updateTable('users').set({ demo: true }).where('login', '=', 'ownerB').execute();
    const demo = await t.anon.post('/api/auth/login', { login: 'ownerB', password: t.fx.password });
    const unknown = await t.anon.post('/api/auth/login', { login: 'nobody-here', password: t.fx.password });
    expect(demo.statusCode).toBe(401);
    expect(demo.json()).toEqual(unknown.json());
    const admin = await t.as('admin');
    const reset = await admin.post(`/api/users/${t.fx.users.ownerB}/reset-password`, {});
    expect(reset.statusCode).toBe(200);
    expect((await t.anon.post('/api/auth/login', { login: 'ownerB', password: reset.json().password })).statusCode).toBe(200);
  });

  it('the sign-in page is told not to show the demo hint', async () => {
    expect((await t.anon.get('/api/auth/options')).json()).toEqual({ demo: false, sandboxPayments: false });
  });

  it('/metrics needs the bearer token', async () => {
    expect((await t.anon.get('/metrics')).statusCode).toBe(404);
    expect((await t.anon.get('/metrics', { authorization: 'Bearer wrong-token-1' })).statusCode).toBe(404);
    const ok = await t.anon.get('/metrics', { authorization: 'Bearer m-secret-123' });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('http_request_duration_seconds');
  });
});

describe('in demo mode', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ config: { demo: true, sandboxPayments: true } });
  });
  afterAll(() => t.close());
  it('demo accounts sign in and the page shows the hint; /metrics is still closed without a token', async () => {
    await t.db.updateTable('users').set({ demo: true }).where('login', '=', 'ownerB').execute();
    expect((await t.anon.post('/api/auth/login', { login: 'ownerB', password: t.fx.password })).statusCode).toBe(200);
    expect((await t.anon.get('/api/auth/options')).json()).toEqual({ demo: true, sandboxPayments: true });
    expect((await t.anon.get('/metrics')).statusCode).toBe(404);
  });
});
