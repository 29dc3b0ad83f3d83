import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { notFound } from '../../lib/errors';
import { paginate, type PageParams } from '../../lib/pagination';
import { emit } from '../platform/outbox';
import type { Role } from '../auth/actor';
import '../auth/tables';
import type { EmailStatus } from './tables';
import type { NoticeKind } from './kinds';

type Q = Kysely<DB> | Transaction<DB>;

/** Outbox topic: email copies of notifications are waiting to be sent (payload { emailIds }). */
export const NOTIFICATION_EMAIL = 'notification.email';
/** Outbox topic: users got new notifications (payload { userIds }); pushes the bell live. */
export const NOTIFICATION_CREATED = 'notification.created';

export interface NotifyInput {
  /** These users, whatever their role. */
  userIds?: number[];
  /** Users with these roles: staff when no companyId is given, else that company's users. */
  roles?: Role[];
  /** Users of this customer company (all of them, or those with `roles`). */
  companyId?: number;
  /** what the notice is about (NOTICE_KINDS) */
  kind: NoticeKind;
  title: string;
  body: string;
  /**
   * Noisy notices (a rep's many 待审核): a user's unread notices with the same key show as one
   * entry with a count, titled `title` ('{n}' is replaced by the count) and opening `link` (a queue).
   */
  group?: { key: string; title: string; link: string };
  /** A path inside Ordo the notification opens, e.g. '/admin/inventory/stock?skuId=3'. */
  link?: string | null;
  entity?: { type: string; id: number | string } | null;
  /** Also send an email (through the outbox, after commit). */
  email?: boolean;
  /** A user gets at most one notification per key: outbox handlers that may run twice pass one. */
  dedupeKey?: string;
}

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * Writes an in-app notification for every active recipient, in the caller's transaction, and
 * (with `email`) one pending email each plus the outbox event that gets them sent. Recipients
 * without an email address get a row marked skipped, so nobody believes an email went out.
 */
export async function notify(trx: Q, input: NotifyInput): Promise<{ userIds: number[]; notificationIds: number[] }> {
  const { userIds = [], roles, companyId } = input;
  const recipients = await trx
    .selectFrom('users')
    .select(['id', 'email'])
    .where('status', '=', 'active')
    .where((eb) => {
      const any = [];
      if (userIds.length) any.push(eb('id', 'in', userIds));
      if (companyId != null) any.push(roles?.length ? eb.and([eb('company_id', '=', companyId), eb('role', 'in', roles)]) : eb('company_id', '=', companyId));
      else if (roles?.length) any.push(eb.and([eb('company_id', 'is', null), eb('role', 'in', roles)]));
      return any.length ? eb.or(any) : sql<boolean>`false`;
    })
    .orderBy('id')
    .execute();
  if (recipients.length === 0) return { userIds: [], notificationIds: [] };
  const title = clip(input.title, 200);
  const body = clip(input.body, 2000);
  const rows = await trx
    .insertInto('notifications')
    .values(
      recipients.map((r) => ({
        user_id: r.id, title, body, link: input.link ?? null,
        entity_type: input.entity?.type ?? null, entity_id: input.entity == null ? null : String(input.entity.id),
        dedupe_key: input.dedupeKey ?? null,
        kind: input.kind,
        group_key: input.group?.key ?? null, group_title: input.group?.title ?? null, group_link: input.group?.link ?? null,
      })),
    )
    .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).where('dedupe_key', 'is not', null).doNothing())
    .returning(['id', 'user_id'])
    .execute();
  if (rows.length === 0) return { userIds: [], notificationIds: [] };
  if (input.email) {
    const emails = await trx
      .insertInto('notification_emails')
      .values(
        rows.map((n) => {
          const to = recipients.find((r) => r.id === n.user_id)?.email ?? null;
          return { notification_id: n.id, user_id: n.user_id, to_address: to, subject: title, body, status: to ? ('pending' as const) : ('skipped' as const), error: to ? null : 'no email address', message_id: null, sent_at: null };
        }),
      )
      .returning(['id', 'status'])
      .execute();
    const pending = emails.filter((e) => e.status === 'pending').map((e) => e.id);
    if (pending.length) await emit(trx, NOTIFICATION_EMAIL, { emailIds: pending });
  }
  const ids = rows.map((r) => r.user_id);
  await emit(trx, NOTIFICATION_CREATED, { userIds: ids });
  return { userIds: ids, notificationIds: rows.map((r) => r.id) };
}

