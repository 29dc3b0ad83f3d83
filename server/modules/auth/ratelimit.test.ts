import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ config: { loginRateLimitPerMinute: 5 } });
});
afterAll(() => t.close());

it('limits login attempts per IP with a clear 429, before any password is checked', async () => {
  const codes: number[] = [];
  for (let i = 0; i < 7; i++) codes.push((await t.anon.post('/api/auth/login', { login: `nobody${i}`, password: 'whatever1' })).statusCode);
  expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
  const res = await t.anon.post('/api/auth/login', { login: 'admin', password: t.fx.password }, { 'accept-language': 'en' });
  expect(res.statusCode).toBe(429);
  expect(res.json().error.code).toBe('RATE_LIMITED');
  expect(res.json().error.message).toMatch(/Too many requests/);
  expect(await t.db.selectFrom('sessions').selectAll().execute()).toHaveLength(0);
});
