import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { conflict, isUniqueViolation, notFound } from '../../lib/errors';
import { registerMessages } from '../../lib/i18n';
import type { PageParams } from '../../lib/pagination';
import { audit } from '../platform/audit';
import type { Actor } from '../auth/actor';
import { assertSku, likePattern } from './levels';

type Q = Kysely<DB> | Transaction<DB>;

registerMessages({
  SUPPLIER_CODE_TAKEN: { zh: '供应商编码 {code} 已存在', en: 'Supplier code {code} is already used' },
  SUPPLIER_INACTIVE: { zh: '供应商 {name} 已停用', en: 'Supplier {name} is inactive' },
});

export const SUPPLIER_ENTITY = '供应商 / supplier';
const columns = [
  'id', 'code', 'name', 'contact_name as contactName', 'phone', 'email', 'address', 'tax_no as taxNo', 'payment_terms as paymentTerms', 'notes', 'active', 'created_at as createdAt', 'updated_at as updatedAt',
] as const;

export interface SupplierInput {
  code: string;
  name: string;
  contactName?: string | null;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
  taxNo?: string | null;
  paymentTerms?: string | null;
  notes?: string | null;
  active?: boolean;
}
const toRow = (i: Partial<SupplierInput>) => ({
  code: i.code, name: i.name, contact_name: i.contactName, phone: i.phone, email: i.email, address: i.address, tax_no: i.taxNo, payment_terms: i.paymentTerms, notes: i.notes, active: i.active,
});

export async function listSuppliers(db: Q, q: PageParams & { search?: string; active?: boolean }) {
  let qb = db
    .selectFrom('suppliers')
    .select([...columns, sql<number>`(select count(*)::int from supplier_skus ss where ss.supplier_id = suppliers.id)`.as('skuCount')]);
  if (q.search) qb = qb.where((eb) => eb.or([eb('code', 'ilike', likePattern(q.search!)), eb('name', 'ilike', likePattern(q.search!)), eb('contact_name', 'ilike', likePattern(q.search!))]));
  if (q.active !== undefined) qb = qb.where('active', '=', q.active);
  const [items, c] = await Promise.all([
    qb.orderBy('code').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    qb.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(c.n), page: q.page, pageSize: q.pageSize };
}

export async function getSupplier(db: Q, id: number) {
  const s = await db.selectFrom('suppliers').select(columns).where('id', '=', id).executeTakeFirst();
  if (!s) throw notFound(SUPPLIER_ENTITY);
  const skus = await db
    .selectFrom('supplier_skus as ss')
    .innerJoin('skus as k', 'k.id', 'ss.sku_id')
    .innerJoin('products as p', 'p.id', 'k.product_id')
    .select(['ss.sku_id as skuId', 'k.code as skuCode', 'p.name as productName', 'k.spec_text as specText', 'ss.supplier_sku_code as supplierSkuCode', 'ss.cost', 'ss.lead_time_days as leadTimeDays', 'ss.moq', 'ss.preferred'])
    .where('ss.supplier_id', '=', id)
    .orderBy('k.code')
    .execute();
  return { ...s, skus };
}

async function guardCode<T>(code: string | undefined, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('SUPPLIER_CODE_TAKEN', { code });
    throw e;
  }
}

export async function createSupplier(db: Kysely<DB>, actor: Actor, input: SupplierInput) {
  const id = await guardCode(input.code, () =>
    db.transaction().execute(async (trx) => {
      const r = await trx.insertInto('suppliers').values({ ...toRow(input), code: input.code, name: input.name, contact_name: input.contactName ?? null, phone: input.phone ?? null, email: input.email ?? null, address: input.address ?? null, tax_no: input.taxNo ?? null, payment_terms: input.paymentTerms ?? null, notes: input.notes ?? null }).returning('id').executeTakeFirstOrThrow();
      await audit(trx, actor, { action: 'supplier.create', entityType: 'supplier', entityId: r.id, after: input });
      return r.id;
    }),
  );
  return getSupplier(db, id);
}

export async function updateSupplier(db: Kysely<DB>, actor: Actor, id: number, patch: Partial<SupplierInput>) {
  const before = await getSupplier(db, id);
  await guardCode(patch.code, () =>
    db.transaction().execute(async (trx) => {
      await trx.updateTable('suppliers').set({ ...toRow(patch), updated_at: sql`now()` }).where('id', '=', id).execute();
      await audit(trx, actor, { action: 'supplier.update', entityType: 'supplier', entityId: id, before: { ...before, skus: undefined }, after: patch });
    }),
  );
  return getSupplier(db, id);
}

export interface SupplierSkuInput {
  skuId: number;
  supplierSkuCode?: string | null;
  cost: number;
  leadTimeDays?: number;
  moq?: number;
  preferred?: boolean;
}

/** Adds or updates a SKU this supplier supplies. One preferred supplier per SKU. */
export async function putSupplierSku(db: Kysely<DB>, actor: Actor, supplierId: number, input: SupplierSkuInput) {
  await getSupplier(db, supplierId);
  await assertSku(db, input.skuId);
  await db.transaction().execute(async (trx) => {
    const values = {
      supplier_sku_code: input.supplierSkuCode ?? null, cost: input.cost, lead_time_days: input.leadTimeDays ?? 7, moq: input.moq ?? 1, preferred: input.preferred ?? false,
    };
    if (values.preferred) await trx.updateTable('supplier_skus').set({ preferred: false }).where('sku_id', '=', input.skuId).where('supplier_id', '<>', supplierId).execute();
    await trx
      .insertInto('supplier_skus')
      .values({ supplier_id: supplierId, sku_id: input.skuId, ...values })
      .onConflict((oc) => oc.columns(['supplier_id', 'sku_id']).doUpdateSet({ ...values, updated_at: sql`now()` }))
      .execute();
    await audit(trx, actor, { action: 'supplier.sku', entityType: 'supplier', entityId: supplierId, after: input });
  });
  return getSupplier(db, supplierId);
}

export async function removeSupplierSku(db: Kysely<DB>, actor: Actor, supplierId: number, skuId: number) {
  await getSupplier(db, supplierId);
  await db.transaction().execute(async (trx) => {
    const r = await trx.deleteFrom('supplier_skus').where('supplier_id', '=', supplierId).where('sku_id', '=', skuId).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw notFound('供应商商品 / supplier SKU');
    await audit(trx, actor, { action: 'supplier.sku_remove', entityType: 'supplier', entityId: supplierId, before: { skuId } });
  });
  return getSupplier(db, supplierId);
}
