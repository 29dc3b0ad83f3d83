import type { ModuleContext, RouteApp } from '../../lib/module';
import { errors, idParams, page } from '../../lib/schemas';
import { actorOf } from '../../lib/http';
import { localDay } from '../../lib/day-numbers';
import { definePermissions } from '../auth/permissions';
import * as s from './schemas';
import { counterQuote, createQuote, getQuote, listQuotes, offerQuote, quoteStep } from './service';
import { acceptOptions, acceptQuote } from './accept';

definePermissions({
  'quotes.manage': ['admin', 'sales'],
  'quotes.own': ['customer_admin', 'customer_buyer'],
});

const isoDay = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;

/** 询价/报价: staff under /quotes, customers under /my/quotes; every read and write scoped in the service. */
export async function quoteRoutes(app: RouteApp, ctx: ModuleContext) {
  const db = ctx.database.db;
  const tz = ctx.config.timeZone;
  const staff = { permission: 'quotes.manage' };
  const own = { permission: 'quotes.own' };

  for (const [prefix, config, tags] of [['/quotes', staff, ['quotes']], ['/my/quotes', own, ['my quotes']]] as const) {
    app.get(prefix, { schema: { tags, querystring: s.listQuery, response: { 200: page(s.quoteListed), ...errors } }, config }, async (req) => listQuotes(db, actorOf(req), req.query));
    app.get(`${prefix}/:id`, { schema: { tags, params: idParams, response: { 200: s.quoteDetail, ...errors } }, config }, async (req) => getQuote(db, actorOf(req), req.params.id));
    app.post(prefix, {
      schema: { tags, summary: 'Ask for prices (询价): lines by SKU, unit and quantity, with an optional wished price; staff name the customer', body: s.createBody, response: { 200: s.quoteDetail, ...errors } },
      config,
    }, async (req) => getQuote(db, actorOf(req), await createQuote(db, actorOf(req), req.body)));
    app.post(`${prefix}/:id/messages`, { schema: { tags, summary: 'A message in the negotiation thread', params: idParams, body: s.messageBody, response: { 200: s.quoteDetail, ...errors } }, config }, async (req) =>
      getQuote(db, actorOf(req), await quoteStep(db, actorOf(req), req.params.id, 'message', req.body)));
  }
  app.post('/quotes/:id/offer', {
    schema: { tags: ['quotes'], summary: 'Offer (报价): a price per base unit for every line, valid to the end of validUntil (supplier time zone), with terms', params: idParams, body: s.offerBody, response: { 200: s.quoteDetail, ...errors } },
    config: staff,
  }, async (req) => getQuote(db, actorOf(req), await offerQuote(db, actorOf(req), req.params.id, req.body, { timeZone: tz, today: isoDay(localDay(new Date(), tz)) })));
  app.post('/quotes/:id/decline', { schema: { tags: ['quotes'], params: idParams, body: s.closeBody, response: { 200: s.quoteDetail, ...errors } }, config: staff }, async (req) =>
    getQuote(db, actorOf(req), await quoteStep(db, actorOf(req), req.params.id, 'decline', req.body)));
  app.post('/my/quotes/:id/counter', {
    schema: { tags: ['my quotes'], summary: 'Counter-offer (还价): the prices the buyer proposes instead', params: idParams, body: s.counterBody, response: { 200: s.quoteDetail, ...errors } },
    config: own,
  }, async (req) => getQuote(db, actorOf(req), await counterQuote(db, actorOf(req), req.params.id, req.body)));
  app.post('/my/quotes/:id/withdraw', { schema: { tags: ['my quotes'], params: idParams, body: s.closeBody, response: { 200: s.quoteDetail, ...errors } }, config: own }, async (req) =>
    getQuote(db, actorOf(req), await quoteStep(db, actorOf(req), req.params.id, 'withdraw', req.body)));
  app.get('/my/quotes/:id/accept', { schema: { tags: ['my quotes'], summary: 'What accepting asks for: addresses, payment methods, invoice types', params: idParams, response: { 200: s.acceptOptions, ...errors } }, config: own }, async (req) =>
    acceptOptions(db, actorOf(req), req.params.id));
  app.post('/my/quotes/:id/accept', {
    schema: { tags: ['my quotes'], summary: 'Accept the offer: it becomes an order at the offered prices (once; a repeat answers with that order). Expired or another company\'s quotes are refused', params: idParams, body: s.acceptBody, response: { 200: s.accepted, ...errors } },
    config: own,
  }, async (req, reply) => {
    const r = await acceptQuote(db, actorOf(req), req.params.id, req.body, { timeZone: tz, locale: req.locale });
    if (r.replayed) reply.header('idempotent-replayed', 'true');
    else ctx.kickWorker();
    return r;
  });
}
