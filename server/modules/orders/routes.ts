import { z } from 'zod';
import type { ModuleContext, RouteApp } from '../../lib/module';
import { errors, idParams, page } from '../../lib/schemas';
import { actorOf } from '../../lib/http';
import { ALL_STAFF, definePermissions } from '../auth/permissions';
import type { Actor } from '../auth/actor';
import { audit } from '../platform/audit';
import * as s from './schemas';
import { assertOrderAccess, getOrder, listOrders, orderHistory } from './queries';
import { getWorkflowSettings, saveWorkflowSettings } from './settings';
import { modifyOrder, setUrgent } from './modify';
import { reviewQueue } from './review';
import { applyOrderEvent, TRANSITIONS, type OrderEvent } from './workflow';

definePermissions({
  'orders.modify': ['admin', 'sales'],
  'orders.read': ALL_STAFF,
  'orders.act': ALL_STAFF,
  'orders.settings': ['admin'],
  'orders.own': ['customer_admin', 'customer_buyer'],
});

export async function orderRoutes(app: RouteApp, { database, config, kickWorker }: ModuleContext) {
  const db = database.db;
  const tags = ['orders'];
  const my = ['my orders'];

  const act = async (actor: Actor, id: number, body: { event: OrderEvent; version?: number; note?: string | null }) => {
    await db.transaction().execute((trx) => applyOrderEvent(trx, actor, id, body.event, { version: body.version, note: body.note ?? null, fromApi: true }));
    kickWorker();
    return getOrder(db, actor, id);
  };

  // ---- staff ----
  app.get('/orders', {
    schema: { tags, summary: 'Orders (sales reps: their customers only), filters by status, customer, rep, date, priority', querystring: s.orderQuery, response: { 200: page(s.orderSummary), ...errors } },
    config: { permission: 'orders.read' },
  }, async (req) => listOrders(db, actorOf(req), req.query, config.timeZone));

  app.get('/orders/review-queue', {
    schema: { tags, summary: 'Orders waiting for a review the caller may do, with credit, stock and price flags (urgent first)', querystring: s.reviewQuery, response: { 200: page(s.reviewItem), ...errors } },
    config: { permission: 'orders.read' },
  }, async (req) => reviewQueue(db, actorOf(req), req.query));

  app.post('/orders/:id/modify', {
    schema: { tags, summary: 'Change lines, quantities or prices before approval (reason required); re-reserves stock and tells the customer', params: idParams, body: s.modifyBody, response: { 200: s.orderDetail, ...errors } },
    config: { permission: 'orders.modify' },
  }, async (req) => {
    const actor = actorOf(req);
    await modifyOrder(db, actor, req.params.id, req.body);
    kickWorker();
    return getOrder(db, actor, req.params.id);
  });

  app.put('/orders/:id/urgent', {
    schema: { tags, summary: 'Mark an order urgent (加急): first in the warehouse queue', params: idParams, body: s.urgentBody, response: { 200: s.orderDetail, ...errors } },
    config: { permission: 'orders.modify' },
  }, async (req) => {
    const actor = actorOf(req);
    await setUrgent(db, actor, req.params.id, req.body.urgent);
    return getOrder(db, actor, req.params.id);
  });

  app.get('/orders/:id', { schema: { tags, params: idParams, response: { 200: s.orderDetail, ...errors } }, config: { permission: 'orders.read' } }, async (req) =>
    getOrder(db, actorOf(req), req.params.id));

  app.get('/orders/:id/history', { schema: { tags, params: idParams, response: { 200: z.array(s.historyEntry), ...errors } }, config: { permission: 'orders.read' } }, async (req) => {
    await assertOrderAccess(db, actorOf(req), req.params.id);
    return orderHistory(db, req.params.id);
  });

  app.post('/orders/:id/events', {
    schema: {
      tags,
      summary: 'Move an order on: approve, reject, finance_approve, grant_credit, outbound_approve, cancel … (see /order-workflow/transitions); pass the version you saw',
      params: idParams, body: s.eventBody, response: { 200: s.orderDetail, ...errors },
    },
    config: { permission: 'orders.act' },
  }, async (req) => act(actorOf(req), req.params.id, req.body));

  app.get('/order-workflow/transitions', {
    schema: { tags, summary: 'The order transition table (who may do what in which state)', response: { 200: z.array(s.transitionRow), ...errors } },
    config: { permission: 'orders.read' },
  }, async () => TRANSITIONS.map((t) => ({ event: t.event, from: [...t.from], to: t.to, roles: [...t.roles], internal: !!t.internal, reason: !!t.reason, guarded: !!t.guard })));

  app.get('/order-workflow/settings', { schema: { tags, response: { 200: s.workflowSettings, ...errors } }, config: { permission: 'orders.read' } }, async () => getWorkflowSettings(db));

  app.put('/order-workflow/settings', {
    schema: { tags, summary: 'Review chain: which reviews are on, payment before or after review, auto-approval rules, auto delivery', body: s.settingsBody, response: { 200: s.workflowSettings, ...errors } },
    config: { permission: 'orders.settings' },
  }, async (req) => {
    const actor = actorOf(req);
    await db.transaction().execute(async (trx) => {
      const before = await getWorkflowSettings(trx);
      await saveWorkflowSettings(trx, req.body);
      await audit(trx, actor, { action: 'order.workflow_settings', entityType: 'settings', entityId: 'orders.workflow', before, after: req.body });
    });
    return getWorkflowSettings(db);
  });

  // ---- portal ----
  app.get('/my/orders', {
    schema: { tags: my, summary: 'My orders (buyers: the ones they placed; customer admins: the company\'s)', querystring: s.myOrderQuery, response: { 200: page(s.orderSummary), ...errors } },
    config: { permission: 'orders.own' },
  }, async (req) => listOrders(db, actorOf(req), req.query, config.timeZone));

  app.get('/my/orders/:id', { schema: { tags: my, params: idParams, response: { 200: s.orderDetail, ...errors } }, config: { permission: 'orders.own' } }, async (req) =>
    getOrder(db, actorOf(req), req.params.id));

  app.post('/my/orders/:id/events', {
    schema: { tags: my, summary: 'customer_approve, customer_reject, cancel (receipt is confirmed per shipment)', params: idParams, body: s.eventBody, response: { 200: s.orderDetail, ...errors } },
    config: { permission: 'orders.own' },
  }, async (req) => act(actorOf(req), req.params.id, req.body));
}
