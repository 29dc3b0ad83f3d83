import nodemailer, { type Transporter } from 'nodemailer';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import type { ModuleContext } from '../../lib/module';
import type { SecretBox } from '../../lib/secret-key';
import { AppError } from '../../lib/errors';
import { registerMessages } from '../../lib/i18n';
import { audit } from '../platform/audit';
import { emit, type OutboxHandler } from '../platform/outbox';
import { randomToken } from './passwords';
import { unlockLogin } from './lockout';
import { sha256 } from './passwords';
import './tables';

/**
 * Unlock by e-mail (issue 22). A login refused after failed sign-ins (lockout.ts) can be opened
 * again by its owner without an admin: the sign-in page asks for a link, which goes to the
 * account's e-mail address only. The link is one-time, expires after UNLOCK_MINUTES, and only
 * its SHA-256 is stored; on the way to the mailer (the outbox) it travels sealed with the server
 * key, so the database never holds a usable link. Using it clears the login's failures from
 * every address, as an admin's unlock does. The request answers the same whether or not the
 * login exists, is locked or has an address, and is throttled per user and per address.
 */
registerMessages({
  UNLOCK_LINK_INVALID: {
    zh: '解锁链接无效、已使用或已过期：请在登录页重新申请解锁邮件',
    en: 'The unlock link is invalid, used or expired: ask for a new unlock e-mail on the sign-in page',
  },
});

export const UNLOCK_MINUTES = 30;
/** One e-mail per user this often at most (a flood of requests sends no flood of mail). */
export const UNLOCK_RESEND_MINUTES = 10;
export const UNLOCK_EMAIL = 'auth.unlock_email';
const aadOf = (userId: number) => `unlock:${userId}`;

/** Asks for an unlock link: sent only when the login exists, is active, has an e-mail and is refused somewhere now. */
export async function requestUnlock(db: Kysely<DB>, box: SecretBox, input: { login: string; ip?: string; demo: boolean }): Promise<void> {
  const user = await db.selectFrom('users').select(['id', 'login', 'email', 'status', 'demo'])
    .where(sql`lower(login)`, '=', input.login.trim().toLowerCase()).executeTakeFirst();
  if (!user || user.status !== 'active' || !user.email || (user.demo && !input.demo)) return;
  const locked = await db.selectFrom('login_failures').select('ip').where('login_key', '=', user.login.trim().toLowerCase())
    .where('locked_until', '>', new Date()).executeTakeFirst();
  if (!locked) return;
  const token = randomToken();
  await db.transaction().execute(async (trx) => {
    // throttle: the row lock on the user serialises two requests arriving together
    await trx.selectFrom('users').select('id').where('id', '=', user.id).forUpdate().executeTakeFirst();
    const recent = await trx.selectFrom('unlock_tokens').select('created_at').where('user_id', '=', user.id)
      .where('created_at', '>', sql<Date>`now() - make_interval(mins => ${UNLOCK_RESEND_MINUTES})`).executeTakeFirst();
    if (recent) return;
    await trx.insertInto('unlock_tokens').values({ token_hash: sha256(token), user_id: user.id, expires_at: new Date(Date.now() + UNLOCK_MINUTES * 60_000), ip: input.ip?.slice(0, 64) ?? null }).execute();
    await emit(trx, UNLOCK_EMAIL, { userId: user.id, sealed: box.seal(token, aadOf(user.id)) });
    await audit(trx, null, { action: 'user.unlock_link_sent', entityType: 'user', entityId: user.id, after: { ip: input.ip ?? null } });
  });
}

/** Uses an unlock link: once, before it expires. Returns the login it opened. */
export async function unlockWithToken(db: Kysely<DB>, token: string): Promise<{ login: string }> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.updateTable('unlock_tokens').set({ used_at: sql`now()` })
      .where('token_hash', '=', sha256(token)).where('used_at', 'is', null).where('expires_at', '>', new Date())
      .returning('user_id').executeTakeFirst();
    if (!row) throw new AppError('UNLOCK_LINK_INVALID', 400);
    const u = await trx.selectFrom('users').select(['login', 'status']).where('id', '=', row.user_id).executeTakeFirstOrThrow();
    if (u.status !== 'active') throw new AppError('UNLOCK_LINK_INVALID', 400);
    const cleared = await unlockLogin(trx, u.login);
    await audit(trx, null, { action: 'user.unlock_by_email', entityType: 'user', entityId: row.user_id, after: { addresses: cleared } });
    return { login: u.login };
  });
}

const transports = new Map<string, Transporter>();

/**
 * Outbox consumer: opens the sealed token and mails the link to the account's address. Without
 * SMTP settings nothing can be sent: it says so in the log (the requester is told only that a
 * link goes out if the account can receive one). A refused send throws, so the outbox retries.
 */
export function unlockEmailHandler(ctx: ModuleContext, box: SecretBox): OutboxHandler {
  return {
    name: 'auth.unlock-email',
    topics: [UNLOCK_EMAIL],
    async handle(ev, db) {
      const userId = Number(ev.payload.userId);
      const sealed = String(ev.payload.sealed ?? '');
      const u = await db.selectFrom('users').select(['login', 'name', 'email']).where('id', '=', userId).executeTakeFirst();
      if (!u?.email) return;
      if (!ctx.config.smtpUrl) {
        if (process.env.NODE_ENV !== 'test') console.warn(`[auth] SMTP not configured (set ORDO_SMTP_URL): the unlock e-mail for user ${userId} was not sent`);
        return;
      }
      let token: string;
      try {
        token = box.open(sealed, aadOf(userId));
      } catch {
        return; // sealed with another key (the key was changed): the user asks again
      }
      let t = transports.get(ctx.config.smtpUrl);
      if (!t) transports.set(ctx.config.smtpUrl, (t = nodemailer.createTransport(ctx.config.smtpUrl)));
      const link = `${ctx.config.publicUrl.replace(/\/$/, '')}/unlock?token=${encodeURIComponent(token)}`;
      await t.sendMail({
        from: ctx.config.mailFrom, to: u.email,
        subject: 'Ordo 账号解锁 / Unlock your Ordo sign-in',
        text: `${u.name}，你好：\n\n账号 ${u.login} 因多次登录失败被暂时锁定。如果是你本人，请在 ${UNLOCK_MINUTES} 分钟内打开下面的链接解锁（只能使用一次）：\n\n${link}\n\n如果不是你本人在登录，请不要打开链接，并尽快修改密码或联系管理员。\n\nYour sign-in ${u.login} was locked after failed attempts. If it was you, open the link above within ${UNLOCK_MINUTES} minutes (it works once). If it was not you, ignore this e-mail and change your password.\n\n— Ordo`,
      });
    },
  };
}
