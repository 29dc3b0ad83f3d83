import { z } from 'zod';
import type { ModuleContext, RouteApp } from '../../lib/module';
import { errors, id, idParams, ok, page, pageQuery } from '../../lib/schemas';
import { actorOf } from '../../lib/http';
import { AppError, forbidden } from '../../lib/errors';
import { readUpload } from '../../lib/uploads';
import { definePermissions } from '../auth/permissions';
import * as s from './schemas';
import { bulkPercent, createPriceList, deleteItems, deletePriceList, getPriceList, listItems, listMoq, listPriceLists, putMoq, replaceItems, updatePriceList } from './lists';
import { exportPriceList, importPriceList } from './excel';
import { explainPrice, getVisibility, myPrice, myPrices, putVisibility } from './service';
import { listRestrictedProducts, searchSkus } from './skus';

definePermissions({
  'pricing.read': ['admin', 'sales', 'finance'],
  'pricing.manage': ['admin'],
  'prices.mine': ['customer_admin', 'customer_buyer'],
});

const explainResponse = z.object({
  at: z.string(),
  company: z.object({ id: z.number(), code: z.string(), name: z.string(), tierId: z.number().nullable(), tierName: z.string().nullable(), tierDiscountBp: z.number().nullable() }).nullable(),
  visible: z.boolean(),
  resolved: s.resolved,
  breaks: z.array(s.breakRow.extend({ rule: s.resolved.shape.rule })),
  candidates: z.array(z.object({
    priceListId: z.number(), name: z.string(), kind: z.enum(['tier', 'customer']), minQty: z.number(), fixedPrice: z.number().nullable(),
    discountBp: z.number().nullable(), applies: z.boolean(), chosen: z.boolean(),
  })),
});

