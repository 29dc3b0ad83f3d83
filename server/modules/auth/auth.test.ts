import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type TestApp } from '../../test/harness';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const state = () => counts(t.db, ['sessions', 'users', 'api_tokens']);

describe('login', () => {
  it('signs in, sets an httpOnly SameSite cookie and returns the user with permissions', async () => {
    const res = await t.anon.post('/api/auth/login', { login: 'admin', password: t.fx.password });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ login: 'admin', role: 'admin', companyId: null });
    expect(res.json().permissions).toContain('users.manage');
    const cookie = res.headers['set-cookie'] as string;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });

  it('logs in case-insensitively and shows the company of a customer user', async () => {
    const res = await t.anon.post('/api/auth/login', { login: 'BUYERA', password: t.fx.password });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ role: 'customer_buyer', companyId: t.fx.companyA, companyName: '甲公司 Alpha Foods' });
  });

  const bad: [string, unknown, number, string][] = [
    ['wrong password', { login: 'admin', password: 'nope-nope' }, 401, 'INVALID_CREDENTIALS'],
    ['unknown user', { login: 'ghost', password: 'whatever1' }, 401, 'INVALID_CREDENTIALS'],
    ['missing password', { login: 'admin' }, 400, 'VALIDATION'],
    ['number as login', { login: 42, password: 'x' }, 400, 'VALIDATION'],
    ['10,000-character login', { login: 'a'.repeat(10_000), password: 'x' }, 400, 'VALIDATION'],
    ['10,000-character password', { login: 'admin', password: 'a'.repeat(10_000) }, 400, 'VALIDATION'],
    ['SQL fragment', { login: "admin' OR '1'='1", password: "' OR 1=1 --" }, 401, 'INVALID_CREDENTIALS'],
    ['script fragment', { login: '<script>alert(1)</script>', password: 'x' }, 401, 'INVALID_CREDENTIALS'],
    ['Chinese and emoji', { login: '张伟😀', password: '密码🔑' }, 401, 'INVALID_CREDENTIALS'],
    ['empty object', {}, 400, 'VALIDATION'],
    ['array body', [1, 2], 400, 'VALIDATION'],
  ];
  it.each(bad)('%s → %s %s, no session', async (_name, body, status, code) => {
    const before = await state();
    const res = await t.anon.post('/api/auth/login', body);
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect(res.json().error.message).toBeTruthy();
    expect(res.headers['set-cookie']).toBeUndefined();
    expect((await state()).sessions).toBe(before.sessions);
  });

  it('rejects a non-JSON body and a missing body with a clear 4xx', async () => {
    const broken = await t.anon.request({ method: 'POST', url: '/api/auth/login', payload: '{"login":', headers: { 'content-type': 'application/json' } });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('INVALID_JSON');
    const form = await t.anon.request({ method: 'POST', url: '/api/auth/login', payload: 'login=admin', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.statusCode).toBe(415);
    expect(form.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const none = await t.anon.request({ method: 'POST', url: '/api/auth/login' });
    expect(none.statusCode).toBe(400);
  });

  it('answers in English when Accept-Language prefers it', async () => {
    const res = await t.anon.post('/api/auth/login', { login: 'admin', password: 'wrong-one' }, { 'accept-language': 'en-US,en;q=0.9' });
    expect(res.json().error.message).toBe('Wrong login or password');
    const zh = await t.anon.post('/api/auth/login', { login: 'admin', password: 'wrong-one' }, { 'accept-language': 'zh-CN' });
    expect(zh.json().error.message).toBe('账号或密码错误');
  });

  it('refuses a login from the same address for 5 minutes after 10 failures, even with the right password (see server/test/security-login.test.ts)', async () => {
    for (let i = 0; i < 10; i++) {
      const r = await t.anon.post('/api/auth/login', { login: 'sales2', password: `wrong-${i}` });
      expect(r.statusCode).toBe(401);
    }
    const locked = await t.anon.post('/api/auth/login', { login: 'sales2', password: t.fx.password });
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('ACCOUNT_LOCKED');
    expect(locked.json().error.message).toMatch(/请 5 分钟后再试/);
    // an admin reset unlocks it
    const admin = await t.as('admin');
    const reset = await admin.post(`/api/users/${t.fx.users.sales2}/reset-password`);
    expect(reset.statusCode).toBe(200);
    const again = await t.anon.post('/api/auth/login', { login: 'sales2', password: reset.json().password });
    expect(again.statusCode).toBe(200);
  });
});

