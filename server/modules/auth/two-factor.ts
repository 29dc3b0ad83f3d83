import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import type { DB } from '../../lib/db-types';
import type { SecretBox } from '../../lib/secret-key';
import { AppError, forbidden } from '../../lib/errors';
import { registerMessages } from '../../lib/i18n';
import { audit } from '../platform/audit';
import { getSetting, setSetting } from '../platform/settings';
import { isStaff, STAFF_ROLES, type Actor, type StaffRole } from './actor';
import { hashPassword, verifyPassword } from './passwords';
import { revokeAllDevices } from './devices';
import { sessionsChanged } from './session-cache';
import './tables';

/**
 * Two-factor sign-in (issue 22): a TOTP authenticator app (RFC 6238: SHA-1, 6 digits, 30 s, one
 * step of clock drift either way) plus ten one-time recovery codes hashed with argon2id. A code is
 * accepted once: the step it belongs to is remembered, so a code seen over a shoulder or replayed
 * within its window is refused.
 *
 * The secret is stored sealed with the server's key (AES-256-GCM, lib/secret-key.ts, bound to
 * the user's id): a copy of the database alone cannot make codes. Rows written before that are
 * sealed at start-up (sealStoredTotpSecrets) and read as they are until then.
 */
registerMessages({
  TWO_FACTOR_CODE_WRONG: {
    zh: '验证码不正确或已过期：请输入身份验证器应用上当前显示的 6 位数字',
    en: 'The code is wrong or expired: enter the 6 digits your authenticator app shows now',
  },
  TWO_FACTOR_NOT_STARTED: { zh: '请先点击“开始设置”获取二维码，再输入验证码', en: 'Start the setup first to get the QR code, then enter a code' },
  TWO_FACTOR_ALREADY_ON: { zh: '两步验证已开启；如需更换手机，请先关闭再重新设置', en: 'Two-factor sign-in is already on; turn it off first to move it to a new phone' },
  TWO_FACTOR_NOT_ON: { zh: '两步验证尚未开启', en: 'Two-factor sign-in is not on' },
  TWO_FACTOR_REQUIRED_BY_POLICY: {
    zh: '公司要求你的角色使用两步验证，不能关闭；更换手机请请管理员重置',
    en: 'Your company requires two-factor sign-in for your role; it cannot be turned off (ask an administrator to reset it to move phones)',
  },
  TWO_FACTOR_SETUP_REQUIRED: {
    zh: '公司要求你的角色使用两步验证：请先在“账号安全”中完成设置',
    en: 'Your company requires two-factor sign-in for your role: set it up under Account security first',
  },
  TWO_FACTOR_STAFF_ONLY: { zh: '只能要求员工角色使用两步验证', en: 'Only staff roles can be required to use two-factor sign-in' },
});

export const ISSUER = 'Ordo';
const PERIOD = 30;
export const RECOVERY_CODE_COUNT = 10;
const REQUIRED_ROLES_SETTING = 'auth.two_factor_required_roles';

/** The additional data a user's sealed secret is bound to. */
const aadOf = (userId: number) => `totp:${userId}`;

/**
 * Seals every TOTP secret still stored in clear (written before encryption at rest): run at
 * start-up, idempotent, a conditional update per row so two processes starting together agree.
 */
export async function sealStoredTotpSecrets(db: Kysely<DB>, box: SecretBox): Promise<number> {
  const rows = await db.selectFrom('users').select(['id', 'totp_secret', 'totp_pending_secret'])
    .where((eb) => eb.or([
      eb.and([eb('totp_secret', 'is not', null), eb('totp_secret', 'not like', 'v1.%')]),
      eb.and([eb('totp_pending_secret', 'is not', null), eb('totp_pending_secret', 'not like', 'v1.%')]),
    ])).execute();
  let n = 0;
  for (const r of rows) {
    const seal = (v: string | null) => (v && !box.isSealed(v) ? box.seal(v, aadOf(r.id)) : v);
    const u = await db.updateTable('users').set({ totp_secret: seal(r.totp_secret), totp_pending_secret: seal(r.totp_pending_secret) })
      .where('id', '=', r.id)
      .where((eb) => eb.and([
        r.totp_secret === null ? eb('totp_secret', 'is', null) : eb('totp_secret', '=', r.totp_secret),
        r.totp_pending_secret === null ? eb('totp_pending_secret', 'is', null) : eb('totp_pending_secret', '=', r.totp_pending_secret),
      ])).executeTakeFirst();
    n += Number(u.numUpdatedRows);
  }
  return n;
}

