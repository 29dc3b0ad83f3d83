import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../lib/db-types';
import { conflict, isUniqueViolation, notFound } from '../../lib/errors';
import { audit } from '../platform/audit';
import type { Actor } from '../auth/actor';
import type { brandBody, brandPatch } from './schemas';
import { reindexWhere } from './reindex';
import './tables';
import './messages';

export const BRAND_ENTITY = '品牌 / brand';

function brandQuery(db: Kysely<DB>) {
  return db.selectFrom('brands as b').select((eb) => [
    'b.id', 'b.name', 'b.logo_url as logoUrl', 'b.sort', 'b.aliases',
    eb.selectFrom('products').select(eb.fn.countAll<number>().as('n')).whereRef('products.brand_id', '=', 'b.id').as('products'),
  ]);
}
const norm = <T extends { products: unknown; aliases: string[] | null }>(b: T) => ({ ...b, aliases: b.aliases ?? [], products: Number(b.products ?? 0) });

/** Aliases as search reads them: trimmed, distinct, not the brand's own name. */
export const cleanAliases = (name: string, aliases: string[]) => [...new Set(aliases.map((a) => a.trim()).filter((a) => a && a.toLowerCase() !== name.toLowerCase()))];

export async function listBrands(db: Kysely<DB>) {
  return (await brandQuery(db).orderBy('b.sort').orderBy('b.name').orderBy('b.id').execute()).map(norm);
}

export async function getBrand(db: Kysely<DB>, id: number) {
  const b = await brandQuery(db).where('b.id', '=', id).executeTakeFirst();
  if (!b) throw notFound(BRAND_ENTITY);
  return norm(b);
}

export async function createBrand(db: Kysely<DB>, actor: Actor, input: z.infer<typeof brandBody>) {
  try {
    const id = await db.transaction().execute(async (trx) => {
      const r = await trx.insertInto('brands').values({ name: input.name, logo_url: input.logoUrl ?? null, sort: input.sort ?? 0, aliases: cleanAliases(input.name, input.aliases ?? []) }).returning('id').executeTakeFirstOrThrow();
      await audit(trx, actor, { action: 'brand.create', entityType: 'brand', entityId: r.id, after: input });
      return r.id;
    });
    return getBrand(db, id);
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('BRAND_NAME_TAKEN', { name: input.name });
    throw e;
  }
}

export async function updateBrand(db: Kysely<DB>, actor: Actor, id: number, input: z.infer<typeof brandPatch>) {
  const before = await getBrand(db, id);
  const row: { name?: string; logo_url?: string | null; sort?: number; aliases?: string[] } = {};
  if (input.name !== undefined) row.name = input.name;
  if (input.logoUrl !== undefined) row.logo_url = input.logoUrl;
  if (input.sort !== undefined) row.sort = input.sort;
  if (input.aliases !== undefined) row.aliases = cleanAliases(input.name ?? before.name, input.aliases);
  if (!Object.keys(row).length) return before;
  try {
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('brands').set(row).where('id', '=', id).execute();
      await audit(trx, actor, { action: 'brand.update', entityType: 'brand', entityId: id, before, after: input });
      if (row.name !== undefined || row.aliases !== undefined) await reindexWhere(trx, sql`p.brand_id = ${id}`);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('BRAND_NAME_TAKEN', { name: input.name });
    throw e;
  }
  return getBrand(db, id);
}

/** A brand still used by products cannot be deleted. */
export async function deleteBrand(db: Kysely<DB>, actor: Actor, id: number) {
  const before = await getBrand(db, id);
  if (before.products > 0) throw conflict('BRAND_IN_USE', { products: before.products });
  try {
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('brands').where('id', '=', id).execute();
      await audit(trx, actor, { action: 'brand.delete', entityType: 'brand', entityId: id, before });
    });
  } catch (e) {
    // a product took the brand meanwhile (foreign key)
    if ((e as { code?: string }).code === '23503') throw conflict('BRAND_IN_USE', { products: 1 });
    throw e;
  }
}
