// Builds the web app when web/dist is missing or older than any source file (npm start runs this).
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dist = 'web/dist/index.html';
function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}
const built = fs.existsSync(dist) ? fs.statSync(dist).mtimeMs : 0;
// server/lib/quantity.ts is shared with the web app (web/src/lib/quantity.ts re-exports it)
const sources = Math.max(newest('web/src'), fs.statSync('web/index.html').mtimeMs, fs.statSync('web/vite.config.ts').mtimeMs, fs.statSync('server/lib/quantity.ts').mtimeMs);
if (built < sources) {
  console.log('Building the web app (web/dist)…');
  execSync('npx vite build --config web/vite.config.ts', { stdio: 'inherit' });
}
