import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dependencyCycles, edges, importGraph, runtimeImports, ROOT, serverModuleGraph, twoWayImports, webDomainGraph } from './graph';

/**
 * `npm run deps` (server/deps/cli.ts): the runtime import graph between server modules and between
 * web domains. Server modules never depend on each other both ways. Web domains still have the
 * pairs listed in WEB_KNOWN (each with the file that makes the back edge); a new pair fails.
 */
const WEB_KNOWN: Record<string, string> = {
  'aftersales,orders': 'aftersales imports useFail from orders/api (a generic toast helper that belongs in lib); orders shows AftersalesLinks',
  'cart,recommendations': 'cart shows ReorderCard and RelatedProducts; recommendations puts lines in the cart through cart/useCart',
  'catalog,inventory': 'catalog shows StockTag / live stock; the stock pages filter by category with catalog/useCatalog useCategories',
  'customers,pricing': 'pricing uses customers/common (useFail, YuanInput, PercentInput, useTiers); the customer page shows pricing/CustomerPrices',
};

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

  it('web domains: no two-way pair beyond the known ones (each listed with what makes it)', () => {
    const pairs = twoWayImports(edges(webDomainGraph())).map((p) => p.join());
    expect(pairs.filter((p) => !WEB_KNOWN[p]), 'a new pair of web domains importing each other: move the shared piece to web/src/lib or to the domain that owns it').toEqual([]);
    for (const k of Object.keys(WEB_KNOWN)) expect(pairs, `${k} no longer import each other: remove it from WEB_KNOWN`).toContain(k);
  });

  it('npm run deps prints both graphs and exits 1 while any two domains import each other', () => {
    let out = '';
    let code = 0;
    try {
      out = execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/deps/cli.ts')], { encoding: 'utf8' });
    } catch (e) {
      const err = e as { status: number; stdout: string };
      code = err.status;
      out = err.stdout;
    }
    expect(out).toMatch(/Server modules[\s\S]*payments\s+→ [^\n]*orders[\s\S]*✓ no two depend on each other/);
    expect(out).toContain('Web domains');
    expect(code).toBe(Object.keys(WEB_KNOWN).length ? 1 : 0);
  });
});
