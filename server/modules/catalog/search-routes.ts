import { z } from 'zod';
import type { RouteApp } from '../../lib/module';
import { errors, idParams, ok } from '../../lib/schemas';
import { actorOf } from '../../lib/http';
import { AppError } from '../../lib/errors';
import { readUpload } from '../../lib/uploads';
import type { DB } from '../../lib/db-types';
import type { Kysely } from 'kysely';
import * as s from './schemas';
import { createSynonym, deleteSynonym, setBuiltInSynonym, exportSynonyms, importSynonyms, listSynonyms, updateSynonym } from './synonyms';
import { listMisses } from './search-help';

/** Staff search tuning: the synonym dictionary (table, import/export) and the zero-result report. */
export function searchRoutes(app: RouteApp, db: Kysely<DB>) {
  const tags = ['catalog'];
  const read = { permission: 'catalog.read' };
  const manage = { permission: 'catalog.manage' };

  app.get('/search/synonyms', { schema: { tags, summary: 'Search synonym groups: the supplier\'s own and the built-in set', response: { 200: s.synonymList, ...errors } }, config: read }, async () => listSynonyms(db));
  app.post('/search/synonyms', { schema: { tags, summary: 'Add a synonym group (applies to the next search, no reindex)', body: s.synonymBody, response: { 200: s.synonymGroup, ...errors } }, config: manage }, async (req) =>
    createSynonym(db, actorOf(req), req.body));
  app.patch('/search/synonyms/:id', { schema: { tags, params: idParams, body: s.synonymPatch, response: { 200: s.synonymGroup, ...errors } }, config: manage }, async (req) =>
    updateSynonym(db, actorOf(req), req.params.id, req.body));
  app.delete('/search/synonyms/:id', { schema: { tags, params: idParams, response: { 200: ok, ...errors } }, config: manage }, async (req) => {
    await deleteSynonym(db, actorOf(req), req.params.id);
    return { ok: true as const };
  });
  app.put('/search/synonyms/built-in/:key', {
    schema: { tags, summary: 'Switch a built-in synonym group off (or on again); applies to the next search', params: s.builtInSynonymParams, body: s.builtInSynonymBody, response: { 200: s.builtInSynonym, ...errors } },
    config: manage,
  }, async (req) => setBuiltInSynonym(db, actorOf(req), req.params.key, req.body.enabled));
  app.get('/search/synonyms/export', {
    schema: { tags, summary: 'The supplier\'s synonym groups as .xlsx or CSV (one group per row, words separated by |)', querystring: z.object({ format: z.enum(['xlsx', 'csv']).default('csv') }) },
    config: read,
  }, async (req, reply) => {
    const { body, filename } = await exportSynonyms(db, req.query.format);
    reply
      .header('content-type', req.query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="synonyms.${req.query.format}"; filename*=UTF-8''${encodeURIComponent(filename)}`);
    return reply.send(body);
  });
  app.post('/search/synonyms/import', {
    schema: { tags, summary: 'Add synonym groups from .xlsx or CSV (multipart field "file"); all or nothing', consumes: ['multipart/form-data'], response: { 200: s.synonymImportResult, ...errors, 413: errors[400], 415: errors[400] } },
    config: manage,
  }, async (req) => {
    const { file } = await readUpload(req, { field: 'file', maxBytes: 2 * 1024 * 1024, kind: 'spreadsheet', spreadsheet: { maxUncompressedBytes: 20 * 1024 * 1024 } });
    if (!file) throw new AppError('IMPORT_BAD_FILE', 400);
    return importSynonyms(db, actorOf(req), file.buffer);
  });
  app.get('/search/misses', {
    schema: { tags, summary: 'What buyers searched and did not find (zero results), most asked first', querystring: s.missQuery, response: { 200: z.array(s.searchMiss), ...errors } },
    config: read,
  }, async (req) => listMisses(db, req.query));
}
