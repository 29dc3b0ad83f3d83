import type { SeedContext } from '../../lib/module';
import type { Role } from './actor';
import { hashPassword } from './passwords';
import './tables';

export const DEMO_PASSWORD = 'Ordo-demo-2026';

/** Demo staff for every role, plus an admin and a buyer for each demo customer company. */
export async function seedAuthDemo(ctx: SeedContext): Promise<void> {
  const db = ctx.database.db;
  const hash = await hashPassword(DEMO_PASSWORD);
  const staff: [string, string, Role, string][] = [
    ['admin', '陈建国', 'admin', '管理员 / order desk'],
    ['sales', '王磊', 'sales', '业务员 (华东区)'],
    ['sales2', '李娜', 'sales', '业务员 (华南区)'],
    ['warehouse', '赵强', 'warehouse', '仓管'],
    ['finance', '孙丽', 'finance', '财务'],
  ];
  const users = ctx.refs.users ?? (ctx.refs.users = {});
  for (const [login, name, role, note] of staff) {
    const r = await db.insertInto('users').values({ login, name, role, password_hash: hash, phone: null, email: `${login}@ordo.example.cn`, company_id: null, demo: true }).returning('id').executeTakeFirstOrThrow();
    users[login] = r.id;
    ctx.logins.push({ role, login, password: DEMO_PASSWORD, note });
  }
  const companies = ctx.refs.companies ?? {};
  const customerUsers: [string, string, Role, string][] = [
    ['owner', '刘芳', 'customer_admin', 'C001'],
    ['buyer', '张伟', 'customer_buyer', 'C001'],
    ['owner2', '黄志明', 'customer_admin', 'C002'],
    ['buyer2', '周敏', 'customer_buyer', 'C002'],
  ];
  for (const [login, name, role, code] of customerUsers) {
    const companyId = companies[code];
    if (!companyId) continue;
    const r = await db.insertInto('users').values({ login, name, role, password_hash: hash, company_id: companyId, phone: null, email: `${login}@dealer.example.cn`, demo: true }).returning('id').executeTakeFirstOrThrow();
    users[login] = r.id;
    ctx.logins.push({ role, login, password: DEMO_PASSWORD, note: code });
  }
}
