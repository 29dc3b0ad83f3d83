import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DataDirInUseError, openDatabase, type Database } from './db';

/**
 * Embedded PGlite on the main thread and in its own worker thread (pglite-thread.ts, issue 20)
 * behave the same: values and their types, database errors with their fields, transactions queued
 * and never interleaved, scripts, dumps and a dump loaded again, the data folder's lock file, and
 * a handle left open never keeps the process alive. (The rest of the suite runs PGlite on the
 * test's thread unless ORDO_PGLITE_THREAD=1; CI runs the order and cart tests through the thread.)
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ordo-pglite-thread-'));

describe.each([
  ['main thread', false],
  ['worker thread', true],
])('PGlite on the %s', (_name, thread) => {
  const open = (opts: { dataDir?: string; loadDataDir?: Blob } = {}) => openDatabase({ ...opts, pgliteThread: thread });

  it('returns values with the types the app expects and errors with their fields', async () => {
    const d = await open();
    try {
      expect(!!d.dbThreadCpuMs).toBe(thread);
      const { rows } = await sql<Record<string, unknown>>`select 9007199254740991::int8 as big, count(*) as n, '2026-01-02T03:04:05Z'::timestamptz as t,
        '\\x0102'::bytea as b, '{"x":[1,"y"]}'::jsonb as j, ${[1, 2]}::int[] as arr, ${Buffer.from([3])}::bytea as param, ${new Date(0)}::timestamptz as d, null::text as nothing`.execute(d.db);
      expect(rows[0]).toEqual({ big: 9007199254740991, n: 1, t: new Date('2026-01-02T03:04:05Z'), b: new Uint8Array([1, 2]), j: { x: [1, 'y'] }, arr: [1, 2], param: new Uint8Array([3]), d: new Date(0), nothing: null });
      await expect(sql`select 9007199254740993::int8 as big`.execute(d.db)).rejects.toThrow(/exceeds the safe integer range/);
      await d.execScript('create table t (id int primary key, v text not null); insert into t values (1, \'a\');');
      const ins = await sql`insert into t values (2, 'b'), (3, 'c')`.execute(d.db);
      expect(ins.numAffectedRows).toBe(2n);
      const err = await sql`insert into t values (1, 'again')`.execute(d.db).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(err).toMatchObject({ message: expect.stringContaining('duplicate key'), code: '23505', constraint: 't_pkey', detail: 'Key (id)=(1) already exists.' });
      const raised = await sql`do $$ begin raise exception using errcode = 'P0001', message = 'ORDO_X', detail = '{"a":1}', hint = 'h'; end $$`.execute(d.db).catch((e: unknown) => e);
      expect(raised).toMatchObject({ message: 'ORDO_X', code: 'P0001', detail: '{"a":1}', hint: 'h' });
    } finally {
      await d.close();
    }
  });

  it('queues transactions whole (never interleaved), rolls back on error and stays usable', async () => {
    const d = await open();
    try {
      await sql`create table log (tx int, step int, at serial)`.execute(d.db);
      const tx = (n: number) => d.db.transaction().execute(async (trx) => {
        for (let step = 0; step < 3; step++) {
          await sql`insert into log (tx, step) values (${n}, ${step})`.execute(trx);
          await new Promise((r) => setTimeout(r, 1));
        }
        if (n === 2) throw new Error('rolled back');
      });
      const results = await Promise.allSettled([tx(1), tx(2), tx(3), sql`insert into log (tx, step) values (4, 0)`.execute(d.db)]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      const { rows } = await sql<{ tx: number }>`select tx from log order by at`.execute(d.db);
      expect(rows.map((r) => r.tx)).toEqual([1, 1, 1, 3, 3, 3, 4]);
    } finally {
      await d.close();
    }
  });

  it('dumps its data and starts an in-memory database from the dump', async () => {
    const d = await open();
    let dump: Blob;
    try {
      await sql`create table kept (v text)`.execute(d.db);
      await sql`insert into kept values ('数据')`.execute(d.db);
      dump = await d.dumpDataDir!();
    } finally {
      await d.close();
    }
    expect(dump.size).toBeGreaterThan(1000);
    const again = await open({ loadDataDir: dump });
    try {
      expect((await sql<{ v: string }>`select v from kept`.execute(again.db)).rows).toEqual([{ v: '数据' }]);
    } finally {
      await again.close();
    }
  });

  it('holds its data folder with a lock file and keeps the data across a restart', async () => {
    const dir = path.join(tmp, `data-${thread ? 'thread' : 'main'}`);
    const d = await open({ dataDir: dir });
    try {
      expect(fs.readFileSync(`${dir}.lock`, 'utf8')).toBe(String(process.pid));
      await expect(open({ dataDir: dir })).rejects.toBeInstanceOf(DataDirInUseError);
      await sql`create table kept (v int)`.execute(d.db);
      await sql`insert into kept values (7)`.execute(d.db);
    } finally {
      await d.close();
    }
    expect(fs.existsSync(`${dir}.lock`)).toBe(false);
    let again: Database | undefined;
    try {
      again = await open({ dataDir: dir });
      expect((await sql<{ v: number }>`select v from kept`.execute(again.db)).rows).toEqual([{ v: 7 }]);
    } finally {
      await again?.close();
    }
  });
});

describe('the PGlite thread and the process', () => {
  it('a handle left open does not keep the process from exiting', () => {
    const script = path.join(tmp, 'left-open.mts');
    fs.writeFileSync(script, `import { openDatabase } from ${JSON.stringify(path.resolve(__dirname, 'db.ts'))};
const d = await openDatabase({ pgliteThread: true });
await d.execScript('create table t (n int); insert into t values (42);');
console.log('opened, left open');
`);
    const out = execFileSync(process.execPath, ['--import', 'tsx', script], { cwd: path.resolve(__dirname, '../..'), timeout: 60_000, encoding: 'utf8' });
    expect(out).toContain('opened, left open');
  });
});
