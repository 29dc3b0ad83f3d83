import { z } from 'zod';
import { newWorkbook } from '../../lib/excel';
import type { ModuleContext, RouteApp } from '../../lib/module';
import { errors, id, ok, text } from '../../lib/schemas';
import { actorOf } from '../../lib/http';
import { forbidden, notFound, validation } from '../../lib/errors';
import type { Actor } from '../auth/actor';
import { definePermissions } from '../auth/permissions';
import { salesAnalysis } from './analytics-sales';
import { customerOrders, lapsed, newReturning, rfm } from './analytics-customers';
import { abc, slowMovers, turnover } from './analytics-stock';
import { agingTrend, stockOuts, stockValue } from './analytics-snapshots';
import { aging, collection, paymentMix, repTargets, returns } from './analytics-money';
import { addDays, localToday, type ReportDoc, type ReportFilters } from './common';
import type { Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';

definePermissions({ 'reports.analytics': ['admin', 'sales', 'finance', 'warehouse'], 'reports.targets': ['admin'], 'reports.weekly': ['admin'] });

export const REPORTS = ['sales', 'rfm', 'lapsed', 'newret', 'customer', 'turnover', 'slow', 'abc', 'aging', 'collection', 'paymix', 'returns', 'reps', 'stockouts', 'stockvalue', 'agingtrend'] as const;
export type ReportName = (typeof REPORTS)[number];
/** Warehouse staff read the stock reports only. */
const STOCK_REPORTS: ReportName[] = ['turnover', 'slow', 'abc', 'stockouts', 'stockvalue'];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').refine((s) => !Number.isNaN(Date.parse(s)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a real date');
const idOrZero = z.coerce.number({ error: 'must be an id' }).int('must be an id').min(0, 'must be an id').max(Number.MAX_SAFE_INTEGER, 'id too large');
export const analyticsQuery = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  period: z.enum(['day', 'week', 'month', 'quarter', 'year']).optional(),
  dim: z.enum(['none', 'customer', 'tier', 'region', 'rep', 'category', 'brand', 'sku']).optional(),
  compare: z.enum(['yoy', 'pop', 'none']).optional(),
  region: z.string().max(40, 'at most 40 characters').optional(),
  tierId: idOrZero.optional(),
  repId: idOrZero.optional(),
  companyId: id.optional(),
  categoryId: id.optional(),
  brandId: id.optional(),
  skuId: id.optional(),
  warehouseId: idOrZero.optional(),
  days: z.coerce.number().int('whole days').min(1, 'at least 1').max(730, 'at most 730').optional(),
  groupBy: z.string().regex(/^[a-zA-Z]{1,20}$/, 'letters only').optional(),
  // one page of the per-SKU reports (the response's `paging` says which; the xlsx export has every row)
  offset: z.coerce.number().int('whole number').min(0, 'must not be negative').max(10_000_000).optional(),
  limit: z.coerce.number().int('whole number').min(1, 'at least 1').max(1000, 'at most 1000 rows per request').optional(),
  sort: z.string().regex(/^[a-zA-Z]{1,20}$/, 'letters only').optional(),
  order: z.enum(['asc', 'desc']).optional(),
});
const cell = z.union([z.string(), z.number(), z.null()]);
const row = z.record(z.string(), cell.optional());
const kind = z.enum(['text', 'int', 'fen', 'pct', 'qty', 'date', 'days']);
export const reportDoc = z.object({
  report: z.string(), zh: z.string(), en: z.string(),
  columns: z.array(z.object({ key: z.string(), zh: z.string(), en: z.string(), kind })),
  rows: z.array(row), chartRows: z.array(row).optional(), totals: row.optional(),
  chart: z.object({ type: z.enum(['bar', 'line', 'pie']), x: z.string(), series: z.array(z.object({ key: z.string(), zh: z.string().optional(), en: z.string().optional(), type: z.enum(['bar', 'line']).optional(), axis: z.union([z.literal(0), z.literal(1)]).optional(), stack: z.string().optional() })) }).optional(),
  figures: z.array(z.object({ key: z.string(), zh: z.string(), en: z.string(), kind, value: cell })).optional(),
  note: z.object({ zh: z.string(), en: z.string() }).optional(),
  paging: z.object({ offset: z.number(), limit: z.number(), total: z.number(), sort: z.string(), order: z.enum(['asc', 'desc']), sortable: z.array(z.string()) }).optional(),
  from: z.string(), to: z.string(),
});

type Query = z.infer<typeof analyticsQuery>;

