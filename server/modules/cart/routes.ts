import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { ModuleContext, RouteApp } from '../../lib/module';
import { errors, ok } from '../../lib/schemas';
import { actorOf } from '../../lib/http';
import { AppError } from '../../lib/errors';
import { readUpload } from '../../lib/uploads';
import { definePermissions } from '../auth/permissions';
import * as s from './schemas';
import type { CouponChoice, FundsChoice } from '../marketing';
import { addLine, cartCount, cartOwner, clearCart, getCart, removeLine, updateLine } from './cart';
import { checkoutPreview, submitCart } from './checkout';
import { addCandidates, fromRaw, lookupSkus } from './quick';
import { rowsFromFile, rowsFromText } from './parse';
import { deleteSaved, frequentlyOrdered, getSaved, listSaved, renameSaved, reorder, resumeDraft, saveDraft, saveTemplate, templateToCart } from './saved';

definePermissions({
  // Buyers order for their company; sales reps (own customers) and the order desk order on behalf.
  'cart.use': ['customer_admin', 'customer_buyer', 'admin', 'sales'],
});

const idemHeaders = z.object({ 'idempotency-key': z.string().min(1).max(128, 'at most 128 characters').regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces').optional() });

/** ?coupon=: auto (or absent) = the best coupon, none = no coupon, a number = that coupon. */
const couponOf = (req: FastifyRequest): CouponChoice => {
  const c = (req.query as { coupon?: 'auto' | 'none' | number }).coupon;
  return c === undefined || c === 'auto' ? undefined : c === 'none' ? null : c;
};

/** ?rebate= and ?points=: what the buyer chose to deduct (the cart view shows it applied). */
const fundsOf = (req: FastifyRequest): FundsChoice => {
  const q = req.query as FundsChoice;
  return { rebate: q.rebate, points: q.points };
};

export async function cartRoutes(app: RouteApp, { database, config }: ModuleContext) {
  const db = database.db;
  const tags = ['cart'];
  const perm = { permission: 'cart.use' };
  // Every route's querystring schema includes ownerQuery, so customerId is validated already.
  const owner = (req: FastifyRequest) => cartOwner(db, actorOf(req), (req.query as z.infer<typeof s.ownerQuery>).customerId);
  const view = async (req: FastifyRequest) => getCart(db, await owner(req), req.locale, couponOf(req), fundsOf(req));

  app.get('/cart', { schema: { tags, summary: 'The cart with live prices, stock, per-line problems, promotions and the coupon (staff: ?customerId= for ordering on behalf; ?coupon=auto|none|<id>)', querystring: s.cartQuery, response: { 200: s.cartView, ...errors } }, config: perm }, view);
  app.get('/cart/count', { schema: { tags, summary: 'Lines in the cart (badge)', querystring: s.ownerQuery, response: { 200: s.countView, ...errors } }, config: perm }, async (req) =>
    cartCount(db, await owner(req)));
  app.delete('/cart', { schema: { tags, summary: 'Empty the cart', querystring: s.ownerQuery, response: { 200: s.cartView, ...errors } }, config: perm }, async (req) => {
    await clearCart(db, await owner(req));
    return view(req);
  });
  app.post('/cart/lines', { schema: { tags, summary: 'Add a quantity of a SKU in one of its selling units (qty counts that unit)', querystring: s.ownerQuery, body: s.addBody, response: { 200: s.cartView, ...errors } }, config: perm }, async (req) => {
    await addLine(db, await owner(req), req.body);
    return view(req);
  });
  app.patch('/cart/lines/:lineId', { schema: { tags, summary: 'Set a line\'s quantity (in its unit, or a new unit)', params: s.lineParams, querystring: s.ownerQuery, body: s.updateBody, response: { 200: s.cartView, ...errors } }, config: perm }, async (req) => {
    await updateLine(db, await owner(req), req.params.lineId, req.body);
    return view(req);
  });
  app.delete('/cart/lines/:lineId', { schema: { tags, params: s.lineParams, querystring: s.ownerQuery, response: { 200: s.cartView, ...errors } }, config: perm }, async (req) => {
    await removeLine(db, await owner(req), req.params.lineId);
    return view(req);
  });

  // ---- quick order ----
  app.get('/cart/skus', { schema: { tags, summary: 'Quick-order autocomplete: SKUs by code prefix, barcode or name', querystring: s.lookupQuery, response: { 200: z.array(s.lookupItem), ...errors } }, config: perm }, async (req) =>
    lookupSkus(db, await owner(req), req.query.q, req.query.limit));
  app.post('/cart/quick', {
    schema: { tags, summary: 'Quick order: rows of code + quantity (+ unit), or pasted text; each row added or reported with its reason', querystring: s.ownerQuery, body: s.quickBody, response: { 200: s.addResult, ...errors } },
    config: perm,
  }, async (req) => {
    const o = await owner(req);
    const cands = req.body.rows ? req.body.rows.map((r, i) => ({ row: i + 1, code: r.code, qty: r.qty, unit: r.unit ?? null })) : fromRaw(rowsFromText(req.body.text ?? ''));
    return addCandidates(db, o, cands, 'quick', req.locale);
  });
  app.post('/cart/import', {
    schema: { tags, summary: 'Quick order from an .xlsx or .csv file (multipart field "file"): code, quantity, unit columns', querystring: s.ownerQuery, consumes: ['multipart/form-data'], response: { 200: s.addResult, ...errors, 413: errors[400], 415: errors[400] } },
    config: perm,
  }, async (req) => {
    const o = await owner(req);
    const { file } = await readUpload(req, { field: 'file', maxBytes: 5 * 1024 * 1024, kind: 'spreadsheet', spreadsheet: { maxUncompressedBytes: 32 * 1024 * 1024, maxRows: 20_000 } });
    if (!file) throw new AppError('FILE_UNREADABLE', 400);
    return addCandidates(db, o, fromRaw(await rowsFromFile(file.buffer)), 'quick', req.locale);
  });

  // ---- checkout ----
  app.get('/cart/checkout', { schema: { tags, summary: 'Checkout preview: addresses, invoice, allowed payment methods, price breakdown with promotions and coupon, approval', querystring: s.cartQuery, response: { 200: s.preview, ...errors } }, config: perm }, async (req) =>
    checkoutPreview(db, actorOf(req), await owner(req), req.locale, couponOf(req), fundsOf(req)));
  app.post('/cart/submit', {
    schema: {
      tags, summary: 'Submit the cart as an order (Idempotency-Key header required: a retry returns the first order)',
      querystring: s.ownerQuery, headers: idemHeaders, body: s.submitBody, response: { 200: s.submitted, ...errors },
    },
    config: perm,
  }, async (req, reply) => {
    const r = await submitCart(db, actorOf(req), await owner(req), req.body, req.headers['idempotency-key'], { timeZone: config.timeZone, locale: req.locale });
    if (r.replayed) reply.header('idempotent-replayed', 'true');
    return r;
  });

  // ---- reorder, frequently ordered ----
  app.post('/cart/reorder/:orderId', { schema: { tags, summary: 'Put a past order\'s lines into the cart at today\'s prices; names what was skipped', params: s.orderParams, querystring: s.ownerQuery, response: { 200: s.addResult, ...errors } }, config: perm }, async (req) => {
    return reorder(db, await owner(req), req.params.orderId, req.locale);
  });
  app.get('/cart/frequent', { schema: { tags, summary: '常买清单: the customer\'s most often ordered SKUs', querystring: s.ownerQuery, response: { 200: z.array(s.frequentItem), ...errors } }, config: perm }, async (req) =>
    frequentlyOrdered(db, await owner(req)));

  // ---- drafts and templates ----
  for (const kind of ['draft', 'template'] as const) {
    const base = `/cart/${kind}s`;
    app.get(base, { schema: { tags, querystring: s.ownerQuery, response: { 200: z.array(s.savedItem), ...errors } }, config: perm }, async (req) => listSaved(db, await owner(req), kind));
    app.post(base, {
      schema: { tags, summary: kind === 'draft' ? 'Put the cart aside as a named draft (暂存); the cart is emptied' : 'Keep the cart\'s lines as a named order template', querystring: s.ownerQuery, body: s.nameBody, response: { 200: s.created, ...errors } },
      config: perm,
    }, async (req) => ({ id: await (kind === 'draft' ? saveDraft : saveTemplate)(db, await owner(req), req.body.name) }));
    app.get(`${base}/:id`, { schema: { tags, params: s.savedParams, querystring: s.ownerQuery, response: { 200: s.savedView, ...errors } }, config: perm }, async (req) =>
      getSaved(db, await owner(req), kind, req.params.id, req.locale));
    app.patch(`${base}/:id`, { schema: { tags, params: s.savedParams, querystring: s.ownerQuery, body: s.nameBody, response: { 200: ok, ...errors } }, config: perm }, async (req) => {
      await renameSaved(db, await owner(req), kind, req.params.id, req.body.name);
      return { ok: true as const };
    });
    app.delete(`${base}/:id`, { schema: { tags, params: s.savedParams, querystring: s.ownerQuery, response: { 200: ok, ...errors } }, config: perm }, async (req) => {
      await deleteSaved(db, await owner(req), kind, req.params.id);
      return { ok: true as const };
    });
  }
  app.post('/cart/drafts/:id/resume', { schema: { tags, summary: 'Move a draft\'s lines back into the cart', params: s.savedParams, querystring: s.ownerQuery, response: { 200: s.cartView, ...errors } }, config: perm }, async (req) => {
    await resumeDraft(db, await owner(req), req.params.id);
    return view(req);
  });
  app.post('/cart/templates/:id/to-cart', { schema: { tags, summary: 'Add a template\'s lines to the cart at today\'s prices; names what was skipped', params: s.savedParams, querystring: s.ownerQuery, response: { 200: s.addResult, ...errors } }, config: perm }, async (req) => {
    return templateToCart(db, await owner(req), req.params.id, req.locale);
  });
}
