import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { loadSecretKey, SecretKeyError, secretBox } from '../lib/secret-key';
import { authBoxes } from '../modules/auth/keys';
import { sealStoredTotpSecrets } from '../modules/auth/two-factor';
import { createTestApp, type TestApp } from './harness';
import { repoRoot } from './processes';

// Issue 22: the TOTP secret is stored encrypted (AES-256-GCM) with the server's key, which comes
// from ORDO_SECRET_KEY or, outside production, a generated file in the data folder.
let t: TestApp;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ordo-key-'));
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const totp = (secret: string) => new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
const box = () => authBoxes(loadConfig({})).totp;

async function signInWithCode(login: string, code: string) {
  const first = await t.anon.post('/api/auth/login', { login, password: t.fx.password });
  expect(first.statusCode, first.body).toBe(200);
  return t.anon.post('/api/auth/login/two-factor', { challenge: first.json().twoFactor.challenge, code });
}

describe('the TOTP secret at rest', () => {
  it('is stored sealed, bound to its user, never in clear', async () => {
    const finance = await t.as('finance');
    const setup = (await finance.post('/api/auth/two-factor/setup')).json();
    const pending = await t.db.selectFrom('users').select(['totp_pending_secret']).where('id', '=', t.fx.users.finance).executeTakeFirstOrThrow();
    expect(pending.totp_pending_secret).toMatch(/^v1\.[\w-]{16}\.[\w-]+$/);
    expect(pending.totp_pending_secret).not.toContain(setup.secret);
    expect((await finance.post('/api/auth/two-factor/confirm', { code: totp(setup.secret).generate() })).statusCode).toBe(200);
    const row = await t.db.selectFrom('users').select(['totp_secret', 'totp_pending_secret']).where('id', '=', t.fx.users.finance).executeTakeFirstOrThrow();
    expect(row.totp_pending_secret).toBeNull();
    expect(row.totp_secret).toMatch(/^v1\./);
    expect(row.totp_secret).not.toContain(setup.secret);
    expect(box().open(row.totp_secret!, `totp:${t.fx.users.finance}`)).toBe(setup.secret);
    // another key, or the same ciphertext copied to another user's row, does not open it
    expect(() => secretBox(Buffer.alloc(32, 7), 'totp-secret').open(row.totp_secret!, `totp:${t.fx.users.finance}`)).toThrow();
    expect(() => box().open(row.totp_secret!, `totp:${t.fx.users.sales}`)).toThrow();

    await t.db.updateTable('users').set({ totp_last_step: null }).where('id', '=', t.fx.users.finance).execute();
    const ok = await signInWithCode('finance', totp(setup.secret).generate());
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('a copied row signs nobody in with app codes (401, not 500); recovery codes still work', async () => {
    const sales = await t.as('sales');
    const setup = (await sales.post('/api/auth/two-factor/setup')).json();
    const { recoveryCodes } = (await sales.post('/api/auth/two-factor/confirm', { code: totp(setup.secret).generate() })).json() as { recoveryCodes: string[] };
    const financeRow = await t.db.selectFrom('users').select('totp_secret').where('id', '=', t.fx.users.finance).executeTakeFirstOrThrow();
    const salesRow = await t.db.selectFrom('users').select('totp_secret').where('id', '=', t.fx.users.sales).executeTakeFirstOrThrow();
    await t.db.updateTable('users').set({ totp_secret: financeRow.totp_secret, totp_last_step: null }).where('id', '=', t.fx.users.sales).execute();
    const refused = await signInWithCode('sales', totp(setup.secret).generate());
    expect([refused.statusCode, refused.json().error.code]).toEqual([401, 'TWO_FACTOR_CODE_WRONG']);
    const rescue = await signInWithCode('sales', recoveryCodes[0]!);
    expect(rescue.statusCode, rescue.body).toBe(200);
    await t.db.updateTable('users').set({ totp_secret: salesRow.totp_secret }).where('id', '=', t.fx.users.sales).execute();
  });

  it('secrets stored in clear before encryption keep working and are sealed at start-up, once', async () => {
    const secret = new Secret({ size: 20 }).base32;
    await t.db.updateTable('users').set({ totp_secret: secret, totp_enabled_at: new Date(), totp_last_step: null }).where('id', '=', t.fx.users.warehouse).execute();
    // read as it is until sealed
    expect((await signInWithCode('warehouse', totp(secret).generate())).statusCode).toBe(200);
    expect(await sealStoredTotpSecrets(t.db, box())).toBe(1);
    expect(await sealStoredTotpSecrets(t.db, box())).toBe(0);
    const row = await t.db.selectFrom('users').select('totp_secret').where('id', '=', t.fx.users.warehouse).executeTakeFirstOrThrow();
    expect(row.totp_secret).toMatch(/^v1\./);
    await t.db.updateTable('users').set({ totp_last_step: null }).where('id', '=', t.fx.users.warehouse).execute();
    expect((await signInWithCode('warehouse', totp(secret).generate())).statusCode).toBe(200);
  });
});

describe('the server key', () => {
  const hex = 'ab'.repeat(32);
  it('comes from ORDO_SECRET_KEY as hex, base64 or a file path', () => {
    expect(loadSecretKey({ ORDO_SECRET_KEY: hex }, tmp).key).toEqual(Buffer.from(hex, 'hex'));
    const b64 = Buffer.alloc(32, 3).toString('base64');
    expect(loadSecretKey({ ORDO_SECRET_KEY: b64 }, tmp).key).toEqual(Buffer.alloc(32, 3));
    const file = path.join(tmp, 'given.key');
    fs.writeFileSync(file, `${hex}\n`);
    expect(loadSecretKey({ ORDO_SECRET_KEY: file, NODE_ENV: 'production' }, tmp)).toMatchObject({ key: Buffer.from(hex, 'hex'), source: expect.stringContaining(file) });
  });

  it('refuses a malformed key, naming the variable and never the value', () => {
    for (const bad of ['short', 'zz'.repeat(32), path.join(tmp, 'missing.key'), 'ab'.repeat(31)]) {
      let err: unknown;
      try {
        loadSecretKey({ ORDO_SECRET_KEY: bad }, tmp);
      } catch (e) {
        err = e;
      }
      expect(err, bad).toBeInstanceOf(SecretKeyError);
      expect((err as Error).message).toContain('ORDO_SECRET_KEY');
      expect((err as Error).message).not.toContain(bad);
    }
    const junk = path.join(tmp, 'junk.key');
    fs.writeFileSync(junk, 'not a key');
    expect(() => loadSecretKey({ ORDO_SECRET_KEY: junk }, tmp)).toThrow(SecretKeyError);
  });

  it('outside production is generated once into the data folder (0600) and read back on later starts', () => {
    const dir = path.join(tmp, 'data');
    const first = loadSecretKey({}, dir);
    expect(first.source).toContain('generated');
    const file = path.join(dir, 'secret.key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const again = loadSecretKey({}, dir);
    expect(again.key).toEqual(first.key);
    expect(again.source).toBe(file);
  });

  it('in production is required: without it the server refuses to start', async () => {
    expect(() => loadSecretKey({ NODE_ENV: 'production' }, path.join(tmp, 'prod'))).toThrow(/ORDO_SECRET_KEY is not set/);
    expect(fs.existsSync(path.join(tmp, 'prod', 'secret.key'))).toBe(false);
    const dataDir = path.join(tmp, 'prod-start');
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, NODE_ENV: 'production', ORDO_DATA_DIR: dataDir, PORT: '0', ORDO_DEMO: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(out).toContain('ORDO_SECRET_KEY is not set');
    expect(fs.existsSync(path.join(dataDir, 'secret.key'))).toBe(false);
  }, 60_000);
});