/** Runs one report for the actor (a rep: their customers only). */
export async function runReport(db: Kysely<DB>, actor: Actor, name: ReportName, q: Query, timeZone: string, opts: { allRows?: boolean } = {}): Promise<ReportDoc & { from: string; to: string }> {
  if (actor.role === 'warehouse' && !STOCK_REPORTS.includes(name)) throw forbidden();
  const today = localToday(timeZone);
  const to = q.to ?? today;
  const from = q.from ?? addDays(to, -29);
  if (from > to) throw validation([{ path: 'querystring.from', message: 'from must not be after to' }]);
  if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > 3660) throw validation([{ path: 'querystring.to', message: 'at most 10 years' }]);
  const f: ReportFilters & { from: string; to: string } = { ...q, from, to, ...(opts.allRows ? { offset: 0, limit: null } : {}) };
  let doc: ReportDoc;
  switch (name) {
    case 'sales': doc = await salesAnalysis(db, actor, f); break;
    case 'rfm': doc = await rfm(db, actor, f); break;
    case 'lapsed': doc = await lapsed(db, actor, f); break;
    case 'newret': doc = await newReturning(db, actor, f); break;
    case 'customer':
      if (q.companyId === undefined) throw validation([{ path: 'querystring.companyId', message: 'required' }]);
      doc = await customerOrders(db, actor, { ...f, companyId: q.companyId }, timeZone); break;
    case 'turnover': doc = await turnover(db, f); break;
    case 'slow': doc = await slowMovers(db, f); break;
    case 'abc': doc = await abc(db, f); break;
    case 'aging': doc = await aging(db, actor, f, today, timeZone); break;
    case 'collection': doc = await collection(db, actor, f, today, timeZone); break;
    case 'paymix': doc = await paymentMix(db, actor, f); break;
    case 'returns': doc = await returns(db, actor, f); break;
    case 'reps': doc = await repTargets(db, actor, f); break;
    case 'stockouts': doc = await stockOuts(db, f); break;
    case 'stockvalue': doc = await stockValue(db, f); break;
    case 'agingtrend': doc = await agingTrend(db, actor, f); break;
  }
  return { ...doc, from, to };
}

