import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors';
import { checkPasswordPolicy, type PasswordContext } from './password-policy';
import { generatePassword } from './passwords';
import { DEMO_PASSWORD } from './seed';

const staff: PasswordContext = { login: 'wanglei', role: 'sales', name: '王磊' };
const buyer: PasswordContext = { login: 'zhangwei', role: 'customer_buyer', name: '张伟', companyName: '华东鲜达 Fresh Foods' };

const codeOf = (password: string, ctx: PasswordContext) => {
  try {
    checkPasswordPolicy(password, ctx);
    return 'OK';
  } catch (e) {
    return e instanceof AppError ? e.code : String(e);
  }
};

describe('password policy (NIST SP 800-63B)', () => {
  it.each([
    ['12345678', 'PASSWORD_TOO_SIMPLE', buyer],
    ['1234567890', 'PASSWORD_TOO_COMMON', staff],
    ['aaaaaaaaaa', 'PASSWORD_TOO_SIMPLE', staff],
    ['abcabcabcabc', 'PASSWORD_TOO_SIMPLE', staff],
    ['9876543210', 'PASSWORD_TOO_SIMPLE', staff],
    ['password', 'PASSWORD_TOO_COMMON', buyer],
    ['Passw0rd!', 'PASSWORD_TOO_COMMON', buyer],
    ['P@ssw0rd2026', 'PASSWORD_TOO_COMMON', staff],
    ['qwertyuiop', 'PASSWORD_TOO_COMMON', staff],
    ['1qaz2wsx3edc', 'PASSWORD_TOO_COMMON', staff],
    ['woaini1314', 'PASSWORD_TOO_COMMON', staff],
    ['Dragon2026!', 'PASSWORD_TOO_COMMON', staff],
    ['iloveyou!!', 'PASSWORD_TOO_COMMON', staff],
    ['short', 'PASSWORD_TOO_SHORT', buyer],
    ['nine-char', 'PASSWORD_TOO_SHORT', staff],
    ['密码太短了', 'PASSWORD_TOO_SHORT', buyer],
    ['x'.repeat(129), 'PASSWORD_TOO_LONG', staff],
    ['wanglei-2026-spring', 'PASSWORD_CONTAINS_NAME', staff],
    ['WangLei!!2026', 'PASSWORD_CONTAINS_NAME', staff],
    ['我是王磊的密码呀', 'PASSWORD_CONTAINS_NAME', { ...buyer, name: '王磊' }],
    ['fresh foods 2026', 'PASSWORD_CONTAINS_NAME', buyer],
    ['华东鲜达fresh foods!', 'PASSWORD_CONTAINS_NAME', buyer],
  ] as const)('%s is refused: %s', (password, code, ctx) => {
    expect(codeOf(password, ctx)).toBe(code);
  });

  it.each([
    ['tea-kettle-orchard', staff],
    ['correct horse battery staple', staff],
    ['春眠不觉晓处处闻啼鸟', staff],
    ['Kiwi🥝Mango🥭', staff],
    ['blue-river-81', buyer],
    ['z7#kq9!m', buyer],
  ] as const)('%s passes (no composition rules: a long phrase is fine)', (password, ctx) => {
    expect(codeOf(password, ctx)).toBe('OK');
  });

  it('customer users need 8 characters, staff 10', () => {
    expect(codeOf('fig-jam-9', buyer)).toBe('OK');
    expect(codeOf('fig-jam-9', staff)).toBe('PASSWORD_TOO_SHORT');
  });

  it('the demo password and generated passwords pass for every role', () => {
    for (const role of ['admin', 'finance', 'customer_admin'] as const) {
      expect(codeOf(DEMO_PASSWORD, { login: 'admin', role, name: '陈建国' })).toBe('OK');
      for (let i = 0; i < 50; i++) expect(codeOf(generatePassword(), { login: 'admin', role })).toBe('OK');
    }
  });

  it('short logins and names (under 3 letters) do not forbid common fragments', () => {
    expect(codeOf('liquid-oxygen-tank', { login: 'li', role: 'sales', name: 'Li' })).toBe('OK');
  });
});
