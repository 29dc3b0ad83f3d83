import { z } from 'zod';
import type { ModuleContext, RouteApp } from '../../lib/module';
import { errors, idParams, page, pageQuery, timestamp } from '../../lib/schemas';
import { actorOf } from '../../lib/http';
import { definePermissions, EVERYONE } from '../auth/permissions';
import { listEmails, listMine, markAllRead, markRead, unreadCount } from './notify';
import { notificationStream } from './live';

definePermissions({ 'notifications.self': EVERYONE, 'notifications.emails': ['admin'] });

const item = z.object({
  id: z.number(), title: z.string(), body: z.string(), link: z.string().nullable(),
  entityType: z.string().nullable(), entityId: z.string().nullable(), readAt: timestamp.nullable(), createdAt: timestamp,
});
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const email = z.object({
  id: z.number(), userId: z.number(), login: z.string(), to: z.string().nullable(), subject: z.string(),
  status: z.enum(['pending', 'sent', 'skipped', 'failed']), error: z.string().nullable(), attempts: z.number(), sentAt: timestamp.nullable(), createdAt: timestamp,
});
const tags = ['notifications'];
const self = { permission: 'notifications.self' };

export async function notificationRoutes(app: RouteApp, { database }: ModuleContext) {
  const db = database.db;

  app.get('/notifications', {
    schema: { tags, summary: 'My notifications, newest first, with the unread count', querystring: pageQuery.extend({ unread: bool.optional() }), response: { 200: page(item).extend({ unread: z.number() }), ...errors } },
    config: self,
  }, async (req) => listMine(db, actorOf(req).userId, req.query));

  app.get('/notifications/unread-count', { schema: { tags, response: { 200: z.object({ unread: z.number() }), ...errors } }, config: self }, async (req) => ({
    unread: await unreadCount(db, actorOf(req).userId),
  }));

  app.get('/notifications/stream', {
    schema: { tags, summary: 'Server-sent events: `unread` with { unread } now and whenever the signed-in user gets a notification' },
    config: self,
  }, async (req, reply) => notificationStream(db, req, reply, actorOf(req).userId));
  app.post('/notifications/:id/read', { schema: { tags, params: idParams, response: { 200: item, ...errors } }, config: self }, async (req) =>
    markRead(db, actorOf(req).userId, req.params.id));

  app.post('/notifications/read-all', { schema: { tags, response: { 200: z.object({ updated: z.number() }), ...errors } }, config: self }, async (req) => ({
    updated: await markAllRead(db, actorOf(req).userId),
  }));

  app.get('/notifications/emails', {
    schema: { tags, summary: 'Email delivery log: sent, skipped (with the reason) or failed', querystring: pageQuery.extend({ status: z.enum(['pending', 'sent', 'skipped', 'failed']).optional() }), response: { 200: page(email), ...errors } },
    config: { permission: 'notifications.emails' },
  }, async (req) => listEmails(db, req.query));
}
