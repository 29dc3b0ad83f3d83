import { z } from 'zod';
import type { ModuleContext, RouteApp } from '../../lib/module';
import { errors, id, idParams, page, pageQuery, text, timestamp } from '../../lib/schemas';
import { actorOf } from '../../lib/http';
import { forbidden } from '../../lib/errors';
import { definePermissions } from '../auth/permissions';
import { getStatement, issueStatements, listStatements, respondStatement } from './statements';
import { statementHtml, statementWorkbook } from './excel';
import { receivablesAging } from './aging';

definePermissions({ 'statements.self': ['customer_admin', 'customer_buyer'], 'statements.respond': ['customer_admin'] });

const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month like 2026-11');
const status = z.enum(['issued', 'confirmed', 'disputed']);
const statement = z.object({
  id: z.number(), companyId: z.number(), companyCode: z.string(), companyName: z.string(), period: z.string(), periodStart: timestamp, periodEnd: timestamp,
  opening: z.number(), orders: z.number(), cancellations: z.number(), payments: z.number(), refunds: z.number(), closing: z.number(),
  status, disputeReason: z.string().nullable(), respondedAt: timestamp.nullable(), respondedByName: z.string().nullable(), createdAt: timestamp,
});
const line = z.object({
  id: z.number(), kind: z.string(), amount: z.number(), at: timestamp, orderNumber: z.string().nullable(), paymentNumber: z.string().nullable(),
  paymentMethod: z.string().nullable(), refundNumber: z.string().nullable(), refundDestination: z.string().nullable(), effect: z.number(), running: z.number(),
});
const movement = z.object({ at: timestamp, entry: z.string(), amount: z.number(), balanceAfter: z.number(), orderId: z.number().nullable(), orderNumber: z.string().nullable(), note: z.string().nullable() });
const fundsPeriod = z.object({ opening: z.number(), credited: z.number(), debited: z.number(), closing: z.number(), movements: z.array(movement) });
const detail = statement.extend({
  lines: z.array(line),
  /** the account at the period end, as the account page shows it: receivable and prepaid balance (closing = receivable − balance) */
  account: z.object({ receivable: z.number(), balance: z.number() }),
  /** the figures still equal the ledger's for the period; when not, it cannot be confirmed until finance issues it again */
  agrees: z.boolean(),
  /** rebate (fen) and points over the month (marketing's ledger): beside the money figures, not part of them */
  funds: z.object({ rebate: fundsPeriod, points: fundsPeriod }),
});
const listQuery = pageQuery.extend({ companyId: id.optional(), period: period.optional(), status: status.optional() });
/** `opening`: of `total`, the opening receivable brought from the old system still open (其中期初应收) */
const bucketRow = z.object({ d0_30: z.number(), d31_60: z.number(), d61_90: z.number(), d90_plus: z.number(), total: z.number(), overdue: z.number(), opening: z.number() });
const aging = z.object({
  asOf: timestamp,
  totals: bucketRow,
  customers: z.array(bucketRow.extend({ companyId: z.number(), companyCode: z.string(), companyName: z.string(), salesRepId: z.number().nullable(), salesRepName: z.string().nullable(), orders: z.number(), openingDueDate: z.string().nullable() })),
  reps: z.array(bucketRow.extend({ salesRepId: z.number().nullable(), salesRepName: z.string().nullable(), customerCount: z.number() })),
  orders: z.array(z.object({ orderId: z.number(), number: z.string(), companyId: z.number(), owed: z.number(), ageDays: z.number(), bucket: z.string(), dueDate: timestamp.nullable(), overdue: z.number() })),
});

