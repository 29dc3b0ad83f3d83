import { z } from 'zod';
import type { ModuleContext, RouteApp } from '../../lib/module';
import { errors, id, idParams, ok, page, pageQuery } from '../../lib/schemas';
import { actorOf } from '../../lib/http';
import { forbidden } from '../../lib/errors';
import type { FastifyRequest } from 'fastify';
import { definePermissions } from '../auth/permissions';
import * as s from './schemas';
import { changeStatus, createPromotion, deletePromotion, getPromotion, listPromotions, updatePromotion } from './promotions';
import { claimable, claimCoupon, createTemplate, issueCoupons, listTemplates, stopTemplate, wallet } from './coupons';
import { myPromotions, previewForCustomer } from './portal';

definePermissions({
  'marketing.read': ['admin', 'sales', 'finance'],
  'marketing.manage': ['admin'],
  'marketing.mine': ['customer_admin', 'customer_buyer'],
});

const previewView = z.object({
  lines: z.array(z.object({ ref: z.number(), skuId: z.number(), qty: z.number(), unitPrice: z.number(), lineTotal: z.number(), discount: z.number() })),
  unknownSkuIds: z.array(z.number()),
  subtotal: z.number(), discount: z.number(), total: z.number(), marketing: s.marketingView,
});
const myPromotion = z.object({
  id: z.number(), name: z.string(), kind: z.string(), summary: z.string(), startsAt: z.date(), endsAt: z.date(), left: z.number().nullable(),
  all: z.boolean(), skuIds: z.array(z.number()), brandIds: z.array(z.number()), categoryIds: z.array(z.number()),
  specialPrices: z.array(z.object({ skuId: z.number(), price: z.number() })),
});

export async function marketingRoutes(app: RouteApp, { database, config }: ModuleContext) {
  const db = database.db;
  const tags = ['marketing'];
  const read = { permission: 'marketing.read' };
  const manage = { permission: 'marketing.manage' };
  const mine = { permission: 'marketing.mine' };
  const myCompany = (req: FastifyRequest) => {
    const c = actorOf(req).companyId;
    if (c == null) throw forbidden();
    return c;
  };

  app.get('/promotions', { schema: { tags, querystring: pageQuery.extend(s.promotionQuery.shape), response: { 200: page(s.promotionView), ...errors } }, config: read }, async (req) =>
    listPromotions(db, req.query));
  app.post('/promotions', { schema: { tags, summary: 'Create a promotion as a draft (times without an offset are in the supplier\'s time zone)', body: s.promotionBody, response: { 200: s.promotionView, ...errors } }, config: manage }, async (req) =>
    createPromotion(db, actorOf(req), req.body, config.timeZone));
  app.get('/promotions/:id', { schema: { tags, params: idParams, response: { 200: s.promotionView, ...errors } }, config: read }, async (req) =>
    getPromotion(db, req.params.id));
  app.put('/promotions/:id', { schema: { tags, summary: 'Replace a draft or not yet started promotion', params: idParams, body: s.promotionBody, response: { 200: s.promotionView, ...errors } }, config: manage }, async (req) =>
    updatePromotion(db, actorOf(req), req.params.id, req.body, config.timeZone));
  app.post('/promotions/:id/publish', { schema: { tags, summary: 'Publish a draft: scheduled until its start, then running', params: idParams, response: { 200: s.promotionView, ...errors } }, config: manage }, async (req) =>
    changeStatus(db, actorOf(req), req.params.id, 'publish'));
  app.post('/promotions/:id/stop', { schema: { tags, summary: 'Stop a promotion for good (orders keep what they got)', params: idParams, response: { 200: s.promotionView, ...errors } }, config: manage }, async (req) =>
    changeStatus(db, actorOf(req), req.params.id, 'stop'));
  app.delete('/promotions/:id', { schema: { tags, summary: 'Delete a draft', params: idParams, response: { 200: ok, ...errors } }, config: manage }, async (req) => {
    await deletePromotion(db, actorOf(req), req.params.id);
    return { ok: true as const };
  });
  app.post('/promotions/preview', { schema: { tags, summary: 'What a cart of SKUs would get for a customer: prices, promotions, coupon, hints', body: s.previewBody, response: { 200: previewView, ...errors } }, config: read }, async (req) =>
    previewForCustomer(db, actorOf(req), req.body, req.locale));

  app.get('/coupon-templates', { schema: { tags, response: { 200: z.array(s.couponTemplateView), ...errors } }, config: read }, async () => listTemplates(db));
  app.post('/coupon-templates', { schema: { tags, body: s.couponTemplateBody, response: { 200: s.couponTemplateView, ...errors } }, config: manage }, async (req) =>
    createTemplate(db, actorOf(req), req.body, config.timeZone));
  app.post('/coupon-templates/:id/stop', { schema: { tags, summary: 'Stop issuing and claiming (coupons already issued stay usable)', params: idParams, response: { 200: s.couponTemplateView, ...errors } }, config: manage }, async (req) =>
    stopTemplate(db, actorOf(req), req.params.id));
  app.post('/coupon-templates/:id/issue', {
    schema: { tags, summary: 'Issue coupons to named customers and/or every active customer of some tiers', params: idParams, body: s.issueBody, response: { 200: z.object({ customers: z.number(), issued: z.number() }), ...errors } },
    config: manage,
  }, async (req) => issueCoupons(db, actorOf(req), req.params.id, req.body));

  app.get('/my/promotions', { schema: { tags: ['my company'], summary: 'Promotions running now for my company, with what they cover', response: { 200: z.array(myPromotion), ...errors } }, config: mine }, async (req) =>
    myPromotions(db, myCompany(req)));
  app.get('/my/coupons', { schema: { tags: ['my company'], summary: 'My coupon wallet', response: { 200: z.array(s.couponView), ...errors } }, config: mine }, async (req) =>
    wallet(db, myCompany(req)));
  app.get('/my/coupons/claimable', {
    schema: { tags: ['my company'], summary: 'Coupons I may claim', response: { 200: z.array(s.couponTemplateView.extend({ held: z.number(), canClaim: z.boolean() })), ...errors } },
    config: mine,
  }, async (req) => claimable(db, myCompany(req)));
  app.post('/my/coupons/claim/:templateId', {
    schema: { tags: ['my company'], summary: 'Claim a coupon (within the per-customer limit)', params: z.object({ templateId: id }), response: { 200: ok, ...errors } },
    config: mine,
  }, async (req) => claimCoupon(db, actorOf(req), myCompany(req), req.params.templateId));
}
