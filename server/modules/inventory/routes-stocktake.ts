import { z } from 'zod';
import type { ModuleContext, RouteApp } from '../../lib/module';
import { errors, id, idParams, page, pageQuery } from '../../lib/schemas';
import { actorOf } from '../../lib/http';
import { AppError } from '../../lib/errors';
import { readUpload } from '../../lib/uploads';
import * as s from './schemas';
import { cancelStocktake, createStocktake, enterCounts, exportCountSheet, getStocktake, importCounts, listStocktakes, postStocktake, stocktakeNumber } from './stocktakes';

const tags = ['inventory'];
const read = { permission: 'inventory.read' };
const write = { permission: 'inventory.write' };

/** 盘点: count sheet per warehouse, counts entered or imported, difference report, posting. */
export async function stocktakeRoutes(app: RouteApp, ctx: ModuleContext) {
  const db = ctx.database.db;

  app.get('/inventory/stocktakes', {
    schema: { tags, querystring: pageQuery.extend({ warehouseId: id.optional(), status: z.enum(['counting', 'posted', 'cancelled']).optional() }), response: { 200: page(s.stocktakeListed), ...errors } },
    config: read,
  }, async (req) => listStocktakes(db, req.query));

  app.post('/inventory/stocktakes', {
    schema: { tags, summary: 'Open a count sheet for an active warehouse (every active SKU, or one category)', body: s.stocktakeBody, response: { 200: s.stocktake, ...errors } },
    config: write,
  }, async (req) => getStocktake(db, await createStocktake(db, actorOf(req), req.body)));

  app.get('/inventory/stocktakes/:id', {
    schema: { tags, summary: 'Count sheet with the difference report', params: idParams, querystring: z.object({ differences: z.enum(['true', 'false']).optional() }), response: { 200: s.stocktake, ...errors } },
    config: read,
  }, async (req) => getStocktake(db, req.params.id, { onlyDifferences: req.query.differences === 'true' }));

  app.put('/inventory/stocktakes/:id/counts', {
    schema: { tags, summary: 'Enter counted quantities (null clears a count)', params: idParams, body: s.countsBody, response: { 200: s.stocktake, ...errors } },
    config: write,
  }, async (req) => enterCounts(db, actorOf(req), req.params.id, req.body.lines));

  app.get('/inventory/stocktakes/:id/sheet.xlsx', { schema: { tags, summary: 'The count sheet as .xlsx', params: idParams }, config: read }, async (req, reply) => {
    const body = await exportCountSheet(db, req.params.id);
    reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${stocktakeNumber(req.params.id)}.xlsx"`);
    return reply.send(body);
  });

  app.post('/inventory/stocktakes/:id/import', {
    schema: {
      tags, summary: 'Import counted quantities from the .xlsx sheet (multipart field "file"); per-row errors, all or nothing', params: idParams, consumes: ['multipart/form-data'],
      response: { 200: z.object({ rows: z.number(), updated: z.number() }), ...errors, 413: errors[400], 415: errors[400] },
    },
    config: write,
  }, async (req) => {
    const { file } = await readUpload(req, { field: 'file', maxBytes: 10 * 1024 * 1024, kind: 'spreadsheet' });
    if (!file) throw new AppError('IMPORT_NOT_XLSX', 400);
    return importCounts(db, actorOf(req), req.params.id, file.buffer);
  });

  app.post('/inventory/stocktakes/:id/post', {
    schema: { tags, summary: 'Post the differences (counted − on hand) as stocktake movements', params: idParams, response: { 200: s.stocktake, ...errors } },
    config: write,
  }, async (req) => {
    const r = await postStocktake(db, actorOf(req), req.params.id);
    ctx.kickWorker();
    return r;
  });

  app.post('/inventory/stocktakes/:id/cancel', { schema: { tags, params: idParams, response: { 200: s.stocktake, ...errors } }, config: write }, async (req) =>
    cancelStocktake(db, actorOf(req), req.params.id));
}
