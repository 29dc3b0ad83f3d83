import nodemailer, { type Transporter } from 'nodemailer';
import { sql } from 'kysely';
import type { ModuleContext } from '../../lib/module';
import type { OutboxHandler } from '../platform/outbox';
import { NOTIFICATION_EMAIL } from './notify';

const transports = new Map<string, Transporter>();
function transportFor(url: string): Transporter {
  let t = transports.get(url);
  if (!t) transports.set(url, (t = nodemailer.createTransport(url)));
  return t;
}

const log = (msg: string) => {
  if (process.env.NODE_ENV !== 'test') console.warn(`[notifications] ${msg}`);
};

/**
 * Outbox consumer: sends the pending email copies named in the event. Only rows still pending
 * or failed are sent, so a retried event never mails twice. Without SMTP settings the rows are
 * marked skipped with the reason — never reported as sent. A refused email is marked failed and
 * the handler throws, so the outbox retries it with backoff.
 */
export function emailHandler(ctx: ModuleContext): OutboxHandler {
  return {
    name: 'notifications.email',
    topics: [NOTIFICATION_EMAIL],
    async handle(ev, db) {
      const ids = ((ev.payload.emailIds as number[] | undefined) ?? []).filter((x) => Number.isSafeInteger(x));
      if (ids.length === 0) return;
      const rows = await db
        .selectFrom('notification_emails as e')
        .leftJoin('notifications as n', 'n.id', 'e.notification_id')
        .select(['e.id', 'e.to_address', 'e.subject', 'e.body', 'n.link'])
        .where('e.id', 'in', ids)
        .where('e.status', 'in', ['pending', 'failed'])
        .orderBy('e.id')
        .execute();
      if (rows.length === 0) return;
      const smtpUrl = ctx.config.smtpUrl;
      if (!smtpUrl) {
        log(`SMTP not configured (set ORDO_SMTP_URL); ${rows.length} email(s) skipped`);
        await db.updateTable('notification_emails').set({ status: 'skipped', error: 'SMTP not configured (ORDO_SMTP_URL)' }).where('id', 'in', rows.map((r) => r.id)).execute();
        return;
      }
      const transport = transportFor(smtpUrl);
      const failures: string[] = [];
      for (const r of rows) {
        // Links are paths inside Ordo; the email carries the full address.
        const link = r.link ? `\n\n${ctx.config.publicUrl.replace(/\/$/, '')}${r.link}` : '';
        try {
          const info = await transport.sendMail({ from: ctx.config.mailFrom, to: r.to_address ?? undefined, subject: r.subject, text: `${r.body}${link}\n\n— Ordo` });
          await db.updateTable('notification_emails').set({ status: 'sent', error: null, message_id: info.messageId ?? null, sent_at: sql`now()`, attempts: sql`attempts + 1` }).where('id', '=', r.id).execute();
        } catch (e) {
          const msg = e instanceof Error ? e.message : String(e);
          failures.push(`email ${r.id}: ${msg}`);
          await db.updateTable('notification_emails').set({ status: 'failed', error: msg.slice(0, 500), attempts: sql`attempts + 1` }).where('id', '=', r.id).execute();
        }
      }
      if (failures.length) throw new Error(failures.join('; '));
    },
  };
}
