import { sql, type ExpressionBuilder, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError, isUniqueViolation, notFound, validation } from '../../lib/errors';
import { registerMessages } from '../../lib/i18n';
import { paginate, type PageParams } from '../../lib/pagination';
import { audit } from '../platform/audit';
import { isCustomer, type Actor, type Role } from './actor';
import { generatePassword, hashPassword, verifyPassword } from './passwords';
import { unlockLogin } from './lockout';
import { checkPasswordPolicy } from './password-policy';
import { sha256 } from './passwords';
import { revokeAllDevices } from './devices';
import { sessionsChanged } from './session-cache';
import './tables';

registerMessages({
  LOGIN_TAKEN: { zh: '登录名“{login}”已被使用', en: 'The login "{login}" is already taken' },
  WRONG_PASSWORD: { zh: '当前密码不正确', en: 'The current password is wrong' },
  COMPANY_REQUIRED: { zh: '客户账号必须指定所属客户', en: 'A customer user needs a company' },
  COMPANY_NOT_ALLOWED: { zh: '员工账号不能属于客户', en: 'A staff user cannot belong to a company' },
  CANNOT_DISABLE_SELF: { zh: '不能停用自己的账号', en: 'You cannot disable your own account' },
});

export const userColumns = [
  'users.id',
  'users.login',
  'users.name',
  'users.phone',
  'users.email',
  'users.role',
  'users.company_id as companyId',
  'users.status',
  'users.locale',
  'users.last_login_at as lastLoginAt',
  'users.created_at as createdAt',
] as const;

async function companyName(db: Kysely<DB>, companyId: number | null | undefined): Promise<string | null> {
  if (!companyId) return null;
  const c = await db.selectFrom('companies').select('name').where('id', '=', companyId).executeTakeFirst();
  return c?.name ?? null;
}

/** The customer a customer user belongs to, by name (the console shows it, not the id). */
const companyNameOf = (eb: ExpressionBuilder<DB, 'users'>) =>
  eb.selectFrom('companies').select('companies.name').whereRef('companies.id', '=', 'users.company_id').as('companyName');

export async function getUser(db: Kysely<DB>, id: number) {
  const u = await db.selectFrom('users').select(userColumns).select(companyNameOf).where('users.id', '=', id).executeTakeFirst();
  if (!u) throw notFound('用户 / user');
  return u;
}

export interface NewUser {
  login: string;
  name: string;
  role: Role;
  companyId?: number | null;
  phone?: string | null;
  email?: string | null;
  password?: string;
}

/**
 * Inserts a user row inside the caller's transaction, its password already hashed (customer
 * registration creates the new company's admin in its own transaction). A taken login is a
 * unique violation on users_login, for the caller to turn into LOGIN_TAKEN.
 */
export async function insertUser(trx: Transaction<DB>, input: Omit<NewUser, 'password'> & { passwordHash: string }): Promise<number> {
  const row = await trx
    .insertInto('users')
    .values({
      login: input.login,
      name: input.name,
      role: input.role,
      company_id: input.companyId ?? null,
      phone: input.phone ?? null,
      email: input.email ?? null,
      password_hash: input.passwordHash,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Creates a user; returns it with the initial password when one was generated. */
export async function createUser(db: Kysely<DB>, actor: Actor | null, input: NewUser) {
  const customer = isCustomer({ role: input.role });
  if (customer && !input.companyId) throw new AppError('COMPANY_REQUIRED', 400);
  if (!customer && input.companyId) throw new AppError('COMPANY_NOT_ALLOWED', 400);
  const company = await companyName(db, input.companyId);
  if (input.companyId && company === null) throw validation([{ path: 'companyId', message: 'unknown company' }]);
  // A password the admin chose must pass the policy; a generated one is random and long.
  if (input.password) checkPasswordPolicy(input.password, { login: input.login, role: input.role, name: input.name, companyName: company });
  const password = input.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  try {
    const id = await db.transaction().execute(async (trx) => {
      const userId = await insertUser(trx, { ...input, passwordHash });
      await audit(trx, actor, { action: 'user.create', entityType: 'user', entityId: userId, after: { login: input.login, role: input.role, companyId: input.companyId ?? null } });
      return userId;
    });
    return { user: await getUser(db, id), initialPassword: input.password ? null : password };
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('LOGIN_TAKEN', 409, { login: input.login });
    throw e;
  }
}

export interface UserFilter extends PageParams {
  q?: string;
  role?: Role;
  companyId?: number;
  status?: 'active' | 'disabled';
}

export function listUsers(db: Kysely<DB>, f: UserFilter) {
  let q = db.selectFrom('users').select(userColumns).select(companyNameOf);
  if (f.role) q = q.where('users.role', '=', f.role);
  if (f.companyId) q = q.where('users.company_id', '=', f.companyId);
  if (f.status) q = q.where('users.status', '=', f.status);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('users.login', 'ilike', like), eb('users.name', 'ilike', like), eb('users.phone', 'ilike', like)]));
  }
  return paginate(q.orderBy('users.id'), f);
}

