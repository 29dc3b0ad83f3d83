import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { openDatabase, type Database } from '../lib/db';
import { migrate } from '../lib/migrate';
import type { SeedContext } from '../lib/module';
import { bpOf } from '../modules/marketing/engine';
import { FUNDS_DEFAULTS } from '../modules/marketing/funds-step';
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
}, 600_000); // a loaded 2-core machine seeds in minutes
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

  it('settles last quarter\'s rebates from the demo\'s received orders: C001\'s credited, the others pending; points earned per order', async () => {
    const db = database.db;
    const received = sql<Date>`coalesce(delivered_at, completed_at)`;
    const rows = await db.selectFrom('rebate_settlements').selectAll().execute();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const r of rows) {
      const sum = await db.selectFrom('orders').select((eb) => eb.fn.sum<number>('total').as('n')).where('company_id', '=', r.company_id)
        .where(received, '>=', r.period_start).where(received, '<', r.period_end).executeTakeFirstOrThrow();
      expect(Number(r.sales)).toBe(Number(sum.n));
      expect(Number(r.amount)).toBe(bpOf(Number(r.sales), r.rate_bp));
    }
    const c1 = ctx.refs.companies!.C001!;
    expect(rows.find((r) => r.company_id === c1)).toMatchObject({ status: 'approved' });
    expect(rows.filter((r) => r.company_id !== c1).map((r) => r.status)).toContain('pending');
    expect(rows.filter((r) => r.company_id !== c1).every((r) => r.status === 'pending')).toBe(true);
    const balance = async (kind: 'rebate' | 'points') =>
      Number((await db.selectFrom('marketing_accounts').select('balance').where('company_id', '=', c1).where('kind', '=', kind).executeTakeFirst())?.balance ?? 0);
    expect(await balance('rebate')).toBe(Number(rows.find((r) => r.company_id === c1)!.amount));
    const orders = await db.selectFrom('orders').select('total').where('company_id', '=', c1).where(received, 'is not', null).execute();
    expect(await balance('points')).toBe(orders.reduce((a, o) => a + Math.floor(Number(o.total) / 100) * FUNDS_DEFAULTS.pointsPerYuan, 0));
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
