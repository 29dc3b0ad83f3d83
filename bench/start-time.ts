import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeResult } from './lib';

/**
 * Seconds from starting the server to the first 200 from /healthz on an existing PGlite data
 * folder (seeded once, untimed), for each way of starting it, twice each, alternated:
 *   tsx       — `tsx server/main.ts` (what npm start ran before issue 20: TypeScript compiled at start)
 *   compiled  — `node scripts/start.mjs` (npm start now: the bundle in .build/server, built once)
 * The web build check of npm start (scripts/ensure-web-build.mjs) is the same for both and left out.
 *
 *   npx tsx bench/start-time.ts          # results in bench/results/start-time.json
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ordo-start-'));
const env = { ...process.env, ORDO_DATA_DIR: dataDir, ORDO_DEMO: '0', ORDO_WORKER: 'off', LOG_LEVEL: 'warn', HOST: '127.0.0.1' };
const variants: Record<string, string[]> = {
  tsx: [path.join(root, 'node_modules', '.bin', 'tsx'), path.join(root, 'server', 'main.ts')],
  compiled: [process.execPath, path.join(root, 'scripts', 'start.mjs')],
};
let port = 3900 + (process.pid % 50);

async function startOnce(cmd: string[]): Promise<number> {
  port++;
  const t0 = performance.now();
  const child = spawn(cmd[0]!, cmd.slice(1), { cwd: root, env: { ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    for (;;) {
      if (child.exitCode != null) throw new Error(`exited ${child.exitCode}`);
      try {
        const r = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (r.status === 200) return Math.round(performance.now() - t0);
      } catch { /* not listening yet */ }
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

// Seed the folder (and build the bundle) once, untimed.
await startOnce(variants.compiled!);
const runs: Record<string, number[]> = { tsx: [], compiled: [] };
const loads: number[] = [];
for (let i = 0; i < 2; i++) {
  for (const [k, cmd] of Object.entries(variants)) {
    loads.push(os.loadavg()[0]!);
    runs[k]!.push(await startOnce(cmd));
  }
}
fs.rmSync(dataDir, { recursive: true, force: true });
const mid = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const result = {
  at: new Date().toISOString(), machine: `${os.cpus().length} cores (shared with other work)`,
  msToHealthz: runs, medianMs: Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, Math.round(mid(v))])),
  loadAvg1m: loads.map((l) => Math.round(l * 100) / 100),
  note: 'existing PGlite data folder (seeded by a first start, untimed; ORDO_DEMO=0); two starts per variant, alternated; median of two = mean',
};
console.log(JSON.stringify(result, null, 2));
writeResult('start-time', 'pglite', result);
process.exit(0);
