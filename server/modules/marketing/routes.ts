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
import { account, adjustFunds, exchangePoints, fundsSettings, listAccounts, myPoints, saveFundsSettings, staffAccount } from './funds';
import { approveSettlement, createRule, listRules, listSettlements, rebateProgress, settle, updateRule } from './rebates';

definePermissions({
  'marketing.read': ['admin', 'sales', 'finance'],
  'marketing.manage': ['admin'],
  'marketing.mine': ['customer_admin', 'customer_buyer'],
  // finance approves rebate settlements and adjusts balances (money owed to customers)
  'marketing.funds': ['admin', 'finance'],
});

const previewView = z.object({
  lines: z.array(z.object({ ref: z.number(), skuId: z.number(), qty: z.number(), unitPrice: z.number(), lineTotal: z.number(), discount: z.number() })),
  unknownSkuIds: z.array(z.number()),
  subtotal: z.number(), discount: z.number(), total: z.number(), marketing: s.marketingView,
});
const myPromotion = z.object({
  id: z.number(), name: z.string(), kind: z.string(), summary: z.string(), tag: z.string(), startsAt: z.date(), endsAt: z.date(), left: z.number().nullable(),
  all: z.boolean(), skuIds: z.array(z.number()), productIds: z.array(z.number()), brandIds: z.array(z.number()), categoryIds: z.array(z.number()),
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

  // ---- rebates (返利) and points (积分) ----
  const funds = { permission: 'marketing.funds' };
  app.get('/rebate-rules', { schema: { tags, response: { 200: z.array(s.rebateRuleView), ...errors } }, config: read }, async () => listRules(db));
  app.post('/rebate-rules', { schema: { tags, summary: 'A rebate rule: per month / quarter / year, levels of net purchases with a rate', body: s.rebateRuleBody, response: { 200: s.rebateRuleView, ...errors } }, config: manage }, async (req) =>
    createRule(db, actorOf(req), req.body));
  app.put('/rebate-rules/:id', { schema: { tags, params: idParams, body: s.rebateRuleUpdate, response: { 200: s.rebateRuleView, ...errors } }, config: manage }, async (req) =>
    updateRule(db, actorOf(req), req.params.id, req.body));
  app.post('/rebate-rules/:id/settle', {
    schema: { tags, summary: 'Compute an ended period\'s settlement (pending rows per customer; recomputes pending ones)', params: idParams, body: s.settleBody, response: { 200: z.array(s.settlementView), ...errors } },
    config: manage,
  }, async (req) => settle(db, actorOf(req), req.params.id, req.body.period, config.timeZone));
  app.get('/rebate-settlements', { schema: { tags, querystring: s.settlementQuery, response: { 200: z.array(s.settlementView), ...errors } }, config: read }, async (req) =>
    listSettlements(db, actorOf(req), req.query));
  app.post('/rebate-settlements/:id/approve', { schema: { tags, summary: 'Finance approves: the rebate is credited to the customer\'s rebate account', params: idParams, response: { 200: s.settlementView, ...errors } }, config: funds }, async (req) =>
    approveSettlement(db, actorOf(req), req.params.id));
  app.get('/marketing/accounts', {
    schema: { tags, summary: 'Customers with a rebate or points balance', response: { 200: z.array(z.object({ id: z.number(), code: z.string(), name: z.string(), rebate: z.number(), points: z.number() })), ...errors } },
    config: read,
  }, async (req) => listAccounts(db, actorOf(req)));
  app.get('/marketing/accounts/:id', {
    schema: { tags, summary: 'A customer\'s rebate and points balances with their ledgers', params: idParams, response: { 200: z.object({ customer: z.object({ id: z.number(), code: z.string(), name: z.string() }), rebate: s.fundAccount, points: s.fundAccount }), ...errors } },
    config: read,
  }, async (req) => staffAccount(db, actorOf(req), req.params.id));
  app.post('/marketing/accounts/:id/adjust', { schema: { tags, summary: 'Add to or take from a rebate (fen) or points balance, with a reason', params: idParams, body: s.adjustBody, response: { 200: s.fundAccount, ...errors } }, config: funds }, async (req) =>
    adjustFunds(db, actorOf(req), req.params.id, req.body));
  app.get('/marketing/funds-settings', { schema: { tags, response: { 200: s.fundsSettingsBody, ...errors } }, config: read }, async () => fundsSettings(db));
  app.put('/marketing/funds-settings', { schema: { tags, summary: 'Rebate and points rules: caps per order, points per ¥, a point\'s value, expiry', body: s.fundsSettingsBody, response: { 200: s.fundsSettingsBody, ...errors } }, config: manage }, async (req) =>
    saveFundsSettings(db, actorOf(req), req.body));

  app.get('/my/rebates', {
    schema: { tags: ['my company'], summary: 'My rebate balance, ledger, and this period\'s purchases toward each rule', response: { 200: s.fundAccount.extend({ progress: z.array(s.rebateProgress) }), ...errors } },
    config: mine,
  }, async (req) => {
    const c = myCompany(req);
    return { ...(await account(db, c, 'rebate')), progress: await rebateProgress(db, c, config.timeZone) };
  });
  app.get('/my/points', { schema: { tags: ['my company'], summary: 'My points: balance, ledger, what expires this year, the points catalog', response: { 200: s.pointsView, ...errors } }, config: mine }, async (req) =>
    myPoints(db, myCompany(req), config.timeZone));
  app.post('/my/points/exchange/:templateId', {
    schema: { tags: ['my company'], summary: 'Exchange points for a coupon of the points catalog', params: z.object({ templateId: id }), response: { 200: z.object({ balance: z.number() }), ...errors } },
    config: mine,
  }, async (req) => exchangePoints(db, actorOf(req), myCompany(req), req.params.templateId));
}