describe('sessions and tokens', () => {
  it('401 without a session, with a forged cookie and with a forged bearer token', async () => {
    expect((await t.anon.get('/api/auth/me')).statusCode).toBe(401);
    const forged = await t.anon.get('/api/auth/me', { cookie: 'ordo_session=forged-value' });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.code).toBe('SESSION_INVALID');
    const bearer = await t.anon.get('/api/auth/me', { authorization: 'Bearer ordo_forged' });
    expect(bearer.statusCode).toBe(401);
    expect(bearer.json().error.code).toBe('TOKEN_INVALID');
  });

  it('an expired session is refused', async () => {
    const c = await t.as('finance');
    await t.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000) }).where('user_id', '=', t.fx.users.finance).execute();
    const res = await c.get('/api/auth/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('SESSION_INVALID');
  });

  it('logout ends the session', async () => {
    const c = await t.as('warehouse');
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
    await c.post('/api/auth/logout');
    expect((await c.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('creates a scoped token shown once, which works only within its scopes and stops when revoked', async () => {
    const admin = await t.as('admin');
    const created = await admin.post('/api/auth/tokens', { name: 'ERP 对接', scopes: ['audit.read'] });
    expect(created.statusCode).toBe(200);
    const { token, id } = created.json();
    expect(token).toMatch(/^ordo_/);
    const list = await admin.get('/api/auth/tokens');
    expect(JSON.stringify(list.json())).not.toContain(token);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await t.anon.get('/api/audit-log', bearer)).statusCode).toBe(200);
    expect((await t.anon.get('/api/users', bearer)).statusCode).toBe(403);
    expect((await t.anon.post('/api/auth/tokens', { name: 'x', scopes: ['audit.read'] }, bearer)).statusCode).toBe(403);
    expect((await admin.delete(`/api/auth/tokens/${id}`)).statusCode).toBe(200);
    expect((await t.anon.get('/api/audit-log', bearer)).statusCode).toBe(401);
  });

  it('refuses tokens with unknown scopes or scopes the role lacks', async () => {
    const buyer = await t.as('buyerA');
    const before = await state();
    const r1 = await buyer.post('/api/auth/tokens', { name: 't', scopes: ['users.manage'] });
    expect(r1.statusCode).toBe(400);
    const r2 = await buyer.post('/api/auth/tokens', { name: 't', scopes: ['no.such.scope'] });
    expect(r2.statusCode).toBe(400);
    expect((await state()).api_tokens).toBe(before.api_tokens);
  });
});

