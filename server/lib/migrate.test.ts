import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './db';
import { listFunctionFiles, migrate } from './migrate';

/**
 * Repeatable function files (modules/<m>/functions/<name>.sql): applied after the migrations, again
 * only when the file changed, all changed files in one transaction. PGlite, or PostgreSQL when
 * TEST_DATABASE_URL is set (each database in a schema of its own).
 */
const url = process.env.TEST_DATABASE_URL;
const opened: { database: Database; schema?: string }[] = [];

async function freshDatabase(): Promise<Database> {
  let schema: string | undefined;
  if (url) {
    schema = `t_${randomBytes(6).toString('hex')}`;
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`create schema ${schema}`);
    await c.end();
  }
  const database = await openDatabase({ databaseUrl: url, schema, poolSize: 2 });
  opened.push({ database, schema });
  return database;
}

afterAll(async () => {
  for (const { database, schema } of opened) {
    await database.close();
    if (url && schema) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    }
  }
});

const one = async <T>(database: Database, query: string): Promise<T> => (await sql.raw<{ v: T }>(query).execute(database.db)).rows[0]!.v;
const definition = (database: Database, fn: string) =>
  one<string>(database, `select p.prosrc as v from pg_proc p where p.proname = '${fn}' and p.pronamespace = current_schema()::regnamespace`);

describe('a small module tree (the mechanism)', () => {
  let dir: string;
  const write = (rel: string, body: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), body);
  };
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ordo-migrate-'));
    write('zz/migrations/202601010000_zz_core.sql', 'create table zz_things (n int not null);\ninsert into zz_things values (2);');
    // a `language sql` function calling one from a file applied after it
    write('zz/functions/zz_answer.sql', 'create or replace function zz_answer() returns int language sql as $$ select zz_times(21) $$;');
    write('zz/functions/zz_times.sql', 'create or replace function zz_times(p int) returns int language sql as $$ select p * n from zz_things $$;');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a fresh database gets the migrations, then every function file; a second run applies nothing', async () => {
    const database = await freshDatabase();
    expect(await migrate(database, { modulesDir: dir })).toEqual({ applied: ['202601010000_zz_core'], functions: ['zz_answer', 'zz_times'], version: '202601010000_zz_core' });
    expect(await one<number>(database, 'select zz_answer() as v')).toBe(42);
    expect(await migrate(database, { modulesDir: dir })).toEqual({ applied: [], functions: [], version: '202601010000_zz_core' });
  });

  it('a changed file is applied again, once; the others are left alone', async () => {
    const database = await freshDatabase();
    await migrate(database, { modulesDir: dir });
    const before = await one<string>(database, `select applied_at::text as v from schema_functions where name = 'zz_answer'`);
    write('zz/functions/zz_times.sql', 'create or replace function zz_times(p int) returns int language sql as $$ select p * n + 1 from zz_things $$;');
    expect((await migrate(database, { modulesDir: dir })).functions).toEqual(['zz_times']);
    expect(await one<number>(database, 'select zz_answer() as v')).toBe(43);
    expect((await migrate(database, { modulesDir: dir })).functions).toEqual([]);
    expect(await one<string>(database, `select applied_at::text as v from schema_functions where name = 'zz_answer'`)).toBe(before);
  });

  it('a file that fails applies nothing: no function changed, no checksum recorded', async () => {
    const database = await freshDatabase();
    await migrate(database, { modulesDir: dir });
    const sums = await one<string>(database, `select string_agg(name || checksum, ',' order by name) as v from schema_functions`);
    const good = fs.readFileSync(path.join(dir, 'zz/functions/zz_times.sql'), 'utf8');
    write('zz/functions/zz_answer.sql', 'create or replace function zz_answer() returns int language sql as $$ select 7 $$;');
    write('zz/functions/zz_times.sql', 'create or replace function zz_times(p int) returns no_such_type language sql as $$ select p $$;');
    try {
      await expect(migrate(database, { modulesDir: dir })).rejects.toThrow();
      expect(await one<number>(database, 'select zz_answer() as v')).not.toBe(7);
      expect(await one<string>(database, `select string_agg(name || checksum, ',' order by name) as v from schema_functions`)).toBe(sums);
    } finally {
      write('zz/functions/zz_times.sql', good);
    }
  });

  it('two modules with a file of the same name are refused: a function has one owner', () => {
    write('yy/functions/zz_times.sql', 'create or replace function zz_times(p int) returns int language sql as $$ select p $$;');
    try {
      expect(() => listFunctionFiles(dir)).toThrow(/two modules have functions\/zz_times\.sql/);
    } finally {
      fs.rmSync(path.join(dir, 'yy'), { recursive: true });
    }
  });
});

describe("Ordo's own modules", () => {
  const files = listFunctionFiles();
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase();
  });

  it('a fresh database ends with the files\' definitions, not the older copies in migrations', async () => {
    const r = await migrate(database);
    expect(r.functions).toEqual(files.map((f) => f.name));
    for (const f of files) {
      const body = /as \$\$([\s\S]*)\$\$/.exec(fs.readFileSync(f.file, 'utf8'))![1]!;
      expect(await definition(database, f.name), f.name).toBe(body);
    }
  });

  it('an existing database (older definition, no checksum yet) gets the file once; then nothing runs', async () => {
    // as a database migrated before the files existed, carrying an older orders_submit
    await database.execScript(`drop table schema_functions;
      create or replace function orders_submit(p jsonb) returns jsonb language plpgsql as $$ begin return null; end $$;`);
    expect((await migrate(database)).functions).toEqual(files.map((f) => f.name));
    expect(await definition(database, 'orders_submit')).toContain('payments_hold_balance(');
    // the file changed since (here: its recorded checksum differs): applied again, once
    await database.execScript(`update schema_functions set checksum = 'older' where name = 'orders_submit'`);
    expect((await migrate(database)).functions).toEqual(['orders_submit']);
    const started = performance.now();
    expect(await migrate(database)).toMatchObject({ applied: [], functions: [] });
    console.log(`migrate with nothing to do: ${(performance.now() - started).toFixed(1)} ms`);
  });
});
