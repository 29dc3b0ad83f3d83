import { z } from 'zod';
import type { RouteApp, ModuleContext } from '../../lib/module';
import { errors, idParams, ok, page, pageQuery } from '../../lib/schemas';
import { actorOf } from '../../lib/http';
import { forbidden } from '../../lib/errors';
import { can, listPermissions } from './permissions';
import * as s from './schemas';
import { login, logout, SESSION_COOKIE, SESSION_DAYS } from './sessions';
import { changePassword, createUser, getUser, listUsers, resetPassword, unlockUser, updateUser } from './users';
import { createToken, listTokens, revokeToken } from './tokens';

export async function authRoutes(app: RouteApp, { database, config }: ModuleContext) {
  const db = database.db;

  app.post('/auth/login', {
    schema: { tags: ['auth'], summary: 'Sign in; sets the session cookie', body: s.loginBody, response: { 200: s.me, ...errors, 423: errors[400], 429: errors[400] } },
    config: { auth: 'public', rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
  }, async (req, reply) => {
    const { token, userId } = await login(db, { ...req.body, ip: req.ip, userAgent: req.headers['user-agent'], demo: config.demo });
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/', httpOnly: true, sameSite: 'lax', secure: config.cookieSecure, maxAge: SESSION_DAYS * 86_400,
    });
    return meOf(userId);
  });

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

  app.get('/auth/me', { schema: { tags: ['auth'], response: { 200: s.me, ...errors } } }, async (req) => meOf(actorOf(req).userId));

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

  app.post('/users/:id/unlock', {
    schema: { tags: ['users'], summary: 'Let a login refused after failed sign-ins sign in again (from every address)', params: idParams, response: { 200: ok, ...errors } },
    config: { permission: 'users.manage' },
  }, async (req) => {
    await unlockUser(db, actorOf(req), req.params.id);
    return { ok: true as const };
  });

  async function meOf(userId: number) {
    const u = await db
      .selectFrom('users')
      .leftJoin('companies', 'companies.id', 'users.company_id')
      .select(['users.id', 'users.login', 'users.name', 'users.role', 'users.company_id as companyId', 'companies.name as companyName'])
      .where('users.id', '=', userId)
      .executeTakeFirstOrThrow();
    const actor = { userId: u.id, login: u.login, name: u.name, role: u.role, companyId: u.companyId, via: 'session' as const, scopes: null };
    return { ...u, permissions: Object.keys(listPermissions()).filter((p) => can(actor, p)) };
  }
}
