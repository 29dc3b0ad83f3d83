import { randomBytes } from 'node:crypto';
import type { Config } from '../../config';
import { secretBox, type SecretBox } from '../../lib/secret-key';

/** Purposes of the server key the auth module uses (each gets its own subkey). */
export const TOTP_PURPOSE = 'totp-secret';
export const DEVICE_PURPOSE = 'trusted-device';
export const UNLOCK_PURPOSE = 'unlock-link';

// An app built without a loaded key (tests, benchmarks, the OpenAPI build) gets one for its
// process only; main.ts and worker-main.ts always load the real one first.
let processKey: Buffer | null = null;
const keyOf = (config: Config) => config.secretKey ?? (processKey ??= randomBytes(32));

/** The boxes that seal TOTP secrets, sign device cookies and seal unlock links on their way to the mailer. */
export function authBoxes(config: Config): { totp: SecretBox; device: SecretBox; unlock: SecretBox } {
  const key = keyOf(config);
  return { totp: secretBox(key, TOTP_PURPOSE), device: secretBox(key, DEVICE_PURPOSE), unlock: secretBox(key, UNLOCK_PURPOSE) };
}
