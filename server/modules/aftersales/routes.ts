import { z } from 'zod';
import type { ModuleContext, RouteApp } from '../../lib/module';
import { errors, idParams, page } from '../../lib/schemas';
import { actorOf } from '../../lib/http';
import { isUniqueViolation, notFound } from '../../lib/errors';
import { AppError } from '../../lib/errors';
import { ALL_STAFF, definePermissions } from '../auth/permissions';
import { audit } from '../platform/audit';
import { setSetting } from '../platform/settings';
import * as s from './schemas';
import { createRequest, getAftersalesSettings, listRequests, QUARANTINE_SETTING, requestOptions, WINDOW_SETTING } from './requests';
import { getRequest } from './detail';
import { applyAftersalesEvent } from './engine';
import { documentDeliveryNotesHtml } from '../shipping';
import { requestForActor, SLA_SETTING, COMPLAINT_RESOLVE_SETTING, COMPLAINT_RESPONSE_SETTING } from './requests';
import { complaintRoutes } from './routes-complaints';
import { aftersalesReport } from './report';

definePermissions({
  'aftersales.read': ALL_STAFF,
  'aftersales.raise': ['admin', 'sales'],
  'aftersales.act': ALL_STAFF,
  'aftersales.settings': ['admin'],
  'aftersales.own': ['customer_admin', 'customer_buyer'],
});

const reasonColumns = ['id', 'code', 'name_zh as nameZh', 'name_en as nameEn', 'active', 'sort'] as const;

