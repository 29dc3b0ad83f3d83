import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from './harness';

// Issue 22: the password policy (NIST SP 800-63B) on every route where a person picks a password.
let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.as('admin');
});
afterAll(() => t.close());

const userCount = async () => Number((await t.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const canLogin = async (login: string, password: string) => (await t.anon.post('/api/auth/login', { login, password })).statusCode === 200;

describe('user creation by an admin', () => {
  it.each([
    ['12345678 (the finding)', '12345678', 'PASSWORD_TOO_SHORT', '至少 10 位'],
    ['1234567890', '1234567890', 'PASSWORD_TOO_COMMON', '太常见'],
    ['a repeated character', 'aaaaaaaaaaaa', 'PASSWORD_TOO_SIMPLE', '重复或连续'],
    ['a common password with a symbol', 'Passw0rd!', 'PASSWORD_TOO_SHORT', '至少 10 位'],
    ['a breached password', 'qwertyuiop123', 'PASSWORD_TOO_COMMON', '太常见'],
    ['the login inside', 'xinyuan-2026-spring', 'PASSWORD_CONTAINS_NAME', '登录名'],
    ['9 characters for staff', 'kiwi-tree', 'PASSWORD_TOO_SHORT', '至少 10 位'],
  ])('%s → 400 in Chinese that says what to fix, no user written', async (_n, password, code, words) => {
    const before = await userCount();
    const res = await admin.post('/api/users', { login: 'xinyuan', name: '新员工', role: 'finance', password }, { 'accept-language': 'zh-CN' });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe(code);
    expect(res.json().error.message).toContain(words);
    expect(await userCount()).toBe(before);
  });

  it('says it in English too', async () => {
    const res = await admin.post('/api/users', { login: 'xinyuan', name: '新员工', role: 'finance', password: 'short' }, { 'accept-language': 'en' });
    expect(res.json().error.message).toContain('at least 10 characters');
  });

  it('a long phrase passes (no composition rules), and signs in', async () => {
    const res = await admin.post('/api/users', { login: 'xinyuan', name: '新员工', role: 'finance', password: 'plum blossom in the snow' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().initialPassword).toBeNull();
    expect(await canLogin('xinyuan', 'plum blossom in the snow')).toBe(true);
  });
});

describe('a customer admin adds a buyer', () => {
  it('the company name is refused inside the password; 8 characters suffice for customers', async () => {
    const owner = await t.as('ownerA');
    const before = await userCount();
    const bad = await owner.post('/api/my/buyers', { login: 'buyer-a2', name: '采购二', role: 'customer_buyer', password: 'alpha foods 88' });
    expect(bad.statusCode, bad.body).toBe(400);
    expect(bad.json().error.code).toBe('PASSWORD_CONTAINS_NAME');
    const common = await owner.post('/api/my/buyers', { login: 'buyer-a2', name: '采购二', role: 'customer_buyer', password: 'sunshine1' });
    expect(common.json().error.code).toBe('PASSWORD_TOO_COMMON');
    const run = await owner.post('/api/my/buyers', { login: 'buyer-a2', name: '采购二', role: 'customer_buyer', password: '12345678' });
    expect(run.json().error.code).toBe('PASSWORD_TOO_SIMPLE');
    expect(await userCount()).toBe(before);
    const good = await owner.post('/api/my/buyers', { login: 'buyer-a2', name: '采购二', role: 'customer_buyer', password: 'fig-jam-9' });
    expect(good.statusCode, good.body).toBe(200);
  });
});

describe('changing your own password', () => {
  it.each([
    ['too short', 'abc', 'PASSWORD_TOO_SHORT'],
    ['common', 'iloveyou2026', 'PASSWORD_TOO_COMMON'],
    ['repeated', 'zzzzzzzzzzzz', 'PASSWORD_TOO_SIMPLE'],
    ['contains the login', 'my warehouse key', 'PASSWORD_CONTAINS_NAME'],
    ['Chinese and emoji, too short', '密码🔑', 'PASSWORD_TOO_SHORT'],
    ['empty', '', 'VALIDATION'],
    ['oversized', 'x'.repeat(10_000), 'VALIDATION'],
    ['a number', 12345678901, 'VALIDATION'],
  ])('%s → 400 %s; the old password still works', async (_n, newPassword, code) => {
    const me = await t.as('warehouse');
    const res = await me.post('/api/auth/password', { currentPassword: t.fx.password, newPassword });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe(code);
    expect(await canLogin('warehouse', t.fx.password)).toBe(true);
  });

  it('a staff member may choose a Chinese phrase of 10 characters', async () => {
    const me = await t.as('sales2');
    const res = await me.post('/api/auth/password', { currentPassword: t.fx.password, newPassword: '床前明月光疑是地上霜' });
    expect(res.statusCode, res.body).toBe(200);
    expect(await canLogin('sales2', '床前明月光疑是地上霜')).toBe(true);
  });
});
