import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { openDatabase, type Database } from '../lib/db';
import { migrate } from '../lib/migrate';
import type { SeedContext } from '../lib/module';
import { isEmpty, seedAdminOnly, seedDemo } from '.';

/** The demo that `npm start` seeds: every printed login must work and land on the right side. */
let database: Database;
let ctx: SeedContext;
let app: Awaited<ReturnType<typeof buildApp>>;
beforeAll(async () => {
  database = await openDatabase({});
  await migrate(database);
  expect(await isEmpty(database)).toBe(true);
  ctx = await seedDemo(database);
  app = await buildApp({ config: { ...loadConfig({}), loginRateLimitPerMinute: 10_000 }, database, logger: false });
}, 300_000);
afterAll(async () => {
  await app.close();
  await database.close();
});

describe('demo seed', () => {
  it('prints a login for every role', () => {
    const roles = new Set(ctx.logins.map((l) => l.role));
    for (const r of ['admin', 'sales', 'warehouse', 'finance', 'customer_admin', 'customer_buyer']) expect(roles).toContain(r);
  });

  it('every printed login signs in', async () => {
    for (const l of ctx.logins) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: l.login, password: l.password } });
      expect(res.statusCode, `${l.login}: ${res.body}`).toBe(200);
      expect(res.json().role).toBe(l.role);
    }
  });

  it('an empty system gets one admin with a random password', async () => {
    const empty = await openDatabase({});
    await migrate(empty);
    const admin = await seedAdminOnly(empty);
    expect(admin.password).toHaveLength(12);
    expect(await isEmpty(empty)).toBe(false);
    await empty.close();
  });
});
