import { dependencyCycles, edges, serverModuleGraph, twoWayImports, webDomainGraph, type ImportGraph } from './graph';

/**
 * `npm run deps`: prints who imports whom at run time among the server modules and among the web
 * domains, and exits 1 when two of them depend on each other (both ways, directly or through
 * others), naming the files that make each direction. `--files` lists the files of every edge;
 * `--server <dir>` / `--web <dir>` read another tree (graph.test.ts plants a pair in one).
 */
const showFiles = process.argv.includes('--files');
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};

function report(title: string, graph: ImportGraph): boolean {
  const deps = edges(graph);
  console.log(`${title} (runtime imports; type-only imports and tests left out)`);
  const width = Math.max(...[...deps.keys()].map((d) => d.length));
  for (const [d, to] of graph) {
    console.log(`  ${d.padEnd(width)} → ${[...to.keys()].sort().join(', ') || '—'}`);
    if (showFiles) for (const [t, files] of [...to].sort()) console.log(`  ${' '.repeat(width)}     ${t}: ${files.join(', ')}`);
  }
  const pairs = twoWayImports(deps);
  const cycles = dependencyCycles(deps).filter((g) => g.length > 2 || !pairs.some((p) => p.join() === g.join()));
  for (const [a, b] of pairs) {
    console.log(`  ✗ ${a} and ${b} import each other:`);
    console.log(`      ${a} → ${b}: ${graph.get(a)!.get(b)!.join(', ')}`);
    console.log(`      ${b} → ${a}: ${graph.get(b)!.get(a)!.join(', ')}`);
  }
  for (const g of cycles) console.log(`  ✗ ${g.join(', ')} depend on each other through a cycle`);
  if (!pairs.length && !cycles.length) console.log('  ✓ no two depend on each other');
  console.log('');
  return !pairs.length && !cycles.length;
}

const server = report('Server modules (server/modules)', serverModuleGraph(arg('--server')));
const web = report('Web domains (web/src; lib is shared, not a domain)', webDomainGraph(arg('--web')));
process.exit(server && web ? 0 : 1);
