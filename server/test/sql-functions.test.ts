import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listFunctionFiles, listMigrations } from '../lib/migrate';

/**
 * A SQL function that has a repeatable file (`modules/<m>/functions/<name>.sql`) is stated there
 * and nowhere else from now on: a new migration restating it would run before the file and then
 * be overwritten by it (or, worse, be the copy someone edits). Older migrations stay as history:
 * the file's header names the last one (`Last stated in migration <name>`).
 */
const files = listFunctionFiles().map((f) => ({ ...f, body: readFileSync(f.file, 'utf8') }));
const migrations = listMigrations().map((m) => ({ ...m, body: readFileSync(m.file, 'utf8') }));

describe('repeatable SQL function files', () => {
  it('there are some, one per function: the file defines the function it is named after', () => {
    expect(files.map((f) => f.name)).toEqual(expect.arrayContaining(['orders_submit', 'inventory_reserve', 'inventory_reserve_stock', 'marketing_redeem', 'marketing_release']));
    for (const f of files) {
      expect(f.body, f.file).toMatch(new RegExp(`^create or replace function ${f.name}\\(`, 'm'));
      // the file runs inside migrate's transaction, beside other files
      expect(f.body, `${f.file}: no transaction control in a function file`).not.toMatch(/^\s*(begin|commit|rollback)\s*;/im);
    }
  });

  it('no migration after the one named in the file header states the function again', () => {
    for (const f of files) {
      const last = /^-- Last stated in migration (\d{12}_\w+)/m.exec(f.body)?.[1];
      if (last) expect(migrations.map((m) => m.name), `${f.file} names a migration that does not exist`).toContain(last);
      const restating = migrations
        .filter((m) => !last || m.name > last)
        .filter((m) => new RegExp(`create (or replace )?function ${f.name}\\(`, 'i').test(m.body))
        .map((m) => m.name);
      expect(restating, `change modules/*/functions/${f.name}.sql instead of restating ${f.name} in a migration`).toEqual([]);
    }
  });
});
