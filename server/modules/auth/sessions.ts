import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import type { SecretBox } from '../../lib/secret-key';
import { AppError, unauthenticated } from '../../lib/errors';
import { registerMessages } from '../../lib/i18n';
import type { Actor } from './actor';
import { burnVerify, randomToken, sha256, verifyPassword } from './passwords';
import { trustedDevice } from './devices';
import { clearFailures, lockedMinutes, recordFailure } from './lockout';
import { isStaff } from './actor';
import { isRequiredFor, verifySecondFactor } from './two-factor';
import { cachedSession, rememberSession, sessionGeneration, sessionsChanged } from './session-cache';
import './tables';

registerMessages({
  INVALID_CREDENTIALS: { zh: '账号或密码错误', en: 'Wrong login or password' },
  ACCOUNT_LOCKED: {
    zh: '从当前网络登录失败次数过多，请 {minutes} 分钟后再试，或请管理员解锁',
    en: 'Too many failed sign-ins for this login from your network; try again in {minutes} minutes or ask an administrator to unlock it',
  },
  ACCOUNT_DISABLED: { zh: '账号已停用，请联系管理员', en: 'This account is disabled; contact your administrator' },
  COMPANY_SUSPENDED: { zh: '所属客户已停用，请联系供应商', en: 'Your company account is suspended; contact the supplier' },
  SESSION_INVALID: { zh: '登录已失效，请重新登录', en: 'Your session is no longer valid; sign in again' },
  TOKEN_NOT_ALLOWED: { zh: 'API 令牌不能修改密码或管理令牌，请登录后操作', en: 'An API token cannot change passwords or manage tokens; sign in to do this' },
  TOKEN_INVALID: { zh: 'API 令牌无效、已过期或已吊销', en: 'The API token is invalid, expired or revoked' },
  TWO_FACTOR_CHALLENGE_EXPIRED: {
    zh: '两步验证已超时或尝试次数过多，请重新输入账号和密码',
    en: 'The two-factor step timed out or had too many tries; sign in with your login and password again',
  },
});

export const SESSION_COOKIE = 'ordo_session';
export const SESSION_DAYS = 14;
export { MAX_FAILED_LOGINS, LOCK_MINUTES } from './lockout';
/** A pending two-factor sign-in lives this long and takes this many codes. */
export const CHALLENGE_MINUTES = 5;
export const CHALLENGE_ATTEMPTS = 5;

export { sha256 } from './passwords';

interface LoginInput {
  login: string;
  password: string;
  ip?: string;
  userAgent?: string;
  /** Demo mode: demo-seeded accounts (published password) may sign in. Default false. */
  demo?: boolean;
  /** A "remember this device" cookie and the box that checks its signature (devices.ts). */
  device?: { cookie: string | undefined; box: SecretBox };
}

export type LoginResult = { token: string; userId: number; twoFactorSetup: boolean; rememberedDevice?: number } | { challenge: string; expiresAt: Date };

/**
 * Checks a login and opens a session — or, for a user with two-factor sign-in, a short-lived
 * pending sign-in (challenge) that completeTwoFactor finishes. Failures are counted per login and
 * address (lockout.ts): a login refused from an address answers the same whether or not it
 * exists, and an unknown login and a wrong password give the same answer in the same time.
 */
export async function login(db: Kysely<DB>, input: LoginInput): Promise<LoginResult> {
  const minutes = await lockedMinutes(db, input.login, input.ip);
  if (minutes > 0) throw new AppError('ACCOUNT_LOCKED', 423, { minutes });
  const user = await db
    .selectFrom('users')
    .leftJoin('companies', 'companies.id', 'users.company_id')
    .select(['users.id', 'users.role', 'users.password_hash', 'users.status', 'users.demo', 'users.totp_enabled_at', 'companies.status as company_status'])
    .where(sql`lower(users.login)`, '=', input.login.toLowerCase())
    .executeTakeFirst();
  // Outside demo mode a demo account is as unknown as a login that does not exist.
  if (!user || (user.demo && !input.demo)) {
    await burnVerify(input.password);
    await recordFailure(db, input.login, input.ip);
    throw new AppError('INVALID_CREDENTIALS', 401);
  }
  const good = await verifyPassword(user.password_hash, input.password);
  if (!good) {
    await recordFailure(db, input.login, input.ip);
    throw new AppError('INVALID_CREDENTIALS', 401);
  }
  if (user.status !== 'active') throw new AppError('ACCOUNT_DISABLED', 403);
  if (user.company_status === 'suspended') throw new AppError('COMPANY_SUSPENDED', 403);
  const remembered = user.totp_enabled_at && input.device ? await trustedDevice(db, input.device.box, user.id, input.device.cookie) : null;
  if (user.totp_enabled_at && !remembered) {
    // The failure count is cleared only when the second factor passes too: wrong codes count.
    const challenge = randomToken();
    const expiresAt = new Date(Date.now() + CHALLENGE_MINUTES * 60_000);
    await db.deleteFrom('login_challenges').where('expires_at', '<', new Date()).execute();
    await db.insertInto('login_challenges').values({ token_hash: sha256(challenge), user_id: user.id, expires_at: expiresAt, ip: input.ip ?? null, user_agent: input.userAgent?.slice(0, 300) ?? null }).execute();
    return { challenge, expiresAt };
  }
  await clearFailures(db, input.login, input.ip);
  const twoFactorSetup = isStaff(user) && (await isRequiredFor(db, user.role));
  return { token: await openSession(db, user.id, input, twoFactorSetup), userId: user.id, twoFactorSetup, ...(remembered ? { rememberedDevice: remembered } : {}) };
}

