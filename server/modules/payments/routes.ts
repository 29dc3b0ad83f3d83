import { z } from 'zod';
import { setSetting } from '../platform/settings';
import { NUMBER_TIME_ZONE } from './tables';
import type { ModuleContext, RouteApp } from '../../lib/module';
import { errors, idParams, page, pageQuery } from '../../lib/schemas';
import { actorOf } from '../../lib/http';
import { AppError, forbidden } from '../../lib/errors';
import { definePermissions } from '../auth/permissions';
import type { Actor } from '../auth/actor';
import { customerScope } from '../customers';
import * as s from './schemas';
import { creditStatus, getAccount, listAccounts, listMethodRules, setCreditHold, setMethodRule, allowedPaymentMethods } from './accounts';
import { listJournals } from './ledger';
import { getPayment, listPayments, orderPaymentInfo, payFromBalance, paymentVoucher, recordTopup } from './payments';
import { confirmTransfer, normaliseVoucher, rejectTransfer, submitTransfer } from './transfers';
import { readForm } from './multipart';
import { openingReceivableOf, recordOpeningReceipt } from './opening-receipts';
import { assertCustomerAccess } from '../customers';
import { onlinePaymentRoutes } from './routes-online';
import { statementRoutes } from './routes-statements';

definePermissions({
  'payments.read': ['admin', 'sales', 'finance'],
  'payments.manage': ['admin', 'finance'],
  'payments.self': ['customer_admin', 'customer_buyer'],
});

const myCompany = (actor: Actor) => {
  if (actor.companyId == null) throw forbidden();
  return actor.companyId;
};
const idemKey = (h: unknown) => (typeof h === 'string' && h.length > 0 && h.length <= 200 ? h : undefined);
const ledgerPage = z.object({ items: z.array(s.journal), total: z.number(), page: z.number(), pageSize: z.number() });
const multipartErrors = { ...errors, 413: errors[400], 415: errors[400] };

