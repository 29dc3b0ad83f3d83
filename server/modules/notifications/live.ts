import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { onResync, publish, subscribe } from '../../lib/live';
import type { OutboxHandler } from '../platform/outbox';
import { NOTIFICATION_CREATED, unreadCount } from './notify';

/** Live topic: some users got notifications, payload { userIds } (one message per batch, not per user). */
export const NOTIFIED_TOPIC = 'notifications:created';
export const HEARTBEAT_MS = 20_000;

/** After commit: tell every API process which users got new notifications (their bells update). */
export function liveNotificationsHandler(): OutboxHandler {
  return {
    name: 'notifications.live',
    topics: [NOTIFICATION_CREATED],
    async handle(ev) {
      const userIds = ((ev.payload.userIds as number[] | undefined) ?? []).filter((x) => Number.isSafeInteger(x));
      if (userIds.length) await publish(NOTIFIED_TOPIC, { userIds });
    },
  };
}

/**
 * Server-sent events for the signed-in user's bell: `event: unread` with { unread } now, and again
 * whenever they get a notification (from any process) or the live bus reconnected.
 */
export async function notificationStream(db: Kysely<DB>, req: FastifyRequest, reply: FastifyReply, userId: number) {
  const first = await unreadCount(db, userId);
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  res.write('retry: 5000\n\n');
  const send = (unread: number) => res.write(`event: unread\ndata: ${JSON.stringify({ unread })}\n\n`);
  send(first);
  let closed = false;
  const refresh = () => {
    if (!closed) void unreadCount(db, userId).then((n) => !closed && send(n)).catch(() => undefined);
  };
  const unsubscribe = subscribe([NOTIFIED_TOPIC], (_t, data) => {
    if ((data as { userIds?: number[] }).userIds?.includes(userId)) refresh();
  });
  const stopResync = onResync(refresh);
  const beat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
  const close = () => {
    closed = true;
    clearInterval(beat);
    unsubscribe();
    stopResync();
  };
  req.raw.on('close', close);
  res.on('error', close);
}
