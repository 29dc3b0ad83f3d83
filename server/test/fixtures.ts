import type { Database } from '../lib/db';
import { hashPassword } from '../modules/auth/passwords';
import type { Role } from '../modules/auth/actor';
import '../modules/auth/tables';
import '../modules/customers/tables';

/**
 * The small world every test file starts from: two customer companies (A and B) with an admin
 * and a buyer each, and one staff user per staff role. Domain tests add their own rows.
 */
export interface Fixtures {
  password: string;
  companyA: number;
  companyB: number;
  users: Record<'admin' | 'sales' | 'sales2' | 'warehouse' | 'finance' | 'ownerA' | 'buyerA' | 'ownerB' | 'buyerB', number>;
}

/** The fixture users' password (passes the password policy: 10+ characters, not a common one). */
export const FIXTURE_PASSWORD = 'Test-secret-2026';

export async function seedFixtures(database: Database): Promise<Fixtures> {
  const db = database.db;
  const password = FIXTURE_PASSWORD;
  const hash = await hashPassword(password);
  const a = await db.insertInto('companies').values({ code: 'CA', name: '甲公司 Alpha Foods' }).returning('id').executeTakeFirstOrThrow();
  const b = await db.insertInto('companies').values({ code: 'CB', name: '乙公司 Beta Mart' }).returning('id').executeTakeFirstOrThrow();
  const rows: [keyof Fixtures['users'], Role, number | null][] = [
    ['admin', 'admin', null],
    ['sales', 'sales', null],
    ['sales2', 'sales', null],
    ['warehouse', 'warehouse', null],
    ['finance', 'finance', null],
    ['ownerA', 'customer_admin', a.id],
    ['buyerA', 'customer_buyer', a.id],
    ['ownerB', 'customer_admin', b.id],
    ['buyerB', 'customer_buyer', b.id],
  ];
  const users = {} as Fixtures['users'];
  for (const [login, role, companyId] of rows) {
    const r = await db
      .insertInto('users')
      .values({ login, name: `测试 ${login}`, role, company_id: companyId, password_hash: hash, phone: null, email: `${login}@test.example` })
      .returning('id')
      .executeTakeFirstOrThrow();
    users[login] = r.id;
  }
  return { password, companyA: a.id, companyB: b.id, users };
}
