import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../lib/db';
import { migrate } from '../lib/migrate';
import { seedDemo } from '../seed';
import { backup, ledgerSums, tableCounts, type LedgerSums, type Manifest } from '../backup';
import { createScratchDatabase, repoRoot } from './processes';

/**
 * `npm run backup` / `npm run restore` on a database seeded with the demo data: the restored copy
 * has the same row count in every table, the same stock and money ledger sums and the same
 * sequence positions. PGlite without TEST_DATABASE_URL, a PostgreSQL server with it.
 */
const serverUrl = process.env.TEST_DATABASE_URL;
const run = promisify(execFile);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ordo-backup-'));

/** Runs the npm script's command (npm run backup / restore) with these variables. */
async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', 'server/backup-cli.ts', ...args], { cwd: repoRoot, env: { ...process.env, ...env } });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

interface Snapshot {
  tables: Record<string, number>;
  ledgers: LedgerSums;
  sequences: Record<string, number | null>;
  orders: unknown[];
}
async function snapshot(database: Database): Promise<Snapshot> {
  const seqs = await sql<{ name: string; v: number | null }>`select sequencename as name, last_value as v from pg_sequences where schemaname = current_schema() order by 1`.execute(database.db);
  const orders = await sql`select id, number, status, total from orders order by id`.execute(database.db);
  return {
    tables: await tableCounts(database.db),
    ledgers: await ledgerSums(database.db),
    sequences: Object.fromEntries(seqs.rows.map((r) => [r.name, r.v == null ? null : Number(r.v)])),
    orders: orders.rows,
  };
}

/** What the demo seed must have put in for the comparison to mean something. */
function expectSubstantial(s: Snapshot) {
  expect(s.tables.orders).toBeGreaterThan(5);
  expect(s.tables.stock_movements).toBeGreaterThan(10);
  expect(s.tables.ledger_entries).toBeGreaterThan(5);
  expect(s.ledgers.stockOnHand).toBeGreaterThan(0);
  expect(Object.keys(s.ledgers.ledger).length).toBeGreaterThan(1);
}

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!!serverUrl)('backup and restore: embedded PGlite', () => {
  const dataDir = path.join(tmp, 'data');
  const restored = path.join(tmp, 'restored');
  const out = path.join(tmp, 'backup-pglite');
  let before: Snapshot;

  beforeAll(async () => {
    const database = await openDatabase({ dataDir });
    try {
      await migrate(database);
      await seedDemo(database, 'Asia/Shanghai');
      before = await snapshot(database);
      // the folder is locked while a process has it open: no copy of a folder being written
      const refused = await cli(['backup', path.join(tmp, 'refused')], { DATABASE_URL: '', ORDO_DATA_DIR: dataDir });
      expect(refused.code).toBe(1);
      expect(refused.out).toContain(`is in use by process ${process.pid}`);
      await expect(backup({ dataDir }, path.join(tmp, 'refused2'))).rejects.toThrow(/already open in this process/);
    } finally {
      await database.close();
    }
  }, 600_000);

  it('backs up a stopped data folder with dumpDataDir and restores it into a new folder, identical', async () => {
    expectSubstantial(before);
    const b = await cli(['backup', out], { DATABASE_URL: '', ORDO_DATA_DIR: dataDir });
    expect(b.code, b.out).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['manifest.json', 'pglite-data.tar.gz']);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.tables).toEqual(before.tables);

    const r = await cli(['restore', out], { DATABASE_URL: '', ORDO_DATA_DIR: restored });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/row counts and ledger sums match the backup/);
    const database = await openDatabase({ dataDir: restored });
    try {
      expect(await snapshot(database)).toEqual(before);
    } finally {
      await database.close();
    }
    // a second restore into the now non-empty folder is refused, not merged
    const again = await cli(['restore', out], { DATABASE_URL: '', ORDO_DATA_DIR: restored });
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/is not empty/);
  }, 300_000);
});

describe.skipIf(!serverUrl)('backup and restore: PostgreSQL server (pg_dump / pg_restore)', () => {
  let source: Awaited<ReturnType<typeof createScratchDatabase>>;
  let target: Awaited<ReturnType<typeof createScratchDatabase>>;
  const dataDir = path.join(tmp, 'server-data');
  const restoredDir = path.join(tmp, 'server-restored');
  const out = path.join(tmp, 'backup-server');
  let before: Snapshot;

  beforeAll(async () => {
    source = await createScratchDatabase(serverUrl!, 'ordo_backup');
    target = await createScratchDatabase(serverUrl!, 'ordo_restore');
    const database = await openDatabase({ databaseUrl: source.url });
    try {
      await migrate(database);
      await seedDemo(database, 'Asia/Shanghai');
      before = await snapshot(database);
    } finally {
      await database.close();
    }
    fs.mkdirSync(path.join(dataDir, 'images', 'ab'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'images', 'ab', `ab${'0'.repeat(30)}.webp`), 'image bytes');
  }, 600_000);

  afterAll(async () => {
    await source?.drop();
    await target?.drop();
  }, 60_000);

  it('pg_dump in one snapshot with the manifest, pg_restore into an empty database, identical; images copied', async () => {
    expectSubstantial(before);
    const b = await cli(['backup', out], { DATABASE_URL: source.url, ORDO_DATA_DIR: dataDir });
    expect(b.code, b.out).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['database.dump', 'images', 'manifest.json']);

    const r = await cli(['restore', out], { DATABASE_URL: target.url, ORDO_DATA_DIR: restoredDir });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/row counts and ledger sums match the backup/);
    const database = await openDatabase({ databaseUrl: target.url });
    try {
      expect(await snapshot(database)).toEqual(before);
      // the restored database takes new rows where the old one would have (identity sequences restored)
      const next = await sql<{ id: number }>`insert into brands (name) values ('恢复后新品牌') returning id`.execute(database.db);
      expect(Number(next.rows[0].id)).toBe(before.sequences.brands_id_seq! + 1);
    } finally {
      await database.close();
    }
    expect(fs.readFileSync(path.join(restoredDir, 'images', 'ab', `ab${'0'.repeat(30)}.webp`), 'utf8')).toBe('image bytes');

    // Over a database that has tables: refused without --clean, replaced with it.
    const refused = await cli(['restore', out], { DATABASE_URL: target.url, ORDO_DATA_DIR: restoredDir });
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/already has \d+ tables/);
    const clean = await cli(['restore', out, '--clean'], { DATABASE_URL: target.url, ORDO_DATA_DIR: restoredDir });
    expect(clean.code, clean.out).toBe(0);
    const c = new pg.Client({ connectionString: target.url });
    await c.connect();
    try {
      expect(await tableCounts(c)).toEqual(before.tables);
    } finally {
      await c.end();
    }
  }, 300_000);
});
