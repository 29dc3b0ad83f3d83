import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { inject } from 'vitest';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { buildApp } from '../app';
import { loadConfig, type Config } from '../config';
import { openDatabase, type Database } from '../lib/db';
import { migrate } from '../lib/migrate';
import { allHandlers } from '../handlers';
import { deliverBatch } from '../modules/platform/outbox';
import { seedFixtures, type Fixtures } from './fixtures';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  db: Database['db'];
  fx: Fixtures;
  /** Signs in through the HTTP API and returns a client that sends that session's cookie. */
  as(login: string, password?: string): Promise<Client>;
  /** A client without a session. */
  anon: Client;
  /** Delivers every pending outbox event now (tests do not wait for the worker). */
  drainOutbox(): Promise<void>;
  close(): Promise<void>;
}

export interface Client {
  request(opts: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  delete(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  headers: Record<string, string>;
}

function client(app: FastifyInstance, base: Record<string, string>): Client {
  const send = (method: InjectOptions['method'], url: string, body?: unknown, headers?: Record<string, string>) =>
    app.inject({ method, url, headers: { ...base, ...headers }, ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }) });
  return {
    headers: base,
    request: (o) => app.inject({ ...o, headers: { ...base, ...(o.headers as Record<string, string>) } }),
    get: (u, h) => send('GET', u, undefined, h),
    post: (u, b, h) => send('POST', u, b ?? {}, h),
    patch: (u, b, h) => send('PATCH', u, b ?? {}, h),
    put: (u, b, h) => send('PUT', u, b ?? {}, h),
    delete: (u, h) => send('DELETE', u, undefined, h),
  };
}

/**
 * A fresh app on a fresh database for one test file: in-memory PGlite by default, or its own
 * schema on the server named by TEST_DATABASE_URL (dropped at close).
 */
export async function createTestApp(opts: { config?: Partial<Config>; /** server: reads of reports through a second, read-only pool (as DATABASE_READ_URL) */ readReplica?: boolean; /** a built web app's folder to serve */ webDist?: string } = {}): Promise<TestApp> {
  const url = process.env.TEST_DATABASE_URL;
  let schema: string | undefined;
  if (url) {
    schema = `t_${randomBytes(6).toString('hex')}`;
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`create schema ${schema}`);
    await c.end();
  }
  // PGlite: start from the run's migrated dump (global-setup.ts) rather than an empty cluster
  const snapshot = url ? null : inject('pgliteSnapshot');
  const loadDataDir = snapshot ? new Blob([fs.readFileSync(snapshot)]) : undefined;
  // PGlite on the test's own thread unless ORDO_PGLITE_THREAD=1 (npm start's default is its own
  // thread): tests send one request at a time, and a statement handed to another thread waited
  // for it to be scheduled — cart + workflow tests 23–31 s vs 13–21 s at load 8–10 (issue 20)
  const pgliteThread = process.env.ORDO_PGLITE_THREAD === '1';
  const database = await openDatabase({ databaseUrl: url, schema, poolSize: 12, readUrl: opts.readReplica ? url : undefined, loadDataDir, pgliteThread });
  await migrate(database);
  const config: Config = { ...loadConfig({}), loginRateLimitPerMinute: 10_000, ...opts.config };
  const app = await buildApp({ config, database, logger: false, webDist: opts.webDist });
  await app.ready();
  const fx = await seedFixtures(database);
  const handlers = allHandlers({ database, config, kickWorker: () => undefined });

  return {
    app,
    database,
    db: database.db,
    fx,
    anon: client(app, {}),
    async as(login, password = fx.password) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login, password } });
      if (res.statusCode !== 200) throw new Error(`login ${login} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'ordo_session');
      return client(app, { cookie: `ordo_session=${cookie!.value}` });
    },
    async drainOutbox() {
      while ((await deliverBatch(database.db, handlers)) > 0);
    },
    async close() {
      await app.close();
      await database.close();
      if (url && schema) {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`drop schema ${schema} cascade`);
        await c.end();
      }
    },
  };
}

/** Row counts of the given tables: compare before and after a refused request. */
export async function counts(db: Database['db'], tables: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of tables) {
    const r = await db.selectFrom(t as never).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    out[t] = Number((r as { n: number }).n);
  }
  return out;
}
