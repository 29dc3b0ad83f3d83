import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import type { SecretBox } from '../../lib/secret-key';
import { notFound } from '../../lib/errors';
import { audit } from '../platform/audit';
import type { Actor } from './actor';
import { randomToken, sha256 } from './passwords';
import './tables';

/**
 * "Remember this device" for two-factor sign-in (issue 22). After a good second factor the user
 * may have this browser remembered for DEVICE_DAYS: it gets a cookie `<id>.<expiry>.<token>.<mac>`
 * signed with the server key (a forged or altered cookie is refused before any database read)
 * whose token's SHA-256 is stored. Signing in from it then asks the password only. Each device is
 * listed on the account page and can be revoked one by one or all at once; turning two-factor
 * off, an admin's reset and a password change or reset revoke them all.
 */
export const DEVICE_COOKIE = 'ordo_device';
export const DEVICE_DAYS = 30;
/** Sent only to the sign-in routes and the device list. */
export const DEVICE_COOKIE_PATH = '/api/auth';
export const DEVICE_ENTITY = '受信任的设备 / trusted device';

/** A short name for the browser, from its user agent (shown in the list). */
export function deviceLabel(userAgent: string | undefined): string {
  const ua = userAgent ?? '';
  const browser = /Edg\//.test(ua) ? 'Edge' : /MicroMessenger/i.test(ua) ? '微信' : /Chrome\//.test(ua) ? 'Chrome' : /Firefox\//.test(ua) ? 'Firefox' : /Safari\//.test(ua) ? 'Safari' : '浏览器';
  const os = /iPhone|iPad/.test(ua) ? 'iOS' : /Android/.test(ua) ? 'Android' : /Windows/.test(ua) ? 'Windows' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : '';
  return os ? `${browser} · ${os}` : browser;
}

/** Remembers this browser for the user; returns the cookie value and its lifetime. */
export async function rememberDevice(db: Kysely<DB>, box: SecretBox, userId: number, input: { ip?: string; userAgent?: string }): Promise<{ cookie: string; maxAgeSeconds: number }> {
  const token = randomToken();
  const expiresAt = new Date(Date.now() + DEVICE_DAYS * 86_400_000);
  const row = await db.insertInto('trusted_devices')
    .values({ user_id: userId, token_hash: sha256(token), label: deviceLabel(input.userAgent), ip: input.ip?.slice(0, 64) ?? null, expires_at: expiresAt })
    .returning('id').executeTakeFirstOrThrow();
  const body = `${row.id}.${Math.floor(expiresAt.getTime() / 1000)}.${token}`;
  return { cookie: `${body}.${box.sign(`${userId}.${body}`)}`, maxAgeSeconds: DEVICE_DAYS * 86_400 };
}

/** The device row a cookie stands for, if it is this user's, signed, unexpired and not revoked. */
export async function trustedDevice(db: Kysely<DB>, box: SecretBox, userId: number, cookie: string | undefined): Promise<number | null> {
  if (!cookie || cookie.length > 300) return null;
  const parts = cookie.split('.');
  if (parts.length !== 4) return null;
  const [id, exp, token, mac] = parts as [string, string, string, string];
  if (!/^\d{1,10}$/.test(id) || !/^\d{1,12}$/.test(exp) || Number(exp) * 1000 < Date.now()) return null;
  if (!box.verify(`${userId}.${id}.${exp}.${token}`, mac)) return null;
  const r = await db.updateTable('trusted_devices').set({ last_used_at: sql`now()` })
    .where('id', '=', Number(id)).where('user_id', '=', userId).where('token_hash', '=', sha256(token))
    .where('revoked_at', 'is', null).where('expires_at', '>', new Date())
    .returning('id').executeTakeFirst();
  return r?.id ?? null;
}

/** The id in a cookie (unverified: only to mark "this device" in the user's own list). */
export const deviceIdOf = (cookie: string | undefined) => (cookie && /^\d{1,10}\./.test(cookie) ? Number(cookie.split('.')[0]) : null);

export async function listDevices(db: Kysely<DB>, actor: Actor, currentCookie: string | undefined) {
  const current = deviceIdOf(currentCookie);
  const rows = await db.selectFrom('trusted_devices').select(['id', 'label', 'ip', 'created_at', 'expires_at', 'last_used_at'])
    .where('user_id', '=', actor.userId).where('revoked_at', 'is', null).where('expires_at', '>', new Date())
    .orderBy('id', 'desc').execute();
  return rows.map((r) => ({ id: r.id, label: r.label ?? '', ip: r.ip, createdAt: r.created_at.toISOString(), expiresAt: r.expires_at.toISOString(), lastUsedAt: r.last_used_at?.toISOString() ?? null, current: r.id === current }));
}

/** Revokes one of the caller's devices (another user's id is a 404). */
export async function revokeDevice(db: Kysely<DB>, actor: Actor, id: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('trusted_devices').set({ revoked_at: sql`now()` })
      .where('id', '=', id).where('user_id', '=', actor.userId).where('revoked_at', 'is', null).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw notFound(DEVICE_ENTITY);
    await audit(trx, actor, { action: 'user.device_revoke', entityType: 'trusted_device', entityId: id });
  });
}

/** Revokes every remembered device of a user (two-factor off or reset, password changed); returns how many. */
export async function revokeAllDevices(db: Kysely<DB> | Transaction<DB>, userId: number): Promise<number> {
  const r = await db.updateTable('trusted_devices').set({ revoked_at: sql`now()` }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}
