import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './db';

const modulesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../modules');

export interface MigrationFile {
  name: string;
  file: string;
}

/**
 * Every module keeps its SQL in `modules/<domain>/migrations/<YYYYMMDDHHMM>_<domain>_<what>.sql`.
 * They run in file-name order across modules, so a migration may reference tables of modules
 * whose migrations are older.
 */
export function listMigrations(): MigrationFile[] {
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

/** Applies pending migrations, each in its own transaction; returns the latest applied name. */
export async function migrate(database: Database): Promise<{ applied: string[]; version: string | null }> {
  return database.withExclusiveLock(7_270_001, async () => {
    await database.execScript(
      `create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())`,
    );
    const done = new Set(
      (await sql<{ name: string }>`select name from schema_migrations`.execute(database.db)).rows.map((r) => r.name),
    );
    const applied: string[] = [];
    for (const m of listMigrations()) {
      if (done.has(m.name)) continue;
      const body = fs.readFileSync(m.file, 'utf8');
      // One simple-protocol message runs as one implicit transaction: all of it or none.
      await database.execScript(
        `${body}\n;insert into schema_migrations(name) values ('${m.name.replace(/'/g, "''")}');`,
      );
      applied.push(m.name);
    }
    return { applied, version: await migrationVersion(database) };
  });
}

export async function migrationVersion(database: Database): Promise<string | null> {
  const r = await sql<{ name: string }>`select name from schema_migrations order by name desc limit 1`.execute(database.db);
  return r.rows[0]?.name ?? null;
}
