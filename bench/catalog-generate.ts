import { sql, type Kysely } from 'kysely';
import type { DB } from '../server/lib/db-types';
import { buildDocument, SEARCH_DOC_VERSION, vocabularyOf } from '../server/modules/catalog/search-text';
import { addVocabulary } from '../server/modules/catalog/search-lexicon';
import { BRANDS, CATEGORY_TREE, LINES, sizesOf } from '../server/modules/catalog/seed-data';
import '../server/modules/catalog/tables';

/**
 * Generates a large believable catalog for the search benchmark: `skuTarget` SKUs over products
 * made from the demo lines with pack and edition variants (经典款 家庭装 …). Rows are written in
 * bulk, with the same search documents the catalog service writes (buildDocument).
 */
const EDITIONS = ['经典款', '升级款', '家庭装', '礼盒装', '清爽型', '低糖型', '量贩装', '便携装', '华东版', '华南版', '北方版', '夏季限定', '冬季限定', '企业定制', '餐饮专供', '电商专供'];

export async function generateCatalog(db: Kysely<DB>, skuTarget: number): Promise<{ products: number; skus: number; codes: string[] }> {
  const cats = new Map<string, { id: number; path: string[] }>();
  for (const [root, children] of CATEGORY_TREE) {
    const r = await db.insertInto('categories').values({ name: root, parent_id: null }).returning('id').executeTakeFirstOrThrow();
    cats.set(root, { id: r.id, path: [root] });
    for (const c of children) cats.set(c, { id: (await db.insertInto('categories').values({ name: c, parent_id: r.id }).returning('id').executeTakeFirstOrThrow()).id, path: [root, c] });
  }
  const brands = new Map<string, number>();
  for (const [name] of BRANDS) brands.set(name, (await db.insertInto('brands').values({ name, logo_url: null }).returning('id').executeTakeFirstOrThrow()).id);
  const base = LINES.flatMap((line) => line.names.map((name) => ({ line, name, sizes: sizesOf(line) })));
  let skus = 0;
  let products = 0;
  const codes: string[] = [];
  // the catalog's words, which query understanding cuts glued input by (as the catalog service writes them)
  const vocabulary = new Set<string>();
  while (skus < skuTarget) {
    const batch: { p: Record<string, unknown>; doc: { tsv: string; ascii: string }; skus: Record<string, unknown>[] }[] = [];
    for (let k = 0; k < 500 && skus < skuTarget; k++) {
      const n = products + k;
      const b = base[n % base.length]!;
      const edition = n < base.length ? '' : ` ${EDITIONS[Math.floor(n / base.length) % EDITIONS.length]}${n >= base.length * EDITIONS.length ? ` ${Math.floor(n / (base.length * EDITIONS.length))}` : ''}`;
      const name = `${b.name}${edition}`;
      const cat = cats.get(b.line.cat)!;
      const list = b.sizes.slice(0, Math.min(b.sizes.length, skuTarget - skus)).map(([spec, price], i) => {
        const code = `P${String(n).padStart(6, '0')}-${i + 1}`;
        if (codes.length < 2000 && n % 37 === 0) codes.push(code);
        return { code, barcode: `69${String(n).padStart(9, '0')}${i}`, specs: JSON.stringify({ 规格: spec }), spec_text: spec, base_price: price + (n % 7) * 10, retail_price: Math.round(price * 1.3), weight_grams: 500 };
      });
      skus += list.length;
      const source = { name, subtitle: null, brand: b.line.brand, categoryPath: cat.path, tags: b.line.tags ?? [], skus: list.map((s) => ({ code: s.code, barcode: s.barcode, specText: s.spec_text })) };
      const doc = buildDocument(source);
      if (n < base.length * EDITIONS.length) for (const w of vocabularyOf(source)) vocabulary.add(w);
      batch.push({ p: { name, category_id: cat.id, brand_id: brands.get(b.line.brand)!, base_unit: b.line.unit, tags: b.line.tags ?? [], is_new: n % 11 === 0, on_shelf: n % 50 !== 0 }, doc, skus: list });
    }
    const ids = await sql<{ id: number }>`insert into products (name, category_id, brand_id, base_unit, tags, is_new, on_shelf, search_tsv, search_ascii, search_doc_version)
      values ${sql.join(batch.map(({ p, doc }) => sql`(${p.name}, ${p.category_id}, ${p.brand_id}, ${p.base_unit}, ${p.tags}::text[], ${p.is_new}, ${p.on_shelf}, ${doc.tsv}::tsvector, ${doc.ascii}, ${SEARCH_DOC_VERSION})`))}
      returning id`.execute(db);
    const skuRows = batch.flatMap((x, i) => x.skus.map((s) => ({ ...s, product_id: ids.rows[i]!.id })));
    await db.insertInto('skus').values(skuRows as never).execute();
    products += batch.length;
  }
  await addVocabulary(db, vocabulary);
  await sql`insert into sku_units (sku_id, unit, factor) select s.id, p.base_unit, 1 from skus s join products p on p.id = s.product_id`.execute(db);
  return { products, skus, codes };
}
