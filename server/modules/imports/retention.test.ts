import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allJobs } from '../../handlers';
import { loadConfig } from '../../config';
import { createTestApp, type TestApp } from '../../test/harness';
import { pruneErpChanges } from '../integration/erp-retention';
import { pruneImportJobs } from './retention';

/** import_jobs and erp_changes older than their retention settings are deleted by periodic jobs (issue 19). */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000);
const job = (name: string) => allJobs({ database: t.database, config: loadConfig({}), kickWorker: () => undefined }).find((j) => j.name === name)!;

describe('retention of import jobs and the ERP change feed', () => {
  it('deletes import jobs older than the retention setting, never a running one', async () => {
    const admin = await t.as('admin');
    const jobRow = (fileName: string, status: 'done' | 'running' | 'checked', at: Date) => ({ kind: 'products', dry_run: false, status, file_name: fileName, created_at: at, finished_at: status === 'running' ? null : at, error: null, created_by: null });
    await t.db.insertInto('import_jobs').values([jobRow('old.xlsx', 'done', daysAgo(100)), jobRow('old-check.xlsx', 'checked', daysAgo(91)), jobRow('stuck.xlsx', 'running', daysAgo(200)), jobRow('recent.xlsx', 'done', daysAgo(10))]).execute();
    expect(job('imports.retention').everyMs).toBe(6 * 60 * 60_000);
    await job('imports.retention').run();
    const left = async () => (await t.db.selectFrom('import_jobs').select('file_name').orderBy('file_name').execute()).map((r) => r.file_name);
    expect(await left()).toEqual(['recent.xlsx', 'stuck.xlsx']);

    // a shorter period from the settings route
    expect((await admin.put('/api/imports/settings', { createBrands: true, retentionDays: 7 })).json()).toEqual({ createBrands: true, retentionDays: 7 });
    await job('imports.retention').run();
    expect(await left()).toEqual(['stuck.xlsx']);
    // leaving it out keeps the stored period
    expect((await admin.put('/api/imports/settings', { createBrands: false })).json()).toEqual({ createBrands: false, retentionDays: 7 });
    for (const bad of [{ createBrands: true, retentionDays: 3 }, { createBrands: true, retentionDays: 99999 }, { createBrands: true, retentionDays: '30' }, { retentionDays: 30 }]) {
      const r = await admin.put('/api/imports/settings', bad);
      expect(r.statusCode, JSON.stringify(bad)).toBe(400);
    }
    expect((await admin.get('/api/imports/settings')).json()).toEqual({ createBrands: false, retentionDays: 7 });
    expect(await pruneImportJobs(t.db)).toBe(0);
  });

  it('deletes change-feed rows older than the retention setting in batches; cursors stay valid', async () => {
    const rows = (n: number, from: number, at: Date) => Array.from({ length: n }, (_, i) => ({ event_id: from + i, topic: 'order.submitted', payload: JSON.stringify({ i }), occurred_at: at, recorded_at: at }));
    await t.db.insertInto('erp_changes').values(rows(5003, 1_000_000, daysAgo(120))).execute();
    await t.db.insertInto('erp_changes').values(rows(3, 2_000_000, daysAgo(1))).execute();
    await job('integration.erp-changes-retention').run();
    const left = await t.db.selectFrom('erp_changes').select(['seq', 'event_id']).orderBy('seq').execute();
    expect(left.map((r) => r.event_id)).toEqual([2_000_000, 2_000_001, 2_000_002]);
    expect(await pruneErpChanges(t.db, 0)).toBe(3);
  });
});
