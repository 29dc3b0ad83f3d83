import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** scripts/bundle-budget.mjs (run by .ci/run after the production build) on a made-up build. */
const script = path.resolve(__dirname, '../../scripts/bundle-budget.mjs');
const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'ordo-budget-'));
fs.mkdirSync(path.join(dist, 'assets'));
// random bytes do not compress: 2 × 20 KB on the first page, 100 KB in a lazy chunk it does not load
fs.writeFileSync(path.join(dist, 'assets/index-a1.js'), crypto.randomBytes(20 * 1024).toString('latin1'));
fs.writeFileSync(path.join(dist, 'assets/vendor-b2.js'), crypto.randomBytes(20 * 1024).toString('latin1'));
fs.writeFileSync(path.join(dist, 'assets/reports-c3.js'), crypto.randomBytes(100 * 1024).toString('latin1'));
fs.writeFileSync(path.join(dist, 'index.html'), '<html><head><script type="module" crossorigin src="/assets/index-a1.js"></script>' +
  '<link rel="modulepreload" crossorigin href="/assets/vendor-b2.js"></head><body></body></html>');
afterAll(() => fs.rmSync(dist, { recursive: true, force: true }));

const run = (budgetKB: number, dir = dist) => {
  try {
    return { code: 0, out: execFileSync(process.execPath, [script, dir], { env: { ...process.env, ORDO_BUNDLE_BUDGET_KB: String(budgetKB) }, encoding: 'utf8', stdio: 'pipe' }) };
  } catch (e) {
    const x = e as { status: number; stderr: string };
    return { code: x.status, out: x.stderr };
  }
};

describe('first page bundle budget', () => {
  it('passes within the budget, counting only what index.html loads at once', () => {
    const r = run(60);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/first page JS 4\d\.\d KB gzip in 2 files, within 60 KB/);
  });

  it('fails past the budget and names the largest files', () => {
    const r = run(30);
    expect(r.code).toBe(1);
    expect(r.out).toContain('over the budget of 30 KB');
    expect(r.out).toContain('assets/index-a1.js');
    expect(r.out).not.toContain('reports-c3.js');
  });

  it('fails when there is no build', () => {
    const r = run(330, path.join(dist, 'missing'));
    expect(r.code).toBe(1);
    expect(r.out).toContain('npm run build:web');
  });
});
