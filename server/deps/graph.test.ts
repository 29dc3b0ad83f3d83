import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dependencyCycles, edges, importGraph, runtimeImports, ROOT, serverModuleGraph, twoWayImports, webDomainGraph } from './graph';

/**
 * `npm run deps` (server/deps/cli.ts): the runtime import graph between server modules and between
 * web domains. No two depend on each other, directly or through others: a screen that shows a piece
 * of a domain depending on it takes it through a slot (web/src/lib/slots.tsx).
 */
function runDeps(args: string[]): { out: string; code: number } {
  try {
    return { out: execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/deps/cli.ts'), ...args], { encoding: 'utf8' }), code: 0 };
  } catch (e) {
    const err = e as { status: number; stdout: string };
    return { out: err.stdout, code: err.status };
  }
}

describe('the import graph', () => {
  it('reads runtime imports only: type-only imports and bare table-type imports are left out, dynamic ones count', () => {
    const src = [
      "import { a } from '../orders/x';",
      "import type { B } from '../payments/y';",
      "import { type C, type D } from '../shipping/z';",
      "import E, { type F } from '../cart/e';",
      "import '../catalog/tables';",
      "import '../pricing/messages';",
      "export { g } from '../marketing/g';",
      "// import { h } from '../aftersales/h';",
      "const i = await import('../notifications/i');",
    ].join('\n');
    expect(runtimeImports(src)).toEqual(['../orders/x', '../cart/e', '../marketing/g', '../pricing/messages', '../notifications/i']);
  });

  it('finds a planted two-way dependency in a module tree, and names the files of both directions', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ordo-deps-'));
    try {
      const write = (rel: string, body: string) => {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel), body);
      };
      write('orders/a.ts', "import { b } from '../payments/b';\n");
      write('payments/b.ts', "export const b = 1;\n");
      write('payments/deep/c.ts', "import { a } from '../../orders/a';\n"); // resolved from a nested folder
      write('payments/c.test.ts', "import { a } from '../orders/a';\n");
      write('shipping/s.ts', "import { a } from '../orders/a';\n");
      const g = importGraph(dir, { extensions: ['.ts'] });
      expect(twoWayImports(edges(g))).toEqual([['orders', 'payments']]);
      expect(g.get('payments')!.get('orders')!.map((f) => path.basename(f))).toEqual(['c.ts']);
      expect(dependencyCycles(edges(g))).toEqual([['orders', 'payments']]);
      // the command fails on it and names the files of both directions
      const run = runDeps(['--server', dir]);
      expect(run.code).toBe(1);
      expect(run.out).toMatch(/✗ orders and payments import each other:\s+orders → payments: \S*orders\/a\.ts\s+payments → orders: \S*payments\/deep\/c\.ts/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('server modules: no two depend on each other, directly or through others', () => {
    const deps = edges(serverModuleGraph());
    expect(deps.get('payments')?.has('orders')).toBe(true); // payments reports money to orders
    expect(twoWayImports(deps)).toEqual([]);
    expect(dependencyCycles(deps)).toEqual([]);
  });

  it('web domains: no two depend on each other, directly or through others', () => {
    const deps = edges(webDomainGraph());
    expect(deps.get('aftersales')?.has('orders')).toBe(true); // after-sales starts from an order
    expect(twoWayImports(deps), 'move the shared piece to web/src/lib, or show it through a slot (lib/slots.tsx)').toEqual([]);
    expect(dependencyCycles(deps)).toEqual([]);
  });

  it('npm run deps prints both graphs and exits 0 (the planted pair above makes it exit 1)', () => {
    const { out, code } = runDeps([]);
    expect(out).toMatch(/Server modules[\s\S]*payments\s+→ [^\n]*orders[\s\S]*✓ no two depend on each other/);
    expect(out).toMatch(/Web domains[\s\S]*aftersales\s+→ [^\n]*orders[\s\S]*✓ no two depend on each other/);
    expect(code).toBe(0);
  });
});
