import fs from 'node:fs';
import { AppError } from '../../lib/errors';
import { registerMessages } from '../../lib/i18n';
import { isStaff, type Role } from './actor';

/**
 * The password policy of NIST SP 800-63B (5.1.1.2), issue 22: a minimum length (10 for staff, who
 * can see every customer's data; 8 for customer users), up to 128 characters, no composition rules
 * (no "one upper case, one symbol"), and refused when it is a known common or breached password,
 * a repetition or a run of characters, or contains the person's login, name or company. It applies
 * wherever a person chooses a password (user creation, change); generated passwords pass it.
 */
export const MIN_LENGTH_STAFF = 10;
export const MIN_LENGTH_CUSTOMER = 8;
export const MAX_LENGTH = 128;

registerMessages({
  PASSWORD_TOO_SHORT: {
    zh: '密码太短：至少 {min} 位（可以用一句好记的话，空格和中文都可以）',
    en: 'The password is too short: use at least {min} characters (a memorable phrase works; spaces are fine)',
  },
  PASSWORD_TOO_LONG: { zh: '密码太长：最多 {max} 位', en: 'The password is too long: at most {max} characters' },
  PASSWORD_TOO_COMMON: {
    zh: '这个密码太常见（在泄露或常用密码表中），请换一个别人猜不到的密码',
    en: 'This password is too common (it is on a list of breached or common passwords); choose one others cannot guess',
  },
  PASSWORD_TOO_SIMPLE: {
    zh: '密码不能是重复或连续的字符（如 11111111、12345678），请换一个',
    en: 'The password cannot be repeated or consecutive characters (like aaaaaaaa, 12345678, abcdefgh); choose another',
  },
  PASSWORD_CONTAINS_NAME: {
    zh: '密码不能包含登录名、姓名或公司名，请换一个',
    en: 'The password cannot contain your login, name or company name; choose another',
  },
});

let common: Set<string> | null = null;

/** The bundled list (common-passwords.txt), read once on first use. */
function commonPasswords(): Set<string> {
  if (!common) {
    const text = fs.readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8');
    common = new Set(text.split('\n').filter((l) => l && !l.startsWith('#')));
  }
  return common;
}

// Look-alike characters people put in place of letters ("p@ssw0rd" is "password").
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i' };
const unleet = (s: string) => s.replace(/[013457@$!]/g, (c) => LEET[c] ?? c);

/** Is this (lowercased) password, or its word with digits and symbols trimmed off the end, on the list? */
function isCommon(lower: string): boolean {
  const list = commonPasswords();
  const base = lower.replace(/[^\p{L}]+$/u, '');
  const candidates = [lower, base, unleet(lower), unleet(lower).replace(/[^\p{L}]+$/u, ''), unleet(base)];
  return candidates.some((c) => c.length >= 4 && list.has(c));
}

/** aaaaaaaa, abcabcabc, 12345678, 87654321, abcdefgh: a short unit repeated, or one run of code points. */
function isSimple(password: string): boolean {
  const chars = Array.from(password.toLowerCase());
  for (let unit = 1; unit <= 4; unit++) {
    if (chars.length >= unit * 2 && chars.every((c, i) => c === chars[i % unit])) return true;
  }
  const steps = chars.slice(1).map((c, i) => (c.codePointAt(0) ?? 0) - (chars[i].codePointAt(0) ?? 0));
  return steps.length > 0 && (steps.every((d) => d === 1) || steps.every((d) => d === -1));
}

export interface PasswordContext {
  login: string;
  role: Role;
  /** The person's name, and a customer user's company name: neither may appear in the password. */
  name?: string | null;
  companyName?: string | null;
}

/** Names of at least 3 characters (2 for Chinese) that the password must not contain. */
function contextWords(ctx: PasswordContext): string[] {
  const parts = [ctx.login, ctx.name, ctx.companyName, ...ctx.login.split(/[_.@-]/), ...(ctx.name ?? '').split(/\s+/), ...(ctx.companyName ?? '').split(/\s+/)];
  return parts
    .filter((p): p is string => !!p)
    .map((p) => p.trim().toLowerCase().replace(/\s+/g, ''))
    .filter((p) => p.length >= 3 || (p.length >= 2 && /\p{Script=Han}/u.test(p)));
}

/** Throws a 400 that says what to change when the password breaks the policy. */
export function checkPasswordPolicy(password: string, ctx: PasswordContext): void {
  const min = isStaff({ role: ctx.role }) ? MIN_LENGTH_STAFF : MIN_LENGTH_CUSTOMER;
  const length = Array.from(password).length;
  if (length < min) throw new AppError('PASSWORD_TOO_SHORT', 400, { min });
  if (length > MAX_LENGTH) throw new AppError('PASSWORD_TOO_LONG', 400, { max: MAX_LENGTH });
  const lower = password.toLowerCase();
  const squashed = lower.replace(/\s+/g, '');
  if (contextWords(ctx).some((w) => squashed.includes(w))) throw new AppError('PASSWORD_CONTAINS_NAME', 400);
  if (isSimple(squashed)) throw new AppError('PASSWORD_TOO_SIMPLE', 400);
  if (isCommon(lower) || isCommon(squashed)) throw new AppError('PASSWORD_TOO_COMMON', 400);
}