/** The workbook of a report: the table's columns and rows (amounts in yuan, rates as percents). */
export async function reportWorkbook(doc: ReportDoc & { from: string; to: string }): Promise<Buffer> {
  const wb = await newWorkbook();
  const ws = wb.addWorksheet(doc.zh.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '));
  ws.columns = doc.columns.map((c) => ({
    header: `${c.zh} ${c.en}`, key: c.key, width: c.kind === 'text' ? 28 : 16,
    style: c.kind === 'fen' ? { numFmt: '#,##0.00' } : c.kind === 'pct' ? { numFmt: '0.0%' } : {},
  }));
  const value = (kind: string, v: unknown) => (v == null ? null : kind === 'fen' ? Number(v) / 100 : v);
  for (const r of doc.rows) ws.addRow(Object.fromEntries(doc.columns.map((c) => [c.key, value(c.kind, r[c.key])])));
  if (doc.totals) ws.addRow(Object.fromEntries(doc.columns.map((c) => [c.key, value(c.kind, doc.totals![c.key])]))).font = { bold: true };
  ws.getRow(1).font = { bold: true };
  const info = wb.addWorksheet('说明 About');
  info.addRow(['报表 Report', `${doc.zh} ${doc.en}`]);
  info.addRow(['期间 Range', `${doc.from} ~ ${doc.to}`]);
  for (const fig of doc.figures ?? []) info.addRow([`${fig.zh} ${fig.en}`, value(fig.kind, fig.value)]);
  if (doc.note) info.addRow(['注 Note', `${doc.note.zh} ${doc.note.en}`]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function analyticsRoutes(app: RouteApp, { database, config }: ModuleContext) {
  const db = database.read;
  const params = z.object({ report: z.enum(REPORTS) });

  app.get('/reports/analytics/:report', {
    schema: { tags: ['reports'], summary: 'One analytics report (sales with 同比/环比, customers, stock, money, reps): columns, rows, chart, drill-downs; sales reps see their customers only', params, querystring: analyticsQuery, response: { 200: reportDoc, ...errors } },
    config: { permission: 'reports.analytics' },
  }, async (req) => runReport(db, actorOf(req), req.params.report, req.query, config.timeZone));

  app.get('/reports/analytics/:report/xlsx', {
    schema: { tags: ['reports'], summary: 'The same report as an Excel workbook (the same rows and figures)', params, querystring: analyticsQuery },
    config: { permission: 'reports.analytics' },
  }, async (req, reply) => {
    const doc = await runReport(db, actorOf(req), req.params.report, req.query, config.timeZone, { allRows: true });
    reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${req.params.report}-${doc.from}-${doc.to}.xlsx"`);
    return reply.send(await reportWorkbook(doc));
  });

  const target = z.object({
    repUserId: id, month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM'),
    salesTarget: z.number().int('fen').min(0, 'must not be negative').max(1_000_000_000_000, 'amount too large'),
    collectionTarget: z.number().int('fen').min(0, 'must not be negative').max(1_000_000_000_000, 'amount too large').default(0),
  });
  app.put('/reports/rep-targets', {
    schema: { tags: ['reports'], summary: "Sets a sales rep's monthly sales and collection targets (fen)", body: target, response: { 200: ok, ...errors } },
    config: { permission: 'reports.targets' },
  }, async (req) => {
    const b = req.body;
    const rep = await database.db.selectFrom('users').select('id').where('id', '=', b.repUserId).where('role', '=', 'sales').executeTakeFirst();
    if (!rep) throw notFound('业务员 / sales rep');
    await database.db.insertInto('rpt_rep_targets')
      .values({ rep_user_id: b.repUserId, month: `${b.month}-01`, sales_target: b.salesTarget, collection_target: b.collectionTarget, updated_by: actorOf(req).userId })
      .onConflict((oc) => oc.columns(['rep_user_id', 'month']).doUpdateSet({ sales_target: b.salesTarget, collection_target: b.collectionTarget, updated_by: actorOf(req).userId }))
      .execute();
    return { ok: true as const };
  });

  // the weekly summary e-mail (weekly.ts): each admin opts in or out for themself
  const weekly = z.object({ subscribed: z.boolean() });
  app.get('/reports/weekly-email', {
    schema: { tags: ['reports'], summary: 'Whether the caller gets the weekly summary e-mail', response: { 200: weekly, ...errors } },
    config: { permission: 'reports.weekly' },
  }, async (req) => {
    const r = await database.db.selectFrom('rpt_weekly_email').select('user_id').where('user_id', '=', actorOf(req).userId).executeTakeFirst();
    return { subscribed: r !== undefined };
  });
  app.put('/reports/weekly-email', {
    schema: { tags: ['reports'], summary: 'Opts the caller in to (or out of) the weekly summary e-mail: sales, top customers, stock-outs, overdue receivables', body: weekly, response: { 200: weekly, ...errors } },
    config: { permission: 'reports.weekly' },
  }, async (req) => {
    const userId = actorOf(req).userId;
    if (req.body.subscribed) await database.db.insertInto('rpt_weekly_email').values({ user_id: userId }).onConflict((oc) => oc.doNothing()).execute();
    else await database.db.deleteFrom('rpt_weekly_email').where('user_id', '=', userId).execute();
    return { subscribed: req.body.subscribed };
  });

  const view = z.object({ id: z.number(), report: z.string(), name: z.string(), params: z.record(z.string(), z.string()) });
  app.get('/reports/views', {
    schema: { tags: ['reports'], summary: "The caller's saved report views", response: { 200: z.object({ items: z.array(view) }), ...errors } },
    config: { permission: 'reports.analytics' },
  }, async (req) => {
    const rows = await database.db.selectFrom('rpt_saved_views').select(['id', 'report', 'name', 'params']).where('user_id', '=', actorOf(req).userId).orderBy('id').execute();
    return { items: rows.map((r) => ({ ...r, params: r.params as Record<string, string> })) };
  });
  app.post('/reports/views', {
    schema: {
      tags: ['reports'], summary: 'Saves a report view (its filters) under a name; the same name replaces it',
      body: z.object({ report: z.enum(REPORTS), name: text(40), params: z.record(z.string().max(20), z.string().max(100)).refine((p) => Object.keys(p).length <= 20, 'at most 20 filters') }),
      response: { 200: view, ...errors },
    },
    config: { permission: 'reports.analytics' },
  }, async (req) => {
    const userId = actorOf(req).userId;
    // only filters the reports know are kept
    const parsed = analyticsQuery.safeParse(req.body.params);
    if (!parsed.success) throw validation(parsed.error.issues.map((i) => ({ path: `body.params.${i.path.join('.')}`, message: i.message })));
    const clean = Object.fromEntries(Object.entries(req.body.params).filter(([k]) => k in analyticsQuery.shape));
    const r = await database.db.insertInto('rpt_saved_views').values({ user_id: userId, report: req.body.report, name: req.body.name, params: JSON.stringify(clean) })
      .onConflict((oc) => oc.columns(['user_id', 'name']).doUpdateSet({ report: req.body.report, params: JSON.stringify(clean) }))
      .returning(['id', 'report', 'name']).executeTakeFirstOrThrow();
    return { ...r, params: clean };
  });
  app.delete('/reports/views/:id', {
    schema: { tags: ['reports'], summary: 'Deletes one of the caller\'s saved views', params: z.object({ id }), response: { 200: ok, ...errors } },
    config: { permission: 'reports.analytics' },
  }, async (req) => {
    const r = await database.db.deleteFrom('rpt_saved_views').where('id', '=', req.params.id).where('user_id', '=', actorOf(req).userId).executeTakeFirst();
    if (!Number(r.numDeletedRows)) throw notFound('报表视图 / saved view');
    return { ok: true as const };
  });
}
