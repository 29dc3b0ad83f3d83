import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { lockDataDir, openDatabase, pgliteOptions, type DB } from './lib/db';
import { migrationVersion } from './lib/migrate';

const run = promisify(execFile);

/**
 * Backups that restore.
 * - PostgreSQL server (DATABASE_URL): `pg_dump --format=custom` of the whole database, taken in
 *   one snapshot that the row counts of the manifest are read in too (pg_export_snapshot), plus a
 *   copy of the product images folder (ORDO_DATA_DIR/images: files named by their content, never
 *   changed, copied after the dump so every image the dump refers to is there). The API may keep
 *   running. Restore: pg_restore into an empty database (or --clean over an existing one).
 * - Embedded PGlite: PGlite's own dumpDataDir (a .tar.gz of the data folder, images included),
 *   taken with the app stopped: the folder is locked while Ordo runs, so a backup of a running
 *   folder is refused instead of copying it half-written. Restore loads it into a new folder.
 * Every backup has a manifest.json with the row count of each table; restore compares the
 * restored database against it and fails when a count differs.
 */
export interface Manifest {
  format: 'ordo-backup/1';
  kind: 'postgres' | 'pglite';
  createdAt: string;
  migration: string | null;
  tables: Record<string, number>;
  ledgers: LedgerSums;
  files: string[];
}

export interface LedgerSums {
  /** sum of stock_movements.qty, and of stock_levels on_hand / reserved (base units) */
  stockMoved: number;
  stockOnHand: number;
  stockReserved: number;
  /** money ledger (fen): entries per account, and the customer accounts kept equal to them */
  ledger: Record<string, number>;
  accountsBalance: number;
  accountsReceivable: number;
}

export interface Target {
  databaseUrl?: string;
  /** PGlite data folder; also where the images folder is (ORDO_DATA_DIR) */
  dataDir: string;
}

type Q = Kysely<DB> | pg.ClientBase;
async function rows<T>(q: Q, text: string): Promise<T[]> {
  if ('selectFrom' in q) return (await sql.raw<T>(text).execute(q)).rows;
  return (await q.query(text)).rows as T[];
}

/** Row count of every table of the current schema (exact counts, not statistics). */
export async function tableCounts(q: Q): Promise<Record<string, number>> {
  const tables = await rows<{ name: string }>(
    q,
    `select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`,
  );
  const out: Record<string, number> = {};
  if (tables.length === 0) return out;
  const union = tables.map((t) => `select '${t.name.replace(/'/g, "''")}' as name, count(*)::bigint as n from "${t.name.replace(/"/g, '""')}"`).join(' union all ');
  for (const r of await rows<{ name: string; n: string | number }>(q, union)) out[r.name] = Number(r.n);
  return out;
}

/** The stock and money ledger totals a restore must reproduce exactly. */
export async function ledgerSums(q: Q): Promise<LedgerSums> {
  const [s] = await rows<Record<string, string | number>>(
    q,
    `select (select coalesce(sum(qty), 0) from stock_movements) as moved,
            (select coalesce(sum(on_hand), 0) from stock_levels) as on_hand,
            (select coalesce(sum(reserved), 0) from stock_levels) as reserved,
            (select coalesce(sum(balance), 0) from customer_accounts) as balance,
            (select coalesce(sum(receivable), 0) from customer_accounts) as receivable`,
  );
  const ledger: Record<string, number> = {};
  for (const r of await rows<{ account: string; total: string | number }>(q, 'select account, sum(amount) as total from ledger_entries group by account order by account')) {
    ledger[r.account] = Number(r.total);
  }
  return {
    stockMoved: Number(s.moved),
    stockOnHand: Number(s.on_hand),
    stockReserved: Number(s.reserved),
    ledger,
    accountsBalance: Number(s.balance),
    accountsReceivable: Number(s.receivable),
  };
}

