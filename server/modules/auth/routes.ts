import { z } from 'zod';
import type { RouteApp, ModuleContext } from '../../lib/module';
import { errors, idParams, ok, page, pageQuery } from '../../lib/schemas';
import { actorOf } from '../../lib/http';
import { forbidden } from '../../lib/errors';
import { can, listPermissions } from './permissions';
import * as s from './schemas';
import { completeTwoFactor, login, logout, SESSION_COOKIE, SESSION_DAYS } from './sessions';
import { beginEnrolment, confirmEnrolment, disableTwoFactor, regenerateRecoveryCodes, requiredRoles, resetTwoFactor, setRequiredRoles, twoFactorStatus } from './two-factor';
import { changePassword, createUser, getUser, listUsers, resetPassword, unlockUser, updateUser } from './users';
import { createToken, listTokens, revokeToken } from './tokens';
import { authBoxes } from './keys';
import { DEVICE_COOKIE, DEVICE_COOKIE_PATH, listDevices, rememberDevice, revokeAllDevices, revokeDevice } from './devices';
import { requestUnlock, unlockWithToken } from './unlock';

export async function authRoutes(app: RouteApp, { database, config, kickWorker }: ModuleContext) {
  const db = database.db;
  const boxes = authBoxes(config);
  const sessionCookie = { path: '/', httpOnly: true, sameSite: 'lax', secure: config.cookieSecure, maxAge: SESSION_DAYS * 86_400 } as const;

  app.post('/auth/login', {
    schema: {
      tags: ['auth'],
      summary: 'Sign in; sets the session cookie — or, with two-factor sign-in on, answers a pending sign-in to finish at /auth/login/two-factor',
      body: s.loginBody,
      response: { 200: s.loginAnswer, ...errors, 423: errors[400], 429: errors[400] },
    },
    config: { auth: 'public', rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
  }, async (req, reply) => {
    const r = await login(db, { ...req.body, ip: req.ip, userAgent: req.headers['user-agent'], demo: config.demo, device: { cookie: req.cookies[DEVICE_COOKIE], box: boxes.device } });
    if ('challenge' in r) return { twoFactor: r };
    reply.setCookie(SESSION_COOKIE, r.token, sessionCookie);
    return meOf(r.userId, r.twoFactorSetup);
  });

  app.post('/auth/login/two-factor', {
    schema: { tags: ['auth'], summary: 'Finish a pending sign-in with a code from the authenticator app or a recovery code; sets the session cookie', body: s.twoFactorLoginBody, response: { 200: s.me, ...errors, 423: errors[400], 429: errors[400] } },
    config: { auth: 'public', rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
  }, async (req, reply) => {
    const r = await completeTwoFactor(db, boxes.totp, { ...req.body, ip: req.ip, userAgent: req.headers['user-agent'] });
    reply.setCookie(SESSION_COOKIE, r.token, sessionCookie);
    if (req.body.rememberDevice) {
      const d = await rememberDevice(db, boxes.device, r.userId, { ip: req.ip, userAgent: req.headers['user-agent'] });
      reply.setCookie(DEVICE_COOKIE, d.cookie, { path: DEVICE_COOKIE_PATH, httpOnly: true, sameSite: 'lax', secure: config.cookieSecure, maxAge: d.maxAgeSeconds });
    }
    return meOf(r.userId);
  });

  const setup = { sessionOnly: true, twoFactorSetup: true } as const;
  app.get('/auth/two-factor', { schema: { tags: ['auth'], summary: 'Your two-factor sign-in: on or off, recovery codes left, required for your role', response: { 200: s.twoFactorStatus, ...errors } }, config: setup }, async (req) =>
    twoFactorStatus(db, actorOf(req).userId));

  app.post('/auth/two-factor/setup', {
    schema: { tags: ['auth'], summary: 'Start setting up two-factor sign-in: a new secret as an otpauth URI and a QR code', response: { 200: s.twoFactorSetup, ...errors } },
    config: { ...setup, rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
  }, async (req) => beginEnrolment(db, boxes.totp, actorOf(req)));

  app.post('/auth/two-factor/confirm', {
    schema: { tags: ['auth'], summary: 'Turn two-factor sign-in on with a code from the app; answers the 10 recovery codes once', body: s.twoFactorCodeBody, response: { 200: s.recoveryCodes, ...errors } },
    config: { ...setup, rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
  }, async (req) => confirmEnrolment(db, boxes.totp, actorOf(req), req.body.code));

  app.post('/auth/two-factor/recovery-codes', {
    schema: { tags: ['auth'], summary: 'New recovery codes (the old ones stop working), with a current code from the app', body: s.twoFactorCodeBody, response: { 200: s.recoveryCodes, ...errors } },
    config: { sessionOnly: true, rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
  }, async (req) => regenerateRecoveryCodes(db, boxes.totp, actorOf(req), req.body.code));

  app.post('/auth/two-factor/disable', {
    schema: { tags: ['auth'], summary: 'Turn two-factor sign-in off, with a code from the app or a recovery code (not where your role requires it)', body: s.twoFactorCodeBody, response: { 200: ok, ...errors } },
    config: { sessionOnly: true, rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
  }, async (req) => {
    await disableTwoFactor(db, boxes.totp, actorOf(req), req.body.code);
    return { ok: true as const };
  });

  app.get('/auth/devices', {
    schema: { tags: ['auth'], summary: 'Your browsers remembered for two-factor sign-in ("remember this device"); `current` marks this one', response: { 200: z.array(s.trustedDevice), ...errors } },
    config: { sessionOnly: true },
  }, async (req) => listDevices(db, actorOf(req), req.cookies[DEVICE_COOKIE]));

  app.delete('/auth/devices/:id', {
    schema: { tags: ['auth'], summary: 'Forget one remembered browser: it asks the two-factor code again', params: idParams, response: { 200: ok, ...errors } },
    config: { sessionOnly: true },
  }, async (req) => {
    await revokeDevice(db, actorOf(req), req.params.id);
    return { ok: true as const };
  });

  app.delete('/auth/devices', {
    schema: { tags: ['auth'], summary: 'Forget every remembered browser of yours', response: { 200: z.object({ revoked: z.number() }), ...errors } },
    config: { sessionOnly: true },
  }, async (req) => ({ revoked: await revokeAllDevices(db, actorOf(req).userId) }));

  app.post('/auth/unlock/request', {
    schema: {
      tags: ['auth'],
      summary: 'Ask for an unlock link for a login refused after failed sign-ins; it goes to the account\'s e-mail. Answers the same whether or not the login exists or is locked',
      body: s.unlockRequestBody, response: { 200: ok, ...errors, 429: errors[400] },
    },
    config: { auth: 'public', rateLimit: { max: Math.min(10, config.loginRateLimitPerMinute), timeWindow: '1 minute' } },
  }, async (req) => {
    await requestUnlock(db, boxes.unlock, { login: req.body.login, ip: req.ip, demo: config.demo });
    kickWorker();
    return { ok: true as const };
  });

  app.post('/auth/unlock', {
    schema: { tags: ['auth'], summary: 'Use an unlock link (once, within 30 minutes): the login is accepted again from every address', body: s.unlockBody, response: { 200: z.object({ login: z.string() }), ...errors, 429: errors[400] } },
    config: { auth: 'public', rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
  }, async (req) => unlockWithToken(db, req.body.token));

  app.get('/auth/two-factor/policy', { schema: { tags: ['auth'], summary: 'Staff roles that must use two-factor sign-in', response: { 200: s.twoFactorPolicy, ...errors } }, config: { permission: 'users.manage' } }, async () =>
    ({ roles: await requiredRoles(db) }));

  app.put('/auth/two-factor/policy', {
    schema: { tags: ['auth'], summary: 'Set the staff roles that must use two-factor sign-in (their signed-in members without it are held to set it up)', body: s.twoFactorPolicyBody, response: { 200: s.twoFactorPolicy, ...errors } },
    config: { permission: 'users.manage', sessionOnly: true },
  }, async (req) => ({ roles: await setRequiredRoles(db, actorOf(req), req.body.roles) }));

  app.get('/auth/options', {
    schema: { tags: ['auth'], summary: 'What the sign-in page may show: demo mode (demo logins) and whether the sandbox payment provider is on', response: { 200: z.object({ demo: z.boolean(), sandboxPayments: z.boolean() }) } },
    config: { auth: 'public' },
  }, async () => ({ demo: config.demo, sandboxPayments: config.sandboxPayments }));

  app.post('/auth/logout', { schema: { tags: ['auth'], response: { 200: ok } }, config: { auth: 'public' } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await logout(db, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  app.get('/auth/me', { schema: { tags: ['auth'], response: { 200: s.me, ...errors } }, config: { twoFactorSetup: true } }, async (req) => {
    const actor = actorOf(req);
    return meOf(actor.userId, actor.twoFactorSetup);
  });

  app.post('/auth/password', { schema: { tags: ['auth'], summary: 'Change your password: ends your other sessions and every API token', body: s.changePasswordBody, response: { 200: ok, ...errors } }, config: { sessionOnly: true } }, async (req) => {
    await changePassword(db, actorOf(req), req.body.currentPassword, req.body.newPassword, req.cookies[SESSION_COOKIE]);
    return { ok: true as const };
  });

  app.get('/auth/tokens', { schema: { tags: ['auth'], response: { 200: z.array(s.token), ...errors } }, config: { permission: 'tokens.manage' } }, async (req) =>
    listTokens(db, actorOf(req)));

  app.post('/auth/tokens', {
    schema: { tags: ['auth'], summary: 'Create an API token; the token is shown once', body: s.createTokenBody, response: { 200: s.token.extend({ token: z.string() }), ...errors } },
    config: { permission: 'tokens.manage', sessionOnly: true },
  }, async (req) => {
    const actor = actorOf(req);
    // A token must not mint further tokens: only a signed-in person can.
    if (actor.via === 'token') throw forbidden();
    return createToken(db, actor, req.body);
  });

  app.delete('/auth/tokens/:id', { schema: { tags: ['auth'], params: idParams, response: { 200: ok, ...errors } }, config: { permission: 'tokens.manage', sessionOnly: true } }, async (req) => {
    await revokeToken(db, actorOf(req), req.params.id);
    return { ok: true as const };
  });

  app.get('/users', {
    schema: {
      tags: ['users'],
      querystring: pageQuery.extend({ q: z.string().max(100).optional(), role: s.role.optional(), companyId: z.coerce.number().int().positive().optional(), status: z.enum(['active', 'disabled']).optional() }),
      response: { 200: page(s.user), ...errors },
    },
    config: { permission: 'users.manage' },
  }, async (req) => listUsers(db, req.query));

  app.post('/users', {
    schema: { tags: ['users'], body: s.createUserBody, response: { 200: z.object({ user: s.user, initialPassword: z.string().nullable() }), ...errors } },
    config: { permission: 'users.manage' },
  }, async (req) => createUser(db, actorOf(req), req.body));

  app.get('/users/:id', { schema: { tags: ['users'], params: idParams, response: { 200: s.user, ...errors } }, config: { permission: 'users.manage' } }, async (req) =>
    getUser(db, req.params.id));

  app.patch('/users/:id', { schema: { tags: ['users'], params: idParams, body: s.updateUserBody, response: { 200: s.user, ...errors } }, config: { permission: 'users.manage' } }, async (req) =>
    updateUser(db, actorOf(req), req.params.id, req.body));

  app.post('/users/:id/reset-password', {
    schema: { tags: ['users'], summary: 'Set a new random password: unlocks the login, ends its sessions and API tokens', params: idParams, response: { 200: z.object({ password: z.string() }), ...errors } },
    config: { permission: 'users.manage', sessionOnly: true },
  }, async (req) => resetPassword(db, actorOf(req), req.params.id));

  app.post('/users/:id/two-factor/reset', {
    schema: { tags: ['users'], summary: 'Turn off a user\'s two-factor sign-in (lost phone and recovery codes) and end their sessions', params: idParams, response: { 200: ok, ...errors } },
    config: { permission: 'users.manage', sessionOnly: true },
  }, async (req) => {
    await getUser(db, req.params.id);
    await resetTwoFactor(db, actorOf(req), req.params.id);
    return { ok: true as const };
  });

  app.post('/users/:id/unlock', {
    schema: { tags: ['users'], summary: 'Let a login refused after failed sign-ins sign in again (from every address)', params: idParams, response: { 200: ok, ...errors } },
    config: { permission: 'users.manage' },
  }, async (req) => {
    await unlockUser(db, actorOf(req), req.params.id);
    return { ok: true as const };
  });

  async function meOf(userId: number, twoFactorSetupRequired = false) {
    const u = await db
      .selectFrom('users')
      .leftJoin('companies', 'companies.id', 'users.company_id')
      .select(['users.id', 'users.login', 'users.name', 'users.role', 'users.company_id as companyId', 'companies.name as companyName'])
      .where('users.id', '=', userId)
      .executeTakeFirstOrThrow();
    const actor = { userId: u.id, login: u.login, name: u.name, role: u.role, companyId: u.companyId, via: 'session' as const, scopes: null };
    return { ...u, twoFactorSetupRequired, permissions: Object.keys(listPermissions()).filter((p) => can(actor, p)) };
  }
}