export async function pricingRoutes(app: RouteApp, { database }: ModuleContext) {
  const db = database.db;
  const tags = ['pricing'];

  app.get('/price-lists', { schema: { tags, querystring: pageQuery.extend(s.listQuery.shape), response: { 200: page(s.priceList), ...errors } }, config: { permission: 'pricing.read' } }, async (req) =>
    listPriceLists(db, actorOf(req), req.query));
  app.post('/price-lists', { schema: { tags, body: s.priceListBody, response: { 200: s.priceList, ...errors } }, config: { permission: 'pricing.manage' } }, async (req) =>
    createPriceList(db, actorOf(req), req.body));
  app.get('/price-lists/:id', { schema: { tags, params: idParams, response: { 200: s.priceList, ...errors } }, config: { permission: 'pricing.read' } }, async (req) =>
    getPriceList(db, actorOf(req), req.params.id));
  app.patch('/price-lists/:id', { schema: { tags, params: idParams, body: s.priceListPatch, response: { 200: s.priceList, ...errors } }, config: { permission: 'pricing.manage' } }, async (req) =>
    updatePriceList(db, actorOf(req), req.params.id, req.body));
  app.delete('/price-lists/:id', { schema: { tags, params: idParams, response: { 200: ok, ...errors } }, config: { permission: 'pricing.manage' } }, async (req) => {
    await deletePriceList(db, actorOf(req), req.params.id);
    return { ok: true as const };
  });

  app.get('/price-lists/:id/items', {
    schema: { tags, params: idParams, querystring: pageQuery.extend(s.itemQuery.shape).extend({ pageSize: z.coerce.number().int().min(1).max(500).default(50) }), response: { 200: page(s.item), ...errors } },
    config: { permission: 'pricing.read' },
  }, async (req) => listItems(db, actorOf(req), req.params.id, req.query));
  app.put('/price-lists/:id/items', {
    schema: { tags, summary: 'Set the breaks of the SKUs named (each SKU\'s breaks are replaced); rejects contradictory rows', params: idParams, body: s.putItemsBody, response: { 200: z.object({ skus: z.number(), rows: z.number(), replaced: z.number() }), ...errors } },
    config: { permission: 'pricing.manage' },
  }, async (req) => replaceItems(db, actorOf(req), req.params.id, req.body.items, { rowOf: (i) => i }));
  app.post('/price-lists/:id/items/delete', { schema: { tags, params: idParams, body: s.deleteItemsBody, response: { 200: ok, ...errors } }, config: { permission: 'pricing.manage' } }, async (req) => {
    await deleteItems(db, actorOf(req), req.params.id, req.body.skuIds);
    return { ok: true as const };
  });
  app.post('/price-lists/:id/bulk-percent', {
    schema: { tags, summary: 'Give the selected SKUs one ≥1 discount off base price (replacing their breaks)', params: idParams, body: s.bulkPercentBody, response: { 200: z.object({ skus: z.number(), rows: z.number(), replaced: z.number() }), ...errors } },
    config: { permission: 'pricing.manage' },
  }, async (req) => bulkPercent(db, actorOf(req), req.params.id, req.body.skuIds, req.body.discountBp));

  app.get('/price-lists/:id/moq', { schema: { tags, params: idParams, response: { 200: z.array(s.moqItem), ...errors } }, config: { permission: 'pricing.read' } }, async (req) =>
    listMoq(db, actorOf(req), req.params.id));
  app.put('/price-lists/:id/moq', { schema: { tags, params: idParams, body: s.moqBody, response: { 200: z.array(s.moqItem), ...errors } }, config: { permission: 'pricing.manage' } }, async (req) =>
    putMoq(db, actorOf(req), req.params.id, req.body.items));

  app.get('/price-lists/:id/export.xlsx', { schema: { tags, params: idParams }, config: { permission: 'pricing.read' } }, async (req, reply) => {
    const { filename, body } = await exportPriceList(db, actorOf(req), req.params.id);
    reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="price-list-${req.params.id}.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`);
    return reply.send(body);
  });
  app.post('/price-lists/:id/import', {
    schema: {
      tags, summary: 'Import an .xlsx file (multipart field "file"); per-row errors, all or nothing', params: idParams, consumes: ['multipart/form-data'],
      querystring: z.object({ dryRun: z.enum(['0', '1', 'true', 'false']).optional(), replaceAll: z.enum(['0', '1', 'true', 'false']).optional() }),
      response: { 200: s.importResult, ...errors, 413: errors[400], 415: errors[400] },
    },
    config: { permission: 'pricing.manage' },
  }, async (req) => {
    const { file } = await readUpload(req, { field: 'file', maxBytes: 10 * 1024 * 1024, kind: 'spreadsheet' });
    if (!file) throw new AppError('IMPORT_NOT_XLSX', 400);
    const buf = file.buffer;
    const flag = (v?: string) => v === '1' || v === 'true';
    return importPriceList(db, actorOf(req), req.params.id, buf, { dryRun: flag(req.query.dryRun), replaceAll: flag(req.query.replaceAll) });
  });

  app.get('/pricing/explain', {
    schema: { tags, summary: 'Which rule produces the price of a SKU for a customer at a quantity and time, and the next break', querystring: s.explainQuery, response: { 200: explainResponse, ...errors } },
    config: { permission: 'pricing.read' },
  }, async (req) => explainPrice(db, actorOf(req), req.query));

  app.get('/pricing/skus', {
    schema: { tags, summary: 'Staff SKU lookup (code, barcode, product name); with companyId also that customer\'s price at qty 1 and visibility', querystring: pageQuery.extend(s.skuSearchQuery.shape), response: { 200: page(s.skuHit), ...errors } },
    config: { permission: 'pricing.read' },
  }, async (req) => searchSkus(db, actorOf(req), req.query));
  app.get('/product-visibility', {
    schema: { tags, summary: 'Products limited to some tiers, regions or customers', querystring: pageQuery.extend(s.itemQuery.shape), response: { 200: page(s.restrictedProduct), ...errors } },
    config: { permission: 'pricing.read' },
  }, async (req) => listRestrictedProducts(db, req.query));

  app.get('/products/:id/visibility', { schema: { tags, params: idParams, response: { 200: s.visibility, ...errors } }, config: { permission: 'pricing.read' } }, async (req) =>
    getVisibility(db, req.params.id));
  app.put('/products/:id/visibility', { schema: { tags, params: idParams, body: s.visibilityBody, response: { 200: s.visibility, ...errors } }, config: { permission: 'pricing.manage' } }, async (req) =>
    putVisibility(db, actorOf(req), req.params.id, req.body));

  // ---- portal: the caller's own prices ----
  app.post('/my/prices', {
    schema: { tags: ['my company'], summary: 'My unit prices for SKUs at quantities (hidden or unknown SKUs are left out)', body: s.pricesBody, response: { 200: z.array(s.resolved), ...errors } },
    config: { permission: 'prices.mine' },
  }, async (req) => {
    const actor = actorOf(req);
    if (actor.companyId == null) throw forbidden();
    return myPrices(db, actor.companyId, req.body.items);
  });
  app.get('/my/prices/:skuId', {
    schema: {
      tags: ['my company'], summary: 'My price of one SKU with its quantity-break table', params: z.object({ skuId: id }),
      querystring: z.object({ qty: z.coerce.number().int().min(1).max(10_000_000).default(1) }), response: { 200: s.resolved.extend({ breaks: z.array(s.breakRow) }), ...errors },
    },
    config: { permission: 'prices.mine' },
  }, async (req) => {
    const actor = actorOf(req);
    if (actor.companyId == null) throw forbidden();
    return myPrice(db, actor.companyId, req.params.skuId, req.query.qty);
  });
}
