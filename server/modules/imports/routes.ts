import { z } from 'zod';
import type { ModuleContext, RouteApp } from '../../lib/module';
import { errors, idParams, timestamp } from '../../lib/schemas';
import { actorOf } from '../../lib/http';
import { AppError } from '../../lib/errors';
import { registerMessages } from '../../lib/i18n';
import { readUpload } from '../../lib/uploads';
import { attachment, sheetContentType, writeTables } from '../../lib/sheet-writer';
import { definePermissions } from '../auth/permissions';
import { setSetting } from '../platform/settings';
import { importSettings, SETTINGS_KEY } from './settings';
import { importRetentionDays } from './retention';
import { getJob, listJobs, resultRows, startImport } from './jobs';
import { KINDS, TEMPLATES, templateOf } from './templates';
import { shownColumns } from './types';

definePermissions({ 'imports.manage': ['admin'] });

registerMessages({
  IMPORT_FILE_REQUIRED: { zh: '请选择要导入的文件（.xlsx、.xls 或 .csv）', en: 'Choose the file to import (.xlsx, .xls or .csv)' },
  IMPORT_ROWS_INVALID: { zh: '有 {count} 处问题，未导入任何数据：请下载结果文件，按“说明”列修改后重新导入', en: '{count} problems found, nothing was imported: download the result file, fix the rows as its last column says and import again' },
});

const settingsBody = z.strictObject({ createBrands: z.boolean(), retentionDays: z.number().int().min(7).max(3650).optional().describe('days import jobs (with their files) are kept; default 90') });
const problem = z.object({ row: z.number(), column: z.string(), message: z.string() });
const tally = z.object({ created: z.number(), updated: z.number(), unchanged: z.number() });
const job = z.object({
  id: z.number(), kind: z.string(), dryRun: z.boolean(), status: z.enum(['checked', 'rejected', 'running', 'done', 'failed']), fileName: z.string(),
  total: z.number(), processed: z.number(), created: z.number(), updated: z.number(), unchanged: z.number(),
  parts: z.object({ skus: tally, contacts: tally, addresses: tally }).partial().describe('created / updated / unchanged count records (a customer, a product); the parts several rows add to a record are counted here'),
  problemCount: z.number(), problems: z.array(problem),
  error: z.string().nullable(), createdAt: timestamp, finishedAt: timestamp.nullable(),
});
const kindParams = z.object({ kind: z.enum(KINDS) });
const formatQuery = z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') });
const tags = ['imports'];
const config = { permission: 'imports.manage' };


