import { z } from 'zod';
import type { ModuleContext, RouteApp } from '../../lib/module';
import { errors, id, idParams, ok } from '../../lib/schemas';
import { actorOf } from '../../lib/http';
import { AppError } from '../../lib/errors';
import { readUpload } from '../../lib/uploads';
import { definePermissions, ALL_STAFF } from '../auth/permissions';
import * as s from './schemas';
import { createCategory, deleteCategory, listCategories, updateCategory } from './categories';
import { createBrand, deleteBrand, listBrands, updateBrand } from './brands';
import { createProduct, getProduct, setShelf, updateProduct } from './products';
import { addProductImage, MAX_IMAGE_BYTES } from './images';
import { searchProducts } from './search';
import { exportProducts } from './export';
import { portalRoutes } from './portal-routes';
import { searchRoutes } from './search-routes';

definePermissions({
  'catalog.read': ALL_STAFF,
  'catalog.manage': ['admin'],
});

/** Staff catalog management: categories, brands, products with SKUs and units, images. */
export async function catalogRoutes(app: RouteApp, ctx: ModuleContext) {
  const db = ctx.database.db;
  const tags = ['catalog'];
  const read = { permission: 'catalog.read' };
  const manage = { permission: 'catalog.manage' };

  app.get('/categories', { schema: { tags, summary: 'Category tree as a flat list in display order', response: { 200: z.array(s.category), ...errors } }, config: read }, async () => listCategories(db));
  app.post('/categories', { schema: { tags, body: s.categoryBody, response: { 200: s.category, ...errors } }, config: manage }, async (req) => createCategory(db, actorOf(req), req.body));
  app.patch('/categories/:id', { schema: { tags, summary: 'Rename, reorder or move (parentId) a category', params: idParams, body: s.categoryPatch, response: { 200: s.category, ...errors } }, config: manage }, async (req) =>
    updateCategory(db, actorOf(req), req.params.id, req.body));
  app.delete('/categories/:id', { schema: { tags, summary: 'Delete an empty category', params: idParams, response: { 200: ok, ...errors } }, config: manage }, async (req) => {
    await deleteCategory(db, actorOf(req), req.params.id);
    return { ok: true as const };
  });

  app.get('/brands', { schema: { tags, response: { 200: z.array(s.brand), ...errors } }, config: read }, async () => listBrands(db));
  app.post('/brands', { schema: { tags, body: s.brandBody, response: { 200: s.brand, ...errors } }, config: manage }, async (req) => createBrand(db, actorOf(req), req.body));
  app.patch('/brands/:id', { schema: { tags, params: idParams, body: s.brandPatch, response: { 200: s.brand, ...errors } }, config: manage }, async (req) => updateBrand(db, actorOf(req), req.params.id, req.body));
  app.delete('/brands/:id', { schema: { tags, params: idParams, response: { 200: ok, ...errors } }, config: manage }, async (req) => {
    await deleteBrand(db, actorOf(req), req.params.id);
    return { ok: true as const };
  });

  app.get('/products', { schema: { tags, summary: 'Staff product list: search, filters (also off-shelf) and sorts at base price', querystring: s.staffProductQuery, response: { 200: s.searchResult, ...errors } }, config: read }, async (req) =>
    searchProducts(db, { companyId: null, buyerView: false, stockAudience: 'staff' }, req.query));
  app.post('/products', { schema: { tags, body: s.productBody, response: { 200: s.product, ...errors } }, config: manage }, async (req) => createProduct(db, actorOf(req), req.body));
  app.get('/products/:id', { schema: { tags, params: idParams, response: { 200: s.product, ...errors } }, config: read }, async (req) => getProduct(db, req.params.id));
  app.patch('/products/:id', {
    schema: { tags, summary: 'Change a product; `skus` replaces the SKU set (SKUs left out are deactivated)', params: idParams, body: s.productPatch, response: { 200: s.product, ...errors } },
    config: manage,
  }, async (req) => updateProduct(db, actorOf(req), req.params.id, req.body));
  app.post('/products/shelf', { schema: { tags, summary: 'Put products on or off the shelf', body: s.bulkShelfBody, response: { 200: z.object({ updated: z.number() }), ...errors } }, config: manage }, async (req) =>
    setShelf(db, actorOf(req), req.body.ids, req.body.onShelf));
  app.post('/products/:id/images', {
    schema: { tags, summary: 'Upload a JPG/PNG/WebP image (multipart field "file", at most 5 MB)', params: idParams, consumes: ['multipart/form-data'], response: { 200: s.image, ...errors, 413: errors[400], 415: errors[400] } },
    config: manage,
  }, async (req) => {
    const { file } = await readUpload(req, { field: 'file', maxBytes: MAX_IMAGE_BYTES + 1, kind: 'image' });
    if (!file) throw new AppError('IMAGE_REQUIRED', 400);
    return addProductImage(db, actorOf(req), req.params.id, file.buffer);
  });

  app.get('/products/export', {
    schema: { tags, summary: 'Products and SKUs as .xlsx or CSV (one row per SKU), in the products import template (POST /api/imports/products reads it back)', querystring: z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx'), categoryId: id.optional(), brandId: id.optional() }) },
    config: read,
  }, async (req, reply) => {
    const { body, filename } = await exportProducts(db, req.query.format, req.query);
    reply
      .header('content-type', req.query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="products.${req.query.format}"; filename*=UTF-8''${encodeURIComponent(filename)}`);
    return reply.send(body);
  });

  searchRoutes(app, db);
  await portalRoutes(app, ctx);
}
