import fs from 'node:fs';
import path from 'node:path';
import { dependencyCycles, edges, isTestSupport, serverModuleGraph, twoWayImports, withoutComments } from '../deps/graph';

/**
 * Which module owns which table, and which module's code writes or reads which table, found by
 * reading the source: table ownership from each module's migrations (`create table`), writes from
 * Kysely calls (insertInto / updateTable / deleteFrom / mergeInto / replaceInto) and raw SQL
 * (insert into / update … set / delete from), reads from selectFrom / joins and raw `from` / `join`.
 * Used by ownership.test.ts: a module writes only its own tables (docs/CONVENTIONS.md).
 */

export { isTestSupport };
export const MODULES_DIR = path.resolve(__dirname, '../modules');

export interface TableUse {
  /** the module whose code does it */
  module: string;
  file: string;
  line: number;
  table: string;
  /** the module that owns the table */
  owner: string;
  how: string;
}

/** table → owning module, from `create table` in every module's migrations. */
export function tableOwners(dir = MODULES_DIR): Map<string, string> {
  const owners = new Map<string, string>();
  for (const m of fs.readdirSync(dir)) {
    const mig = path.join(dir, m, 'migrations');
    if (!fs.existsSync(mig)) continue;
    for (const f of fs.readdirSync(mig).filter((x) => x.endsWith('.sql')).sort()) {
      const text = fs.readFileSync(path.join(mig, f), 'utf8');
      for (const match of text.matchAll(/\bcreate\s+table\s+(?:if\s+not\s+exists\s+)?([a-z_][a-z0-9_]*)/gi)) {
        const table = match[1]!.toLowerCase();
        const prior = owners.get(table);
        if (prior && prior !== m) throw new Error(`table ${table} is created by both ${prior} and ${m}`);
        owners.set(table, m);
      }
    }
  }
  return owners;
}

const lineAt = (text: string, index: number) => text.slice(0, index).split('\n').length;

const WRITE_PATTERNS: [RegExp, string][] = [
  [/\.(insertInto|updateTable|deleteFrom|mergeInto|replaceInto)\(\s*['"`]([a-z_][a-z0-9_]*)/g, 'kysely'],
  [/\b(insert\s+into)\s+([a-z_][a-z0-9_]*)/gi, 'sql'],
  [/\b(update)\s+([a-z_][a-z0-9_]*)(?:\s+(?:as\s+)?[a-z_][a-z0-9_]*)?\s+set\b/gi, 'sql'],
  [/\b(delete\s+from)\s+([a-z_][a-z0-9_]*)/gi, 'sql'],
];
const READ_PATTERNS: [RegExp, string][] = [
  [/\.(selectFrom|innerJoin|leftJoin|rightJoin|fullJoin)\(\s*['"`]([a-z_][a-z0-9_]*)/g, 'kysely'],
  [/\b(from|join)\s+([a-z_][a-z0-9_]*)\b/gi, 'sql'],
];

function uses(patterns: [RegExp, string][], module: string, file: string, source: string, owners: Map<string, string>): TableUse[] {
  const text = withoutComments(source);
  const found: TableUse[] = [];
  for (const [re, kind] of patterns) {
    for (const m of text.matchAll(re)) {
      const table = m[2]!.toLowerCase();
      const owner = owners.get(table);
      if (!owner || owner === module) continue;
      found.push({ module, file, line: lineAt(text, m.index), table, owner, how: `${kind}: ${m[1]!.replace(/\s+/g, ' ')}` });
    }
  }
  return found;
}

/** Writes by `module`'s code in `source` to tables another module owns. */
export const crossWrites = (module: string, file: string, source: string, owners: Map<string, string>) => uses(WRITE_PATTERNS, module, file, source, owners);

/** Reads by `module`'s code in `source` of tables another module owns (writes' own `from` included). */
export const crossReads = (module: string, file: string, source: string, owners: Map<string, string>) => uses(READ_PATTERNS, module, file, source, owners);

/** Every module source file (tests and test support left out), as [module, path relative to the repo, source]. */
export function moduleSources(dir = MODULES_DIR): [string, string, string][] {
  const out: [string, string, string][] = [];
  const walk = (module: string, d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'migrations') walk(module, p);
      } else if (e.name.endsWith('.ts') && !isTestSupport(e.name)) {
        out.push([module, path.relative(path.resolve(dir, '../..'), p), fs.readFileSync(p, 'utf8')]);
      }
    }
  };
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) walk(e.name, path.join(dir, e.name));
  return out.sort((a, b) => a[1].localeCompare(b[1]));
}

/** Runtime imports between modules: module → modules it imports from (`npm run deps` prints them). */
export const moduleImports = (dir = MODULES_DIR): Map<string, Set<string>> => edges(serverModuleGraph(dir));
export { dependencyCycles, twoWayImports };
