import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The runtime import graph between domains, read from the source: server modules
 * (`server/modules/<m>/`) and web domains (`web/src/<d>/`). Type-only imports are left out (they
 * vanish at build time), and so are bare imports of a module's `tables.ts` (table types only),
 * tests and test support. `npm run deps` prints it; ownership.test.ts and
 * graph.test.ts fail when two domains depend on each other.
 */

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SERVER_MODULES = path.join(ROOT, 'server/modules');
export const WEB_SRC = path.join(ROOT, 'web/src');

/** domain → domain it imports → the files (relative to the repository) that do. */
export type ImportGraph = Map<string, Map<string, string[]>>;

/** Files that are not domain code: tests and test support. */
export const isTestSupport = (file: string) => /\.test\.tsx?$|(^|\/)test-world\.ts$|(^|\/)testkit\.ts$|\.fake\.ts$/.test(file);

/** Comments out of the way (kept as blank text so line numbers stay right). */
export function withoutComments(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
    .replace(/(^|[^:'"`\\])\/\/[^\n]*/g, (c, pre: string) => pre + ' '.repeat(c.length - pre.length));
}

/** The specifiers a source imports at run time: static, side-effect and dynamic imports, re-exports. */
export function runtimeImports(source: string): string[] {
  const text = withoutComments(source);
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?([\s\S]*?)\s+from\s+['"]([^'"]+)['"]/gm)) {
    if (m[2]) continue;
    const names = m[3]!.trim();
    // `import { type A, type B } from` brings in nothing at run time
    if (/^\{[^}]*\}$/.test(names) && names.replace(/[{}\s]/g, '').split(',').filter(Boolean).every((n) => n.startsWith('type'))) continue;
    out.push(m[4]!);
  }
  // a bare import of a module's `tables` file only brings in its Kysely table types (declaration merging)
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) if (!/(^|\/)tables(\.ts)?$/.test(m[1]!)) out.push(m[1]!);
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]!);
  return out;
}

/**
 * The graph of the domain folders under `root`: an edge a → b when a file of a imports, at run
 * time, a file under b (relative imports resolved from the importing file). Folders in `shared`
 * (a library every domain uses) are not domains.
 */
export function importGraph(root: string, opts: { extensions: string[]; shared?: string[] }): ImportGraph {
  const shared = new Set(opts.shared ?? []);
  const domains = fs.readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory() && !shared.has(e.name)).map((e) => e.name).sort();
  const graph: ImportGraph = new Map(domains.map((d) => [d, new Map()]));
  const walk = (domain: string, dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'migrations' && e.name !== 'functions') walk(domain, file);
        continue;
      }
      if (!opts.extensions.some((x) => e.name.endsWith(x)) || isTestSupport(e.name)) continue;
      for (const spec of runtimeImports(fs.readFileSync(file, 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        const target = path.relative(root, path.resolve(path.dirname(file), spec)).split(path.sep)[0]!;
        if (target === domain || target.startsWith('..') || !graph.has(target)) continue;
        const files = graph.get(domain)!.get(target) ?? [];
        const rel = path.relative(ROOT, file);
        if (!files.includes(rel)) files.push(rel);
        graph.get(domain)!.set(target, files);
      }
    }
  };
  for (const d of domains) walk(d, path.join(root, d));
  return graph;
}

export const serverModuleGraph = (root = SERVER_MODULES) => importGraph(root, { extensions: ['.ts'] });
/** `lib` is the web app's shared library (API client, formatting, layout pieces), not a domain. */
export const webDomainGraph = (root = WEB_SRC) => importGraph(root, { extensions: ['.ts', '.tsx'], shared: ['lib'] });

/** The graph without the files: domain → domains it imports. */
export const edges = (graph: ImportGraph): Map<string, Set<string>> => new Map([...graph].map(([d, to]) => [d, new Set(to.keys())]));

/** Pairs of domains that import each other at run time (directly). */
export function twoWayImports(deps: Map<string, Set<string>>): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [a, set] of deps) for (const b of set) if (a < b && deps.get(b)?.has(a)) pairs.push([a, b]);
  return pairs.sort((x, y) => x.join().localeCompare(y.join()));
}

/** Groups of domains that depend on each other at run time, directly or through others (strongly connected, size > 1). */
export function dependencyCycles(deps: Map<string, Set<string>>): string[][] {
  const reach = (from: string) => {
    const seen = new Set<string>();
    const todo = [...(deps.get(from) ?? [])];
    while (todo.length) {
      const n = todo.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      todo.push(...(deps.get(n) ?? []));
    }
    return seen;
  };
  const reached = new Map([...deps.keys()].map((m) => [m, reach(m)]));
  const groups = new Map<string, string[]>();
  for (const m of deps.keys()) {
    const group = [...deps.keys()].filter((o) => o === m || (reached.get(m)!.has(o) && reached.get(o)!.has(m))).sort();
    if (group.length > 1) groups.set(group.join(','), group);
  }
  return [...groups.values()];
}
