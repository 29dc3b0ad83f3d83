import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness';
import { MAX_FAILED_LOGINS } from '../modules/auth/lockout';

// Issue 22: X-Forwarded-For only from ORDO_TRUSTED_PROXIES; lockout per login + address.
const login = (t: TestApp, body: { login: string; password: string }, from: string, xff?: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: body, remoteAddress: from, headers: xff ? { 'x-forwarded-for': xff } : {} });

describe('X-Forwarded-For from an untrusted address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ config: { loginRateLimitPerMinute: 3, trustedProxies: [] } });
  });
  afterAll(() => t.close());

  it('is ignored: a new forged address on every try does not escape the per-address limit', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await login(t, { login: 'admin', password: `wrong-${i}` }, '203.0.113.7', `198.51.100.${i + 1}`)).statusCode);
    expect(codes).toEqual([401, 401, 401, 429, 429]);
  });
  it('the session records the real peer, not the forged header', async () => {
    const ok = await login(t, { login: 'buyerA', password: t.fx.password }, '203.0.113.8', '10.9.9.9');
    expect(ok.statusCode).toBe(200);
    const s = await t.db.selectFrom('sessions').select('ip').where('user_id', '=', t.fx.users.buyerA).executeTakeFirstOrThrow();
    expect(s.ip).toBe('203.0.113.8');
  });
});

describe('X-Forwarded-For from a configured proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ config: { loginRateLimitPerMinute: 3, trustedProxies: ['10.0.0.0/8'] } });
  });
  afterAll(() => t.close());
  it('gives the client address: clients behind the proxy are limited each on their own', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await login(t, { login: 'admin', password: `wrong-${i}` }, '10.0.0.2', `198.51.100.${i + 1}`)).statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 401]);
    const ok = await login(t, { login: 'buyerA', password: t.fx.password }, '10.0.0.2', '198.51.100.77');
    expect(ok.statusCode).toBe(200);
    const s = await t.db.selectFrom('sessions').select('ip').where('user_id', '=', t.fx.users.buyerA).executeTakeFirstOrThrow();
    expect(s.ip).toBe('198.51.100.77');
  });
});

describe('lockout per login and address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  const ATTACKER = '203.0.113.66', OWNER = '198.51.100.10', OTHER = '198.51.100.11';

  it('failures from an attacker lock the admin out only at the attacker’s address', async () => {
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) expect((await login(t, { login: 'admin', password: `nope-${i}` }, ATTACKER)).statusCode).toBe(401);
    const refused = await login(t, { login: 'admin', password: t.fx.password }, ATTACKER);
    expect(refused.statusCode).toBe(423);
    expect(refused.json().error.code).toBe('ACCOUNT_LOCKED');
    expect((await login(t, { login: 'admin', password: t.fx.password }, OWNER)).statusCode).toBe(200);
  });

  it('an unknown login answers exactly like a locked real one', async () => {
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
      expect((await login(t, { login: 'ghost-user', password: `nope-${i}` }, ATTACKER)).statusCode).toBe(401);
      expect((await login(t, { login: 'sales', password: `nope-${i}` }, ATTACKER)).statusCode).toBe(401);
    }
    const ghost = await login(t, { login: 'ghost-user', password: 'whatever-1' }, ATTACKER);
    const real = await login(t, { login: 'sales', password: t.fx.password }, ATTACKER);
    expect([ghost.statusCode, real.statusCode]).toEqual([423, 423]);
    expect(ghost.json()).toEqual(real.json());
  });

  it('the refusal grows with each further failure (5, 10, 20 … at most 60 minutes) but stays at that address', async () => {
    const minutes = async () => {
      const row = await t.db.selectFrom('login_failures').select(['locked_until', 'failures']).where('login_key', '=', 'warehouse').where('ip', '=', ATTACKER).executeTakeFirstOrThrow();
      return Math.round((row.locked_until!.getTime() - Date.now()) / 60_000);
    };
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) await login(t, { login: 'warehouse', password: `nope-${i}` }, ATTACKER);
    expect(await minutes()).toBe(5);
    const steps: number[] = [];
    for (let k = 0; k < 5; k++) {
      // the refusal ended: one more wrong password doubles it
      await t.db.updateTable('login_failures').set({ locked_until: new Date(Date.now() - 1000) }).where('login_key', '=', 'warehouse').execute();
      expect((await login(t, { login: 'warehouse', password: 'nope-again' }, ATTACKER)).statusCode).toBe(401);
      steps.push(await minutes());
    }
    expect(steps).toEqual([10, 20, 40, 60, 60]);
    expect((await login(t, { login: 'warehouse', password: t.fx.password }, OTHER)).statusCode).toBe(200);
  });

  it('an admin unlocks a login; a success from an address forgets its failures', async () => {
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) await login(t, { login: 'finance', password: `nope-${i}` }, OWNER);
    expect((await login(t, { login: 'finance', password: t.fx.password }, OWNER)).statusCode).toBe(423);
    const admin = await t.as('admin');
    const buyer = await t.as('buyerA');
    expect((await buyer.post(`/api/users/${t.fx.users.finance}/unlock`, {})).statusCode).toBe(403);
    expect((await admin.post(`/api/users/${t.fx.users.finance}/unlock`, {})).statusCode).toBe(200);
    expect((await login(t, { login: 'finance', password: t.fx.password }, OWNER)).statusCode).toBe(200);
    const audit = await t.db.selectFrom('audit_log').select('action').where('action', '=', 'user.unlock').execute();
    expect(audit.length).toBe(1);
    for (let i = 0; i < MAX_FAILED_LOGINS - 1; i++) await login(t, { login: 'finance', password: `nope-${i}` }, OWNER);
    expect((await login(t, { login: 'finance', password: t.fx.password }, OWNER)).statusCode).toBe(200);
    expect(await t.db.selectFrom('login_failures').selectAll().where('login_key', '=', 'finance').execute()).toEqual([]);
  });
});
