import { sql, type Kysely, type SelectQueryBuilder, type Transaction } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../lib/db-types';
import { AppError, conflict, forbidden, isUniqueViolation, notFound, validation } from '../../lib/errors';
import { registerMessages } from '../../lib/i18n';
import { paginate, type PageParams } from '../../lib/pagination';
import { audit } from '../platform/audit';
import { emit } from '../platform/outbox';
import type { Actor } from '../auth/actor';
import { can } from '../auth/permissions';
import type { companyBody, companyPatch, companyQuery } from './schemas';
import './tables';
import { sessionsChanged } from '../auth/session-cache';
import '../auth/tables';

type Db = Kysely<DB> | Transaction<DB>;

registerMessages({
  COMPANY_CODE_TAKEN: { zh: '客户编码“{code}”已存在', en: 'The customer code "{code}" is already used' },
  NOT_A_SALES_REP: { zh: '业务员必须是启用状态的业务员账号', en: 'The sales rep must be an active sales user' },
  FIELD_NOT_ALLOWED: { zh: '当前账号不能修改：{fields}', en: 'Your account cannot change: {fields}' },
});

export const CUSTOMER_ENTITY = '客户 / customer';

export const companyColumns = [
  'companies.id',
  'companies.code',
  'companies.name',
  'companies.status',
  'companies.contact_name as contactName',
  'companies.contact_phone as contactPhone',
  'companies.email',
  'companies.province',
  'companies.city',
  'companies.district',
  'companies.address',
  'companies.tier_id as tierId',
  'customer_tiers.name as tierName',
  'companies.sales_rep_id as salesRepId',
  'rep.name as salesRepName',
  'companies.payment_terms as paymentTerms',
  'companies.credit_days as creditDays',
  'companies.credit_limit as creditLimit',
  'companies.tags',
  'companies.notes',
  'companies.created_at as createdAt',
  'companies.updated_at as updatedAt',
] as const;

/**
 * Which customers a staff member may see: sales reps only their own (companies.sales_rep_id),
 * everyone else with customers.read all of them. Customer users only their own company.
 * Other modules (orders, payments) use this for 代客下单 and order lists.
 */
export function customerScope(actor: Actor): { all: true } | { salesRepId: number } | { companyId: number } {
  if (actor.companyId != null) return { companyId: actor.companyId };
  if (actor.role === 'sales') return { salesRepId: actor.userId };
  return { all: true };
}

/** 404 unless the actor may act on this customer (rep's own, any for admin, own for customers). */
export async function assertCustomerAccess(db: Db, actor: Actor, companyId: number): Promise<void> {
  const scope = customerScope(actor);
  if ('companyId' in scope) {
    if (scope.companyId !== companyId) throw notFound(CUSTOMER_ENTITY);
    return;
  }
  let q = db.selectFrom('companies').select('id').where('id', '=', companyId);
  if ('salesRepId' in scope) q = q.where('sales_rep_id', '=', scope.salesRepId);
  if (!(await q.executeTakeFirst())) throw notFound(CUSTOMER_ENTITY);
}

function baseQuery(db: Db) {
  return db
    .selectFrom('companies')
    .leftJoin('customer_tiers', 'customer_tiers.id', 'companies.tier_id')
    .leftJoin('users as rep', 'rep.id', 'companies.sales_rep_id');
}

export async function listCompanies(db: Kysely<DB>, actor: Actor, query: z.infer<typeof companyQuery> & PageParams) {
  const scope = customerScope(actor);
  let q = baseQuery(db).select(companyColumns);
  if ('salesRepId' in scope) q = q.where('companies.sales_rep_id', '=', scope.salesRepId);
  if ('companyId' in scope) q = q.where('companies.id', '=', scope.companyId);
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('companies.name', 'ilike', like), eb('companies.code', 'ilike', like), eb('companies.contact_name', 'ilike', like), eb('companies.contact_phone', 'like', like)]));
  }
  if (query.status) q = q.where('companies.status', '=', query.status);
  if (query.tierId) q = q.where('companies.tier_id', '=', query.tierId);
  if (query.salesRepId) q = q.where('companies.sales_rep_id', '=', query.salesRepId);
  if (query.province) q = q.where('companies.province', '=', query.province);
  if (query.tag) q = q.where(sql<boolean>`${query.tag} = any(companies.tags)`);
  const ordered = q.orderBy('companies.code').orderBy('companies.id');
  type Row = Awaited<ReturnType<typeof ordered.executeTakeFirstOrThrow>>;
  return paginate(ordered as unknown as SelectQueryBuilder<DB, 'companies', Row>, query);
}

export async function getCompany(db: Db, actor: Actor, id: number) {
  await assertCustomerAccess(db, actor, id);
  const c = await baseQuery(db).select(companyColumns).where('companies.id', '=', id).executeTakeFirst();
  if (!c) throw notFound(CUSTOMER_ENTITY);
  return c;
}

