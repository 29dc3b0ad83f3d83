import { z } from 'zod';
import type { ModuleContext, RouteApp } from '../../lib/module';
import { errors, idParams, ok, page, pageQuery } from '../../lib/schemas';
import { actorOf } from '../../lib/http';
import { definePermissions, EVERYONE } from '../auth/permissions';
import { visibleSkuIds } from '../pricing';
import * as s from './schemas';
import { createWarehouse, deleteWarehouse, listWarehouses, getWarehouse, updateWarehouse } from './warehouses';
import { listMovements, listStock, setSafetyStock, skuStock } from './levels';
import { createAdjustment, createTransfer, getDocument, listDocuments } from './operations';
import { getInventorySettings, putInventorySettings, stockForCustomers } from './customer-stock';
import { stocktakeRoutes } from './routes-stocktake';
import { purchasingRoutes } from './routes-purchasing';
import { presaleRoutes } from './routes-presale';
import { stockStream } from './stream';

definePermissions({
  'inventory.read': ['admin', 'warehouse', 'sales', 'finance'],
  'inventory.write': ['admin', 'warehouse'],
  'inventory.settings': ['admin'],
  'stock.view': EVERYONE,
});

const tags = ['inventory'];
const read = { permission: 'inventory.read' };
const write = { permission: 'inventory.write' };

export async function inventoryRoutes(app: RouteApp, ctx: ModuleContext) {
  const db = ctx.database.db;

  // ---- warehouses ----
  app.get('/inventory/warehouses', {
    schema: { tags, querystring: z.object({ active: z.enum(['true', 'false']).transform((v) => v === 'true').optional() }), response: { 200: z.array(s.warehouseListed), ...errors } },
    config: read,
  }, async (req) => listWarehouses(db, req.query));
  app.get('/inventory/warehouses/:id', { schema: { tags, params: idParams, response: { 200: s.warehouse, ...errors } }, config: read }, async (req) => getWarehouse(db, req.params.id));
  app.post('/inventory/warehouses', { schema: { tags, body: s.warehouseBody, response: { 200: s.warehouse, ...errors } }, config: write }, async (req) =>
    createWarehouse(db, actorOf(req), req.body));
  app.patch('/inventory/warehouses/:id', { schema: { tags, params: idParams, body: s.warehousePatch, response: { 200: s.warehouse, ...errors } }, config: write }, async (req) =>
    updateWarehouse(db, actorOf(req), req.params.id, req.body));
  app.delete('/inventory/warehouses/:id', {
    schema: { tags, summary: 'Delete a warehouse that never held stock (else 409: deactivate it)', params: idParams, response: { 200: ok, ...errors } },
    config: write,
  }, async (req) => {
    await deleteWarehouse(db, actorOf(req), req.params.id);
    return { ok: true as const };
  });

  // ---- stock ----
  app.get('/inventory/stock', {
    schema: { tags, summary: 'Stock by SKU × warehouse; filters: warehouse, category (with sub-categories), low/out/ok, search', querystring: pageQuery.extend(s.stockQuery.shape), response: { 200: page(s.stockRow), ...errors } },
    config: read,
  }, async (req) => listStock(db, req.query));
  app.get('/inventory/skus/:id', { schema: { tags, summary: "A SKU's stock card: level per warehouse and totals", params: idParams, response: { 200: s.skuCard, ...errors } }, config: read }, async (req) =>
    skuStock(db, req.params.id));
  app.get('/inventory/movements', {
    schema: { tags, summary: 'The movement ledger, newest first', querystring: pageQuery.extend(s.movementQuery.shape), response: { 200: page(s.movement), ...errors } },
    config: read,
  }, async (req) => listMovements(db, req.query, actorOf(req)));
  app.put('/inventory/levels/:skuId/:warehouseId/safety-stock', {
    schema: { tags, summary: 'Set the 安全库存 (low-stock threshold) of a SKU in a warehouse', params: s.levelParams, body: s.safetyBody, response: { 200: z.object({ skuId: z.number(), warehouseId: z.number(), safetyStock: z.number() }), ...errors } },
    config: write,
  }, async (req) => setSafetyStock(db, actorOf(req), req.params.skuId, req.params.warehouseId, req.body.safetyStock));

  // ---- adjustments and transfers ----
  app.get('/inventory/documents', {
    schema: { tags, querystring: pageQuery.extend(s.documentQuery.shape), response: { 200: page(s.document), ...errors } },
    config: read,
  }, async (req) => listDocuments(db, req.query));
  app.get('/inventory/documents/:id', { schema: { tags, params: idParams, response: { 200: s.document, ...errors } }, config: read }, async (req) => getDocument(db, req.params.id));
  app.post('/inventory/adjustments', {
    schema: { tags, summary: 'Adjust on hand (signed quantities) with a reason', body: s.adjustmentBody, response: { 200: s.document, ...errors } },
    config: write,
  }, async (req) => {
    const r = await createAdjustment(db, actorOf(req), req.body);
    ctx.kickWorker();
    return r;
  });
  app.post('/inventory/transfers', {
    schema: { tags, summary: 'Move stock between two active warehouses, all lines or none', body: s.transferBody, response: { 200: s.document, ...errors } },
    config: write,
  }, async (req) => {
    const r = await createTransfer(db, actorOf(req), req.body);
    ctx.kickWorker();
    return r;
  });

  // ---- settings ----
  app.get('/inventory/settings', { schema: { tags, response: { 200: s.settings, ...errors } }, config: read }, async () => getInventorySettings(db));
  app.put('/inventory/settings', {
    schema: { tags, summary: 'How customers see stock (exact / levels / hidden) and whether order lines may split across warehouses', body: s.settingsPatch, response: { 200: s.settings, ...errors } },
    config: { permission: 'inventory.settings' },
  }, async (req) => putInventorySettings(db, req.body));

  // ---- what customers see ----
  const skuQuery = z.object({ skuIds: s.skuIdList });
  app.get('/portal/stock', {
    schema: { tags, summary: 'Stock of SKUs as customers may see it (the supplier setting decides exact / levels / hidden)', querystring: skuQuery, response: { 200: z.array(s.customerStock), ...errors } },
    config: { permission: 'stock.view' },
  }, async (req) => {
    const actor = actorOf(req);
    const ids = actor.companyId == null ? req.query.skuIds : [...(await visibleSkuIds(db, actor.companyId, req.query.skuIds))];
    return stockForCustomers(db, ids, req.locale === 'en' ? 'en' : 'zh');
  });
  app.get('/portal/stock/stream', {
    schema: { tags, summary: 'Server-sent events: the customer view of these SKUs now, then on every change', querystring: skuQuery },
    config: { permission: 'stock.view' },
  }, async (req, reply) => {
    const actor = actorOf(req);
    const ids = actor.companyId == null ? req.query.skuIds : [...(await visibleSkuIds(db, actor.companyId, req.query.skuIds))];
    return stockStream(db, req, reply, ids, req.locale === 'en' ? 'en' : 'zh');
  });

  await stocktakeRoutes(app, ctx);
  await purchasingRoutes(app, ctx);
  await presaleRoutes(app, ctx);
}
