import type { AddressInfo } from 'node:net';
import { Secret, TOTP } from 'otpauth';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FAILED_LOGINS } from '../modules/auth/lockout';
import { sha256 } from '../modules/auth/passwords';
import { counts, createTestApp, type TestApp } from './harness';

// Issue 22: a locked login unlocked by a one-time, expiring link e-mailed to its owner; and
// "remember this device" for two-factor sign-in (a signed, expiring, revocable cookie).
let t: TestApp;
let smtp: SMTPServer;
const inbox: { to: string[]; raw: string }[] = [];

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, cb) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  t = await createTestApp({ config: { smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`, publicUrl: 'https://ordo.example.com' } });
  await t.db.updateTable('users').set({ email: 'sales@example.com' }).where('id', '=', t.fx.users.sales).execute();
  await t.db.updateTable('users').set({ email: 'wh@example.com' }).where('id', '=', t.fx.users.warehouse).execute();
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((r) => smtp.close(() => r()));
});

const FROM = '203.0.113.90';
const login = (name: string, password: string, ip = FROM, cookie?: string) =>
  t.anon.request({ method: 'POST', url: '/api/auth/login', payload: { login: name, password }, remoteAddress: ip, headers: cookie ? { cookie } : {} });
const post = (url: string, payload: unknown, ip = FROM) => t.anon.request({ method: 'POST', url, payload: payload as object, remoteAddress: ip });
/** The unlock link's token in the (quoted-printable) mail body. */
const tokenIn = (raw: string) => /unlock\?token=3D([\w-]+)|unlock\?token=([\w-]+)/.exec(raw.replace(/=\r?\n/g, ''))!.slice(1).find(Boolean)!;

describe('unlock by an e-mailed link', () => {
  it('a locked owner asks for a link; it goes to the account address only, and opens the login once', async () => {
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) await login('sales', `wrong-${i}`);
    expect((await login('sales', t.fx.password)).statusCode).toBe(423);

    const asked = await post('/api/auth/unlock/request', { login: 'SALES' });
    expect([asked.statusCode, asked.json()]).toEqual([200, { ok: true }]);
    await t.drainOutbox();
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.to).toEqual(['sales@example.com']);
    const token = tokenIn(inbox[0]!.raw);
    expect(inbox[0]!.raw.replace(/=\r?\n/g, '')).toContain('https://ordo.example.com/unlock?token=');
    // stored: only its hash; the outbox carried it sealed
    const row = await t.db.selectFrom('unlock_tokens').selectAll().where('user_id', '=', t.fx.users.sales).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(sha256(token));
    expect(row.expires_at.getTime() - Date.now()).toBeGreaterThan(29 * 60_000);
    const outbox = await t.db.selectFrom('outbox').select('payload').where('topic', '=', 'auth.unlock_email').execute();
    expect(JSON.stringify(outbox)).not.toContain(token);

    // a second request within minutes sends nothing more
    expect((await post('/api/auth/unlock/request', { login: 'sales' })).json()).toEqual({ ok: true });
    await t.drainOutbox();
    expect(inbox).toHaveLength(1);

    const used = await post('/api/auth/unlock', { token });
    expect([used.statusCode, used.json()]).toEqual([200, { login: 'sales' }]);
    expect((await login('sales', t.fx.password)).statusCode).toBe(200);
    const again = await post('/api/auth/unlock', { token });
    expect([again.statusCode, again.json().error.code]).toEqual([400, 'UNLOCK_LINK_INVALID']);
    expect(again.json().error.message).toMatch(/解锁链接/);
  });

  it('answers the same for unknown, unlocked or address-less logins, and sends nothing', async () => {
    await t.db.updateTable('users').set({ email: null }).where('id', '=', t.fx.users.finance).execute();
    const before = await counts(t.db, ['unlock_tokens', 'outbox']);
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) await login('finance', `wrong-${i}`, '203.0.113.91'); // locked, but no e-mail address
    for (const name of ['nobody-here', 'buyerA', 'finance', '无此账号😀']) {
      const r = await post('/api/auth/unlock/request', { login: name }, '203.0.113.91');
      expect([r.statusCode, r.json()], name).toEqual([200, { ok: true }]);
    }
    expect(await counts(t.db, ['unlock_tokens', 'outbox'])).toEqual(before);
  });

  it('an expired link is refused; bad bodies get a Chinese 400 and change nothing', async () => {
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) await login('warehouse', `wrong-${i}`);
    await post('/api/auth/unlock/request', { login: 'warehouse' });
    await t.drainOutbox();
    const token = tokenIn(inbox.at(-1)!.raw);
    await t.db.updateTable('unlock_tokens').set({ expires_at: new Date(Date.now() - 1000) }).where('token_hash', '=', sha256(token)).execute();
    expect((await post('/api/auth/unlock', { token })).json().error.code).toBe('UNLOCK_LINK_INVALID');
    expect((await login('warehouse', t.fx.password)).statusCode).toBe(423);

    const before = await counts(t.db, ['unlock_tokens', 'login_failures', 'audit_log']);
    for (const body of [{}, { token: 123 }, { token: 'short' }, { token: 'x'.repeat(101) }, { token: `${'a'.repeat(30)}😀` }, { token, extra: 1 }]) {
      const r = await post('/api/auth/unlock', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    for (const body of [{}, { login: 5 }, { login: 'x'.repeat(65) }, { login: 'sales', extra: true }]) {
      expect((await post('/api/auth/unlock/request', body)).statusCode, JSON.stringify(body)).toBe(400);
    }
    expect(await counts(t.db, ['unlock_tokens', 'login_failures', 'audit_log'])).toEqual(before);
  });
});

describe('remember this device', () => {
  const totp = (secret: string) => new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
  const IP = '198.51.100.40';
  let secret = '';
  const nextWindow = () => t.db.updateTable('users').set({ totp_last_step: null }).where('id', '=', t.fx.users.ownerA).execute();
  const deviceCookieOf = (res: Awaited<ReturnType<typeof login>>) => res.cookies.find((c) => c.name === 'ordo_device');
  async function twoSteps(remember: boolean) {
    await nextWindow();
    const first = await login('ownerA', t.fx.password, IP);
    return t.anon.request({ method: 'POST', url: '/api/auth/login/two-factor', remoteAddress: IP, payload: { challenge: first.json().twoFactor.challenge, code: totp(secret).generate(), rememberDevice: remember } });
  }

  beforeAll(async () => {
    const owner = await t.as('ownerA');
    secret = (await owner.post('/api/auth/two-factor/setup')).json().secret;
    expect((await owner.post('/api/auth/two-factor/confirm', { code: totp(secret).generate() })).statusCode).toBe(200);
  });

  it('after a good code, a remembered browser signs in with the password alone for 30 days', async () => {
    expect(deviceCookieOf(await twoSteps(false))).toBeUndefined();
    const done = await twoSteps(true);
    expect(done.statusCode, done.body).toBe(200);
    const c = deviceCookieOf(done)!;
    expect(c).toMatchObject({ path: '/api/auth', httpOnly: true, sameSite: 'Lax', maxAge: 30 * 86_400 });
    expect(c.value).toMatch(/^\d+\.\d+\.[\w-]+\.[\w-]+$/);
    const row = await t.db.selectFrom('trusted_devices').selectAll().where('user_id', '=', t.fx.users.ownerA).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(sha256(c.value.split('.')[2]!));

    const again = await login('ownerA', t.fx.password, IP, `ordo_device=${c.value}`);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).not.toHaveProperty('twoFactor');
    expect(again.cookies.find((x) => x.name === 'ordo_session')).toBeTruthy();
    // the password is still checked
    expect((await login('ownerA', 'wrong-password', IP, `ordo_device=${c.value}`)).statusCode).toBe(401);
    // without the cookie, or with an altered one, the code is asked
    expect((await login('ownerA', t.fx.password, IP)).json()).toHaveProperty('twoFactor');
    const [id, exp, token, mac] = c.value.split('.') as [string, string, string, string];
    for (const forged of [`${id}.${Number(exp) + 86_400 * 365}.${token}.${mac}`, `${id}.${exp}.${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}.${mac}`, `${id}.${exp}.${token}.${mac.slice(0, -2)}${mac.endsWith('xx') ? 'yy' : 'xx'}`, 'junk', `${Number(id) + 1}.${exp}.${token}.${mac}`]) {
      expect((await login('ownerA', t.fx.password, IP, `ordo_device=${forged}`)).json(), forged).toHaveProperty('twoFactor');
    }
  });

  it('is listed on the account and can be revoked (one, or all); another user\'s device is a 404', async () => {
    const c = deviceCookieOf(await twoSteps(true))!;
    const session = (await login('ownerA', t.fx.password, IP, `ordo_device=${c.value}`)).cookies.find((x) => x.name === 'ordo_session')!.value;
    const me = { cookie: `ordo_session=${session}; ordo_device=${c.value}` };
    const list = await t.anon.get('/api/auth/devices', me);
    expect(list.statusCode, list.body).toBe(200);
    const devices = list.json() as { id: number; current: boolean; label: string }[];
    expect(devices.length).toBeGreaterThanOrEqual(2);
    const current = devices.find((d) => d.current)!;
    expect(current.id).toBe(Number(c.value.split('.')[0]));

    const buyer = await t.as('buyerA');
    expect((await buyer.delete(`/api/auth/devices/${current.id}`)).statusCode).toBe(404);
    expect((await buyer.get('/api/auth/devices')).json()).toEqual([]);
    for (const bad of ['abc', '-1', '0', '1.5']) expect((await t.anon.delete(`/api/auth/devices/${bad}`, me)).statusCode, bad).toBe(400);
    expect((await t.anon.delete('/api/auth/devices/999999', me)).statusCode).toBe(404);
    expect((await t.anon.delete('/api/auth/devices/99999999999', me)).statusCode).toBe(404);

    expect((await t.anon.delete(`/api/auth/devices/${current.id}`, me)).statusCode).toBe(200);
    expect((await login('ownerA', t.fx.password, IP, `ordo_device=${c.value}`)).json()).toHaveProperty('twoFactor');
    const other = deviceCookieOf(await twoSteps(true))!;
    const all = await t.anon.delete('/api/auth/devices', me);
    expect(all.json().revoked).toBeGreaterThanOrEqual(1);
    expect((await login('ownerA', t.fx.password, IP, `ordo_device=${other.value}`)).json()).toHaveProperty('twoFactor');
  });

  it('ends with a password change, with two-factor turned off or reset, and at its expiry', async () => {
    const c = deviceCookieOf(await twoSteps(true))!;
    await t.db.updateTable('trusted_devices').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', Number(c.value.split('.')[0])).execute();
    expect((await login('ownerA', t.fx.password, IP, `ordo_device=${c.value}`)).json()).toHaveProperty('twoFactor');

    const d = deviceCookieOf(await twoSteps(true))!;
    const session = (await twoSteps(false)).cookies.find((x) => x.name === 'ordo_session')!.value;
    const changed = await t.anon.post('/api/auth/password', { currentPassword: t.fx.password, newPassword: t.fx.password }, { cookie: `ordo_session=${session}` });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await login('ownerA', t.fx.password, IP, `ordo_device=${d.value}`)).json()).toHaveProperty('twoFactor');

    const e = deviceCookieOf(await twoSteps(true))!;
    const admin = await t.as('admin');
    expect((await admin.post(`/api/users/${t.fx.users.ownerA}/two-factor/reset`)).statusCode).toBe(200);
    const open = await t.db.selectFrom('trusted_devices').select('id').where('user_id', '=', t.fx.users.ownerA).where('revoked_at', 'is', null).execute();
    expect(open).toEqual([]);
    // two-factor is off now: the password alone signs in, the old cookie changes nothing
    expect((await login('ownerA', t.fx.password, IP, `ordo_device=${e.value}`)).statusCode).toBe(200);
  });
});
