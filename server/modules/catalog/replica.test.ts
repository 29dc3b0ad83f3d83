import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';

/**
 * DATABASE_READ_URL: the portal's catalog search and suggestions read through the read-only pool
 * (a streaming replica in production; here the same server), like reports. The one write a search
 * makes — a buyer's query that found nothing, for the supplier's report — still reaches the primary.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('catalog search on a read replica', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ readReplica: true });
    await seedCatalogFixtures(t.database);
  });
  afterAll(() => t?.close());

  const readers = async () =>
    Number((await sql<{ n: number }>`select count(*) as n from pg_stat_activity where application_name = 'ordo-read' and datname = current_database()`.execute(t.db)).rows[0].n);

  it('search and suggestions are served through the read-only pool; a zero-result search is logged on the primary', async () => {
    expect(t.database.read).not.toBe(t.database.db);
    expect(await readers()).toBe(0);
    const buyer = await t.as('buyerA');
    const found = await buyer.get(`/api/catalog/search?q=${encodeURIComponent('矿泉水')}`);
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json().items.map((i: { name: string }) => i.name)).toEqual(['天然矿泉水 550ml']);
    expect(await readers()).toBeGreaterThan(0);
    const sug = await buyer.get(`/api/catalog/suggest?q=${encodeURIComponent('可乐')}`);
    expect(sug.statusCode, sug.body).toBe(200);
    expect(sug.json().length).toBeGreaterThan(0);
    // a miss: read on the replica, logged on the primary (the read-only pool would refuse the insert)
    const miss = await buyer.get(`/api/catalog/search?q=${encodeURIComponent('不存在的货品')}`);
    expect(miss.statusCode, miss.body).toBe(200);
    expect(miss.json().total).toBe(0);
    const logged = await t.db.selectFrom('search_misses').select(['query', 'times']).where('company_id', '=', t.fx.companyA).execute();
    expect(logged.map((l) => l.query)).toContain('不存在的货品');
    // the staff list (staff read what they just changed) stays on the primary; writes through the read pool fail
    expect((await (await t.as('admin')).get('/api/products?q=可乐')).statusCode).toBe(200);
    await expect(sql`insert into brands (name) values ('不应写入')`.execute(t.database.read)).rejects.toThrow(/read-only transaction/);
  });
});
