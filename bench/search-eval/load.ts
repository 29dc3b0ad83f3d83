import { sql, type Kysely } from 'kysely';
import type { DB } from '../../server/lib/db-types';
import { analyze } from '../../server/lib/db';
import { createCategory } from '../../server/modules/catalog/categories';
import { createBrand } from '../../server/modules/catalog/brands';
import { createProduct } from '../../server/modules/catalog/products';
import { reindexWhere } from '../../server/modules/catalog/reindex';
import type { Actor } from '../../server/modules/auth/actor';
import { catalogs as defaultCatalogs, type EvalCatalog } from './catalogs';

/**
 * Writes the evaluation catalogs (catalogs.ts) through the catalog service, as a supplier would:
 * categories, brands with their aliases, products and SKUs; then the search documents of
 * products whose brand got aliases afterwards, and ANALYZE. Used by bench/search-eval.ts and by
 * the PGlite/PostgreSQL parity test (server/modules/catalog/search-engines.test.ts).
 */
export async function loadEvalCatalogs(db: Kysely<DB>, actor: Actor, catalogs: EvalCatalog[] = defaultCatalogs): Promise<number> {
  const catIds = new Map<string, number>();
  const categoryOf = async (p: string) => {
    let parent: number | null = null;
    const parts = p.split('/');
    for (let i = 0; i < parts.length; i++) {
      const key = parts.slice(0, i + 1).join('/');
      if (!catIds.has(key)) catIds.set(key, (await createCategory(db, actor, { name: parts[i]!, parentId: parent })).id);
      parent = catIds.get(key)!;
    }
    return parent!;
  };
  let products = 0;
  for (const c of catalogs) {
    const brandIds = new Map<string, number>();
    for (const b of c.brands) {
      const created = await createBrand(db, actor, { name: b.name });
      brandIds.set(b.name, created.id);
      // brand aliases exist since #23; an older search has no such field (the alias queries then show what it lacks)
      if (b.aliases?.length) await sql`update brands set aliases = ${sql.val(b.aliases)}::text[] where id = ${created.id}`.execute(db).catch(() => undefined);
    }
    for (const [category, brand, name, specs, code] of c.products) {
      const categoryId = await categoryOf(category);
      const skus = specs.split('|').map((spec, i) => ({ code: `${code}-${i + 1}`, specs: { 规格: spec }, basePrice: 1000 + i * 100 }));
      await createProduct(db, actor, { name, categoryId, brandId: brandIds.get(brand) ?? null, skus });
      products++;
    }
  }
  // the documents of products whose brand got aliases after they were made (a brand edit reindexes too)
  await reindexWhere(db, sql`true`);
  await analyze(db);
  return products;
}
