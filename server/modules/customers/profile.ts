import { sql, type Kysely, type Transaction } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../lib/db-types';
import { AppError, notFound } from '../../lib/errors';
import { registerMessages } from '../../lib/i18n';
import { audit } from '../platform/audit';
import { emit } from '../platform/outbox';
import type { Actor } from '../auth/actor';
import { createUser, updateUser } from '../auth/users';
import { assertCustomerAccess } from './companies';
import type { addressBody, addressPatch, buyerBody, buyerPatch, invoiceBody } from './schemas';
import './tables';

type Db = Kysely<DB> | Transaction<DB>;

registerMessages({
  ADDRESS_LIMIT: { zh: '每个客户最多 {max} 个收货地址', en: 'A customer can have at most {max} delivery addresses' },
  CANNOT_CHANGE_SELF: { zh: '不能停用自己或修改自己的额度', en: 'You cannot disable yourself or change your own limit' },
});

export const ADDRESS_ENTITY = '收货地址 / address';
const BUYER_ENTITY = '采购员 / buyer';
export const MAX_ADDRESSES = 50;

export const addressColumns = [
  'id', 'company_id as companyId', 'recipient', 'phone', 'province', 'city', 'district', 'address', 'postcode', 'is_default as isDefault',
] as const;

export async function listAddresses(db: Db, actor: Actor, companyId: number) {
  await assertCustomerAccess(db, actor, companyId);
  return db.selectFrom('company_addresses').select(addressColumns).where('company_id', '=', companyId).orderBy('is_default', 'desc').orderBy('id').execute();
}

/** A company's more contacts (the main one is on the company; the customer import adds these), oldest first. */
export async function listContacts(db: Db, actor: Actor, companyId: number) {
  await assertCustomerAccess(db, actor, companyId);
  return db.selectFrom('company_contacts').select(['id', 'name', 'phone', 'email']).where('company_id', '=', companyId).orderBy('id').execute();
}

/** One address of a company (orders use it to copy the delivery address); 404 for others. */
export async function getAddress(db: Db, companyId: number, addressId: number) {
  const a = await db.selectFrom('company_addresses').select(addressColumns).where('id', '=', addressId).where('company_id', '=', companyId).executeTakeFirst();
  if (!a) throw notFound(ADDRESS_ENTITY);
  return a;
}

const addressRow = (i: z.infer<typeof addressPatch>) => {
  const r: Record<string, unknown> = {};
  for (const [k, col] of [['recipient', 'recipient'], ['phone', 'phone'], ['province', 'province'], ['city', 'city'], ['district', 'district'], ['address', 'address'], ['postcode', 'postcode']] as const) {
    if (i[k] !== undefined) r[col] = i[k];
  }
  return r;
};

export async function createAddress(db: Kysely<DB>, actor: Actor, companyId: number, input: z.infer<typeof addressBody>) {
  await assertCustomerAccess(db, actor, companyId);
  const id = await db.transaction().execute(async (trx) => {
    // lock the company row so two concurrent "first address" calls cannot both skip the default
    await trx.selectFrom('companies').select('id').where('id', '=', companyId).forUpdate().execute();
    const n = await trx.selectFrom('company_addresses').select((eb) => eb.fn.countAll<number>().as('n')).where('company_id', '=', companyId).executeTakeFirstOrThrow();
    if (Number(n.n) >= MAX_ADDRESSES) throw new AppError('ADDRESS_LIMIT', 409, { max: MAX_ADDRESSES });
    const makeDefault = input.isDefault === true || Number(n.n) === 0;
    if (makeDefault) await trx.updateTable('company_addresses').set({ is_default: false }).where('company_id', '=', companyId).where('is_default', '=', true).execute();
    const r = await trx
      .insertInto('company_addresses')
      .values({ ...addressRow(input), company_id: companyId, is_default: makeDefault } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, actor, { action: 'customer.address.create', entityType: 'company', entityId: companyId, after: { addressId: r.id, ...input } });
    return r.id;
  });
  return getAddress(db, companyId, id);
}

export async function updateAddress(db: Kysely<DB>, actor: Actor, companyId: number, addressId: number, input: z.infer<typeof addressPatch>) {
  await assertCustomerAccess(db, actor, companyId);
  const before = await getAddress(db, companyId, addressId);
  await db.transaction().execute(async (trx) => {
    if (input.isDefault === true && !before.isDefault) {
      await trx.updateTable('company_addresses').set({ is_default: false }).where('company_id', '=', companyId).where('is_default', '=', true).execute();
    }
    const row = addressRow(input);
    if (input.isDefault === true) row.is_default = true;
    // un-defaulting the default without naming another is ignored: a company keeps one default
    if (Object.keys(row).length) await trx.updateTable('company_addresses').set({ ...row, updated_at: sql`now()` } as never).where('id', '=', addressId).execute();
    await audit(trx, actor, { action: 'customer.address.update', entityType: 'company', entityId: companyId, before, after: input });
  });
  return getAddress(db, companyId, addressId);
}

export async function deleteAddress(db: Kysely<DB>, actor: Actor, companyId: number, addressId: number) {
  await assertCustomerAccess(db, actor, companyId);
  const before = await getAddress(db, companyId, addressId);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('company_addresses').where('id', '=', addressId).execute();
    if (before.isDefault) {
      // the oldest remaining address becomes the default
      const next = await trx.selectFrom('company_addresses').select('id').where('company_id', '=', companyId).orderBy('id').limit(1).executeTakeFirst();
      if (next) await trx.updateTable('company_addresses').set({ is_default: true }).where('id', '=', next.id).execute();
    }
    await audit(trx, actor, { action: 'customer.address.delete', entityType: 'company', entityId: companyId, before });
  });
}

