import fs from 'node:fs';
import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { AppError } from '../../../lib/errors';

/**
 * Small helpers the real provider adapters (wechatpay.ts, alipay.ts) share: reading keys from
 * the environment, a configuration error that names the variable, the provider-failure error,
 * and exact fen ↔ yuan conversion for the wire.
 */

/** A configuration problem found at start-up: names the variable, never prints its value. */
export class ProviderConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'ProviderConfigError';
  }
}

/** The provider answered with an error, an unsigned/forged reply, or not at all (HTTP 502 to our caller). */
export const providerFailed = (provider: string, reason: string) => new AppError('PROVIDER_FAILED', 502, { provider, reason });

/** A PEM given inline (literal "\n" allowed, as env files often have it) or the path of a PEM file. */
function pemOf(variable: string, value: string): string {
  const v = value.trim();
  if (v.includes('-----BEGIN')) return v.replace(/\\n/g, '\n');
  try {
    return fs.readFileSync(v, 'utf8');
  } catch {
    throw new ProviderConfigError(variable, 'is neither a PEM nor a readable PEM file path');
  }
}

/** Bare base64 (as Alipay's key tool prints keys) is wrapped into a PEM of the given kind. */
function wrapBare(pem: string, kind: 'PRIVATE KEY' | 'PUBLIC KEY'): string {
  if (pem.includes('-----BEGIN') || !/^[A-Za-z0-9+/=\s]+$/.test(pem)) return pem;
  const body = pem.replace(/\s+/g, '').replace(/(.{64})/g, '$1\n').trim();
  return `-----BEGIN ${kind}-----\n${body}\n-----END ${kind}-----\n`;
}

export function privateKeyFrom(variable: string, value: string, opts: { allowBare?: boolean } = {}): KeyObject {
  const looksBare = opts.allowBare && /^[A-Za-z0-9+/=\s]{200,}$/.test(value.trim());
  const pem = looksBare ? wrapBare(value.trim(), 'PRIVATE KEY') : pemOf(variable, value);
  try {
    const k = createPrivateKey(pem);
    if (k.asymmetricKeyType !== 'rsa') throw new Error('not RSA');
    return k;
  } catch {
    throw new ProviderConfigError(variable, 'is not a valid RSA private key (PEM, PKCS#1 or PKCS#8)');
  }
}

export function publicKeyFrom(variable: string, value: string, opts: { allowBare?: boolean } = {}): KeyObject {
  const looksBare = opts.allowBare && /^[A-Za-z0-9+/=\s]{200,}$/.test(value.trim());
  const pem = looksBare ? wrapBare(value.trim(), 'PUBLIC KEY') : pemOf(variable, value);
  try {
    const k = pem.includes('BEGIN CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
    if (k.asymmetricKeyType !== 'rsa') throw new Error('not RSA');
    return k;
  } catch {
    throw new ProviderConfigError(variable, 'is not a valid RSA public key or certificate (PEM)');
  }
}

/**
 * Reads a group of variables that must be all set or all unset. Returns null when none is set,
 * the values when all are, and throws naming the first missing one otherwise.
 */
export function envGroup<K extends string>(env: NodeJS.ProcessEnv, provider: string, names: readonly K[]): Record<K, string> | null {
  const present = names.filter((n) => (env[n] ?? '').trim() !== '');
  if (present.length === 0) return null;
  const missing = names.find((n) => (env[n] ?? '').trim() === '');
  if (missing) throw new ProviderConfigError(missing, `is required to use ${provider} (set: ${present.join(', ')})`);
  return Object.fromEntries(names.map((n) => [n, env[n]!.trim()])) as Record<K, string>;
}

/** 1 → "0.01", 199999 → "1999.99": integer fen to the 2-decimal yuan string the wire uses. */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`fen must be a non-negative safe integer, got ${fen}`);
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/** "1999.99" → 199999 exactly (string arithmetic, no floats); null for anything else ("1e3", "1.005", "-1", " 1"). */
export function yuanToFen(yuan: unknown): number | null {
  if (typeof yuan !== 'string') return null;
  const m = /^(0|[1-9]\d{0,12})(?:\.(\d{1,2}))?$/.exec(yuan);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** One header value (Node lower-cases names; a repeated header is taken as absent). */
export function header(headers: Record<string, string | string[] | undefined>, name: string): string | null {
  const v = headers[name.toLowerCase()];
  return typeof v === 'string' && v.length > 0 ? v : null;
}
