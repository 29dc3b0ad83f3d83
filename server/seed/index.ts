import type { Database } from '../lib/db';
import { analyze } from '../lib/db';
import { loadConfig } from '../config';
import type { SeedContext } from '../lib/module';
import { modules } from '../modules';
import { generatePassword, hashPassword } from '../modules/auth/passwords';
import '../modules/auth/tables';

/** True when no user exists yet: the first start of a new database. */
export async function isEmpty(database: Database): Promise<boolean> {
  const r = await database.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n) === 0;
}

/** Seeds the demo distributor: every module adds its part, in module order. */
export async function seedDemo(database: Database, timeZone = loadConfig().timeZone): Promise<SeedContext> {
  const ctx: SeedContext = { database, refs: {}, logins: [], timeZone };
  for (const m of modules) if (m.seedDemo) await m.seedDemo(ctx);
  for (const m of modules) if (m.seedDemoLast) await m.seedDemoLast(ctx);
  await analyze(database.db);
  return ctx;
}

/** An empty system with one admin whose random password is returned (printed once at start). */
export async function seedAdminOnly(database: Database): Promise<{ login: string; password: string }> {
  const password = generatePassword();
  await database.db
    .insertInto('users')
    .values({ login: 'admin', name: '管理员', role: 'admin', password_hash: await hashPassword(password), company_id: null, phone: null, email: null })
    .execute();
  return { login: 'admin', password };
}
