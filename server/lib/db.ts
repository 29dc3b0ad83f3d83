import fs from 'node:fs';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DB } from './db-types';
import { ConnectionLock, PGliteDialect } from './pglite-dialect';

export type { DB } from './db-types';
export type Kdb = Kysely<DB>;

/** The database handle every module receives: a Kysely instance plus what differs by engine. */
export interface Database {
  kind: 'pglite' | 'postgres';
  db: Kysely<DB>;
  /** Runs a multi-statement SQL script (migrations); not for user input. */
  execScript(script: string): Promise<void>;
  /** Runs fn holding a cross-process lock (migrations on a shared server). */
  withExclusiveLock<T>(key: number, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /**
   * PostgreSQL server only: settings for a client of its own, outside the pool (a LISTEN
   * connection, pg_dump), and the schema the tables are in.
   */
  server?: { clientConfig: pg.ClientConfig; schema: string; /** `database.schema`: names shared resources (Redis keys) apart */ namespace: string };
}

/** int8 (count(*), bigint ids and fen) arrives as a string; fen stays far below 2^53. */
function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${value} exceeds the safe integer range`);
  return n;
}

let pgTypesSet = false;
function setPgTypes() {
  if (pgTypesSet) return;
  pg.types.setTypeParser(20, parseInt8);
  pgTypesSet = true;
}

export interface OpenOptions {
  databaseUrl?: string;
  /** PGlite data folder; undefined means in-memory. */
  dataDir?: string;
  /** PostgreSQL schema to use (tests isolate each file in its own schema). */
  schema?: string;
  poolSize?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.schema, opts.poolSize);
  return openPGlite(opts.dataDir);
}

async function openPostgres(url: string, schema: string | undefined, poolSize = 10): Promise<Database> {
  setPgTypes();
  const clientConfig: pg.ClientConfig = { connectionString: url, options: schema ? `-c search_path=${schema},public` : undefined };
  const pool = new pg.Pool({ ...clientConfig, max: poolSize });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    server: { clientConfig, schema: schema ?? 'public', namespace: `${databaseName(url)}.${schema ?? 'public'}` },
    async execScript(script) {
      await pool.query(script);
    },
    async withExclusiveLock(key, fn) {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [key]);
        return await fn();
      } finally {
        await client.query('select pg_advisory_unlock($1)', [key]).catch(() => undefined);
        client.release();
      }
    },
    async close() {
      await db.destroy();
    },
  };
}

function databaseName(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.slice(1)) || 'postgres';
  } catch {
    return 'postgres';
  }
}

async function openPGlite(dataDir: string | undefined): Promise<Database> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const pgl = await PGlite.create(dataDir, {
    extensions: { pg_trgm },
    parsers: { [pgliteTypes.INT8]: parseInt8 },
  });
  const lock = new ConnectionLock();
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pgl, lock) });
  return {
    kind: 'pglite',
    db,
    async execScript(script) {
      const release = await lock.acquire();
      try {
        await pgl.exec(script);
      } finally {
        release();
      }
    },
    async withExclusiveLock(_key, fn) {
      return fn(); // one process owns a PGlite folder
    },
    async close() {
      await db.destroy();
      await pgl.close();
    },
  };
}

/** Refreshes planner statistics; PGlite has no autovacuum, so call after seeding and imports. */
export async function analyze(db: Kysely<DB>): Promise<void> {
  await sql`analyze`.execute(db);
}
