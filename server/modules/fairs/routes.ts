import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { ModuleContext, RouteApp } from '../../lib/module';
import { errors, id, idParams, page, pageQuery } from '../../lib/schemas';
import { actorOf } from '../../lib/http';
import { forbidden } from '../../lib/errors';
import { definePermissions } from '../auth/permissions';
import * as s from './schemas';
import { changeFairStatus, createFair, getFair, listFairs, loadFair, updateFair } from './fairs';
import { book, listBookings, myFair, myFairs } from './bookings';
import { boardOf } from './board';
import { boardStream } from './live';
import { convertBookings } from './convert';

definePermissions({
  'fairs.read': ['admin', 'sales'],
  'fairs.manage': ['admin'],
  'fairs.convert': ['admin', 'sales'],
  'fairs.mine': ['customer_admin', 'customer_buyer'],
});

const myFairItem = z.object({ id: z.number(), name: z.string(), state: z.enum(s.STATES), opensAt: z.date(), closesAt: z.date(), serverNow: z.date(), booked: z.number(), bookings: z.number(), note: z.string().nullable() });
const booked = s.bookingView.omit({ fairName: true, companyId: true, companyName: true, province: true, userId: true, note: true, orders: true }).extend({ replayed: z.boolean() });

export async function fairRoutes(app: RouteApp, { database, config }: ModuleContext) {
  const db = database.db;
  const tags = ['fairs'];
  const read = { permission: 'fairs.read' };
  const manage = { permission: 'fairs.manage' };
  const mine = { permission: 'fairs.mine' };
  const myCompany = (req: FastifyRequest) => {
    const c = actorOf(req).companyId;
    if (c == null) throw forbidden();
    return c;
  };

  app.get('/fairs', { schema: { tags, summary: 'Ordering fairs (订货会)', querystring: pageQuery.extend({ state: z.enum(s.STATES).optional() }), response: { 200: page(s.fairSummary), ...errors } }, config: read }, async (req) =>
    listFairs(db, req.query));
  app.post('/fairs', { schema: { tags, summary: 'Create a fair as a draft (times without an offset are in the supplier\'s time zone, to the second)', body: s.fairBody, response: { 200: s.fairView, ...errors } }, config: manage }, async (req) =>
    createFair(db, actorOf(req), req.body, config.timeZone));
  app.get('/fairs/:id', { schema: { tags, params: idParams, response: { 200: s.fairView, ...errors } }, config: read }, async (req) => getFair(db, req.params.id));
  app.put('/fairs/:id', { schema: { tags, summary: 'Replace a draft fair', params: idParams, body: s.fairBody, response: { 200: s.fairView, ...errors } }, config: manage }, async (req) =>
    updateFair(db, actorOf(req), req.params.id, req.body, config.timeZone));
  app.post('/fairs/:id/publish', { schema: { tags, summary: 'Publish a draft: invited buyers see it and book from its opening time', params: idParams, response: { 200: s.fairView, ...errors } }, config: manage }, async (req) =>
    changeFairStatus(db, actorOf(req), req.params.id, 'publish'));
  app.post('/fairs/:id/cancel', { schema: { tags, summary: 'Cancel a fair before it closes', params: idParams, response: { 200: s.fairView, ...errors } }, config: manage }, async (req) =>
    changeFairStatus(db, actorOf(req), req.params.id, 'cancel'));
  app.post('/fairs/:id/close', { schema: { tags, summary: 'End an open fair now (提前结束): from this second bookings are refused and conversion may start', params: idParams, response: { 200: s.fairView, ...errors } }, config: manage }, async (req) =>
    changeFairStatus(db, actorOf(req), req.params.id, 'close'));
  app.get('/fairs/:id/bookings', { schema: { tags, summary: 'The fair\'s bookings with the orders made from them', params: idParams, response: { 200: z.array(s.bookingView), ...errors } }, config: read }, async (req) => {
    await loadFair(db, req.params.id);
    return listBookings(db, { fairId: req.params.id, limit: 1000 });
  });
  app.get('/fairs/:id/board', { schema: { tags, summary: 'Booked amounts by product, customer and region against targets', params: idParams, response: { 200: s.boardView, ...errors } }, config: read }, async (req) =>
    boardOf(db, req.params.id));
  app.get('/fairs/:id/board/stream', { schema: { tags, summary: 'Server-sent events: `board` now and again as bookings arrive', params: idParams }, config: read }, async (req, reply) => {
    await loadFair(db, req.params.id);
    return boardStream(db, req, reply, req.params.id);
  });
  app.post('/fairs/:id/convert', {
    schema: { tags, summary: 'Turn bookings into delivery orders (all or part of each; a retry with the same Idempotency-Key makes no more orders)', params: idParams, headers: s.idemHeaders, body: s.convertBody, response: { 200: s.convertResult, ...errors } },
    config: { permission: 'fairs.convert' },
  }, async (req) => convertBookings(db, actorOf(req), req.params.id, req.body, req.headers['idempotency-key'], { timeZone: config.timeZone, locale: req.locale }));

  app.get('/my/fairs', { schema: { tags: ['my company'], summary: 'Ordering fairs my company is invited to', response: { 200: z.array(myFairItem), ...errors } }, config: mine }, async (req) =>
    myFairs(db, myCompany(req)));
  app.get('/my/fairs/:id', { schema: { tags: ['my company'], summary: 'A fair with its products, prices and my quota', params: idParams, response: { 200: s.myFairView, ...errors } }, config: mine }, async (req) =>
    myFair(db, myCompany(req), req.params.id));
  app.post('/my/fairs/:id/bookings', {
    schema: { tags: ['my company'], summary: 'Book at a fair (needs an Idempotency-Key; a retry returns the first booking)', params: idParams, headers: s.idemHeaders, body: s.bookBody, response: { 200: booked, ...errors } },
    config: mine,
  }, async (req) => book(db, actorOf(req), myCompany(req), req.params.id, req.body, req.headers['idempotency-key']));
  app.get('/my/fair-bookings', {
    schema: { tags: ['my company'], summary: 'My company\'s bookings with their delivery orders', querystring: z.object({ fairId: id.optional() }), response: { 200: z.array(s.bookingView), ...errors } },
    config: mine,
  }, async (req) => listBookings(db, { companyId: myCompany(req), fairId: req.query.fairId }));
}
