import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase, type Database } from '../server/lib/db';
import { migrate } from '../server/lib/migrate';

/** What every benchmark shares: a fresh migrated database and a results file per benchmark. */
const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');

/**
 * PGlite in memory, or — with BENCH_DATABASE_URL — its own schema on that PostgreSQL server,
 * dropped and created anew (pg_trgm installed in public, as the migrations expect).
 */
export async function openBenchDatabase(schema: string, poolSize = 16): Promise<{ database: Database; url: string | undefined; dropSchema: () => Promise<void> }> {
  const url = process.env.BENCH_DATABASE_URL;
  const admin = async (...statements: string[]) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    for (const s of statements) await c.query(s);
    await c.end();
  };
  if (url) await admin('create extension if not exists pg_trgm schema public', `drop schema if exists ${schema} cascade`, `create schema ${schema}`);
  const database = await openDatabase({ databaseUrl: url, schema: url ? schema : undefined, poolSize });
  await migrate(database);
  return { database, url, dropSchema: async () => { if (url) await admin(`drop schema if exists ${schema} cascade`); } };
}

/** Writes this engine's figures into bench/results/<name>.json, keeping the other engine's. */
export function writeResult(name: string, engine: string, result: unknown): string {
  const file = path.join(resultsDir, `${name}.json`);
  const all = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  all[engine] = result;
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(all, null, 2) + '\n');
  return file;
}