describe('users', () => {
  it('a customer user gets 403 on staff endpoints; staff without the permission too', async () => {
    const buyer = await t.as('buyerA');
    expect((await buyer.get('/api/users')).statusCode).toBe(403);
    expect((await buyer.get('/api/audit-log')).statusCode).toBe(403);
    const sales = await t.as('sales');
    expect((await sales.post('/api/users', { login: 'x1', name: 'x', role: 'admin' })).statusCode).toBe(403);
  });

  it('admin creates a user with a generated password, which then works; the audit log records it', async () => {
    const admin = await t.as('admin');
    const res = await admin.post('/api/users', { login: 'newbuyer', name: '新采购 😀', role: 'customer_buyer', companyId: t.fx.companyB });
    expect(res.statusCode).toBe(200);
    const { user, initialPassword } = res.json();
    expect(initialPassword).toHaveLength(12);
    // the console shows the customer by name, not by id
    const companyB = await t.db.selectFrom('companies').select('name').where('id', '=', t.fx.companyB).executeTakeFirstOrThrow();
    expect(user.companyName).toBe(companyB.name);
    const listed = (await admin.get('/api/users?q=newbuyer')).json().items;
    expect(listed).toMatchObject([{ login: 'newbuyer', companyId: t.fx.companyB, companyName: companyB.name }]);
    expect((await t.anon.post('/api/auth/login', { login: 'newbuyer', password: initialPassword })).statusCode).toBe(200);
    const log = await admin.get(`/api/audit-log?entityType=user&entityId=${user.id}`);
    expect(log.json().items[0]).toMatchObject({ action: 'user.create', actorUserId: t.fx.users.admin });
  });

  const badUsers: [string, Record<string, unknown>, number, string][] = [
    ['duplicate login', { login: 'ADMIN', name: 'x', role: 'sales' }, 409, 'LOGIN_TAKEN'],
    ['customer role without company', { login: 'c1', name: 'x', role: 'customer_buyer' }, 400, 'COMPANY_REQUIRED'],
    ['staff with company', { login: 'c2', name: 'x', role: 'sales', companyId: 1 }, 400, 'COMPANY_NOT_ALLOWED'],
    ['unknown role', { login: 'c3', name: 'x', role: 'king' }, 400, 'VALIDATION'],
    ['unknown company', { login: 'c4', name: 'x', role: 'customer_buyer', companyId: 999999 }, 400, 'VALIDATION'],
    ['negative company id', { login: 'c5', name: 'x', role: 'customer_buyer', companyId: -1 }, 400, 'VALIDATION'],
    ['short password', { login: 'c6', name: 'x', role: 'sales', password: 'short' }, 400, 'PASSWORD_TOO_SHORT'],
    ['9 characters for staff', { login: 'c6', name: 'x', role: 'sales', password: 'kiwi-tree' }, 400, 'PASSWORD_TOO_SHORT'],
    ['password contains the login', { login: 'samesame', name: 'x', role: 'sales', password: 'my-samesame-key' }, 400, 'PASSWORD_CONTAINS_NAME'],
    ['common password', { login: 'c6', name: 'x', role: 'sales', password: 'Password123' }, 400, 'PASSWORD_TOO_COMMON'],
    ['empty password', { login: 'c6', name: 'x', role: 'sales', password: '' }, 400, 'VALIDATION'],
    ['script in login', { login: '<script>', name: 'x', role: 'sales' }, 400, 'VALIDATION'],
    ['huge name', { login: 'c7', name: '名'.repeat(10_000), role: 'sales' }, 400, 'VALIDATION'],
    ['bad email', { login: 'c8', name: 'x', role: 'sales', email: 'not-mail' }, 400, 'VALIDATION'],
  ];
  it.each(badUsers)('create: %s → %s %s, nothing written', async (_n, body, status, code) => {
    const admin = await t.as('admin');
    const before = await state();
    const res = await admin.post('/api/users', body);
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect((await state()).users).toBe(before.users);
  });

  it('a disabled user cannot sign in and loses its sessions', async () => {
    const admin = await t.as('admin');
    const buyer = await t.as('buyerB');
    const r = await admin.patch(`/api/users/${t.fx.users.buyerB}`, { status: 'disabled' });
    expect(r.statusCode).toBe(200);
    expect((await buyer.get('/api/auth/me')).statusCode).toBe(401);
    const login = await t.anon.post('/api/auth/login', { login: 'buyerB', password: t.fx.password });
    expect(login.statusCode).toBe(403);
    expect(login.json().error.code).toBe('ACCOUNT_DISABLED');
  });

  it('unknown user id → 404, non-numeric id → 400', async () => {
    const admin = await t.as('admin');
    expect((await admin.get('/api/users/999999')).statusCode).toBe(404);
    expect((await admin.get('/api/users/abc')).statusCode).toBe(400);
    expect((await admin.patch('/api/users/1', { bogus: 1 })).statusCode).toBe(400);
  });

  it('change password checks the current one and keeps only this session', async () => {
    const c = await t.as('ownerA');
    const wrong = await c.post('/api/auth/password', { currentPassword: 'nope', newPassword: 'river-stone-lamp-9' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('WRONG_PASSWORD');
    const other = await t.as('ownerA');
    const ok = await c.post('/api/auth/password', { currentPassword: t.fx.password, newPassword: 'river-stone-lamp-9' });
    expect(ok.statusCode).toBe(200);
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
    expect((await other.get('/api/auth/me')).statusCode).toBe(401);
    expect((await t.anon.post('/api/auth/login', { login: 'ownerA', password: 'river-stone-lamp-9' })).statusCode).toBe(200);
  });
});

describe('platform endpoints', () => {
  it('healthz reports the database kind and migration version', async () => {
    const res = await t.anon.get('/healthz');
    expect(res.json()).toMatchObject({ status: 'ok', database: process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite' });
    expect(res.json().migration).toMatch(/^\d{12}_/);
  });
  it('metrics are not public (ORDO_METRICS_TOKEN unset: 404; see server/test/security-defaults.test.ts)', async () => {
    expect((await t.anon.get('/metrics')).statusCode).toBe(404);
  });
  it('the OpenAPI document lists the routes', async () => {
    const res = await t.anon.get('/docs/json');
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().paths)).toContain('/api/auth/login');
  });
  it('unknown API routes give a JSON 404', async () => {
    const res = await t.anon.get('/api/nope');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('ROUTE_NOT_FOUND');
  });
});
