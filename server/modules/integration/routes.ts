import { z } from 'zod';
import type { ModuleContext, RouteApp } from '../../lib/module';
import { errors, idParams, ok, optionalText } from '../../lib/schemas';
import { actorOf } from '../../lib/http';
import { definePermissions } from '../auth/permissions';
import { listChanges } from './erp-feed';
import { MAX_SYNC_ITEMS, SYNC_KINDS, syncBatch } from './erp-sync';
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

definePermissions({ 'erp.sync': ['admin'], 'erp.feed': ['admin'] });

const syncItem = z.record(z.string().max(40), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]));
const syncReport = z.object({
  kind: z.string(), received: z.number(), created: z.number(), updated: z.number(), unchanged: z.number(), replayed: z.boolean(),
  failed: z.array(z.object({ index: z.number(), key: z.string().nullable(), field: z.string(), message: z.string() })),
});
const idemRequired = z.object({ 'idempotency-key': z.string().min(1, 'required').max(128, 'at most 128 characters').regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces') });

/** ERP sync API: bulk upserts by the ERP's codes, and the change feed (docs/erp-sync.md). */
export async function erpRoutes(app: RouteApp, { database }: ModuleContext) {
  const db = database.db;
  app.post('/erp/sync/:kind', {
    schema: {
      tags: ['integration'], summary: 'Bulk upsert (at most 5000 items) keyed by the ERP\'s codes; items with a problem are listed and skipped, the rest written in one transaction. Idempotency-Key required.',
      params: z.object({ kind: z.enum(SYNC_KINDS) }), headers: idemRequired, body: z.strictObject({ items: z.array(syncItem).min(1, 'at least one item').max(MAX_SYNC_ITEMS, `at most ${MAX_SYNC_ITEMS} items`) }),
      response: { 200: syncReport, ...errors },
    },
    config: { permission: 'erp.sync' },
  }, async (req) => syncBatch(db, actorOf(req), req.params.kind, req.body.items, req.headers['idempotency-key']));

  app.get('/erp/changes', {
    schema: {
      tags: ['integration'], summary: 'Order, shipment, payment and after-sales events after a cursor, oldest first; keep nextCursor and ask again (every event exactly once)',
      querystring: z.object({
        cursor: z.string().regex(/^\d{1,18}$/, 'a cursor from an earlier page, or 0').default('0'),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
        topics: z.string().max(200).regex(/^[a-z]+(,[a-z]+)*$/, 'comma-separated topic prefixes: order,shipment,payment,aftersales').optional(),
      }),
      response: {
        200: z.object({ events: z.array(z.object({ cursor: z.string(), eventId: z.number(), topic: z.string(), occurredAt: z.date(), payload: z.record(z.string(), z.unknown()) })), nextCursor: z.string(), hasMore: z.boolean() }),
        ...errors,
      },
    },
    config: { permission: 'erp.feed' },
  }, async (req) => listChanges(db, { cursor: Number(req.query.cursor), limit: req.query.limit, topics: req.query.topics?.split(',') }));
}