/** The secret in clear; null when it does not open (another key, or a row copied from another user). */
function openSecret(box: SecretBox, stored: string, userId: number): string | null {
  try {
    return box.open(stored, aadOf(userId));
  } catch {
    return null;
  }
}

const totpOf = (secret: string, login: string) => new TOTP({ issuer: ISSUER, label: login, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) });

/** The staff roles that must sign in with a second factor (the supplier's setting; none by default). */
export async function requiredRoles(db: Kysely<DB> | Transaction<DB>): Promise<StaffRole[]> {
  const roles = await getSetting<string[]>(db, REQUIRED_ROLES_SETTING, []);
  return STAFF_ROLES.filter((r) => roles.includes(r));
}

export async function isRequiredFor(db: Kysely<DB> | Transaction<DB>, role: string): Promise<boolean> {
  return (await requiredRoles(db)).some((r) => r === role);
}

/**
 * Sets which staff roles must use two-factor sign-in. Signed-in staff of those roles without it
 * are held at once to setting it up (their sessions are marked), not at their next sign-in.
 */
export async function setRequiredRoles(db: Kysely<DB>, actor: Actor, roles: string[]): Promise<StaffRole[]> {
  if (roles.some((r) => !(STAFF_ROLES as readonly string[]).includes(r))) throw new AppError('TWO_FACTOR_STAFF_ONLY', 400);
  const next = STAFF_ROLES.filter((r) => roles.includes(r));
  await db.transaction().execute(async (trx) => {
    const before = await requiredRoles(trx);
    await setSetting(trx, REQUIRED_ROLES_SETTING, next);
    const exempt = STAFF_ROLES.filter((r) => !next.includes(r));
    const withoutIt = (rs: StaffRole[]) => trx.selectFrom('users').select('id').where('role', 'in', rs).where('totp_enabled_at', 'is', null);
    if (next.length) await trx.updateTable('sessions').set({ two_factor_setup: true }).where('user_id', 'in', withoutIt(next)).execute();
    if (exempt.length) await trx.updateTable('sessions').set({ two_factor_setup: false }).where('user_id', 'in', withoutIt(exempt)).execute();
    await audit(trx, actor, { action: 'auth.two_factor_policy', entityType: 'setting', entityId: 0, before: { roles: before }, after: { roles: next } });
  });
  await sessionsChanged({ all: true });
  return next;
}

export interface TwoFactorStatus {
  enabled: boolean;
  enabledAt: Date | null;
  recoveryCodesLeft: number;
  required: boolean;
}

export async function twoFactorStatus(db: Kysely<DB>, userId: number): Promise<TwoFactorStatus> {
  const u = await db.selectFrom('users').select(['role', 'totp_enabled_at']).where('id', '=', userId).executeTakeFirstOrThrow();
  const left = await db.selectFrom('user_recovery_codes').select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', userId).where('used_at', 'is', null).executeTakeFirstOrThrow();
  return { enabled: !!u.totp_enabled_at, enabledAt: u.totp_enabled_at, recoveryCodesLeft: Number(left.n), required: isStaff(u) && (await isRequiredFor(db, u.role)) };
}

