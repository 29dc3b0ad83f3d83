import { z } from 'zod';
import { ROLES, STAFF_ROLES } from './actor';
import { id, optionalText, text } from '../../lib/schemas';

export const role = z.enum(ROLES);
export const password = z.string().min(1, 'required').max(128, 'at most 128 characters');

export const loginBody = z.object({ login: text(64), password });

export const me = z.object({
  id: z.number(),
  /** True while the role requires two-factor sign-in and it is not set up: only the setup is open. */
  twoFactorSetupRequired: z.boolean(),
  login: z.string(),
  name: z.string(),
  role,
  companyId: z.number().nullable(),
  companyName: z.string().nullable(),
  permissions: z.array(z.string()),
});

export const user = z.object({
  id: z.number(),
  login: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  role,
  companyId: z.number().nullable(),
  /** the customer's name, for customer users */
  companyName: z.string().nullable(),
  status: z.enum(['active', 'disabled']),
  locale: z.string(),
  lastLoginAt: z.date().nullable(),
  createdAt: z.date(),
});

const login = z
  .string()
  .trim()
  .min(2, 'at least 2 characters')
  .max(64, 'at most 64 characters')
  .regex(/^[\p{L}\p{N}_.@-]+$/u, 'letters, digits, _ . @ - only');

export const createUserBody = z.object({
  login,
  name: text(64),
  role,
  companyId: id.nullish(),
  phone: optionalText(32),
  email: z.email('not an email address').max(200).nullish(),
  // Length and strength are the password policy's to judge (password-policy.ts): its message says what to fix.
  password: z.string().min(1, 'required').max(128, 'at most 128 characters').optional(),
});

export const updateUserBody = z
  .object({
    name: text(64).optional(),
    phone: optionalText(32),
    email: z.email('not an email address').max(200).nullish(),
    role: role.optional(),
    status: z.enum(['active', 'disabled']).optional(),
  })
  .strict();

export const changePasswordBody = z.object({ currentPassword: password, newPassword: z.string().min(1, 'required').max(128, 'at most 128 characters') });

export const token = z.object({
  id: z.number(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.date(),
  expiresAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});

export const createTokenBody = z.object({
  name: text(64),
  scopes: z.array(z.string().max(64)).min(1, 'at least one scope').max(50),
  expiresInDays: z.number().int().min(1).max(3650).nullish(),
});

/** After a good password, a user with two-factor sign-in gets a pending sign-in instead of a session. */
export const loginAnswer = z.union([
  me,
  z.object({ twoFactor: z.object({ challenge: z.string(), expiresAt: z.date() }) }),
]);

const code = z.string().trim().min(1, 'required').max(20, 'at most 20 characters');
export const twoFactorLoginBody = z.object({
  challenge: z.string().min(1, 'required').max(100), code,
  /** Remember this browser for 30 days: signing in from it then asks the password only. */
  rememberDevice: z.boolean().optional(),
});
export const unlockRequestBody = z.strictObject({ login: text(64) });
export const unlockBody = z.strictObject({ token: z.string().min(20, 'the token from the e-mail link').max(100).regex(/^[\w-]+$/, 'the token from the e-mail link') });
export const trustedDevice = z.object({ id: z.number(), label: z.string(), ip: z.string().nullable(), createdAt: z.string(), expiresAt: z.string(), lastUsedAt: z.string().nullable(), current: z.boolean() });
export const twoFactorCodeBody = z.object({ code });
export const twoFactorStatus = z.object({ enabled: z.boolean(), enabledAt: z.date().nullable(), recoveryCodesLeft: z.number(), required: z.boolean() });
export const twoFactorSetup = z.object({ secret: z.string(), otpauthUri: z.string(), qrCode: z.string() });
export const recoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });
export const twoFactorPolicy = z.object({ roles: z.array(z.enum(STAFF_ROLES)) });
export const twoFactorPolicyBody = z.object({ roles: z.array(z.string().max(32)).max(10) });
