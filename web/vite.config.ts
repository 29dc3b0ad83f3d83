import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Code splitting by route without touching the domains' routes.tsx: in a production build every
 * `import { SomethingPage, OtherEditor } from './x'` of a web/src/<domain>/routes.tsx becomes a
 * lazily loaded component (lib/lazy.tsx), so each page (and what only it uses, like ECharts on the
 * report pages) is its own chunk, fetched when the route is first opened. Other imports (icons,
 * badges, types) stay as they are.
 */
function lazyRoutePages(): Plugin {
  const routesFile = /[\\/]src[\\/][^\\/]+[\\/]routes\.tsx$/;
  return {
    name: 'ordo-lazy-route-pages',
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      if (!routesFile.test(id)) return null;
      const lazies: string[] = [];
      const out = code.replace(/^import\s*\{([^}]*)\}\s*from\s*'(\.\/[^']+)';[ \t]*$/gm, (whole, names: string, from: string) => {
        const list = names.split(',').map((n) => n.trim()).filter(Boolean);
        const pages = list.filter((n) => /^[A-Z]\w*(Page|Editor)$/.test(n) && new RegExp(`<${n}[\\s/>]`).test(code));
        if (pages.length === 0) return whole;
        const rest = list.filter((n) => !pages.includes(n));
        lazies.push(...pages);
        // declared where the import was, so before the route tables that use them
        const decls = pages.map((p) => `const ${p} = lazyPage(() => import('${from}'), '${p}');`).join(' ');
        return rest.length ? `import { ${rest.join(', ')} } from '${from}'; ${decls}` : decls;
      });
      if (lazies.length === 0) return null;
      return { code: `import { lazyPage } from '../lib/lazy';\n${out}`, map: null };
    },
  };
}

/**
 * One language per request: `web/src/<domain>/i18n.ts?lang=zh-CN` keeps only the file's `zh`
 * export and `?lang=en` only its `en` (lib/registry.ts imports zh with the page and en when a user
 * picks English), so the first page carries one language's messages, not both (issue 20). Each
 * i18n.ts is `export const zh = {…}` followed by `export const en… = {…}` and nothing else.
 */
function oneLanguagePerFile(): Plugin {
  return {
    name: 'ordo-one-language-per-file',
    enforce: 'pre',
    transform(code, id) {
      const m = /[\\/]i18n\.ts\?lang=(zh-CN|en)$/.exec(id);
      if (!m) return null;
      const at = code.search(/^export const en\b/m);
      if (!code.startsWith('export const zh') || at < 0 || (code.match(/^export /gm) ?? []).length !== 2) {
        this.error(`${id}: an i18n.ts must be \`export const zh = {…}\` then \`export const en = {…}\` and nothing else`);
      }
      return { code: m[1] === 'en' ? code.slice(at) : code.slice(0, at), map: null };
    },
  };
}

/** Brotli and gzip copies of every text asset, served by @fastify/static (preCompressed). */
function precompress(): Plugin {
  return {
    name: 'ordo-precompress',
    apply: 'build',
    closeBundle() {
      const dist = path.join(root, 'dist');
      const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
      for (const file of walk(dist)) {
        if (!/\.(js|css|html|svg|json|txt|map)$/.test(file)) continue;
        const data = fs.readFileSync(file);
        if (data.length < 1024) continue;
        fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } }));
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root,
  plugins: [oneLanguagePerFile(), lazyRoutePages(), react(), precompress()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2500 },
  server: { proxy: { '/api': 'http://localhost:3000', '/healthz': 'http://localhost:3000', '/docs': 'http://localhost:3000' } },
});