/** Starts (or restarts) enrolment: a new secret waits for a confirming code. Returns what the app needs. */
export async function beginEnrolment(db: Kysely<DB>, box: SecretBox, actor: Actor) {
  const u = await db.selectFrom('users').select(['login', 'totp_enabled_at']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
  if (u.totp_enabled_at) throw new AppError('TWO_FACTOR_ALREADY_ON', 409);
  const secret = new Secret({ size: 20 }).base32;
  await db.updateTable('users').set({ totp_pending_secret: box.seal(secret, aadOf(actor.userId)) }).where('id', '=', actor.userId).execute();
  const uri = totpOf(secret, u.login).toString();
  const svg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return { secret, otpauthUri: uri, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}

/** The time step a code belongs to, if it is valid now (±1 step) and newer than the last one used. */
function acceptedStep(secret: string, login: string, code: string, lastStep: number | null, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpOf(secret, login).validate({ token: code, timestamp: now, window: 1 });
  if (delta === null) return null;
  const step = Math.floor(now / 1000 / PERIOD) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}

/** Ten codes like "7kq2m-9xh4p": no look-alike characters, shown once, stored as argon2 hashes. */
function newRecoveryCodes(): string[] {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const s = Array.from(randomBytes(10), (b) => alphabet[b % alphabet.length]).join('');
    return `${s.slice(0, 5)}-${s.slice(5)}`;
  });
}

async function replaceRecoveryCodes(trx: Transaction<DB>, userId: number): Promise<string[]> {
  const codes = newRecoveryCodes();
  const hashes = await Promise.all(codes.map((c) => hashPassword(c)));
  await trx.deleteFrom('user_recovery_codes').where('user_id', '=', userId).execute();
  await trx.insertInto('user_recovery_codes').values(hashes.map((h) => ({ user_id: userId, code_hash: h }))).execute();
  return codes;
}

/** Confirms enrolment with a code from the app; turns two-factor on and returns the recovery codes once. */
export async function confirmEnrolment(db: Kysely<DB>, box: SecretBox, actor: Actor, code: string): Promise<{ recoveryCodes: string[] }> {
  const u = await db.selectFrom('users').select(['login', 'totp_pending_secret', 'totp_enabled_at']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
  if (u.totp_enabled_at) throw new AppError('TWO_FACTOR_ALREADY_ON', 409);
  if (!u.totp_pending_secret) throw new AppError('TWO_FACTOR_NOT_STARTED', 400);
  const pending = openSecret(box, u.totp_pending_secret, actor.userId);
  if (pending === null) throw new AppError('TWO_FACTOR_NOT_STARTED', 400);
  const step = acceptedStep(pending, u.login, code.trim(), null);
  if (step === null) throw new AppError('TWO_FACTOR_CODE_WRONG', 400);
  const secret = box.isSealed(u.totp_pending_secret) ? u.totp_pending_secret : box.seal(u.totp_pending_secret, aadOf(actor.userId));
  const done = await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ totp_secret: secret, totp_pending_secret: null, totp_enabled_at: sql`now()`, totp_last_step: step })
      .where('id', '=', actor.userId)
      .execute();
    await trx.updateTable('sessions').set({ two_factor_setup: false }).where('user_id', '=', actor.userId).execute();
    const recoveryCodes = await replaceRecoveryCodes(trx, actor.userId);
    await audit(trx, actor, { action: 'user.two_factor_on', entityType: 'user', entityId: actor.userId });
    return { recoveryCodes };
  });
  await sessionsChanged({ userIds: [actor.userId] });
  return done;
}

/**
 * Checks a second factor for a user: a current TOTP code (then remembers its step) or an unused
 * recovery code (then spends it). Returns how it was accepted, or null.
 */
