import { z } from 'zod';
import type { ModuleContext, RouteApp } from '../../lib/module';
import { errors, idParams } from '../../lib/schemas';
import { actorOf } from '../../lib/http';
import { definePermissions } from '../auth/permissions';
import { audit } from '../platform/audit';
import { setSetting } from '../platform/settings';
import { cartOwner } from '../cart';
import { findCart, storedLines } from '../cart/cart';
import * as s from './schemas';
import { callList, dueReorders, REORDER_SETTING, reorderSettings, reordersToCart } from './due';
import { boughtTogether, customersLikeYou, productRecommendations } from './related';

definePermissions({
  'recommendations.own': ['customer_admin', 'customer_buyer'],
  'recommendations.calls': ['admin', 'sales'],
  'recommendations.settings': ['admin'],
});

export async function recommendationRoutes(app: RouteApp, { database, config }: ModuleContext) {
  const db = database.db;
  const tags = ['recommendations'];
  const own = { permission: 'recommendations.own' };
  const companyOf = (req: Parameters<typeof actorOf>[0]) => actorOf(req).companyId!;

  // ---- buyers (portal) ----
  app.get('/my/reorders', {
    schema: { tags, summary: '该补货了: my reorders due within the lead days or overdue, with the usual quantity at my price', response: { 200: s.dueList, ...errors } },
    config: own,
  }, async (req) => dueReorders(db, companyOf(req), { timeZone: config.timeZone, locale: req.locale }));
  app.post('/my/reorders/to-cart', {
    schema: { tags, summary: 'Put the due reorders (all, or skuIds) into my cart; SKUs already in the cart are left as they are', body: s.toCartBody, response: { 200: s.toCartResult, ...errors } },
    config: own,
  }, async (req) => reordersToCart(db, actorOf(req), req.body, { timeZone: config.timeZone, locale: req.locale }));
  app.get('/my/products/:id/recommendations', {
    schema: { tags, summary: 'Bought together with this product, and what customers like me order (visible products, my prices)', params: idParams, response: { 200: s.related, ...errors } },
    config: own,
  }, async (req) => productRecommendations(db, companyOf(req), req.params.id));
  app.get('/my/cart/recommendations', {
    schema: { tags, summary: 'Bought together with what is in my cart, and what customers like me order', response: { 200: s.related, ...errors } },
    config: own,
  }, async (req) => {
    const owner = await cartOwner(db, actorOf(req), undefined);
    const cartId = await findCart(db, owner);
    const skus = [...new Set((cartId ? await storedLines(db, cartId) : []).map((l) => l.skuId))];
    return { together: await boughtTogether(db, owner.companyId, skus), likeYou: await customersLikeYou(db, owner.companyId, skus) };
  });

  // ---- staff ----
  app.get('/recommendations/calls', {
    schema: { tags, summary: 'Call list: customers\' regular items overdue or lapsed (a sales rep sees their own customers)', querystring: s.callQuery, response: { 200: z.array(s.callItem), ...errors } },
    config: { permission: 'recommendations.calls' },
  }, async (req) => callList(db, actorOf(req), req.query, { timeZone: config.timeZone, locale: req.locale }));
  app.get('/recommendations/settings', {
    schema: { tags, summary: 'Reorder lead days and buyer reminders', response: { 200: s.settings, ...errors } },
    config: { permission: 'recommendations.settings' },
  }, async () => reorderSettings(db));
  app.put('/recommendations/settings', {
    schema: { tags, summary: 'Set the reorder lead days and the reminder (days ahead, or null for none)', body: s.settings, response: { 200: s.settings, ...errors } },
    config: { permission: 'recommendations.settings' },
  }, async (req) => {
    const actor = actorOf(req);
    await db.transaction().execute(async (trx) => {
      const before = await reorderSettings(trx);
      await setSetting(trx, REORDER_SETTING, req.body);
      await audit(trx, actor, { action: 'recommendations.settings', entityType: 'setting', entityId: REORDER_SETTING, before, after: req.body });
    });
    return reorderSettings(db);
  });
}