export interface UserPatch {
  name?: string;
  phone?: string | null;
  email?: string | null;
  role?: Role;
  status?: 'active' | 'disabled';
}

/** Updates a user; disabling ends its sessions at once. */
export async function updateUser(db: Kysely<DB>, actor: Actor, id: number, patch: UserPatch) {
  const before = await getUser(db, id);
  if (patch.role && isCustomer({ role: patch.role }) !== isCustomer({ role: before.role })) {
    throw validation([{ path: 'role', message: 'cannot switch between staff and customer roles' }]);
  }
  if (patch.status === 'disabled' && id === actor.userId) throw new AppError('CANNOT_DISABLE_SELF', 400);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ ...patch, updated_at: sql`now()` }).where('id', '=', id).execute();
    if (patch.status === 'disabled') await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    await audit(trx, actor, { action: 'user.update', entityType: 'user', entityId: id, before, after: patch });
  });
  await sessionsChanged({ userIds: [id] });
  return getUser(db, id);
}

/** Sets a new random password, unlocks the account and ends its sessions. */
export async function resetPassword(db: Kysely<DB>, actor: Actor, id: number) {
  const u = await getUser(db, id);
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash, failed_logins: 0, locked_until: null, demo: false, updated_at: sql`now()` }).where('id', '=', id).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    await trx.updateTable('api_tokens').set({ revoked_at: sql`now()` }).where('user_id', '=', id).where('revoked_at', 'is', null).execute();
    await unlockLogin(trx, u.login);
    await revokeAllDevices(trx, id);
    await audit(trx, actor, { action: 'user.reset_password', entityType: 'user', entityId: id });
  });
  await sessionsChanged({ userIds: [id] });
  return { password };
}

/** An admin lets a login whose failures refused it sign in again, from every address. */
export async function unlockUser(db: Kysely<DB>, actor: Actor, id: number) {
  const u = await getUser(db, id);
  await db.transaction().execute(async (trx) => {
    const cleared = await unlockLogin(trx, u.login);
    await audit(trx, actor, { action: 'user.unlock', entityType: 'user', entityId: id, after: { addresses: cleared } });
  });
}

/** Changes the caller's own password; ends its other sessions and revokes all its API tokens. */
export async function changePassword(db: Kysely<DB>, actor: Actor, current: string, next: string, keepSession?: string) {
  const u = await db.selectFrom('users').select(['password_hash', 'login', 'name', 'role', 'company_id']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(u.password_hash, current))) throw new AppError('WRONG_PASSWORD', 400);
  checkPasswordPolicy(next, { login: u.login, role: u.role, name: u.name, companyName: await companyName(db, u.company_id) });
  const passwordHash = await hashPassword(next);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash, demo: false, updated_at: sql`now()` }).where('id', '=', actor.userId).execute();
    let del = trx.deleteFrom('sessions').where('user_id', '=', actor.userId);
    if (keepSession) del = del.where('token_hash', '!=', sha256(keepSession));
    await del.execute();
    await trx.updateTable('api_tokens').set({ revoked_at: sql`now()` }).where('user_id', '=', actor.userId).where('revoked_at', 'is', null).execute();
    await revokeAllDevices(trx, actor.userId);
    await audit(trx, actor, { action: 'user.change_password', entityType: 'user', entityId: actor.userId });
  });
  await sessionsChanged({ userIds: [actor.userId] });
}

/** Staff who may own customers (sales reps and admins): lower-case login → { id, login }, for imports. */
export async function salesRepLogins(db: Kysely<DB> | Transaction<DB>) {
  const rows = await db.selectFrom('users').select(['id', 'login']).where('company_id', 'is', null).where('role', 'in', ['sales', 'admin']).execute();
  return new Map(rows.map((r) => [r.login.toLowerCase(), r]));
}
