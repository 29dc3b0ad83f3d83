import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../lib/db';
import { migrate } from '../lib/migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    /** a file holding an in-memory PGlite dumped after every migration (PGlite runs only) */
    pgliteSnapshot: string | null;
  }
}

/**
 * On a PostgreSQL server, install shared extensions once, before files create their schemas.
 * On PGlite, migrate one empty database and dump it: every test app starts from that dump
 * instead of an empty cluster it would migrate again (about 3 s of CPU per app, over 150 apps),
 * and still runs migrate(), which finds nothing to do, as a restarted server would.
 */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const database = await openDatabase({});
    await migrate(database);
    const dump = await database.dumpDataDir!();
    await database.close();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ordo-test-')), 'migrated.tar.gz');
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    project.provide('pgliteSnapshot', file);
    return () => fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
  project.provide('pgliteSnapshot', null);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('create extension if not exists pg_trgm schema public');
  } finally {
    await client.end();
  }
}
