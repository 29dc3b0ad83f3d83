import fs from 'node:fs';
import path from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DB } from './db-types';
import { ConnectionLock, PGliteDialect, type PGliteQueries } from './pglite-dialect';
import { PGliteThread } from './pglite-thread';

export type { DB } from './db-types';
export type Kdb = Kysely<DB>;

/** The database handle every module receives: a Kysely instance plus what differs by engine. */
export interface Database {
  kind: 'pglite' | 'postgres';
  db: Kysely<DB>;
  /**
   * For reads that may lag the primary by a moment (reports, and other read-only pages that say
   * so): a streaming replica when DATABASE_READ_URL is set, else `db` itself. Its sessions are
   * read-only, so a write sent here fails instead of reaching a replica by mistake.
   */
  read: Kysely<DB>;
  /** Runs a multi-statement SQL script (migrations); not for user input. */
  execScript(script: string): Promise<void>;
  /** Runs fn holding a cross-process lock (migrations on a shared server). */
  withExclusiveLock<T>(key: number, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /**
   * PostgreSQL server only: settings for a client of its own, outside the pool (a LISTEN
   * connection, pg_dump), and the schema the tables are in.
   */
  /** PGlite only: a consistent copy of the data folder (a .tar.gz), taken between transactions. */
  dumpDataDir?(): Promise<Blob>;
  /** PGlite in its own thread only: that thread's CPU time in ms (benchmarks). */
  dbThreadCpuMs?(): Promise<number | null>;
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
  /** A read replica of the server (DATABASE_READ_URL); PostgreSQL only. */
  readUrl?: string;
  /** In-memory PGlite started from this dump (dumpDataDir) instead of an empty cluster; tests. */
  loadDataDir?: Blob;
  /** PGlite in a worker thread (default: ORDO_PGLITE_THREAD, on unless '0'); false runs it on this thread. */
  pgliteThread?: boolean;
}

/** PGlite runs in a worker thread unless ORDO_PGLITE_THREAD=0 (pglite-thread.ts). */
export const pgliteThreadDefault = () => process.env.ORDO_PGLITE_THREAD !== '0';

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.schema, opts.poolSize, opts.readUrl);
  return openPGlite(opts.dataDir, opts.loadDataDir, opts.pgliteThread ?? pgliteThreadDefault());
}

/**
 * Named (prepared) statements for every parameterised query, per connection (issue 20): a
 * statement sent again on the same connection skips PostgreSQL's parse and analysis, and its plan
 * may be cached. At most PREPARED_PER_CONNECTION texts per connection are named (the rest run
 * unnamed), so queries built with varying IN lists cannot grow a backend's memory without bound.
 * Off unless ORDO_PREPARED=1 (a pooler in transaction mode cannot keep them). Such connections
 * plan every execution with its values (plan_cache_mode = force_custom_plan): a generic plan
 * cannot use a parameter to pick a partial unique index (ON CONFLICT … WHERE kind = $1) and fails.
 *
 * A statement whose text starts with NAMED (a comment) is named unless ORDO_PREPARED=0: hot read
 * statements whose planning costs more than running them (catalog search: 1.3–1.6 ms of planning
 * for 0.4–5 ms of work). Only a few texts are so marked. ORDO_PREPARED=0 names nothing (behind a
 * pooler in transaction mode, which cannot keep named statements).
 */
const PREPARED_PER_CONNECTION = 500;
export const NAMED = '/* named */ ';
export const preparedStatementsOn = () => process.env.ORDO_PREPARED === '1';
const namedStatementsOff = () => process.env.ORDO_PREPARED === '0';
export function prepareStatements(pool: pg.Pool): void {
  if (namedStatementsOff()) return;
  const all = preparedStatementsOn();
  pool.on('connect', (client) => {
    const names = new Map<string, string>();
    let made = 0;
    const query = client.query.bind(client) as (...a: unknown[]) => Promise<unknown>;
    (client as unknown as { query: unknown }).query = (...a: unknown[]) => {
      const [text, values] = a;
      if (typeof text === 'string' && Array.isArray(values) && values.length > 0 && a.length === 2 && (all || text.startsWith(NAMED))) {
        let name = names.get(text);
        if (!name && made < PREPARED_PER_CONNECTION) names.set(text, (name = `ordo_${++made}`));
        if (name) {
          // pg counts a statement as prepared once it sent Parse, even when PostgreSQL refused it
          // (e.g. inside an aborted transaction): after any error the text gets a fresh name.
          return query({ name, text, values }).catch((e: unknown) => {
            names.delete(text);
            throw e;
          });
        }
      }
      return query(...a);
    };
  });
}

/**
 * Sessions set for one kind of work (catalog search: JIT off, generic plans, a pg_trgm threshold)
 * without a transaction around each use to set them: on a PostgreSQL server a pool of its own
 * beside the handle's, whose connections start with the settings (`-c name=value`), so a search
 * statement is one round trip instead of BEGIN, set_config, the statement and COMMIT. Null when
 * named statements are off (ORDO_PREPARED=0: behind a pooler in transaction mode, which may not
 * pass startup settings) and on PGlite: the caller then sets them in a transaction.
 */
