import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import type { ModuleContext, RouteApp } from '../../lib/module';
import { errors, idParams, id } from '../../lib/schemas';
import { actorOf } from '../../lib/http';
import { notFound } from '../../lib/errors';
import { definePermissions, EVERYONE } from '../auth/permissions';
import { isCustomer } from '../auth/actor';
import { assertCustomerAccess } from '../customers';
import * as s from './schemas';
import { listCategories } from './categories';
import { listBrands } from './brands';
import { readImage } from './images';
import { searchProducts, suggest, type SearchScope } from './search';
import { portalProduct } from './portal';

definePermissions({ 'catalog.browse': EVERYONE });

/** A buyer sees its own company's view; staff see the portal as a customer they may serve (companyId) or at base price. */
async function scopeOf(db: Kysely<DB>, req: FastifyRequest, companyId: number | undefined): Promise<SearchScope> {
  const actor = actorOf(req);
  if (isCustomer(actor)) return { companyId: actor.companyId, buyerView: true, stockAudience: 'customer' };
  if (companyId != null) await assertCustomerAccess(db, actor, companyId);
  return { companyId: companyId ?? null, buyerView: true, stockAudience: 'staff' };
}

/** What buyers browse: categories, brands, search, suggestions, product pages, images. */
export async function portalRoutes(app: RouteApp, { database }: ModuleContext) {
  const db = database.db;
  // Search and suggestions read from the replica when DATABASE_READ_URL is set (they may lag the
  // primary by a moment; a buyer's zero-result query is still logged on the primary).
  const reader = database.read;
  const tags = ['catalog (portal)'];
  const browse = { permission: 'catalog.browse' };
  const forCompany = z.object({ companyId: id.optional() });

  app.get('/catalog/categories', { schema: { tags, response: { 200: z.array(s.category), ...errors } }, config: browse }, async () => listCategories(db));
  app.get('/catalog/brands', { schema: { tags, response: { 200: z.array(s.brand), ...errors } }, config: browse }, async () => listBrands(db));

  app.get('/catalog/search', {
    schema: { tags, summary: 'Search and filter products at the buyer\'s own price, with facet counts', querystring: s.searchQuery, response: { 200: s.searchResult, ...errors } },
    config: browse,
  }, async (req) => searchProducts(reader, await scopeOf(db, req, req.query.companyId), req.query, db));

  app.get('/catalog/suggest', {
    schema: { tags, summary: 'Autocomplete for the search box', querystring: forCompany.extend({ q: z.string().max(100) }), response: { 200: z.array(s.suggestion), ...errors } },
    config: browse,
  }, async (req) => suggest(reader, await scopeOf(db, req, req.query.companyId), req.query.q, db));

  app.get('/catalog/products/:id', {
    schema: { tags, summary: 'A product page: SKUs with the buyer\'s price, units and stock', params: idParams, querystring: forCompany, response: { 200: s.portalProduct, ...errors } },
    config: browse,
  }, async (req) => portalProduct(db, (await scopeOf(db, req, req.query.companyId)).companyId, req.params.id, isCustomer(actorOf(req)) ? 'customer' : 'staff'));

  app.get('/catalog/images/:id', {
    schema: { tags, summary: 'A product image (WebP); ids are content hashes, cached for a year', params: z.object({ id: z.string().max(64) }), querystring: z.object({ size: z.enum(['main', 'thumb']).default('main') }) },
    config: { auth: 'public' },
  }, async (req, reply) => {
    const etag = `"${req.params.id}-${req.query.size}"`;
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    const body = await readImage(req.params.id, req.query.size);
    if (!body) throw notFound('图片 / image');
    return reply
      .header('content-type', 'image/webp')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('etag', etag)
      .header('x-content-type-options', 'nosniff')
      .send(body);
  });
}
