// Runs the browser tests: builds the web app, picks a free port and a fresh data folder, then
// starts Playwright (which starts the server with the demo data on that port).
import { spawnSync, execSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

execSync('node scripts/ensure-web-build.mjs', { stdio: 'inherit' });
const port = await new Promise((resolve) => {
  const srv = net.createServer();
  srv.listen(0, '127.0.0.1', () => {
    const p = srv.address().port;
    srv.close(() => resolve(p));
  });
});
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ordo-e2e-'));
const res = spawnSync('npx', ['playwright', 'test', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, E2E_PORT: String(port), E2E_DATA_DIR: dataDir, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
});
fs.rmSync(dataDir, { recursive: true, force: true });
process.exit(res.status ?? 1);
