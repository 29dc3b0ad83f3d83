import { z } from 'zod';
import type { ModuleContext, RouteApp } from '../../lib/module';
import { errors, idParams } from '../../lib/schemas';
import { actorOf } from '../../lib/http';
import { ALL_STAFF, definePermissions } from '../auth/permissions';
import { getOrder } from '../orders';
import * as s from './schemas';
import { addTracking, createShipment, listShipments, shipmentForActor, shipmentsOf } from './service';
import { confirmReceipt } from './receipt';
import { pickList } from './picking';
import { deliveryNoteHtml, pickListHtml } from './print';
import { orderDetail } from '../orders/schemas';
import '../inventory/tables';

definePermissions({
  'shipping.read': ALL_STAFF,
  'shipping.ship': ['admin', 'warehouse'],
  'shipping.tracking': ['admin', 'warehouse'],
  'shipping.receipt': ['admin', 'sales'],
});

const html = { 200: z.string().describe('text/html print view'), ...errors };

export async function shippingRoutes(app: RouteApp, { database, config, kickWorker }: ModuleContext) {
  const db = database.db;
  const tags = ['shipping'];

  app.get('/orders/:id/shipments', { schema: { tags, params: idParams, response: { 200: z.array(s.shipment), ...errors } }, config: { permission: 'shipping.read' } }, async (req) =>
    listShipments(db, actorOf(req), req.params.id));
  app.get('/my/orders/:id/shipments', { schema: { tags: ['my orders'], summary: 'Shipments and tracking of my order', params: idParams, response: { 200: z.array(s.shipment), ...errors } }, config: { permission: 'orders.own' } }, async (req) =>
    listShipments(db, actorOf(req), req.params.id));

  app.post('/orders/:id/shipments', {
    schema: { tags, summary: 'Ship (part of) an order from one warehouse: consumes its reservations; partial shipments allowed', params: idParams, body: s.shipmentBody, response: { 200: orderDetail, ...errors } },
    config: { permission: 'shipping.ship' },
  }, async (req) => {
    const actor = actorOf(req);
    await createShipment(db, actor, req.params.id, req.body);
    kickWorker();
    return getOrder(db, actor, req.params.id);
  });

  app.get('/shipments/:id/delivery-note', {
    schema: { tags, summary: '发货单 print view (HTML), A4 or 80 mm', params: idParams, querystring: s.paperQuery, response: html },
    config: { permission: 'shipping.read' },
  }, async (req, reply) => {
    const sh = await shipmentForActor(db, actorOf(req), req.params.id);
    reply.type('text/html; charset=utf-8');
    return deliveryNoteHtml(db, sh.id, sh.order_id, req.query.paper, config.timeZone);
  });

  app.get('/shipping/warehouses', {
    schema: { tags, summary: 'Active warehouses to ship from', response: { 200: z.array(z.object({ id: z.number(), code: z.string(), name: z.string() })), ...errors } },
    config: { permission: 'shipping.read' },
  }, async () => db.selectFrom('warehouses').select(['id', 'code', 'name']).where('active', '=', true).orderBy('priority').orderBy('id').execute());

  app.get('/pick-lists', {
    schema: { tags, summary: 'Pick list of a warehouse: orders to pick (urgent first) and totals per SKU', querystring: s.warehouseQuery, response: { 200: s.pickListSchema, ...errors } },
    config: { permission: 'shipping.ship' },
  }, async (req) => pickList(db, req.query.warehouseId));

  app.get('/pick-lists/print', { schema: { tags, summary: 'Printable pick list (HTML)', querystring: s.warehouseQuery, response: html }, config: { permission: 'shipping.ship' } }, async (req, reply) => {
    const list = await pickList(db, req.query.warehouseId);
    reply.type('text/html; charset=utf-8');
    return pickListHtml(list, config.timeZone);
  });

  app.post('/shipments/:id/tracking', {
    schema: { tags, summary: 'Add a tracking event (staff, or a carrier integration with an API token scoped shipping.tracking)', params: idParams, body: s.trackingBody, response: { 200: s.trackingEvent, ...errors } },
    config: { permission: 'shipping.tracking' },
  }, async (req) => addTracking(db, actorOf(req), req.params.id, req.body));

  app.post('/my/shipments/:id/receipt', {
    schema: { tags: ['my orders'], summary: 'Confirm a shipment arrived (签收), noting shortages or damage per line', params: idParams, body: s.receiptBody, response: { 200: s.shipment, ...errors } },
    config: { permission: 'orders.own' },
  }, async (req) => {
    const r = await confirmReceipt(db, actorOf(req), req.params.id, req.body);
    kickWorker();
    return r;
  });

  app.post('/shipments/:id/receipt', {
    schema: { tags, summary: 'Record receipt on the customer\'s behalf (e.g. signed paper delivery note)', params: idParams, body: s.receiptBody, response: { 200: s.shipment, ...errors } },
    config: { permission: 'shipping.receipt' },
  }, async (req) => {
    const r = await confirmReceipt(db, actorOf(req), req.params.id, req.body);
    kickWorker();
    return r;
  });

  app.get('/shipments/:id', { schema: { tags, params: idParams, response: { 200: s.shipment, ...errors } }, config: { permission: 'shipping.read' } }, async (req) => {
    const sh = await shipmentForActor(db, actorOf(req), req.params.id);
    return (await shipmentsOf(db, sh.order_id, sh.id))[0]!;
  });
}