export async function paymentRoutes(app: RouteApp, ctx: ModuleContext) {
  const db = ctx.database.db;
  // payment and refund numbers (column defaults) take the supplier's day from this setting
  await setSetting(db, NUMBER_TIME_ZONE, ctx.config.timeZone);
  const tags = ['payments'];
  const my = ['my payments'];

  // ---- portal ----
  app.get('/my/account', { schema: { tags: my, response: { 200: s.account, ...errors } }, config: { permission: 'payments.self' } }, async (req) => {
    const actor = actorOf(req);
    return getAccount(db, actor, myCompany(actor));
  });
  app.get('/my/account/ledger', { schema: { tags: my, querystring: pageQuery, response: { 200: ledgerPage, ...errors } }, config: { permission: 'payments.self' } }, async (req) => {
    const actor = actorOf(req);
    const { page: p, pageSize } = req.query;
    return { ...(await listJournals(db, myCompany(actor), { limit: pageSize, offset: (p - 1) * pageSize })), page: p, pageSize };
  });
  app.get('/my/payments', { schema: { tags: my, querystring: pageQuery.extend(s.paymentQuery.shape), response: { 200: page(s.payment), ...errors } }, config: { permission: 'payments.self' } }, async (req) =>
    listPayments(db, actorOf(req), req.query));
  app.get('/my/payments/:id/voucher', { schema: { tags: my, params: idParams }, config: { permission: 'payments.self' } }, async (req, reply) => {
    const img = await paymentVoucher(db, actorOf(req), req.params.id);
    return reply.header('content-type', img.mime).header('cache-control', 'private, max-age=300').header('x-content-type-options', 'nosniff').send(img.body);
  });
  app.get('/my/orders/:id/payment', { schema: { tags: my, params: idParams, response: { 200: s.orderPayment, ...errors } }, config: { permission: 'payments.self' } }, async (req) =>
    orderPaymentInfo(db, actorOf(req), req.params.id));
  app.post('/my/orders/:id/pay/balance', {
    schema: { tags: my, summary: 'Pay (part of) an order from the prepaid balance; send an Idempotency-Key to retry safely', params: idParams, body: s.amountBody, response: { 200: s.applied, ...errors } },
    config: { permission: 'payments.self' },
  }, async (req) => payFromBalance(db, actorOf(req), req.params.id, req.body.amount, idemKey(req.headers['idempotency-key'])));
  app.post('/my/orders/:id/pay/transfer', {
    schema: { tags: my, summary: 'Report a bank transfer for an order (multipart: amount in fen, payerName, note, and the `voucher` image)', params: idParams, consumes: ['multipart/form-data'], response: { 200: s.payment, ...multipartErrors } },
    config: { permission: 'payments.self' },
  }, async (req) => {
    const { fields, file } = await readForm(req, s.transferFields, 'voucher');
    if (!file) throw new AppError('VOUCHER_REQUIRED', 400, {}, [{ path: 'body.voucher', message: 'required' }]);
    return submitTransfer(db, actorOf(req), { orderId: req.params.id }, { ...fields, voucher: file });
  });
  app.post('/my/account/topups/transfer', {
    schema: { tags: my, summary: 'Top up the prepaid balance by bank transfer (multipart: amount, payerName, note, `voucher` image)', consumes: ['multipart/form-data'], response: { 200: s.payment, ...multipartErrors } },
    config: { permission: 'payments.self' },
  }, async (req) => {
    const actor = actorOf(req);
    const { fields, file } = await readForm(req, s.transferFields, 'voucher');
    if (!file) throw new AppError('VOUCHER_REQUIRED', 400, {}, [{ path: 'body.voucher', message: 'required' }]);
    return submitTransfer(db, actor, { companyId: myCompany(actor) }, { ...fields, voucher: file });
  });

  // ---- staff: payments and the finance queue ----
  app.get('/payments', { schema: { tags, querystring: pageQuery.extend(s.paymentQuery.shape), response: { 200: page(s.payment), ...errors } }, config: { permission: 'payments.read' } }, async (req) =>
    listPayments(db, actorOf(req), req.query));
  app.get('/payments/queue', {
    schema: { tags, summary: 'Finance queue: transfers waiting for confirmation, oldest first', querystring: pageQuery, response: { 200: page(s.payment), ...errors } },
    config: { permission: 'payments.read' },
  }, async (req) => {
    const r = await listPayments(db, actorOf(req), { ...req.query, status: 'pending', method: 'transfer' });
    return { ...r, items: r.items.reverse() };
  });
  app.get('/payments/:id', { schema: { tags, params: idParams, response: { 200: s.payment, ...errors } }, config: { permission: 'payments.read' } }, async (req) => getPayment(db, actorOf(req), req.params.id));
  app.get('/payments/:id/voucher', { schema: { tags, params: idParams }, config: { permission: 'payments.read' } }, async (req, reply) => {
    const img = await paymentVoucher(db, actorOf(req), req.params.id);
    return reply.header('content-type', img.mime).header('cache-control', 'private, max-age=300').header('x-content-type-options', 'nosniff').send(img.body);
  });
  app.post('/payments/:id/confirm', { schema: { tags, params: idParams, response: { 200: s.payment, ...errors } }, config: { permission: 'payments.manage' } }, async (req) =>
    confirmTransfer(db, actorOf(req), req.params.id));
  app.post('/payments/:id/reject', { schema: { tags, params: idParams, body: s.rejectBody, response: { 200: s.payment, ...errors } }, config: { permission: 'payments.manage' } }, async (req) =>
    rejectTransfer(db, actorOf(req), req.params.id, req.body.reason));

  // ---- staff: orders ----
  app.get('/payments/orders/:id', { schema: { tags, params: idParams, response: { 200: s.orderPayment, ...errors } }, config: { permission: 'payments.read' } }, async (req) =>
    orderPaymentInfo(db, actorOf(req), req.params.id));
  app.post('/payments/orders/:id/balance', {
    schema: { tags, summary: 'Pay an order from its customer\'s prepaid balance (on the customer\'s instruction)', params: idParams, body: s.amountBody, response: { 200: s.applied, ...errors } },
    config: { permission: 'payments.manage' },
  }, async (req) => payFromBalance(db, actorOf(req), req.params.id, req.body.amount, idemKey(req.headers['idempotency-key'])));

  // ---- staff: accounts, balances, credit ----
  app.get('/payments/accounts', {
    schema: { tags, querystring: pageQuery.extend({ q: z.string().trim().max(100).optional() }), response: { 200: page(s.accountRow), ...errors } },
    config: { permission: 'payments.read' },
  }, async (req) => {
    const scope = customerScope(actorOf(req));
    const { page: p, pageSize, q } = req.query;
    const r = await listAccounts(db, 'salesRepId' in scope ? { salesRepId: scope.salesRepId } : {}, { q, limit: pageSize, offset: (p - 1) * pageSize });
    return { ...r, page: p, pageSize };
  });
  app.get('/payments/accounts/:id', { schema: { tags, params: idParams, response: { 200: s.account, ...errors } }, config: { permission: 'payments.read' } }, async (req) =>
    getAccount(db, actorOf(req), req.params.id));
  app.get('/payments/accounts/:id/ledger', { schema: { tags, params: idParams, querystring: pageQuery, response: { 200: ledgerPage, ...errors } }, config: { permission: 'payments.read' } }, async (req) => {
    await assertCustomerAccess(db, actorOf(req), req.params.id);
    const { page: p, pageSize } = req.query;
    return { ...(await listJournals(db, req.params.id, { limit: pageSize, offset: (p - 1) * pageSize })), page: p, pageSize };
  });
  app.get('/payments/accounts/:id/credit', { schema: { tags, params: idParams, response: { 200: s.creditStatus, ...errors } }, config: { permission: 'payments.read' } }, async (req) => {
    await assertCustomerAccess(db, actorOf(req), req.params.id);
    return creditStatus(db, req.params.id);
  });
  app.get('/payments/accounts/:id/methods', { schema: { tags, params: idParams, response: { 200: z.array(s.orderPayMethod), ...errors } }, config: { permission: 'payments.read' } }, async (req) => {
    await assertCustomerAccess(db, actorOf(req), req.params.id);
    return allowedPaymentMethods(db, req.params.id);
  });
  app.put('/payments/accounts/:id/hold', { schema: { tags, params: idParams, body: s.holdBody, response: { 200: s.account, ...errors } }, config: { permission: 'payments.manage' } }, async (req) => {
    const actor = actorOf(req);
    await setCreditHold(db, actor, req.params.id, req.body.hold, req.body.reason ?? null);
    return getAccount(db, actor, req.params.id);
  });
  app.post('/payments/accounts/:id/topups', {
    schema: { tags, summary: 'Record money received for the prepaid balance (multipart: amount, method, payerName, note, optional `voucher` image)', params: idParams, consumes: ['multipart/form-data'], response: { 200: s.payment, ...multipartErrors } },
    config: { permission: 'payments.manage' },
  }, async (req) => {
    const actor = actorOf(req);
    const { fields, file } = await readForm(req, s.topupFields, 'voucher');
    const voucher = file ? await normaliseVoucher(file) : null;
    const paymentId = await recordTopup(db, actor, req.params.id, { ...fields, voucher });
    return getPayment(db, actor, paymentId);
  });

  // ---- staff: opening receivables brought from the old system, and receipts against them ----
  app.get('/payments/accounts/:id/opening', {
    schema: { tags, summary: 'A customer\'s opening receivable (期初应收): imported, received, still open (fen) and its due day', params: idParams, response: { 200: s.openingReceivable, ...errors } },
    config: { permission: 'payments.read' },
  }, async (req) => {
    await assertCustomerAccess(db, actorOf(req), req.params.id);
    return openingReceivableOf(db, req.params.id);
  });
  app.post('/payments/accounts/:id/opening/receipts', {
    schema: { tags, summary: 'Record money received (收款) against a customer\'s opening receivable, at most what is still open; send an Idempotency-Key to retry safely', params: idParams, body: s.openingReceiptBody, response: { 200: s.openingReceipt, ...errors } },
    config: { permission: 'payments.manage' },
  }, async (req) => recordOpeningReceipt(db, actorOf(req), req.params.id, req.body, idemKey(req.headers['idempotency-key'])));

  // ---- staff: which payment methods the supplier enables ----
  app.get('/payments/method-rules', { schema: { tags, response: { 200: z.array(s.methodRule), ...errors } }, config: { permission: 'payments.read' } }, async () => listMethodRules(db));
  app.put('/payments/method-rules', {
    schema: { tags, summary: 'Enable payment methods for everyone (default), a tier or a customer; methods null removes the rule', body: s.methodRuleBody, response: { 200: z.array(s.methodRule), ...errors } },
    config: { permission: 'payments.manage' },
  }, async (req) => {
    const { scope, scopeId, methods } = req.body;
    if (scope !== 'default' && scopeId == null) throw new AppError('VALIDATION', 400, {}, [{ path: 'body.scopeId', message: 'required for a tier or company rule' }]);
    await setMethodRule(db, actorOf(req), scope, scopeId ?? 0, methods);
    return listMethodRules(db);
  });
  await onlinePaymentRoutes(app, ctx);
  await statementRoutes(app, ctx);
}
