import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../lib/db-types';
import { conflict, isUniqueViolation, notFound, unprocessable, validation } from '../../lib/errors';
import { audit } from '../platform/audit';
import type { Actor } from '../auth/actor';
import type { categoryBody, categoryPatch } from './schemas';
import { reindexWhere } from './reindex';
import './tables';
import './messages';

export const CATEGORY_ENTITY = '商品分类 / category';

export interface CategoryRow { id: number; parentId: number | null; name: string; sort: number; path: string[]; products: number }

/** The whole tree as a flat list in display order (parents before children, siblings by sort). */
export async function listCategories(db: Kysely<DB>): Promise<CategoryRow[]> {
  const rows = await db
    .selectFrom('categories as c')
    .select((eb) => [
      'c.id', 'c.parent_id as parentId', 'c.name', 'c.sort',
      eb.selectFrom('products').select(eb.fn.countAll<number>().as('n')).whereRef('products.category_id', '=', 'c.id').as('products'),
    ])
    .orderBy('c.sort').orderBy('c.id')
    .execute();
  const children = new Map<number | null, typeof rows>();
  for (const r of rows) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r]);
  const out: CategoryRow[] = [];
  const walk = (parent: number | null, path: string[]) => {
    for (const r of children.get(parent) ?? []) {
      const p = [...path, r.name];
      out.push({ id: r.id, parentId: r.parentId, name: r.name, sort: r.sort, path: p, products: Number(r.products ?? 0) });
      if (p.length < 20) walk(r.id, p);
    }
  };
  walk(null, []);
  return out;
}

export async function getCategory(db: Kysely<DB>, id: number): Promise<CategoryRow> {
  const c = (await listCategories(db)).find((x) => x.id === id);
  if (!c) throw notFound(CATEGORY_ENTITY);
  return c;
}

/** Ids of a category and all its descendants (for "category with subcategories" filters). */
export const descendantsSql = (categoryId: number) =>
  sql`(with recursive d(id) as (select ${categoryId}::bigint union all select c.id from categories c join d on c.parent_id = d.id) select id from d)`;

async function assertParent(db: Kysely<DB>, parentId: number | null | undefined, self?: number) {
  if (parentId == null) return;
  const p = await db.selectFrom('categories').select('id').where('id', '=', parentId).executeTakeFirst();
  if (!p) throw validation([{ path: 'parentId', message: 'unknown category' }]);
  if (self == null) return;
  const below = await sql<{ id: number }>`select id from ${descendantsSql(self)} x where x.id = ${parentId}`.execute(db);
  if (below.rows.length) throw unprocessable('CATEGORY_CYCLE');
}

export async function createCategory(db: Kysely<DB>, actor: Actor, input: z.infer<typeof categoryBody>) {
  await assertParent(db, input.parentId);
  try {
    const id = await db.transaction().execute(async (trx) => {
      const r = await trx.insertInto('categories').values({ name: input.name, parent_id: input.parentId ?? null, sort: input.sort ?? 0 }).returning('id').executeTakeFirstOrThrow();
      await audit(trx, actor, { action: 'category.create', entityType: 'category', entityId: r.id, after: input });
      return r.id;
    });
    return getCategory(db, id);
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('CATEGORY_NAME_TAKEN', { name: input.name });
    throw e;
  }
}

/** Rename, reorder or move (parentId) a category; moving under itself or a descendant is refused. */
export async function updateCategory(db: Kysely<DB>, actor: Actor, id: number, input: z.infer<typeof categoryPatch>) {
  const before = await getCategory(db, id);
  await assertParent(db, input.parentId, id);
  const row: { name?: string; parent_id?: number | null; sort?: number } = {};
  if (input.name !== undefined) row.name = input.name;
  if (input.parentId !== undefined) row.parent_id = input.parentId;
  if (input.sort !== undefined) row.sort = input.sort;
  if (!Object.keys(row).length) return before;
  try {
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('categories').set(row).where('id', '=', id).execute();
      await audit(trx, actor, { action: 'category.update', entityType: 'category', entityId: id, before, after: input });
      // category names are part of product search documents (category path)
      if (row.name !== undefined || row.parent_id !== undefined) await reindexWhere(trx, sql`p.category_id in ${descendantsSql(id)}`);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('CATEGORY_NAME_TAKEN', { name: input.name ?? before.name });
    throw e;
  }
  return getCategory(db, id);
}

/** Only an empty category (no subcategories, no products) can be deleted. */
export async function deleteCategory(db: Kysely<DB>, actor: Actor, id: number) {
  const before = await getCategory(db, id);
  await db.transaction().execute(async (trx) => {
    const [kids, prods] = await Promise.all([
      trx.selectFrom('categories').select((eb) => eb.fn.countAll<number>().as('n')).where('parent_id', '=', id).executeTakeFirstOrThrow(),
      trx.selectFrom('products').select((eb) => eb.fn.countAll<number>().as('n')).where('category_id', '=', id).executeTakeFirstOrThrow(),
    ]);
    if (Number(kids.n) || Number(prods.n)) throw conflict('CATEGORY_IN_USE', { children: Number(kids.n), products: Number(prods.n) });
    await trx.deleteFrom('categories').where('id', '=', id).execute();
    await audit(trx, actor, { action: 'category.delete', entityType: 'category', entityId: id, before });
  });
}
