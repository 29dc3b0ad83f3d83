import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../lib/db';
import { migrate } from '../../lib/migrate';
import { seedFixtures } from '../../test/fixtures';
import { loadEvalCatalogs } from '../../../bench/search-eval/load';
import { queries } from '../../../bench/search-eval/queries';
import type { Actor } from '../auth/actor';
import { searchProducts } from './search';

/**
 * Issue 23: PGlite (the embedded default) and a PostgreSQL server return the same ranked lists.
 * Both are loaded with the evaluation catalogs through the catalog service, then every
 * evaluation query (bench/search-eval/queries.ts) is asked of both, as staff and as a buyer with
 * facets: the products in order, the total, the fuzzy flag, the facets and the zero-result help
 * must be equal. Needs a server: runs where TEST_DATABASE_URL is set (CI's PostgreSQL pass).
 */
const url = process.env.TEST_DATABASE_URL;
const schema = `t_${randomBytes(6).toString('hex')}`;
const opened: Database[] = [];

async function load(kind: 'pglite' | 'postgres') {
  if (kind === 'postgres') {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`create schema ${schema}`);
    await c.end();
  }
  const database = await openDatabase(kind === 'postgres' ? { databaseUrl: url, schema, poolSize: 4 } : {});
  opened.push(database);
  await migrate(database);
  const fx = await seedFixtures(database);
  const actor: Actor = { userId: fx.users.admin, login: 'admin', name: 'admin', role: 'admin', companyId: null, via: 'session', scopes: null };
  await loadEvalCatalogs(database.db, actor);
  return { db: database.db, companyA: fx.companyA };
}

type Loaded = Awaited<ReturnType<typeof load>>;
async function answers(e: Loaded, q: string) {
  const staff = await searchProducts(e.db, { companyId: null, buyerView: false, stockAudience: 'staff' }, { q, sort: 'relevance', page: 1, pageSize: 20 });
  const buyer = await searchProducts(e.db, { companyId: e.companyA, buyerView: true, stockAudience: 'customer' }, { q, sort: 'relevance', page: 1, pageSize: 20, facets: true });
  const view = (r: typeof staff) => ({ names: r.items.map((i) => i.name), total: r.total, fuzzy: r.fuzzy, facets: r.facets, help: r.help });
  return { staff: view(staff), buyer: view(buyer) };
}

afterAll(async () => {
  for (const d of opened) await d.close();
  if (url) {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.end();
  }
});

describe.skipIf(!url)('search on PGlite and on PostgreSQL', () => {
  it(`returns the same ranked lists for all ${queries.length} evaluation queries`, async () => {
    const lite = await load('pglite');
    const server = await load('postgres');
    const differ: string[] = [];
    let compared = 0;
    for (const { q } of queries) {
      const [a, b] = [await answers(lite, q), await answers(server, q)];
      compared++;
      if (JSON.stringify(a) !== JSON.stringify(b)) differ.push(`${q}\n  pglite:   ${JSON.stringify(a.staff.names.slice(0, 5))} ${a.staff.total} / buyer ${a.buyer.total}\n  postgres: ${JSON.stringify(b.staff.names.slice(0, 5))} ${b.staff.total} / buyer ${b.buyer.total}`);
      // a query that finds nothing on both is no evidence: most must find something
    }
    expect(differ, differ.join('\n')).toEqual([]);
    expect(compared).toBe(queries.length);
    const found = await Promise.all(queries.slice(0, 20).map(async ({ q }) => (await answers(server, q)).staff.total > 0));
    expect(found.filter(Boolean).length).toBeGreaterThan(15);
  }, 600_000);
});
