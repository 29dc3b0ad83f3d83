import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from './harness';

// Issue 22: CSRF, JSON-only bodies, security headers, token scopes on account routes.
let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await createTestApp({ config: { publicUrl: 'http://ordo.test:3000' } });
  admin = await t.as('admin');
});
afterAll(() => t.close());

const canLogin = async (login: string, password: string) => (await t.anon.post('/api/auth/login', { login, password })).statusCode === 200;

describe('cross-site request forgery', () => {
  const reset = (headers: Record<string, string>, payload = '', type = 'text/plain') =>
    admin.request({ method: 'POST', url: `/api/users/${t.fx.users.sales2}/reset-password`, payload, headers: { 'content-type': type, ...headers } });

  it('a text/plain form from a page on another port of the same host is refused, and the password stays', async () => {
    const res = await reset({ host: 'ordo.test:3000', origin: 'http://ordo.test:8081', 'sec-fetch-site': 'same-site' }, 'x=1');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CSRF_REFUSED');
    expect(await canLogin('sales2', t.fx.password)).toBe(true);
  });
  it('a cross-site form is refused (by Sec-Fetch-Site, or by Origin from an older browser)', async () => {
    expect((await reset({ 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' })).json().error.code).toBe('CSRF_REFUSED');
    expect((await reset({ origin: 'https://evil.example' }, '', 'application/x-www-form-urlencoded')).json().error.code).toBe('CSRF_REFUSED');
    const json = await admin.request({ method: 'PATCH', url: `/api/users/${t.fx.users.sales2}`, payload: { name: '被改名' }, headers: { origin: 'http://ordo.test:8081' } });
    expect(json.statusCode).toBe(403);
    expect(await canLogin('sales2', t.fx.password)).toBe(true);
  });
  it('our own pages pass: same-origin fetch, or Origin equal to ORDO_PUBLIC_URL or the Host', async () => {
    const a = await admin.request({ method: 'PATCH', url: `/api/users/${t.fx.users.sales2}`, payload: { name: '测试 sales2' }, headers: { 'sec-fetch-site': 'same-origin', origin: 'http://ordo.test:3000' } });
    expect(a.statusCode, a.body).toBe(200);
    const b = await admin.request({ method: 'PATCH', url: `/api/users/${t.fx.users.sales2}`, payload: { name: '测试 sales2' }, headers: { origin: 'http://ordo.test:3000' } });
    expect(b.statusCode, b.body).toBe(200);
    const c = await admin.request({ method: 'PATCH', url: `/api/users/${t.fx.users.sales2}`, payload: { name: '测试 sales2' }, headers: { host: 'localhost:4000', origin: 'http://localhost:4000' } });
    expect(c.statusCode, c.body).toBe(200);
  });
  it('JSON routes take JSON only: text/plain and form bodies are 415 even from our own origin', async () => {
    const text = await admin.request({ method: 'PATCH', url: `/api/users/${t.fx.users.sales2}`, payload: '{"name":"x"}', headers: { 'content-type': 'text/plain' } });
    expect([text.statusCode, text.json().error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const form = await t.anon.request({ method: 'POST', url: '/api/auth/login', payload: `login=admin&password=${t.fx.password}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.statusCode).toBe(415);
    const plainLogin = await t.anon.request({ method: 'POST', url: '/api/auth/login', payload: JSON.stringify({ login: 'admin', password: t.fx.password }), headers: { 'content-type': 'text/plain' } });
    expect(plainLogin.statusCode).toBe(415);
  });
  it('bearer-token calls are not cookie calls and are not checked for origin', async () => {
    const tok = await admin.post('/api/auth/tokens', { name: 'ci', scopes: ['users.manage'] });
    expect(tok.statusCode, tok.body).toBe(200);
    const res = await t.anon.request({ method: 'PATCH', url: `/api/users/${t.fx.users.sales2}`, payload: { name: '测试 sales2' }, headers: { authorization: `Bearer ${tok.json().token}`, origin: 'https://ci.example' } });
    expect(res.statusCode, res.body).toBe(200);
  });
});

describe('security headers', () => {
  it('every answer has nosniff, a Referrer-Policy, no framing, and a CSP without inline script', async () => {
    for (const url of ['/api/auth/options', '/healthz', '/api/nope']) {
      const h = (await t.anon.get(url)).headers;
      expect(h['x-content-type-options']).toBe('nosniff');
      expect(h['referrer-policy']).toBe('same-origin');
      expect(h['x-frame-options']).toBe('DENY');
      const csp = String(h['content-security-policy']);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(h['strict-transport-security']).toBeUndefined();
    }
  });
  it('HSTS when the cookie is Secure (behind HTTPS)', async () => {
    const t2 = await createTestApp({ config: { cookieSecure: true } });
    try {
      expect((await t2.anon.get('/healthz')).headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    } finally {
      await t2.close();
    }
  });
});

describe('API tokens on account routes', () => {
  it('a token never changes a password, mints or revokes a token, or resets a password — whatever its scopes', async () => {
    const buyer = await t.as('buyerA');
    const tok = (await buyer.post('/api/auth/tokens', { name: 'browse', scopes: ['catalog.browse'] })).json();
    const bearer = { authorization: `Bearer ${tok.token}` };
    const change = await t.anon.post('/api/auth/password', { currentPassword: t.fx.password, newPassword: 'a-much-longer-secret-1' }, bearer);
    expect(change.statusCode).toBe(403);
    expect(change.json().error.code).toBe('TOKEN_NOT_ALLOWED');
    expect((await t.anon.post('/api/auth/tokens', { name: 'more', scopes: ['catalog.browse'] }, bearer)).statusCode).toBe(403);
    expect((await t.anon.delete(`/api/auth/tokens/${tok.id}`, bearer)).statusCode).toBe(403);
    const wide = (await admin.post('/api/auth/tokens', { name: 'ops', scopes: ['*'] })).json();
    const r = await t.anon.post(`/api/users/${t.fx.users.sales2}/reset-password`, {}, { authorization: `Bearer ${wide.token}` });
    expect(r.statusCode).toBe(403);
    expect(await canLogin('buyerA', t.fx.password)).toBe(true);
  });

  it('a password change ends every other session and every token; the session that made it stays', async () => {
    const here = await t.as('ownerA');
    const other = await t.as('ownerA');
    const tok = (await here.post('/api/auth/tokens', { name: 'sync', scopes: ['catalog.browse'] })).json();
    expect((await t.anon.get('/api/auth/me', { authorization: `Bearer ${tok.token}` })).statusCode).toBe(200);
    const res = await here.post('/api/auth/password', { currentPassword: t.fx.password, newPassword: 'tea-kettle-orchard-2026' });
    expect(res.statusCode, res.body).toBe(200);
    expect((await here.get('/api/auth/me')).statusCode).toBe(200);
    expect((await other.get('/api/auth/me')).statusCode).toBe(401);
    expect((await t.anon.get('/api/auth/me', { authorization: `Bearer ${tok.token}` })).statusCode).toBe(401);
  });

  it('an admin reset ends the user’s sessions and tokens too', async () => {
    const s = await t.as('ownerB');
    const tok = (await s.post('/api/auth/tokens', { name: 'x', scopes: ['catalog.browse'] })).json();
    expect((await admin.post(`/api/users/${t.fx.users.ownerB}/reset-password`, {})).statusCode).toBe(200);
    expect((await s.get('/api/auth/me')).statusCode).toBe(401);
    expect((await t.anon.get('/api/auth/me', { authorization: `Bearer ${tok.token}` })).statusCode).toBe(401);
  });
});