type CompanyInput = z.infer<typeof companyPatch>;

async function checkRefs(db: Db, input: CompanyInput) {
  if (input.tierId != null) {
    const t = await db.selectFrom('customer_tiers').select('id').where('id', '=', input.tierId).executeTakeFirst();
    if (!t) throw validation([{ path: 'tierId', message: 'unknown tier' }]);
  }
  if (input.salesRepId != null) {
    const u = await db.selectFrom('users').select('id').where('id', '=', input.salesRepId).where('role', '=', 'sales').where('status', '=', 'active').executeTakeFirst();
    if (!u) throw new AppError('NOT_A_SALES_REP', 400, {}, [{ path: 'salesRepId', message: 'not an active sales rep' }]);
  }
}

/** Fields only some staff may set: credit (finance/admin), tier and rep assignment (admin). */
function checkFieldPermissions(actor: Actor, input: CompanyInput, creating: boolean) {
  const denied: string[] = [];
  const credit = ['paymentTerms', 'creditDays', 'creditLimit'] as const;
  const assign = ['tierId', 'salesRepId'] as const;
  if (!can(actor, 'customers.credit')) for (const k of credit) if (input[k] !== undefined) denied.push(k);
  if (!can(actor, 'customers.assign')) {
    for (const k of assign) {
      // a sales rep creating a customer may only assign it to themselves (or leave it to the default)
      if (k === 'salesRepId' && creating && actor.role === 'sales' && (input.salesRepId == null || input.salesRepId === actor.userId)) continue;
      if (input[k] !== undefined) denied.push(k);
    }
  }
  if (denied.length) throw forbidden('FIELD_NOT_ALLOWED', { fields: denied.join(', ') });
}

const toRow = (input: CompanyInput) => {
  const row: Record<string, unknown> = {};
  const map: [keyof CompanyInput, string][] = [
    ['code', 'code'], ['name', 'name'], ['contactName', 'contact_name'], ['contactPhone', 'contact_phone'], ['email', 'email'],
    ['province', 'province'], ['city', 'city'], ['district', 'district'], ['address', 'address'], ['tierId', 'tier_id'],
    ['salesRepId', 'sales_rep_id'], ['status', 'status'], ['paymentTerms', 'payment_terms'], ['creditDays', 'credit_days'],
    ['creditLimit', 'credit_limit'], ['tags', 'tags'], ['notes', 'notes'],
  ];
  for (const [k, col] of map) if (input[k] !== undefined) row[col] = input[k];
  return row;
};

export async function createCompany(db: Kysely<DB>, actor: Actor, input: z.infer<typeof companyBody>) {
  checkFieldPermissions(actor, input, true);
  await checkRefs(db, input);
  const values = toRow(input);
  if (actor.role === 'sales') values.sales_rep_id = actor.userId;
  try {
    const id = await db.transaction().execute(async (trx) => {
      const r = await trx.insertInto('companies').values(values as never).returning('id').executeTakeFirstOrThrow();
      await audit(trx, actor, { action: 'customer.create', entityType: 'company', entityId: r.id, after: input });
      await emit(trx, 'customer.created', { companyId: r.id, code: input.code, name: input.name });
      return r.id;
    });
    return getCompany(db, actor, id);
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('COMPANY_CODE_TAKEN', { code: input.code });
    throw e;
  }
}

export async function updateCompany(db: Kysely<DB>, actor: Actor, id: number, input: CompanyInput) {
  const before = await getCompany(db, actor, id);
  checkFieldPermissions(actor, input, false);
  await checkRefs(db, input);
  const values = toRow(input);
  if (Object.keys(values).length === 0) return before;
  try {
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('companies').set({ ...values, updated_at: sql`now()` } as never).where('id', '=', id).execute();
      await audit(trx, actor, { action: 'customer.update', entityType: 'company', entityId: id, before, after: input });
      await emit(trx, 'customer.updated', { companyId: id, changed: Object.keys(input) });
    });
    // A suspended company's users are signed out at once (sessions check the company's status).
    if (input.status) await sessionsChanged({ companyId: id });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('COMPANY_CODE_TAKEN', { code: input.code });
    throw e;
  }
  return getCompany(db, actor, id);
}

export type CustomerTerms = Awaited<ReturnType<typeof getCustomerTerms>>;

/** Terms the payments and orders modules read: payment terms, credit days and limit, status. */
export async function getCustomerTerms(db: Db, companyId: number) {
  const c = await db
    .selectFrom('companies')
    .select(['id', 'status', 'payment_terms as paymentTerms', 'credit_days as creditDays', 'credit_limit as creditLimit', 'tier_id as tierId', 'sales_rep_id as salesRepId'])
    .where('id', '=', companyId)
    .executeTakeFirst();
  if (!c) throw notFound(CUSTOMER_ENTITY);
  return c;
}