/** Templates, dry runs, imports with progress, result files and exports of the same templates. */
export async function importRoutes(app: RouteApp, { database }: ModuleContext) {
  const db = database.db;

  app.get('/imports/templates', {
    schema: { tags, summary: 'The import templates and their columns, in the order a new supplier fills them',
      response: { 200: z.array(z.object({ kind: z.string(), zh: z.string(), en: z.string(), columns: z.array(z.object({ zh: z.string(), en: z.string(), required: z.boolean(), help: z.string().nullable() })) })), ...errors } },
    config,
  }, async () => TEMPLATES.map((t) => ({ kind: t.kind, zh: t.zh, en: t.en, columns: shownColumns(t.columns).map((c) => ({ zh: c.zh, en: c.en, required: !!c.required, help: c.help ?? null })) })));

  const settings = async () => ({ createBrands: (await importSettings(db)).createBrands, retentionDays: await importRetentionDays(db) });
  app.get('/imports/settings', { schema: { tags, response: { 200: settingsBody.required(), ...errors } }, config }, settings);
  app.put('/imports/settings', {
    schema: { tags, summary: 'createBrands: brands a product file names that do not exist are created (else each such row is a problem); retentionDays: import jobs older than this are deleted', body: settingsBody, response: { 200: settingsBody.required(), ...errors } },
    config,
  }, async (req) => {
    await setSetting(db, SETTINGS_KEY, { createBrands: req.body.createBrands, retentionDays: req.body.retentionDays ?? (await importRetentionDays(db)) });
    return settings();
  });

  app.get('/imports/:kind/template', {
    schema: { tags, summary: 'The empty template (.xlsx): the data sheet with its header, and a 说明 sheet with each column\'s meaning and an example', params: kindParams },
    config,
  }, async (req, reply) => {
    const t = templateOf(req.params.kind);
    const columns = shownColumns(t.columns);
    const body = await writeTables('xlsx', [
      { name: t.zh, header: columns.map((c) => c.zh), rows: [], widths: columns.map((c) => c.width ?? 14), required: columns.map((c) => !!c.required) },
      { name: '说明', header: ['列名', '必填', '说明', '示例'], rows: columns.map((c) => [c.zh, c.required ? '是' : '', c.help ?? '', c.example ?? '']), widths: [16, 6, 60, 20] },
    ]);
    reply.header('content-type', sheetContentType('xlsx')).header('content-disposition', attachment(`${t.kind}-template.xlsx`, `${t.zh}导入模板.xlsx`));
    return reply.send(body);
  });

  app.get('/imports/:kind/export', {
    schema: { tags, summary: 'Everything stored, in the template (import it back: nothing changes)', params: kindParams, querystring: formatQuery },
    config,
  }, async (req, reply) => {
    const t = templateOf(req.params.kind);
    const columns = shownColumns(t.columns);
    const body = await writeTables(req.query.format, [{ name: t.zh, header: columns.map((c) => c.zh), rows: await t.exportRows(db), widths: columns.map((c) => c.width ?? 14) }]);
    const day = new Date().toISOString().slice(0, 10);
    reply.header('content-type', sheetContentType(req.query.format)).header('content-disposition', attachment(`${t.kind}.${req.query.format}`, `${t.zh}-${day}.${req.query.format}`));
    return reply.send(body);
  });

  app.post('/imports/:kind', {
    schema: {
      tags, summary: 'Check (dryRun=1) or import a file (multipart field "file"): every row is checked first; with any problem nothing is written (422). A good file is written in chunks in the background: poll the job.',
      consumes: ['multipart/form-data'], params: kindParams, querystring: z.object({ dryRun: z.enum(['0', '1', 'true', 'false']).optional() }),
      response: { 200: job, 202: job, ...errors, 413: errors[400], 415: errors[400] },
    },
    config,
  }, async (req, reply) => {
    const { file } = await readUpload(req, { field: 'file', maxBytes: 30 * 1024 * 1024, kind: 'spreadsheet', spreadsheet: { maxUncompressedBytes: 200 * 1024 * 1024 } });
    if (!file || !file.buffer.length) throw new AppError('IMPORT_FILE_REQUIRED', 400);
    const dryRun = req.query.dryRun === '1' || req.query.dryRun === 'true';
    const view = await startImport(db, actorOf(req), templateOf(req.params.kind), file, { dryRun, ...(await importSettings(db)) });
    if (view.status === 'rejected') throw new AppError('IMPORT_ROWS_INVALID', 422, { count: view.problemCount }, view);
    return reply.code(view.status === 'running' ? 202 : 200).send(view);
  });

  app.get('/imports/jobs', {
    schema: { tags, summary: 'The 50 latest checks and imports', response: { 200: z.array(job.omit({ problemCount: true, problems: true, error: true })), ...errors } },
    config,
  }, async () => listJobs(db));

  app.get('/imports/jobs/:id', { schema: { tags, summary: 'Progress and outcome of a check or import (the first 1000 problems)', params: idParams, response: { 200: job, ...errors } }, config }, async (req) =>
    getJob(db, req.params.id, req.locale));

  app.get('/imports/jobs/:id/result', {
    schema: { tags, summary: 'The result file: every row of the file with its outcome (新增 / 更新 / 未变 / 错误) and what to fix', params: idParams, querystring: formatQuery },
    config,
  }, async (req, reply) => {
    const r = await resultRows(db, req.params.id);
    const body = await writeTables(req.query.format, [{ name: '导入结果', header: r.header, rows: r.rows, widths: [6, ...r.header.slice(1, -2).map(() => 14), 8, 60] }]);
    reply.header('content-type', sheetContentType(req.query.format)).header('content-disposition', attachment(`import-${req.params.id}-result.${req.query.format}`, `导入结果-${req.params.id}.${req.query.format}`));
    return reply.send(body);
  });
}
