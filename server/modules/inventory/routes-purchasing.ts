import { z } from 'zod';
import type { ModuleContext, RouteApp } from '../../lib/module';
import { errors, idParams, page, pageQuery } from '../../lib/schemas';
import { actorOf } from '../../lib/http';
import { definePermissions } from '../auth/permissions';
import * as s from './schemas-purchasing';
import { createSupplier, getSupplier, listSuppliers, putSupplierSku, removeSupplierSku, updateSupplier } from './suppliers';
import { cancelPurchaseOrder, createPurchaseOrder, getPurchaseOrder, listPurchaseOrders, placePurchaseOrder, receivePurchaseOrder, updatePurchaseOrder } from './purchase-orders';
import { purchaseOrdersFromSuggestions, replenishmentSuggestions } from './replenishment';

// Costs are purchasing data: sales reps do not see them.
definePermissions({ 'purchasing.read': ['admin', 'warehouse', 'finance'], 'purchasing.write': ['admin', 'warehouse'] });

const tags = ['purchasing'];
const read = { permission: 'purchasing.read' };
const write = { permission: 'purchasing.write' };

/** 采购: suppliers, purchase orders with receipts, replenishment suggestions. */
export async function purchasingRoutes(app: RouteApp, ctx: ModuleContext) {
  const db = ctx.database.db;

  app.get('/inventory/suppliers', { schema: { tags, querystring: pageQuery.extend(s.supplierQuery.shape), response: { 200: page(s.supplierListed), ...errors } }, config: read }, async (req) =>
    listSuppliers(db, req.query));
  app.get('/inventory/suppliers/:id', { schema: { tags, params: idParams, response: { 200: s.supplier, ...errors } }, config: read }, async (req) => getSupplier(db, req.params.id));
  app.post('/inventory/suppliers', { schema: { tags, body: s.supplierBody, response: { 200: s.supplier, ...errors } }, config: write }, async (req) =>
    createSupplier(db, actorOf(req), req.body));
  app.patch('/inventory/suppliers/:id', { schema: { tags, params: idParams, body: s.supplierPatch, response: { 200: s.supplier, ...errors } }, config: write }, async (req) =>
    updateSupplier(db, actorOf(req), req.params.id, req.body));
  app.put('/inventory/suppliers/:id/skus', {
    schema: { tags, summary: 'Add or update a SKU the supplier supplies (cost in fen, lead time, MOQ, preferred)', params: idParams, body: s.supplierSkuBody, response: { 200: s.supplier, ...errors } },
    config: write,
  }, async (req) => putSupplierSku(db, actorOf(req), req.params.id, req.body));
  app.delete('/inventory/suppliers/:id/skus/:skuId', { schema: { tags, params: s.supplierSkuParams, response: { 200: s.supplier, ...errors } }, config: write }, async (req) =>
    removeSupplierSku(db, actorOf(req), req.params.id, req.params.skuId));

  app.get('/inventory/purchase-orders', { schema: { tags, querystring: pageQuery.extend(s.poQuery.shape), response: { 200: page(s.poListed), ...errors } }, config: read }, async (req) =>
    listPurchaseOrders(db, req.query));
  app.get('/inventory/purchase-orders/:id', { schema: { tags, params: idParams, response: { 200: s.po, ...errors } }, config: read }, async (req) => getPurchaseOrder(db, req.params.id));
  app.post('/inventory/purchase-orders', {
    schema: { tags, summary: 'A draft purchase order (unit costs default to the supplier costs)', body: s.poBody, response: { 200: s.po, ...errors } },
    config: write,
  }, async (req) => createPurchaseOrder(db, actorOf(req), req.body));
  app.patch('/inventory/purchase-orders/:id', { schema: { tags, summary: 'Change a draft', params: idParams, body: s.poPatch, response: { 200: s.po, ...errors } }, config: write }, async (req) =>
    updatePurchaseOrder(db, actorOf(req), req.params.id, req.body));
  app.post('/inventory/purchase-orders/:id/order', { schema: { tags, summary: 'draft → ordered', params: idParams, response: { 200: s.po, ...errors } }, config: write }, async (req) =>
    placePurchaseOrder(db, actorOf(req), req.params.id));
  app.post('/inventory/purchase-orders/:id/cancel', { schema: { tags, summary: 'draft / ordered → cancelled', params: idParams, response: { 200: s.po, ...errors } }, config: write }, async (req) =>
    cancelPurchaseOrder(db, actorOf(req), req.params.id));
  app.post('/inventory/purchase-orders/:id/receive', {
    schema: { tags, summary: 'Receive goods: raises on hand (ledger rows point at the PO); more than outstanding is refused', params: idParams, body: s.receiveBody, response: { 200: s.po, ...errors } },
    config: write,
  }, async (req) => {
    const r = await receivePurchaseOrder(db, actorOf(req), req.params.id, req.body);
    ctx.kickWorker();
    return r;
  });

  app.get('/inventory/replenishment', {
    schema: { tags, summary: 'Replenishment suggestions from 30-day sales velocity, lead time and safety stock', querystring: z.object({ all: z.enum(['true', 'false']).optional() }), response: { 200: z.array(s.suggestion), ...errors } },
    config: read,
  }, async (req) => replenishmentSuggestions(db, { all: req.query.all === 'true' }));
  app.post('/inventory/purchase-orders/from-suggestions', {
    schema: { tags, summary: 'One draft purchase order per supplier from chosen suggestion lines', body: s.fromSuggestionsBody, response: { 200: z.array(s.po), ...errors } },
    config: write,
  }, async (req) => purchaseOrdersFromSuggestions(db, actorOf(req), req.body));
}
