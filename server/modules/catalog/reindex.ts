import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { buildDocument, SEARCH_DOC_VERSION, vocabularyOf, type SearchSource } from './search-text';
import { addVocabulary } from './search-lexicon';
import './tables';

type Q = Kysely<DB> | Transaction<DB>;

/**
 * Rewrites the search document of the products matching `where` (SQL over alias `p`). Called in
 * the same transaction as every change to a product, its SKUs, its brand or its category, so
 * search never shows stale text.
 */
export async function reindexWhere(db: Q, where: RawBuilder<unknown>): Promise<number> {
  const products = await sql<{ id: number; name: string; subtitle: string | null; tags: string[]; brand: string | null; brand_aliases: string[] | null; category_id: number | null }>`
    select p.id, p.name, p.subtitle, p.tags, b.name as brand, b.aliases as brand_aliases, p.category_id
    from products p left join brands b on b.id = p.brand_id where ${where}`.execute(db);
  if (!products.rows.length) return 0;
  const cats = await db.selectFrom('categories').select(['id', 'parent_id', 'name']).execute();
  const byId = new Map(cats.map((c) => [c.id, c]));
  const pathOf = (id: number | null) => {
    const out: string[] = [];
    for (let c = id == null ? undefined : byId.get(id); c && out.length < 20; c = c.parent_id == null ? undefined : byId.get(c.parent_id)) out.unshift(c.name);
    return out;
  };
  let done = 0;
  for (let i = 0; i < products.rows.length; i += 500) {
    const batch = products.rows.slice(i, i + 500);
    const skus = await db
      .selectFrom('skus').select(['product_id', 'code', 'barcode', 'spec_text'])
      .where('product_id', 'in', batch.map((p) => p.id)).where('active', '=', true).orderBy('id')
      .execute();
    const skusOf = new Map<number, { code: string; barcode: string | null; specText: string }[]>();
    for (const s of skus) skusOf.set(s.product_id, [...(skusOf.get(s.product_id) ?? []), { code: s.code, barcode: s.barcode, specText: s.spec_text }]);
    const words = new Set<string>();
    const values: RawBuilder<unknown>[] = [];
    for (const [k, p] of batch.entries()) {
      // building documents is CPU (jieba, pinyin): let other requests' callbacks run every 50 products
      if (k % 50 === 49) await new Promise((r) => setImmediate(r));
      const source: SearchSource = {
        name: p.name, subtitle: p.subtitle, brand: p.brand, brandAliases: p.brand_aliases ?? [], categoryPath: pathOf(p.category_id), tags: p.tags ?? [],
        skus: skusOf.get(p.id) ?? [],
      };
      const doc = buildDocument(source);
      for (const w of vocabularyOf(source)) words.add(w);
      values.push(sql`(${p.id}::bigint, ${doc.tsv}::tsvector, ${doc.ascii}::text)`);
    }
    await sql`update products set search_tsv = v.tsv, search_ascii = v.ascii, search_doc_version = ${SEARCH_DOC_VERSION}
      from (values ${sql.join(values)}) as v(id, tsv, ascii) where products.id = v.id`.execute(db);
    await addVocabulary(db, words);
    done += batch.length;
  }
  return done;
}

export const reindexProducts = (db: Q, ids: number[]) => (ids.length ? reindexWhere(db, sql`p.id in (${sql.join(ids)})`) : Promise.resolve(0));

/**
 * Rebuilds the search documents built by another version of search-text.ts (an upgrade changed
 * how text is indexed). Run at start, before serving; on a current database it finds nothing.
 */
export const ensureSearchDocuments = (db: Kysely<DB>) =>
  db.transaction().execute((trx) => reindexWhere(trx, sql`p.search_doc_version <> ${SEARCH_DOC_VERSION}`));
