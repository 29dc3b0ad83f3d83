import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './db';

const defaultModulesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../modules');

export interface MigrationFile {
  name: string;
  file: string;
}

/**
 * Every module keeps its SQL in `modules/<domain>/migrations/<YYYYMMDDHHMM>_<domain>_<what>.sql`.
 * They run in file-name order across modules, so a migration may reference tables of modules
 * whose migrations are older.
 */
export function listMigrations(modulesDir = defaultModulesDir): MigrationFile[] {
  const out: MigrationFile[] = [];
  for (const mod of fs.readdirSync(modulesDir)) {
    const dir = path.join(modulesDir, mod, 'migrations');
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir)) {
      if (f.endsWith('.sql')) out.push({ name: f.replace(/\.sql$/, ''), file: path.join(dir, f) });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Repeatable SQL: `modules/<domain>/functions/<name>.sql`, one `create or replace function <name>`
 * each, owned by its module. A function that changes keeps one copy here instead of a new copy in
 * each migration that changes it. The file name is the function's name, unique across modules.
 */
export function listFunctionFiles(modulesDir = defaultModulesDir): MigrationFile[] {
  const out: MigrationFile[] = [];
  for (const mod of fs.readdirSync(modulesDir)) {
    const dir = path.join(modulesDir, mod, 'functions');
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir)) {
      if (f.endsWith('.sql')) out.push({ name: f.replace(/\.sql$/, ''), file: path.join(dir, f) });
    }
  }
  out.sort((a, b) => a.name.localeCompare(b.name));
  const twice = out.find((f, i) => i > 0 && out[i - 1]!.name === f.name);
  if (twice) throw new Error(`two modules have functions/${twice.name}.sql: a function has one owner`);
  return out;
}

export interface MigrateResult {
  /** Versioned migrations applied now. */
  applied: string[];
  /** Repeatable function files applied now (new, or changed since they were last applied). */
  functions: string[];
  version: string | null;
}

/**
 * Applies pending migrations, each in its own transaction, then the repeatable function files
 * whose checksum differs from the one recorded; returns the latest migration's name.
 */
export async function migrate(database: Database, opts: { modulesDir?: string } = {}): Promise<MigrateResult> {
  const modulesDir = opts.modulesDir ?? defaultModulesDir;
  return database.withExclusiveLock(7_270_001, async () => {
    await database.execScript(
      `create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())`,
    );
    const done = new Set(
      (await sql<{ name: string }>`select name from schema_migrations`.execute(database.db)).rows.map((r) => r.name),
    );
    const applied: string[] = [];
    for (const m of listMigrations(modulesDir)) {
      if (done.has(m.name)) continue;
      const body = fs.readFileSync(m.file, 'utf8');
      // One simple-protocol message runs as one implicit transaction: all of it or none.
      await database.execScript(
        `${body}\n;insert into schema_migrations(name) values ('${m.name.replace(/'/g, "''")}');`,
      );
      applied.push(m.name);
    }
    const functions = await applyFunctions(database, listFunctionFiles(modulesDir));
    return { applied, functions, version: await migrationVersion(database) };
  });
}

/**
 * After the migrations, so a function may use any table. The changed files and their checksums go
 * in one script, one implicit transaction: all of them or none. Function bodies are not checked at
 * creation here (as pg_dump does), so a `language sql` function may call one from a later file.
 * With nothing changed this costs one small select.
 */
async function applyFunctions(database: Database, files: MigrationFile[]): Promise<string[]> {
  await database.execScript(
    `create table if not exists schema_functions (name text primary key, checksum text not null, applied_at timestamptz not null default now())`,
  );
  const recorded = new Map(
    (await sql<{ name: string; checksum: string }>`select name, checksum from schema_functions`.execute(database.db)).rows.map((r) => [r.name, r.checksum]),
  );
  const changed = files
    .map((f) => {
      const body = fs.readFileSync(f.file, 'utf8');
      return { name: f.name, body, checksum: createHash('sha256').update(body).digest('hex') };
    })
    .filter((f) => recorded.get(f.name) !== f.checksum);
  if (!changed.length) return [];
  const quote = (v: string) => `'${v.replace(/'/g, "''")}'`;
  await database.execScript(
    [
      'set local check_function_bodies = off;',
      ...changed.map((f) => `${f.body}\n;`),
      `insert into schema_functions (name, checksum) values ${changed.map((f) => `(${quote(f.name)}, ${quote(f.checksum)})`).join(', ')}
        on conflict (name) do update set checksum = excluded.checksum, applied_at = now();`,
    ].join('\n'),
  );
  return changed.map((f) => f.name);
}

export async function migrationVersion(database: Database): Promise<string | null> {
  const r = await sql<{ name: string }>`select name from schema_migrations order by name desc limit 1`.execute(database.db);
  return r.rows[0]?.name ?? null;
}