const stamp = () => new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
export const defaultBackupDir = () => path.resolve('backups', `ordo-${stamp()}`);

/** Writes a backup into `out` (a new folder) and returns its manifest. */
export async function backup(target: Target, out: string): Promise<Manifest> {
  if (fs.existsSync(out) && fs.readdirSync(out).length > 0) throw new Error(`${out} exists and is not empty; give a new folder`);
  fs.mkdirSync(out, { recursive: true });
  const manifest = target.databaseUrl ? await backupServer(target, out) : await backupPGlite(target, out);
  fs.writeFileSync(path.join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

async function backupServer(target: Target, out: string): Promise<Manifest> {
  const client = new pg.Client({ connectionString: target.databaseUrl });
  await client.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const snapshot = (await client.query<{ s: string }>('select pg_export_snapshot() as s')).rows[0].s;
    const tables = await tableCounts(client);
    const ledgers = await ledgerSums(client);
    const migration = (await client.query<{ name: string }>('select name from schema_migrations order by name desc limit 1')).rows[0]?.name ?? null;
    const file = path.join(out, 'database.dump');
    await pgTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--snapshot=${snapshot}`, `--file=${file}`], target.databaseUrl!);
    await client.query('commit');
    const files = ['database.dump'];
    const images = path.join(target.dataDir, 'images');
    if (fs.existsSync(images)) {
      fs.cpSync(images, path.join(out, 'images'), { recursive: true, filter: (src) => !src.endsWith('.tmp') });
      files.push('images');
    }
    return { format: 'ordo-backup/1', kind: 'postgres', createdAt: new Date().toISOString(), migration, tables, ledgers, files };
  } finally {
    await client.end();
  }
}

async function backupPGlite(target: Target, out: string): Promise<Manifest> {
  if (!fs.existsSync(path.join(target.dataDir, 'PG_VERSION'))) throw new Error(`${target.dataDir} is not a PGlite data folder`);
  const database = await openDatabase({ dataDir: target.dataDir }); // locks it: refused while Ordo runs
  try {
    const tables = await tableCounts(database.db);
    const ledgers = await ledgerSums(database.db);
    const migration = await migrationVersion(database);
    const blob = await database.dumpDataDir!();
    fs.writeFileSync(path.join(out, 'pglite-data.tar.gz'), Buffer.from(await blob.arrayBuffer()));
    return { format: 'ordo-backup/1', kind: 'pglite', createdAt: new Date().toISOString(), migration, tables, ledgers, files: ['pglite-data.tar.gz'] };
  } finally {
    await database.close();
  }
}

export interface RestoreOptions {
  /** server: drop what exists in the database first (pg_restore --clean) */
  clean?: boolean;
  /** PGlite: move a non-empty data folder aside (to <folder>.before-restore-<time>) */
  force?: boolean;
}

export interface RestoreResult {
  manifest: Manifest;
  tables: Record<string, number>;
  ledgers: LedgerSums;
  /** what differs from the manifest: empty when the restore is complete */
  mismatches: string[];
  movedAside?: string;
}

/** Restores the backup in folder `from` into the target; checks it against the manifest. */
export async function restore(target: Target, from: string, opts: RestoreOptions = {}): Promise<RestoreResult> {
  const manifestFile = path.join(from, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new Error(`${from} has no manifest.json: not an Ordo backup folder`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
  if (manifest.format !== 'ordo-backup/1') throw new Error(`unknown backup format ${String(manifest.format)}`);
  if (manifest.kind === 'postgres' && !target.databaseUrl) throw new Error('This is a PostgreSQL server backup: set DATABASE_URL to the (empty) database to restore into');
  if (manifest.kind === 'pglite' && target.databaseUrl) throw new Error('This is an embedded PGlite backup: unset DATABASE_URL and set ORDO_DATA_DIR to the folder to restore into');

  let movedAside: string | undefined;
  let got: { tables: Record<string, number>; ledgers: LedgerSums };
  if (manifest.kind === 'postgres') got = await restoreServer(target, from, manifest, opts);
  else ({ got, movedAside } = await restorePGlite(target, from, opts));

  const mismatches: string[] = [];
  for (const name of new Set([...Object.keys(manifest.tables), ...Object.keys(got.tables)])) {
    if (manifest.tables[name] !== got.tables[name]) mismatches.push(`${name}: ${manifest.tables[name] ?? 'absent'} in the backup, ${got.tables[name] ?? 'absent'} restored`);
  }
  if (JSON.stringify(manifest.ledgers) !== JSON.stringify(got.ledgers)) mismatches.push(`ledger sums: ${JSON.stringify(manifest.ledgers)} in the backup, ${JSON.stringify(got.ledgers)} restored`);
  return { manifest, tables: got.tables, ledgers: got.ledgers, mismatches, movedAside };
}

async function restoreServer(target: Target, from: string, manifest: Manifest, opts: RestoreOptions) {
  const client = new pg.Client({ connectionString: target.databaseUrl });
  await client.connect();
  try {
    const existing = Object.keys(await tableCounts(client));
    if (existing.length && !opts.clean) {
      throw new Error(`The target database already has ${existing.length} tables. Restore into a new empty database (createdb), or pass --clean to replace its contents.`);
    }
    const args = ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction'];
    if (opts.clean) args.push('--clean', '--if-exists');
    await pgTool('pg_restore', [...args, path.join(from, 'database.dump')], target.databaseUrl!);
    if (manifest.files.includes('images')) fs.cpSync(path.join(from, 'images'), path.join(target.dataDir, 'images'), { recursive: true });
    await client.query('analyze');
    return { tables: await tableCounts(client), ledgers: await ledgerSums(client) };
  } finally {
    await client.end();
  }
}

async function restorePGlite(target: Target, from: string, opts: RestoreOptions) {
  const dir = path.resolve(target.dataDir);
  const unlock = lockDataDir(dir); // refused while an Ordo runs on it
  let movedAside: string | undefined;
  try {
    if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
      if (!opts.force) throw new Error(`${dir} is not empty. Give an empty or new folder (ORDO_DATA_DIR), or pass --force to move the current one aside first.`);
      movedAside = `${dir}.before-restore-${stamp()}`;
      fs.renameSync(dir, movedAside);
    }
    fs.mkdirSync(dir, { recursive: true });
    const tar = fs.readFileSync(path.join(from, 'pglite-data.tar.gz'));
    const pgl = await PGlite.create(dir, { ...pgliteOptions, loadDataDir: new Blob([tar]) });
    await pgl.close();
  } finally {
    unlock();
  }
  const database = await openDatabase({ dataDir: dir });
  try {
    await sql`analyze`.execute(database.db); // PGlite keeps no statistics in the copy's favour
    return { got: { tables: await tableCounts(database.db), ledgers: await ledgerSums(database.db) }, movedAside };
  } finally {
    await database.close();
  }
}

/**
 * Runs pg_dump / pg_restore on the database of `url`, with a clear message when it is missing or
 * fails. A password goes in PGPASSWORD, not on the command line (which `ps` shows).
 */
async function pgTool(tool: 'pg_dump' | 'pg_restore', args: string[], url: string): Promise<void> {
  const u = new URL(url);
  const env = { ...process.env };
  if (u.password) {
    env.PGPASSWORD = decodeURIComponent(u.password);
    u.password = '';
  }
  try {
    await run(tool, [...args, `--dbname=${u.toString()}`], { maxBuffer: 64 * 1024 * 1024, env });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') throw new Error(`${tool} not found: install the PostgreSQL client tools of your server's major version (Debian: apt-get install postgresql-client)`);
    throw new Error(`${tool} failed: ${(err.stderr ?? err.message).trim()}`);
  }
}