export async function aftersalesRoutes(app: RouteApp, ctx: ModuleContext) {
  const { database, config, kickWorker } = ctx;
  await complaintRoutes(app, ctx);
  const db = database.db;
  const tags = ['aftersales'];
  const my = ['my after-sales'];
  const tz = config.timeZone;

  const create = async (req: { body: z.infer<typeof s.createBody> }, actor: ReturnType<typeof actorOf>) => {
    const r = await createRequest(db, actor, req.body, { timeZone: tz });
    kickWorker();
    return getRequest(db, actor, r.id);
  };
  const act = async (actor: ReturnType<typeof actorOf>, id: number, body: z.infer<typeof s.eventBody>) => {
    await applyAftersalesEvent(db, actor, id, body);
    kickWorker();
    return getRequest(db, actor, id);
  };

  const html = { 200: z.string().describe('text/html print view'), ...errors };
  const paper = z.object({ paper: z.enum(['a4', '80mm']).default('a4') });
  const note = async (req: { params: { id: number }; query: { paper: 'a4' | '80mm' } }, actor: ReturnType<typeof actorOf>) => {
    const r = await requestForActor(db, actor, req.params.id);
    // the replacement's shipments are the shipping module's: their delivery notes, one page each
    const html = await documentDeliveryNotesHtml(db, { documentType: 'aftersales', documentId: r.id }, req.query.paper, tz);
    if (!html) throw new AppError('AFTERSALES_REPLACEMENT_NOT_SHIPPED', 409, { number: r.number });
    return html;
  };

  // ---- buyers (portal) ----
  app.get('/my/aftersales', { schema: { tags: my, summary: 'My after-sales requests', querystring: s.listQuery, response: { 200: page(s.listed), ...errors } }, config: { permission: 'aftersales.own' } }, async (req) =>
    listRequests(db, actorOf(req), req.query));
  app.get('/my/orders/:id/aftersales-options', {
    schema: { tags: my, summary: 'What can still be requested per line of my order (shipped minus already requested) and the window', params: idParams, response: { 200: s.options, ...errors } },
    config: { permission: 'aftersales.own' },
  }, async (req) => requestOptions(db, actorOf(req), req.params.id));
  app.post('/my/aftersales', {
    schema: { tags: my, summary: 'Raise an after-sales request on my shipped order (quantities in base units)', body: s.createBody, response: { 200: s.detail, ...errors } },
    config: { permission: 'aftersales.own' },
  }, async (req) => create(req, actorOf(req)));
  app.get('/my/aftersales/:id', { schema: { tags: my, params: idParams, response: { 200: s.detail, ...errors } }, config: { permission: 'aftersales.own' } }, async (req) =>
    getRequest(db, actorOf(req), req.params.id));
  app.get('/my/aftersales/:id/delivery-note', {
    schema: { tags: my, summary: 'The replacement\'s delivery note (换货/补发发货单, HTML)', params: idParams, querystring: paper, response: html },
    config: { permission: 'aftersales.own' },
  }, async (req, reply) => {
    const out = await note(req, actorOf(req));
    return reply.type('text/html; charset=utf-8').send(out);
  });
  app.post('/my/aftersales/:id/events', {
    schema: { tags: my, summary: 'Confirm a draft, enter return tracking, confirm a replacement, or cancel', params: idParams, body: s.eventBody, response: { 200: s.detail, ...errors } },
    config: { permission: 'aftersales.own' },
  }, async (req) => act(actorOf(req), req.params.id, req.body));

  // ---- reasons and settings ----
  app.get('/aftersales/reasons', { schema: { tags, summary: 'After-sales reasons the supplier maintains', response: { 200: z.array(s.reason), ...errors } } }, async () =>
    db.selectFrom('aftersales_reasons').select([...reasonColumns]).orderBy('sort').orderBy('id').execute());
  app.post('/aftersales/reasons', { schema: { tags, body: s.reasonBody, response: { 200: s.reason, ...errors } }, config: { permission: 'aftersales.settings' } }, async (req) => {
    try {
      const b = req.body;
      const r = await db.insertInto('aftersales_reasons').values({ code: b.code, name_zh: b.nameZh, name_en: b.nameEn, active: b.active, sort: b.sort }).returning([...reasonColumns]).executeTakeFirstOrThrow();
      await audit(db, actorOf(req), { action: 'aftersales.reason.create', entityType: 'aftersales_reason', entityId: r.id, after: b });
      return r;
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('CONFLICT', 409);
      throw e;
    }
  });
  app.patch('/aftersales/reasons/:id', { schema: { tags, params: idParams, body: s.reasonPatch, response: { 200: s.reason, ...errors } }, config: { permission: 'aftersales.settings' } }, async (req) => {
    const b = req.body;
    const r = await db.updateTable('aftersales_reasons').set({
      ...(b.nameZh != null ? { name_zh: b.nameZh } : {}), ...(b.nameEn != null ? { name_en: b.nameEn } : {}), ...(b.active != null ? { active: b.active } : {}), ...(b.sort != null ? { sort: b.sort } : {}),
    }).where('id', '=', req.params.id).returning([...reasonColumns]).executeTakeFirst();
    if (!r) throw notFound('售后原因 / reason');
    await audit(db, actorOf(req), { action: 'aftersales.reason.update', entityType: 'aftersales_reason', entityId: r.id, after: b });
    return r;
  });
  app.get('/aftersales/settings', { schema: { tags, response: { 200: s.settings, ...errors } }, config: { permission: 'aftersales.read' } }, async () => getAftersalesSettings(db));
  app.put('/aftersales/settings', { schema: { tags, body: s.settingsBody, response: { 200: s.settings, ...errors } }, config: { permission: 'aftersales.settings' } }, async (req) => {
    if (req.body.quarantineWarehouseId != null) {
      const w = await db.selectFrom('warehouses').select('id').where('id', '=', req.body.quarantineWarehouseId).executeTakeFirst();
      if (!w) throw new AppError('VALIDATION', 400, {}, [{ path: 'body.quarantineWarehouseId', message: 'unknown warehouse' }]);
    }
    if (req.body.windowDays != null) await setSetting(db, WINDOW_SETTING, req.body.windowDays);
    if (req.body.quarantineWarehouseId !== undefined) await setSetting(db, QUARANTINE_SETTING, req.body.quarantineWarehouseId);
    if (req.body.slaHours != null) await setSetting(db, SLA_SETTING, req.body.slaHours);
    if (req.body.complaintResponseHours != null) await setSetting(db, COMPLAINT_RESPONSE_SETTING, req.body.complaintResponseHours);
    if (req.body.complaintResolveHours != null) await setSetting(db, COMPLAINT_RESOLVE_SETTING, req.body.complaintResolveHours);
    await audit(db, actorOf(req), { action: 'aftersales.settings', entityType: 'settings', entityId: 0, after: req.body });
    return getAftersalesSettings(db);
  });

  // ---- report ----
  const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').refine((v) => !Number.isNaN(Date.parse(v)), 'not a real date');
  app.get('/aftersales/report', {
    schema: {
      tags, summary: 'After-sales by reason, product or customer between two local dates: requests, base units, refunded (fen)',
      querystring: z.object({ from: isoDate, to: isoDate, groupBy: z.enum(['reason', 'product', 'customer']).default('reason') }),
      response: { 200: z.array(z.object({ key: z.string(), label: z.string(), requests: z.number(), qty: z.number(), refunded: z.number() })), ...errors },
    },
    config: { permission: 'aftersales.read' },
  }, async (req) => {
    const { from, to } = req.query;
    if (from > to) throw new AppError('VALIDATION', 400, {}, [{ path: 'querystring.from', message: 'from must not be after to' }]);
    if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > 3660) throw new AppError('VALIDATION', 400, {}, [{ path: 'querystring.to', message: 'at most 10 years' }]);
    return aftersalesReport(db, actorOf(req), { ...req.query, timeZone: tz });
  });

  // ---- staff console ----
  app.get('/aftersales', { schema: { tags, summary: 'After-sales queue (sales reps: their customers only)', querystring: s.listQuery, response: { 200: page(s.listed), ...errors } }, config: { permission: 'aftersales.read' } }, async (req) =>
    listRequests(db, actorOf(req), req.query));
  app.get('/orders/:id/aftersales-options', {
    schema: { tags, summary: 'What can still be requested per line of an order', params: idParams, response: { 200: s.options, ...errors } },
    config: { permission: 'aftersales.raise' },
  }, async (req) => requestOptions(db, actorOf(req), req.params.id));
  app.post('/aftersales', {
    schema: { tags, summary: 'Raise a request for a customer', body: s.createBody, response: { 200: s.detail, ...errors } },
    config: { permission: 'aftersales.raise' },
  }, async (req) => create(req, actorOf(req)));
  app.get('/aftersales/:id', { schema: { tags, params: idParams, response: { 200: s.detail, ...errors } }, config: { permission: 'aftersales.read' } }, async (req) =>
    getRequest(db, actorOf(req), req.params.id));
  app.get('/aftersales/:id/delivery-note', {
    schema: { tags, summary: 'The replacement\'s delivery note (换货/补发发货单, HTML), A4 or 80 mm', params: idParams, querystring: paper, response: html },
    config: { permission: 'aftersales.read' },
  }, async (req, reply) => {
    const out = await note(req, actorOf(req));
    return reply.type('text/html; charset=utf-8').send(out);
  });
  app.post('/aftersales/:id/events', {
    schema: { tags, summary: 'Approve / reject, receive and inspect, refund, ship a replacement, cancel (one transition table)', params: idParams, body: s.eventBody, response: { 200: s.detail, ...errors } },
    config: { permission: 'aftersales.act' },
  }, async (req) => act(actorOf(req), req.params.id, req.body));
}
