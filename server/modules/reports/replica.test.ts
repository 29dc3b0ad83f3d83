import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../test/harness';

/**
 * DATABASE_READ_URL: reports read through a pool of their own (a streaming replica in
 * production; here the same server), whose sessions are read-only.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('reports on a read replica', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ readReplica: true });
  });
  afterAll(() => t?.close());

  const readers = async () =>
    Number((await sql<{ n: number }>`select count(*) as n from pg_stat_activity where application_name = 'ordo-read' and datname = current_database()`.execute(t.db)).rows[0].n);

  it('the dashboard and the sales report are served through the read-only pool', async () => {
    expect(t.database.read).not.toBe(t.database.db);
    expect(await readers()).toBe(0);
    const admin = await t.as('admin');
    expect((await admin.get('/api/reports/dashboard')).statusCode).toBe(200);
    expect((await admin.get('/api/reports/sales?from=2026-01-01&to=2026-12-31&groupBy=customer')).statusCode).toBe(200);
    expect(await readers()).toBeGreaterThan(0);
    await expect(sql`insert into brands (name) values ('不应写入')`.execute(t.database.read)).rejects.toThrow(/read-only transaction/);
    expect((await t.db.selectFrom('brands').select('id').where('name', '=', '不应写入').execute())).toEqual([]);
  });
});
