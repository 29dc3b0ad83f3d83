import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { writeResult } from './lib';

/**
 * Web app size as a browser sees the first page: the scripts index.html loads at once (its module
 * script and modulepreload links) and its styles, raw / gzip / brotli, beside the whole build.
 *
 *   npx tsx bench/web-bundle.ts [distDir] [label]     # default web/dist, label "after"
 * Writes bench/results/web-bundle.json under the label (e.g. "before" / "after").
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(process.argv[2] ?? path.join(here, '..', 'web', 'dist'));
const label = process.argv[3] ?? 'after';
const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const refs = (re: RegExp) => [...html.matchAll(re)].map((m) => m[1]!.replace(/^\//, ''));
const initialJs = [...new Set([...refs(/<script[^>]+src="([^"]+\.js)"/g), ...refs(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)])];
const initialCss = refs(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+\.css)"/g);
const kb = (n: number) => Math.round(n / 102.4) / 10;
const size = (files: string[]) => {
  let raw = 0, gzip = 0, br = 0;
  for (const f of files) {
    const data = fs.readFileSync(path.join(dist, f));
    raw += data.length;
    gzip += zlib.gzipSync(data, { level: 9 }).length;
    br += zlib.brotliCompressSync(data).length;
  }
  return { files: files.length, rawKB: kb(raw), gzipKB: kb(gzip), brotliKB: kb(br) };
};
const allJs = fs.readdirSync(path.join(dist, 'assets')).filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`);
const echarts = allJs.filter((f) => fs.readFileSync(path.join(dist, f), 'utf8').includes('echarts'));
const result = {
  at: new Date().toISOString(), dist: path.relative(path.join(here, '..'), dist) || dist,
  firstPageJs: size(initialJs), firstPageCss: size(initialCss), allJs: size(allJs),
  echartsInFirstPage: echarts.some((f) => initialJs.includes(f)),
  precompressed: fs.existsSync(path.join(dist, initialJs[0]! + '.br')) && fs.existsSync(path.join(dist, initialJs[0]! + '.gz')),
};
console.log(JSON.stringify(result, null, 2));
writeResult('web-bundle', label, result);
