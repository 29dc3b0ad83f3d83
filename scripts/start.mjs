// `npm start`: runs the server as compiled JavaScript (issue 20: seconds to start). The server is
// bundled once into .build/server/main.mjs with esbuild (npm packages stay external) and rebuilt only
// when a file under server/ is newer than the bundle, or the folder moved; TypeScript is not compiled
// at every start. `npm run dev` keeps tsx (watch mode).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, '.build', 'server', 'main.mjs');
const stamp = path.join(root, '.build', 'server', 'stamp.json');

function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

export async function buildServer() {
  const sources = Math.max(newest(path.join(root, 'server')), fs.statSync(path.join(root, 'package.json')).mtimeMs, fs.statSync(fileURLToPath(import.meta.url)).mtimeMs);
  const want = { root, sources };
  const have = fs.existsSync(out) && fs.existsSync(stamp) ? JSON.parse(fs.readFileSync(stamp, 'utf8')) : null;
  if (have && have.root === want.root && have.sources === want.sources) return out;
  const t0 = Date.now();
  const { build } = await import('esbuild'); // only when (re)building
  await build({
    // the sheet worker (server/lib/sheet-pool.ts) is its own file: a worker thread starts from a file
    entryPoints: [path.join(root, 'server', 'main.ts'), path.join(root, 'server', 'lib', 'sheet-worker.ts')],
    outdir: path.dirname(out),
    entryNames: '[name]',
    outExtension: { '.js': '.mjs' },
    define: { __ORDO_SHEET_WORKER__: JSON.stringify(pathToFileURL(path.join(path.dirname(out), 'sheet-worker.mjs')).href) },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [{
      // Files that find siblings through import.meta.url (migrations, web/dist) keep their own location.
      name: 'own-import-meta-url',
      setup(b) {
        // Deep imports into packages without an "exports" map (e.g. '@node-rs/jieba/dict') work under
        // tsx but not under Node's ESM resolver: point them at the file CommonJS resolution finds.
        b.onResolve({ filter: /^(@[^/.][^/]*\/)?[^/.@][^/]*\/./ }, (args) => {
          const name = args.path.split('/').slice(0, args.path.startsWith('@') ? 2 : 1).join('/');
          const req = createRequire(args.importer || path.join(root, 'server', 'main.ts'));
          try {
            const pkg = JSON.parse(fs.readFileSync(req.resolve(`${name}/package.json`), 'utf8'));
            if (pkg.exports) return undefined;
            return { path: pathToFileURL(req.resolve(args.path)).href, external: true };
          } catch {
            return undefined;
          }
        });
        b.onLoad({ filter: /[\\/]server[\\/].*\.ts$/ }, async (args) => {
          const src = await fs.promises.readFile(args.path, 'utf8');
          if (!src.includes('import.meta.url')) return undefined;
          return { contents: src.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
        });
      },
    }],
  });
  fs.writeFileSync(stamp, JSON.stringify(want));
  console.log(`Compiled the server (.build/server/main.mjs) in ${Date.now() - t0} ms`);
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = await buildServer();
  if (!process.argv.includes('--build-only')) await import(pathToFileURL(file).href);
}
