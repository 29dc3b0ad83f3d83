import { z } from 'zod';
import type { ModuleContext, RouteApp } from '../../lib/module';
import { errors, idParams, ok, optionalText } from '../../lib/schemas';
import { actorOf } from '../../lib/http';
import { definePermissions } from '../auth/permissions';
import { createEndpoint, deleteEndpoint, deliver, getEndpoint, listDeliveries, listEndpoints, updateEndpoint } from './webhooks';

definePermissions({ 'integration.manage': ['admin'] });

const url = z
  .string()
  .trim()
  .max(2000, 'at most 2000 characters')
  .url('not a URL')
  .refine((u) => /^https?:\/\//i.test(u), 'must be http:// or https://');
const topic = z.string().max(100).regex(/^(\*|[a-z][a-z_]*(\.[a-z_]+)*)$/, "a topic like 'order.submitted', or '*'");
const body = z.strictObject({
  url,
  description: optionalText(200),
  topics: z.array(topic).min(1, 'at least one topic').max(50),
  active: z.boolean().optional(),
});
const endpoint = z.object({ id: z.number(), url: z.string(), description: z.string().nullable(), topics: z.array(z.string()), active: z.boolean(), createdAt: z.date(), updatedAt: z.date() });
const delivery = z.object({ id: z.number(), eventId: z.number().nullable(), topic: z.string(), ok: z.boolean(), statusCode: z.number().nullable(), error: z.string().nullable(), durationMs: z.number(), attemptedAt: z.date() });
const config = { permission: 'integration.manage' };

export async function integrationRoutes(app: RouteApp, { database }: ModuleContext) {
  const db = database.db;

  app.get('/webhooks', { schema: { tags: ['integration'], response: { 200: z.array(endpoint), ...errors } }, config }, async () => listEndpoints(db));

  app.post('/webhooks', {
    schema: { tags: ['integration'], summary: 'Subscribe a URL to events; the signing secret is shown once', body, response: { 200: endpoint.extend({ secret: z.string() }), ...errors } },
    config,
  }, async (req) => createEndpoint(db, actorOf(req), req.body));

  app.patch('/webhooks/:id', {
    schema: { tags: ['integration'], params: idParams, body: body.partial().extend({ rotateSecret: z.boolean().optional() }).strict(), response: { 200: endpoint.extend({ secret: z.string().nullable() }), ...errors } },
    config,
  }, async (req) => updateEndpoint(db, actorOf(req), req.params.id, req.body));

  app.delete('/webhooks/:id', { schema: { tags: ['integration'], params: idParams, response: { 200: ok, ...errors } }, config }, async (req) => {
    await deleteEndpoint(db, actorOf(req), req.params.id);
    return { ok: true as const };
  });

  app.get('/webhooks/:id/deliveries', { schema: { tags: ['integration'], params: idParams, response: { 200: z.array(delivery), ...errors } }, config }, async (req) => {
    await getEndpoint(db, req.params.id);
    return listDeliveries(db, req.params.id);
  });

  app.post('/webhooks/:id/test', {
    schema: { tags: ['integration'], summary: 'Send a signed test event now and report what the receiver answered', params: idParams, response: { 200: z.object({ ok: z.boolean(), statusCode: z.number().nullable(), error: z.string().nullable() }), ...errors } },
    config,
  }, async (req) => {
    await getEndpoint(db, req.params.id);
    const target = await db.selectFrom('webhook_endpoints').select(['id', 'url', 'secret']).where('id', '=', req.params.id).executeTakeFirstOrThrow();
    return deliver(db, target, { id: 0, topic: 'webhook.test', payload: { message: 'Ordo webhook test / 测试推送' }, createdAt: new Date() });
  });
}