/**
 * Finishes a pending sign-in with a code from the authenticator app or a recovery code. A wrong
 * code counts as a failed sign-in of that login from that address; after CHALLENGE_ATTEMPTS wrong
 * codes or CHALLENGE_MINUTES the pending sign-in is gone and the password is asked again.
 */
export async function completeTwoFactor(db: Kysely<DB>, box: SecretBox, input: { challenge: string; code: string; ip?: string; userAgent?: string }): Promise<{ token: string; userId: number; via: 'totp' | 'recovery' }> {
  const row = await db
    .updateTable('login_challenges')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('token_hash', '=', sha256(input.challenge))
    .where('expires_at', '>', new Date())
    .where('attempts', '<', CHALLENGE_ATTEMPTS)
    .returning(['user_id', 'attempts'])
    .executeTakeFirst();
  if (!row) throw new AppError('TWO_FACTOR_CHALLENGE_EXPIRED', 401);
  const user = await db.selectFrom('users').select(['login', 'status']).where('id', '=', row.user_id).executeTakeFirstOrThrow();
  const minutes = await lockedMinutes(db, user.login, input.ip);
  if (minutes > 0) throw new AppError('ACCOUNT_LOCKED', 423, { minutes });
  const via = await verifySecondFactor(db, box, row.user_id, input.code);
  if (!via) {
    await recordFailure(db, user.login, input.ip);
    if (row.attempts >= CHALLENGE_ATTEMPTS) await db.deleteFrom('login_challenges').where('token_hash', '=', sha256(input.challenge)).execute();
    throw new AppError('TWO_FACTOR_CODE_WRONG', 401);
  }
  if (user.status !== 'active') throw new AppError('ACCOUNT_DISABLED', 403);
  await db.deleteFrom('login_challenges').where('token_hash', '=', sha256(input.challenge)).execute();
  await clearFailures(db, user.login, input.ip);
  return { token: await openSession(db, row.user_id, input, false), userId: row.user_id, via };
}

async function openSession(db: Kysely<DB>, userId: number, input: { ip?: string; userAgent?: string }, twoFactorSetup: boolean): Promise<string> {
  const token = randomToken();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ failed_logins: 0, locked_until: null, last_login_at: sql`now()` })
      .where('id', '=', userId)
      .execute();
    await trx
      .insertInto('sessions')
      .values({
        token_hash: sha256(token),
        user_id: userId,
        expires_at: new Date(Date.now() + SESSION_DAYS * 86_400_000),
        ip: input.ip ?? null,
        user_agent: input.userAgent?.slice(0, 300) ?? null,
        two_factor_setup: twoFactorSetup,
      })
      .execute();
  });
  return token;
}

export async function logout(db: Kysely<DB>, token: string): Promise<void> {
  const tokenHash = sha256(token);
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
  await sessionsChanged({ tokenHash });
}

const actorColumns = ['users.id', 'users.login', 'users.name', 'users.role', 'users.company_id', 'users.status'] as const;

/** Resolves a session cookie value to its actor, or throws 401. */
export async function actorFromSession(db: Kysely<DB>, token: string): Promise<Actor> {
  const tokenHash = sha256(token);
  const cached = cachedSession(db, tokenHash);
  if (cached) return cached;
  const generation = sessionGeneration(db);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('companies', 'companies.id', 'users.company_id')
    .select([...actorColumns, 'sessions.expires_at', 'sessions.two_factor_setup', 'companies.status as company_status'])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row || row.expires_at < new Date() || row.status !== 'active' || row.company_status === 'suspended') {
    throw unauthenticated('SESSION_INVALID');
  }
  const plain: Actor = { userId: row.id, login: row.login, name: row.name, role: row.role, companyId: row.company_id, via: 'session', scopes: null };
  const actor = row.two_factor_setup ? { ...plain, twoFactorSetup: true } : plain;
  rememberSession(db, generation, tokenHash, Object.freeze(actor), row.company_id, row.expires_at);
  return actor;
}

/** Resolves a bearer API token to its actor (limited to the token's scopes), or throws 401. */
export async function actorFromToken(db: Kysely<DB>, token: string): Promise<Actor> {
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([...actorColumns, 'api_tokens.id as token_id', 'api_tokens.scopes', 'api_tokens.expires_at', 'api_tokens.revoked_at', 'api_tokens.last_used_at'])
    .where('api_tokens.token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row || row.revoked_at || (row.expires_at && row.expires_at < new Date()) || row.status !== 'active') {
    throw unauthenticated('TOKEN_INVALID');
  }
  // Touch last_used_at at most once a minute: no write on every request.
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: sql`now()` }).where('id', '=', row.token_id).execute();
  }
  return { userId: row.id, login: row.login, name: row.name, role: row.role, companyId: row.company_id, via: 'token', scopes: row.scopes };
}

/**
 * Outside demo mode, at start-up: ends every session and API token of the demo-seeded accounts
 * (their password is published). Returns how many such accounts exist.
 */
export async function shutOutDemoAccounts(db: Kysely<DB>): Promise<number> {
  const ids = (await db.selectFrom('users').select('id').where('demo', '=', true).execute()).map((r) => r.id);
  if (ids.length === 0) return 0;
  await db.deleteFrom('sessions').where('user_id', 'in', ids).execute();
  await sessionsChanged({ userIds: ids });
  await db.updateTable('api_tokens').set({ revoked_at: sql`now()` }).where('user_id', 'in', ids).where('revoked_at', 'is', null).execute();
  return ids.length;
}