const tunedPools = new WeakMap<object, Map<string, Kysely<DB>>>();
const tunedFactories = new WeakMap<object, (options: string) => Kysely<DB>>();
export function tunedSessions(db: object, settings: Record<string, string>): Kysely<DB> | null {
  const make = tunedFactories.get(db);
  if (!make) return null;
  const options = Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`).join(' ');
  let byOptions = tunedPools.get(db);
  if (!byOptions) tunedPools.set(db, (byOptions = new Map()));
  let handle = byOptions.get(options);
  if (!handle) byOptions.set(options, (handle = make(options)));
  return handle;
}
async function closeTuned(db: object): Promise<void> {
  for (const h of tunedPools.get(db)?.values() ?? []) await h.destroy();
  tunedPools.delete(db);
}

/** PGlite handles (in-process, one session, no JIT, no named statements). */
const embedded = new WeakSet<object>();
export const isEmbedded = (db: object) => embedded.has(db);

/** Handles whose NAMED statements keep their plans per connection (PostgreSQL servers; PGlite runs every statement unnamed). */
const keepingPlans = new WeakSet<object>();
/** True when `db` runs NAMED statements as prepared statements (a transaction of such a handle: ask its handle). */
export const keepsPlans = (db: object) => keepingPlans.has(db);

async function openPostgres(url: string, schema: string | undefined, poolSize = 10, readUrl?: string): Promise<Database> {
  setPgTypes();
  const clientConfig: pg.ClientConfig = { connectionString: url, options: schema ? `-c search_path=${schema},public` : undefined };
  const options = [clientConfig.options, preparedStatementsOn() ? '-c plan_cache_mode=force_custom_plan' : undefined].filter(Boolean).join(' ') || undefined;
  const pool = new pg.Pool({ ...clientConfig, options, max: poolSize });
  prepareStatements(pool);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  if (!namedStatementsOff()) keepingPlans.add(db);
  const readPool = readUrl
    ? new pg.Pool({ connectionString: readUrl, max: poolSize, application_name: 'ordo-read', options: [clientConfig.options, '-c default_transaction_read_only=on'].filter(Boolean).join(' ') })
    : null;
  if (readPool) prepareStatements(readPool);
  const read = readPool ? new Kysely<DB>({ dialect: new PostgresDialect({ pool: readPool }) }) : db;
  if (!namedStatementsOff()) keepingPlans.add(read);
  if (!namedStatementsOff()) {
    // a pool per set of settings, as large as the handle's (connections open only when used)
    const tuned = (config: pg.ClientConfig, readOnly: boolean) => (settings: string) => {
      const p = new pg.Pool({ ...config, options: [config.options, readOnly ? '-c default_transaction_read_only=on' : undefined, settings].filter(Boolean).join(' '), max: poolSize });
      prepareStatements(p);
      const k = new Kysely<DB>({ dialect: new PostgresDialect({ pool: p }) });
      keepingPlans.add(k);
      return k;
    };
    tunedFactories.set(db, tuned(clientConfig, false));
    if (readUrl && read !== db) tunedFactories.set(read, tuned({ connectionString: readUrl, application_name: 'ordo-read', options: clientConfig.options }, true));
  }
  return {
    kind: 'postgres',
    db,
    read,
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
      await closeTuned(db);
      if (read !== db) {
        await closeTuned(read);
        await read.destroy();
      }
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

export const pgliteOptions = { extensions: { pg_trgm }, parsers: { [pgliteTypes.INT8]: parseInt8 } };

/**
 * One process at a time may open a PGlite folder (PGlite itself does not check): a lock file
 * beside it (`<folder>.lock`) holds the owner's pid; a lock whose process is gone is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  const file = `${path.resolve(dataDir)}.lock`;
  if (heldHere.has(file)) throw new DataDirInUseError(`The data folder ${dataDir} is already open in this process (${process.pid}).`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      heldHere.add(file);
      return () => {
        heldHere.delete(file);
        fs.rmSync(file, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(fs.readFileSync(file, 'utf8').trim());
      // our own pid here is stale too: a restarted container process often gets the same pid
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new DataDirInUseError(`The data folder ${dataDir} is in use by process ${pid} (stop it first; if no Ordo runs, delete ${file}).`);
      }
      fs.rmSync(file, { force: true }); // stale: its process ended without cleaning up
    }
  }
  throw new DataDirInUseError(`Could not lock ${dataDir}`);
}
const heldHere = new Set<string>();

export class DataDirInUseError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What db.ts needs of PGlite, here or in its thread. */
interface PGliteHandle extends PGliteQueries {
  exec(script: string): Promise<unknown>;
  dumpDataDir(compression: 'gzip'): Promise<Blob | File>;
  close(): Promise<void>;
}

async function openPGlite(dataDir: string | undefined, loadDataDir: Blob | undefined, thread: boolean): Promise<Database> {
  let unlock = () => undefined as void;
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true });
    unlock = lockDataDir(dataDir);
  }
  let pgl: PGliteHandle;
  let worker: PGliteThread | null = null;
  try {
    if (thread) pgl = worker = await PGliteThread.start({ dataDir, loadDataDir });
    else pgl = loadDataDir ? await PGlite.create({ ...pgliteOptions, loadDataDir }) : await PGlite.create(dataDir, pgliteOptions);
  } catch (e) {
    unlock();
    throw e;
  }
  const lock = new ConnectionLock();
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pgl, lock) });
  embedded.add(db);
  return {
    kind: 'pglite',
    db,
    read: db,
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
    async dumpDataDir() {
      const release = await lock.acquire();
      try {
        return await pgl.dumpDataDir('gzip');
      } finally {
        release();
      }
    },
    ...(worker ? { dbThreadCpuMs: () => worker.threadCpuMs() } : {}),
    async close() {
      await db.destroy();
      try {
        await pgl.close();
      } finally {
        unlock();
      }
    },
  };
}

/** Refreshes planner statistics; PGlite has no autovacuum, so call after seeding and imports. */
export async function analyze(db: Kysely<DB>): Promise<void> {
  await sql`analyze`.execute(db);
}