const invoiceColumns = ['company_id as companyId', 'kind', 'title', 'tax_no as taxNo', 'bank_name as bankName', 'bank_account as bankAccount', 'address', 'phone', 'email'] as const;

export async function getInvoiceProfile(db: Db, actor: Actor, companyId: number) {
  await assertCustomerAccess(db, actor, companyId);
  return (await db.selectFrom('company_invoice_profiles').select(invoiceColumns).where('company_id', '=', companyId).executeTakeFirst()) ?? null;
}

export async function putInvoiceProfile(db: Kysely<DB>, actor: Actor, companyId: number, input: z.infer<typeof invoiceBody>) {
  const before = await getInvoiceProfile(db, actor, companyId);
  const row = {
    kind: input.kind, title: input.title, tax_no: input.taxNo, bank_name: input.bankName ?? null, bank_account: input.bankAccount ?? null,
    address: input.address ?? null, phone: input.phone ?? null, email: input.email ?? null,
  };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('company_invoice_profiles')
      .values({ company_id: companyId, ...row })
      .onConflict((oc) => oc.column('company_id').doUpdateSet({ ...row, updated_at: sql`now()` }))
      .execute();
    await audit(trx, actor, { action: 'customer.invoice.update', entityType: 'company', entityId: companyId, before, after: input });
  });
  return (await getInvoiceProfile(db, actor, companyId))!;
}

function buyerQuery(db: Db) {
  return db
    .selectFrom('users')
    .leftJoin('company_buyer_limits as l', 'l.user_id', 'users.id')
    .select([
      'users.id', 'users.company_id as companyId', 'users.login', 'users.name', 'users.phone', 'users.email', 'users.role', 'users.status',
      'l.order_limit as orderLimit', 'users.last_login_at as lastLoginAt',
    ]);
}
type BuyerRow = { id: number; companyId: number | null; role: string; orderLimit: number | null | undefined } & Record<string, unknown>;
const asBuyer = <T extends BuyerRow>(b: T) => ({ ...b, companyId: b.companyId!, role: b.role as 'customer_admin' | 'customer_buyer', orderLimit: b.orderLimit ?? null });

export async function listBuyers(db: Db, actor: Actor, companyId: number) {
  await assertCustomerAccess(db, actor, companyId);
  const rows = await buyerQuery(db).where('users.company_id', '=', companyId).orderBy('users.role').orderBy('users.id').execute();
  return rows.map(asBuyer);
}

export async function getBuyer(db: Db, companyId: number, userId: number) {
  const b = await buyerQuery(db).where('users.id', '=', userId).where('users.company_id', '=', companyId).executeTakeFirst();
  if (!b) throw notFound(BUYER_ENTITY);
  return asBuyer(b);
}

/** A buyer's per-order spending limit in fen (null = no limit). The orders module reads this. */
async function setLimit(trx: Transaction<DB>, companyId: number, userId: number, limit: number | null) {
  await trx
    .insertInto('company_buyer_limits')
    .values({ user_id: userId, company_id: companyId, order_limit: limit })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ order_limit: limit, updated_at: sql`now()` }))
    .execute();
}

export async function createBuyer(db: Kysely<DB>, actor: Actor, companyId: number, input: z.infer<typeof buyerBody>) {
  await assertCustomerAccess(db, actor, companyId);
  const { user, initialPassword } = await createUser(db, actor, {
    login: input.login, name: input.name, role: input.role, companyId, phone: input.phone ?? null, email: input.email ?? null, password: input.password,
  });
  await db.transaction().execute(async (trx) => {
    if (input.orderLimit !== undefined && input.orderLimit !== null) await setLimit(trx, companyId, user.id, input.orderLimit);
    await audit(trx, actor, { action: 'customer.buyer.create', entityType: 'company', entityId: companyId, after: { userId: user.id, login: input.login, role: input.role, orderLimit: input.orderLimit ?? null } });
    await emit(trx, 'customer.buyer_created', { companyId, userId: user.id });
  });
  return { buyer: await getBuyer(db, companyId, user.id), initialPassword };
}

export async function updateBuyer(db: Kysely<DB>, actor: Actor, companyId: number, userId: number, input: z.infer<typeof buyerPatch>) {
  await assertCustomerAccess(db, actor, companyId);
  const before = await getBuyer(db, companyId, userId);
  if (userId === actor.userId && (input.status === 'disabled' || input.orderLimit !== undefined)) throw new AppError('CANNOT_CHANGE_SELF', 400);
  const userPatch: { name?: string; phone?: string | null; email?: string | null; status?: 'active' | 'disabled' } = {};
  if (input.name !== undefined) userPatch.name = input.name;
  if (input.phone !== undefined) userPatch.phone = input.phone;
  if (input.email !== undefined) userPatch.email = input.email;
  if (input.status !== undefined) userPatch.status = input.status;
  if (Object.keys(userPatch).length) await updateUser(db, actor, userId, userPatch);
  if (input.orderLimit !== undefined) {
    await db.transaction().execute(async (trx) => {
      await setLimit(trx, companyId, userId, input.orderLimit ?? null);
      await audit(trx, actor, { action: 'customer.buyer.limit', entityType: 'company', entityId: companyId, before: { userId, orderLimit: before.orderLimit }, after: { userId, orderLimit: input.orderLimit ?? null } });
    });
  }
  return getBuyer(db, companyId, userId);
}
