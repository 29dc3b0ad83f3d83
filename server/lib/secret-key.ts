import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The server's secret key (issue 22): what encrypts secrets stored in the database (the TOTP
 * secrets of two-factor sign-in) and signs the cookies it hands out ("remember this device").
 * Handled like the payment providers' keys: `ORDO_SECRET_KEY` holds 32 bytes as 64 hex
 * characters or base64, or the path of a file holding that. Unset:
 * - outside NODE_ENV=production, a key is generated once into `<ORDO_DATA_DIR>/secret.key`
 *   (mode 0600) and read from there on every later start, so `npm start` needs no setup;
 * - with NODE_ENV=production, start-up refuses with a message naming the variable: a key
 *   generated on a server's disk is too easily lost with its data (and with it every user's
 *   two-factor) or copied with a backup next to the database it protects.
 * Purposes get their own subkeys (HKDF-SHA256), so one use never gives away another.
 */
export class SecretKeyError extends Error {}

export const SECRET_KEY_FILE = 'secret.key';

function parseKey(text: string, where: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : /^[A-Za-z0-9+/_-]{43}=?$/.test(t) ? Buffer.from(t, 'base64') : null;
  if (!key || key.length !== 32) throw new SecretKeyError(`${where} must hold 32 random bytes as 64 hex characters or base64 (e.g. the output of \`openssl rand -hex 32\`)`);
  return key;
}

/** Where the key comes from, and the key. Throws SecretKeyError with a message naming the variable (never the value). */
export function loadSecretKey(env: NodeJS.ProcessEnv, dataDir: string): { key: Buffer; source: string } {
  const v = env.ORDO_SECRET_KEY?.trim();
  if (v) {
    if (/^[0-9a-fA-F]{64}$/.test(v) || /^[A-Za-z0-9+/_-]{43}=?$/.test(v)) return { key: parseKey(v, 'ORDO_SECRET_KEY'), source: 'ORDO_SECRET_KEY' };
    if (!fs.existsSync(v)) throw new SecretKeyError('ORDO_SECRET_KEY is neither a 32-byte key (64 hex characters or base64) nor the path of a readable file');
    return { key: parseKey(fs.readFileSync(v, 'utf8'), `the file named by ORDO_SECRET_KEY`), source: `ORDO_SECRET_KEY (file ${v})` };
  }
  if (env.NODE_ENV === 'production') {
    throw new SecretKeyError('ORDO_SECRET_KEY is not set. In production Ordo needs a secret key kept apart from the database (it encrypts two-factor secrets and signs device cookies): set ORDO_SECRET_KEY to the output of `openssl rand -hex 32`, or to the path of a file holding it, and back it up apart from the database');
  }
  const file = path.join(dataDir, SECRET_KEY_FILE);
  if (fs.existsSync(file)) return { key: parseKey(fs.readFileSync(file, 'utf8'), file), source: file };
  fs.mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  // 'wx': never overwrite a key another process wrote a moment ago
  try {
    fs.writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return { key: parseKey(fs.readFileSync(file, 'utf8'), file), source: file };
  }
  return { key, source: `${file} (generated now)` };
}

/** A subkey for one purpose. */
export function subkey(key: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `ordo:${purpose}`, 32));
}

const PREFIX = 'v1.';

/**
 * AES-256-GCM with a purpose's subkey. A sealed value is `v1.<iv>.<ciphertext+tag>` (base64url);
 * `aad` binds it to its place (e.g. the user id), so a value copied to another row does not open.
 */
export interface SecretBox {
  seal(plain: string, aad: string): string;
  /** The plain text; a value that is not sealed (stored before encryption existed) is returned as is. */
  open(stored: string, aad: string): string;
  isSealed(stored: string): boolean;
  /** HMAC-SHA256 (base64url) with the purpose's subkey, and its constant-time check. */
  sign(data: string): string;
  verify(data: string, signature: string): boolean;
}

export function secretBox(key: Buffer, purpose: string): SecretBox {
  const k = subkey(key, purpose);
  const mac = subkey(key, `${purpose}:mac`);
  const sign = (data: string) => createHmac('sha256', mac).update(data).digest('base64url');
  return {
    seal(plain, aad) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', k, iv);
      c.setAAD(Buffer.from(aad));
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final(), c.getAuthTag()]);
      return `${PREFIX}${iv.toString('base64url')}.${body.toString('base64url')}`;
    },
    open(stored, aad) {
      if (!stored.startsWith(PREFIX)) return stored;
      const [iv, body] = stored.slice(PREFIX.length).split('.');
      const raw = Buffer.from(body ?? '', 'base64url');
      const d = createDecipheriv('aes-256-gcm', k, Buffer.from(iv ?? '', 'base64url'));
      d.setAAD(Buffer.from(aad));
      d.setAuthTag(raw.subarray(raw.length - 16));
      return Buffer.concat([d.update(raw.subarray(0, raw.length - 16)), d.final()]).toString('utf8');
    },
    isSealed: (stored) => stored.startsWith(PREFIX),
    sign,
    verify(data, signature) {
      const want = Buffer.from(sign(data));
      const got = Buffer.from(signature);
      return want.length === got.length && timingSafeEqual(want, got);
    },
  };
}
