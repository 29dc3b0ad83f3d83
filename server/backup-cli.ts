import path from 'node:path';
import { loadConfig } from './config';
import { backup, defaultBackupDir, restore } from './backup';

/**
 * npm run backup [-- <folder>]                  a new backup folder (default backups/ordo-<time>)
 * npm run restore -- <folder> [--clean|--force] restore it into DATABASE_URL / ORDO_DATA_DIR
 * See server/backup.ts and the README ("Backups").
 */
const [command, ...rest] = process.argv.slice(2);
const flags = new Set(rest.filter((a) => a.startsWith('--')));
const folder = rest.find((a) => !a.startsWith('--'));
const config = loadConfig();
const target = { databaseUrl: config.databaseUrl, dataDir: config.dataDir };
const where = config.databaseUrl ? 'the PostgreSQL database of DATABASE_URL' : `the embedded PGlite folder ${config.dataDir}`;

try {
  if (command === 'backup') {
    const out = path.resolve(folder ?? defaultBackupDir());
    const m = await backup(target, out);
    const rows = Object.values(m.tables).reduce((a, b) => a + b, 0);
    console.log(`Backed up ${where} (migration ${m.migration}): ${Object.keys(m.tables).length} tables, ${rows} rows, files ${m.files.join(', ')}\n  -> ${out}`);
  } else if (command === 'restore') {
    if (!folder) throw new Error('Usage: npm run restore -- <backup folder> [--clean (server) | --force (PGlite)]');
    const r = await restore(target, path.resolve(folder), { clean: flags.has('--clean'), force: flags.has('--force') });
    if (r.movedAside) console.log(`The previous data folder was moved to ${r.movedAside}`);
    if (r.mismatches.length) {
      console.error(`Restored into ${where}, but it does not match the backup:\n  ${r.mismatches.join('\n  ')}`);
      process.exit(2);
    }
    console.log(`Restored ${path.resolve(folder)} (taken ${r.manifest.createdAt}, migration ${r.manifest.migration}) into ${where}: ${Object.keys(r.tables).length} tables, row counts and ledger sums match the backup.`);
  } else {
    console.error('Usage: tsx server/backup-cli.ts backup [folder] | restore <folder> [--clean|--force]');
    process.exit(1);
  }
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
