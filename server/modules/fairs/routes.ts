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
import { cancelBooking, editBooking, payDeposit, releaseBooking, startDepositOnline, type BookingScope } from './changes';
import { payChannel, paymentView } from '../payments';
import { customerScope } from '../customers';
import { boardOf } from './board';
import { boardStream } from './live';
import { convertBookings } from './convert';

definePermissions({
  'fairs.read': ['admin', 'sales'],
  'fairs.manage': ['admin'],
  'fairs.convert': ['admin', 'sales'],
  'fairs.bookings': ['admin', 'sales'],
  'fairs.mine': ['customer_admin', 'customer_buyer'],
});

const myFairItem = z.object({ id: z.number(), name: z.string(), state: z.enum(s.STATES), opensAt: z.date(), closesAt: z.date(), serverNow: z.date(), booked: z.number(), bookings: z.number(), note: z.string().nullable() });
const booked = s.bookingView.omit({ fairName: true, companyId: true, companyName: true, province: true, userId: true, note: true, orders: true, depositApplied: true, depositOverdue: true, cancelReason: true, version: true })
  .extend({ replayed: z.boolean() });
const bookingParams = z.object({ id, bookingId: id });
/** Staff see and change the bookings of their own customers when they are sales reps (as with orders). */
const staffScope = (req: FastifyRequest): BookingScope => customerScope(actorOf(req));
const repOf = (req: FastifyRequest) => {
  const sc = staffScope(req);
  return 'salesRepId' in sc ? sc.salesRepId : undefined;
};

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
    listFairs(db, req.query, repOf(req)));
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
    return listBookings(db, { fairId: req.params.id, salesRepId: repOf(req), limit: 1000 });
  });
  const change = { permission: 'fairs.bookings' };
  app.put('/fairs/:id/bookings/:bookingId', {
    schema: { tags, summary: 'Change a booking\'s lines for the customer while the fair is open (quotas re-checked; the deposit follows)', params: bookingParams, body: s.bookBody, response: { 200: s.bookingView, ...errors } }, config: change,
  }, async (req) => editBooking(db, actorOf(req), staffScope(req), req.params.bookingId, req.body, req.params.id));
  app.post('/fairs/:id/bookings/:bookingId/cancel', {
    schema: { tags, summary: 'Cancel a booking for the customer while the fair is open (a paid deposit is given back)', params: bookingParams, body: s.cancelBody.optional(), response: { 200: s.bookingView, ...errors } }, config: change,
  }, async (req) => cancelBooking(db, actorOf(req), staffScope(req), req.params.bookingId, { fairId: req.params.id, reason: req.body?.reason }));
  app.post('/fairs/:id/bookings/:bookingId/release', {
    schema: { tags, summary: 'Release a booking whose deposit was not paid by the fair\'s deadline (cancelled, its quota freed)', params: bookingParams, response: { 200: s.bookingView, ...errors } }, config: change,
  }, async (req) => releaseBooking(db, actorOf(req), staffScope(req), req.params.id, req.params.bookingId));
  app.get('/fairs/:id/board', { schema: { tags, summary: 'Booked amounts by product, customer and region against targets', params: idParams, response: { 200: s.boardView, ...errors } }, config: read }, async (req) =>
    boardOf(db, req.params.id, repOf(req)));
  app.get('/fairs/:id/board/stream', { schema: { tags, summary: 'Server-sent events: `board` now and again as bookings arrive', params: idParams }, config: read }, async (req, reply) => {
    await loadFair(db, req.params.id);
    return boardStream(db, req, reply, req.params.id, repOf(req));
  });
  app.post('/fairs/:id/convert', {
    schema: { tags, summary: 'Turn bookings into delivery orders (all or part of each; a retry with the same Idempotency-Key makes no more orders)', params: idParams, headers: s.idemHeaders, body: s.convertBody, response: { 200: s.convertResult, ...errors } },
    config: { permission: 'fairs.convert' },
  }, async (req) => convertBookings(db, actorOf(req), req.params.id, req.body, req.headers['idempotency-key'], { timeZone: config.timeZone, locale: req.locale, salesRepId: repOf(req) }));

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
  app.put('/my/fair-bookings/:id', {
    schema: { tags: ['my company'], summary: 'Change my booking\'s lines while the fair is open (sending the same lines again changes nothing more)', params: idParams, body: s.bookBody, response: { 200: s.bookingView, ...errors } }, config: mine,
  }, async (req) => editBooking(db, actorOf(req), { companyId: myCompany(req) }, req.params.id, req.body));
  app.post('/my/fair-bookings/:id/cancel', {
    schema: { tags: ['my company'], summary: 'Cancel my booking while the fair is open (the deposit is given back or kept by the fair\'s rule; again: no change)', params: idParams, body: s.cancelBody.optional(), response: { 200: s.bookingView, ...errors } }, config: mine,
  }, async (req) => cancelBooking(db, actorOf(req), { companyId: myCompany(req) }, req.params.id, { reason: req.body?.reason }));
  app.post('/my/fair-bookings/:id/deposit', {
    schema: { tags: ['my company'], summary: 'Pay my booking\'s deposit from the prepaid balance before the fair\'s deadline (held until the delivery orders; again: no change)', params: idParams, response: { 200: s.bookingView, ...errors } }, config: mine,
  }, async (req) => payDeposit(db, actorOf(req), myCompany(req), req.params.id));
  const publicUrl = config.publicUrl.replace(/\/$/, '');
  app.post('/my/fair-bookings/:id/deposit/online', {
    schema: {
      tags: ['my company'], summary: 'Pay my booking\'s deposit online before the deadline (channel qr or mobile; open payUrl): a top-up of the deposit, held once the provider confirms it',
      params: idParams, body: z.object({ channel: payChannel.default('qr') }), response: { 200: paymentView, ...errors },
    },
    config: mine,
  }, async (req) => startDepositOnline(db, publicUrl, actorOf(req), myCompany(req), req.params.id, { channel: req.body.channel, clientIp: req.ip || null }));
}
