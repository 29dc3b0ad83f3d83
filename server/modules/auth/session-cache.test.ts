import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';
import { cachedSession, ENTRY_TTL_MS, rememberSession, sessionGeneration, sessionsChanged } from './session-cache';
import { sha256 } from './passwords';
import { SESSION_COOKIE } from './sessions';

/**
 * The session cache (issue 20: no session read per request) keeps revocation exact: every way Ordo
 * ends or changes a session takes effect on the very next request, through HTTP, on both databases.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());
afterEach(() => vi.restoreAllMocks());

const tokenOf = (c: { headers: Record<string, string> }) => new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(c.headers.cookie ?? '')![1]!;

describe('session cache', () => {
  it('a used session is served from memory: deleting its row behind Ordo\'s back takes effect only after the entry\'s lifetime', async () => {
    const buyer = await t.as('buyerA');
    expect((await buyer.get('/api/auth/me')).statusCode).toBe(200);
    const hash = sha256(tokenOf(buyer));
    expect(cachedSession(t.db, hash)?.login).toBe('buyerA');
    // Not through Ordo: no notice is sent, so only the lifetime bounds it.
    await sql`delete from sessions where token_hash = ${hash}`.execute(t.db);
    expect((await buyer.get('/api/auth/me')).statusCode).toBe(200);
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + ENTRY_TTL_MS + 1);
    expect((await buyer.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('logout ends the session on the next request', async () => {
    const buyer = await t.as('buyerA');
    expect((await buyer.get('/api/auth/me')).statusCode).toBe(200);
    expect((await buyer.post('/api/auth/logout')).statusCode).toBe(200);
    const after = await buyer.get('/api/auth/me');
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('SESSION_INVALID');
  });

  it('disabling a user, and changing a user\'s name, apply on the next request', async () => {
    const admin = await t.as('admin');
    const sales2 = await t.as('sales2');
    expect((await sales2.get('/api/auth/me')).json().name).toBe('测试 sales2');
    expect((await admin.patch(`/api/users/${t.fx.users.sales2}`, { name: '王五 😀' })).statusCode).toBe(200);
    expect((await sales2.get('/api/auth/me')).json().name).toBe('王五 😀');
    expect((await admin.patch(`/api/users/${t.fx.users.sales2}`, { status: 'disabled' })).statusCode).toBe(200);
    expect((await sales2.get('/api/auth/me')).statusCode).toBe(401);
    expect((await admin.patch(`/api/users/${t.fx.users.sales2}`, { status: 'active' })).statusCode).toBe(200);
  });

  it('suspending a company signs its users out at once; active again, they can sign in', async () => {
    const admin = await t.as('admin');
    const owner = await t.as('ownerB');
    expect((await owner.get('/api/auth/me')).statusCode).toBe(200);
    expect((await admin.patch(`/api/customers/${t.fx.companyB}`, { status: 'suspended' })).statusCode).toBe(200);
    expect((await owner.get('/api/auth/me')).statusCode).toBe(401);
    expect((await t.anon.post('/api/auth/login', { login: 'ownerB', password: t.fx.password })).json().error.code).toBe('COMPANY_SUSPENDED');
    expect((await admin.patch(`/api/customers/${t.fx.companyB}`, { status: 'active' })).statusCode).toBe(200);
    expect((await (await t.as('ownerB')).get('/api/auth/me')).statusCode).toBe(200);
  });

  it('an admin\'s password reset ends the user\'s sessions on the next request', async () => {
    const admin = await t.as('admin');
    const wh = await t.as('warehouse');
    expect((await wh.get('/api/auth/me')).statusCode).toBe(200);
    expect((await admin.post(`/api/users/${t.fx.users.warehouse}/reset-password`)).statusCode).toBe(200);
    expect((await wh.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('requiring two-factor sign-in for a role holds that role\'s signed-in members at once, and lifting it frees them', async () => {
    const admin = await t.as('admin');
    const finance = await t.as('finance');
    expect((await finance.get('/api/payments/transfers')).statusCode).not.toBe(403);
    expect((await admin.put('/api/auth/two-factor/policy', { roles: ['finance'] })).statusCode).toBe(200);
    const held = await finance.get('/api/payments/transfers');
    expect(held.statusCode).toBe(403);
    expect(held.json().error.code).toBe('TWO_FACTOR_SETUP_REQUIRED');
    expect((await admin.put('/api/auth/two-factor/policy', { roles: [] })).statusCode).toBe(200);
    expect((await finance.get('/api/payments/transfers')).statusCode).not.toBe(403);
  });

  it('a read that was under way when a change landed is not cached', async () => {
    const generation = sessionGeneration(t.db);
    await sessionsChanged({ userIds: [t.fx.users.buyerB] });
    const actor = { userId: t.fx.users.buyerB, login: 'buyerB', name: 'x', role: 'customer_buyer' as const, companyId: t.fx.companyB, via: 'session' as const, scopes: null };
    rememberSession(t.db, generation, 'stale-read', actor, t.fx.companyB, new Date(Date.now() + 60_000));
    expect(cachedSession(t.db, 'stale-read')).toBeUndefined();
    rememberSession(t.db, sessionGeneration(t.db), 'fresh-read', actor, t.fx.companyB, new Date(Date.now() + 60_000));
    expect(cachedSession(t.db, 'fresh-read')).toBeDefined();
  });
});