export async function statementRoutes(app: RouteApp, ctx: ModuleContext) {
  const db = ctx.database.db;
  const tz = ctx.config.timeZone;
  const tags = ['statements'];

  const list = (staff: boolean) => async (req: { query: z.infer<typeof listQuery> } & Parameters<typeof actorOf>[0]) => {
    const actor = actorOf(req);
    if (!staff && actor.companyId == null) throw forbidden();
    const { page: p, pageSize, ...q } = req.query;
    return { ...(await listStatements(db, actor, { ...q, limit: pageSize, offset: (p - 1) * pageSize })), page: p, pageSize };
  };
  const xlsx = async (req: Parameters<typeof actorOf>[0] & { params: { id: number } }, reply: import('fastify').FastifyReply) => {
    const s = await getStatement(db, actorOf(req), req.params.id);
    const buf = await statementWorkbook(s, tz);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="statement-${s.companyCode}-${s.period}.xlsx"; filename*=UTF-8''${encodeURIComponent(`对账单-${s.companyName}-${s.period}.xlsx`)}`)
      .send(buf);
  };
  const print = async (req: Parameters<typeof actorOf>[0] & { params: { id: number } }, reply: import('fastify').FastifyReply) => {
    const s = await getStatement(db, actorOf(req), req.params.id);
    return reply.type('text/html; charset=utf-8').header('x-content-type-options', 'nosniff').send(statementHtml(s, tz));
  };

  // ---- portal ----
  app.get('/my/statements', { schema: { tags, querystring: listQuery, response: { 200: page(statement), ...errors } }, config: { permission: 'statements.self' } }, list(false));
  app.get('/my/statements/:id', { schema: { tags, params: idParams, response: { 200: detail, ...errors } }, config: { permission: 'statements.self' } }, async (req) => getStatement(db, actorOf(req), req.params.id));
  app.get('/my/statements/:id/export', { schema: { tags, summary: 'Statement as an Excel file', params: idParams }, config: { permission: 'statements.self' } }, xlsx);
  app.get('/my/statements/:id/print', { schema: { tags, summary: 'Printable statement (HTML, A4)', params: idParams }, config: { permission: 'statements.self' } }, print);
  app.post('/my/statements/:id/confirm', { schema: { tags, params: idParams, response: { 200: detail, ...errors } }, config: { permission: 'statements.respond' } }, async (req) =>
    respondStatement(db, actorOf(req), req.params.id, { confirm: true }));
  app.post('/my/statements/:id/dispute', { schema: { tags, params: idParams, body: z.object({ reason: text(500) }), response: { 200: detail, ...errors } }, config: { permission: 'statements.respond' } }, async (req) =>
    respondStatement(db, actorOf(req), req.params.id, { confirm: false, reason: req.body.reason }));

  // ---- staff ----
  app.get('/payments/statements', { schema: { tags, querystring: listQuery, response: { 200: page(statement), ...errors } }, config: { permission: 'payments.read' } }, list(true));
  app.post('/payments/statements', {
    schema: { tags, summary: 'Issue the statements of an ended month (one customer, or every customer with activity)', body: z.object({ period, companyId: id.optional() }), response: { 200: z.object({ ids: z.array(z.number()) }), ...errors } },
    config: { permission: 'payments.manage' },
  }, async (req) => ({ ids: await issueStatements(db, actorOf(req), req.body.period, tz, req.body.companyId) }));
  app.get('/payments/statements/:id', { schema: { tags, params: idParams, response: { 200: detail, ...errors } }, config: { permission: 'payments.read' } }, async (req) => getStatement(db, actorOf(req), req.params.id));
  app.get('/payments/statements/:id/export', { schema: { tags, summary: 'Statement as an Excel file', params: idParams }, config: { permission: 'payments.read' } }, xlsx);
  app.get('/payments/statements/:id/print', { schema: { tags, summary: 'Printable statement (HTML, A4)', params: idParams }, config: { permission: 'payments.read' } }, print);
  app.get('/payments/aging', { schema: { tags, summary: 'Receivables aging (0–30, 31–60, 61–90, 90+ days) per customer and sales rep: open orders and opening receivables', response: { 200: aging, ...errors } }, config: { permission: 'payments.read' } }, async (req) =>
    receivablesAging(db, actorOf(req)));
}