const columns = ['id', 'kind', 'title', 'body', 'link', 'entity_type as entityType', 'entity_id as entityId', 'read_at as readAt', 'created_at as createdAt'] as const;

/** Unread entries as the bell shows them: a group of unread notices counts once. */
export async function unreadCount(db: Q, userId: number): Promise<number> {
  const r = await db
    .selectFrom('notifications')
    .select(sql<number>`count(*) filter (where group_key is null) + count(distinct group_key)`.as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

interface Entry { id: number; kind: string; title: string; body: string; link: string | null; entityType: string | null; entityId: string | null; readAt: Date | null; createdAt: Date; count: number }

/**
 * The caller's notifications, newest first, with the unread count for the bell. Unread notices
 * of one group come as a single entry (the newest) with their count, the group's title and its
 * link; the newest notice's title becomes the entry's body.
 */
export async function listMine(db: Kysely<DB>, userId: number, q: PageParams & { unread?: boolean }) {
  const ranked = sql`
    with mine as (
      select n.*, (n.read_at is null and n.group_key is not null) as grouped
      from notifications n where n.user_id = ${userId} ${q.unread ? sql`and n.read_at is null` : sql``}
    ), ranked as (
      select m.*,
        case when grouped then count(*) over (partition by grouped, group_key) else 1 end::int as cnt,
        case when grouped then row_number() over (partition by grouped, group_key order by id desc) else 1 end as rn
      from mine m
    )`;
  const items = await sql<Entry>`${ranked}
    select id, kind,
      case when cnt > 1 then replace(group_title, '{n}', cnt::text) else title end as title,
      case when cnt > 1 then title else body end as body,
      case when cnt > 1 then group_link else link end as link,
      case when cnt > 1 then null else entity_type end as "entityType",
      case when cnt > 1 then null else entity_id end as "entityId",
      read_at as "readAt", created_at as "createdAt", cnt as count
    from ranked where rn = 1 order by id desc limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`.execute(db);
  const total = await sql<{ n: number }>`${ranked} select count(*)::int as n from ranked where rn = 1`.execute(db);
  return { items: items.rows, total: Number(total.rows[0]?.n ?? 0), page: q.page, pageSize: q.pageSize, unread: await unreadCount(db, userId) };
}

/**
 * Marks one of the caller's notifications read (idempotent) — with the rest of its group when it
 * stands for an unread group; another user's is 404.
 */
export async function markRead(db: Kysely<DB>, userId: number, id: number) {
  const rows = await db
    .updateTable('notifications')
    .set({ read_at: sql`coalesce(read_at, now())` })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([
      eb('id', '=', id),
      eb.and([
        eb('read_at', 'is', null),
        eb('group_key', '=', eb.selectFrom('notifications as g').select('g.group_key').where('g.id', '=', id).where('g.user_id', '=', userId).where('g.read_at', 'is', null)),
      ]),
    ]))
    .returning(columns)
    .execute();
  const row = rows.find((r) => r.id === id);
  if (!row) throw notFound('通知 / notification');
  return { ...row, count: rows.length };
}

export async function markAllRead(db: Kysely<DB>, userId: number): Promise<number> {
  const r = await db.updateTable('notifications').set({ read_at: sql`now()` }).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Email delivery log for admins: what was sent, skipped (and why) or failed. */
export function listEmails(db: Kysely<DB>, q: PageParams & { status?: EmailStatus }) {
  let qb = db
    .selectFrom('notification_emails')
    .innerJoin('users', 'users.id', 'notification_emails.user_id')
    .select([
      'notification_emails.id', 'notification_emails.user_id as userId', 'users.login', 'notification_emails.to_address as to', 'notification_emails.subject',
      'notification_emails.status', 'notification_emails.error', 'notification_emails.attempts', 'notification_emails.sent_at as sentAt', 'notification_emails.created_at as createdAt',
    ]);
  if (q.status) qb = qb.where('notification_emails.status', '=', q.status);
  return paginate(qb.orderBy('notification_emails.id', 'desc'), q);
}
