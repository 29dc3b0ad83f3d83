import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';
import { typoCandidates, wordSimilarity } from './search-typo';

/**
 * The typo pass's Latin candidates (search-typo.ts): word similarity computed in memory as
 * pg_trgm computes it for one word, and the candidate set bounded whatever the catalog's size.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('typo candidates', () => {
  it('computes word similarity as pg_trgm does for one word', async () => {
    const pairs: [string, string][] = [['word', 'words'], ['jidan', 'jidanbing'], ['jidan', 'jiadan'], ['tianranshui', 'tianranquanshui'], ['kekoukele', 'kekou'], ['cocacola', 'cola'], ['p0037003', 'p0037'], ['xuebing', 'xue']];
    for (const [term, word] of pairs) {
      const { rows } = await sql<{ s: number }>`select word_similarity(${term}, ${word})::float8 as s`.execute(t.db);
      expect(await wordSimilarity(term, word), `${term} / ${word}`).toBeCloseTo(Number(rows[0]!.s), 5);
    }
  });

  it('hands the match at most the candidates of the most similar words, most similar first', async () => {
    // products with documents of their own: many similar to the term, one exact
    await sql`insert into products (name, base_unit) select 'tp' || g, '件' from generate_series(1, 40) g`.execute(t.db);
    const ids = (await sql<{ id: number }>`select product_id as id from product_search order by product_id desc limit 40`.execute(t.db)).rows.map((r) => Number(r.id)).sort((a, b) => a - b);
    await sql`update products set search_ascii = case when id = ${ids[7]} then 'kekoukele' else 'kekoukeqi x' || id end where id = any(${ids}::bigint[])`.execute(t.db);
    const found = await typoCandidates(t.db, ['kekoukel']);
    expect(found[0]).toBe(ids[7]);
    expect(found.length).toBe(40);
    // nothing similar: no candidates
    expect(await typoCandidates(t.db, ['zzzqqq'])).toEqual([]);
    // the words are read again when a product's typo text changes (search_typo_version), not at
    // other catalog writes
    const version = async () => (await sql<{ v: string }>`select v::text as v from search_typo_version`.execute(t.db)).rows[0]!.v;
    const before = await version();
    await sql`update products set on_shelf = not on_shelf where id = ${ids[1]}`.execute(t.db);
    await sql`update products set on_shelf = not on_shelf where id = ${ids[1]}`.execute(t.db);
    expect(await version()).toBe(before);
    await sql`update products set search_ascii = 'zzzqqq' where id = ${ids[0]}`.execute(t.db);
    expect(await version()).not.toBe(before);
    expect(await typoCandidates(t.db, ['zzzqqq'])).toEqual([ids[0]]);
  });
});