export async function verifySecondFactor(db: Kysely<DB>, box: SecretBox, userId: number, input: string): Promise<'totp' | 'recovery' | null> {
  const code = input.trim().toLowerCase().replace(/\s+/g, '');
  const u = await db.selectFrom('users').select(['login', 'totp_secret', 'totp_last_step']).where('id', '=', userId).executeTakeFirstOrThrow();
  if (!u.totp_secret) return null;
  if (/^\d{6}$/.test(code)) {
    // A secret that does not open (the server key was changed) accepts no app code; recovery codes still work.
    const secret = openSecret(box, u.totp_secret, userId);
    const step = secret === null ? null : acceptedStep(secret, u.login, code, u.totp_last_step);
    if (step === null) return null;
    // Conditional update: two requests racing with one code cannot both pass.
    const r = await db
      .updateTable('users')
      .set({ totp_last_step: step })
      .where('id', '=', userId)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1 ? 'totp' : null;
  }
  if (!/^[a-z0-9]{5}-?[a-z0-9]{5}$/.test(code)) return null;
  const formatted = code.includes('-') ? code : `${code.slice(0, 5)}-${code.slice(5)}`;
  const unused = await db.selectFrom('user_recovery_codes').select(['id', 'code_hash']).where('user_id', '=', userId).where('used_at', 'is', null).execute();
  for (const row of unused) {
    if (!(await verifyPassword(row.code_hash, formatted))) continue;
    const r = await db.updateTable('user_recovery_codes').set({ used_at: sql`now()` }).where('id', '=', row.id).where('used_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1 ? 'recovery' : null;
  }
  return null;
}

/** New recovery codes (the old ones stop working), after a current code from the app. */
export async function regenerateRecoveryCodes(db: Kysely<DB>, box: SecretBox, actor: Actor, code: string): Promise<{ recoveryCodes: string[] }> {
  const u = await db.selectFrom('users').select('totp_enabled_at').where('id', '=', actor.userId).executeTakeFirstOrThrow();
  if (!u.totp_enabled_at) throw new AppError('TWO_FACTOR_NOT_ON', 400);
  if (!/^\d{6}$/.test(code.trim()) || (await verifySecondFactor(db, box, actor.userId, code)) !== 'totp') throw new AppError('TWO_FACTOR_CODE_WRONG', 400);
  return db.transaction().execute(async (trx) => {
    const recoveryCodes = await replaceRecoveryCodes(trx, actor.userId);
    await audit(trx, actor, { action: 'user.two_factor_recovery_codes', entityType: 'user', entityId: actor.userId });
    return { recoveryCodes };
  });
}

async function clearTwoFactor(trx: Transaction<DB>, userId: number): Promise<void> {
  await trx.updateTable('users').set({ totp_secret: null, totp_pending_secret: null, totp_enabled_at: null, totp_last_step: null }).where('id', '=', userId).execute();
  await trx.deleteFrom('user_recovery_codes').where('user_id', '=', userId).execute();
  await trx.deleteFrom('login_challenges').where('user_id', '=', userId).execute();
  await revokeAllDevices(trx, userId);
}

/** The user turns two-factor off, with a current code or a recovery code; refused where it is required. */
export async function disableTwoFactor(db: Kysely<DB>, box: SecretBox, actor: Actor, code: string): Promise<void> {
  const u = await db.selectFrom('users').select(['role', 'totp_enabled_at']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
  if (!u.totp_enabled_at) throw new AppError('TWO_FACTOR_NOT_ON', 400);
  if (isStaff(u) && (await isRequiredFor(db, u.role))) throw forbidden('TWO_FACTOR_REQUIRED_BY_POLICY');
  if (!(await verifySecondFactor(db, box, actor.userId, code))) throw new AppError('TWO_FACTOR_CODE_WRONG', 400);
  await db.transaction().execute(async (trx) => {
    await clearTwoFactor(trx, actor.userId);
    await audit(trx, actor, { action: 'user.two_factor_off', entityType: 'user', entityId: actor.userId });
  });
}

/**
 * An admin resets a user's two-factor sign-in (a lost phone and lost recovery codes): it is off,
 * the user's sessions end, and a user whose role requires it sets it up again at the next sign-in.
 */
export async function resetTwoFactor(db: Kysely<DB>, actor: Actor, userId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await clearTwoFactor(trx, userId);
    await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    await audit(trx, actor, { action: 'user.two_factor_reset', entityType: 'user', entityId: userId });
  });
  await sessionsChanged({ userIds: [userId] });
}
