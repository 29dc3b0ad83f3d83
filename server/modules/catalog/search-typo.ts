import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import './tables';

/**
 * The typo pass's candidates for Latin terms (pinyin typed with a typo, a misspelt Latin brand),
 * bounded. The pass asked PostgreSQL for `term <% search_ascii` (pg_trgm word similarity ≥ 0.5
 * against the whole typo text of every product): the trigram index cannot tell much at that
 * threshold (a 5-letter term shares 3 of its 6 trigrams with a large part of the catalog), so
 * `jidan` rechecked 9,030 products' text, about 250–400 ms of one core. Here the catalog's
 * distinct typo words (the words of search_ascii: pinyin of names and words, brand pinyin, Latin
 * words, SKU codes) are held in memory per database handle, read again when they change, with a trigram
 * index of them; a term is compared with the words, not the products, and the products of the
 * similar words are the candidates: at most TYPO_CANDIDATES, the most similar first.
 *
 * Similarity is pg_trgm's word similarity taken word by word: trigrams as pg_trgm makes them
 * (alphanumeric words, lower case, padded with two spaces before and one after), the best
 * Jaccard ratio of the term's trigrams to any run of a word's trigrams. A product is a candidate
 * when one of its words reaches WORD_SIMILARITY for every term.
 */
export const WORD_SIMILARITY = 0.5;
/** candidates handed to the match statement, the most similar first */
export const TYPO_CANDIDATES = 2000;
/** of those, the first that pass the search's filters are matches */
export const TYPO_MATCHES = 300;

interface TypoIndex {
  words: string[];
  /** products of each word */
  products: number[][];
  /** trigram → the words that have it */
  byTrigram: Map<string, number[]>;
}

/** pg_trgm's trigrams of one word (padded "  w "), in order, with repeats. */
function trigramsOfWord(w: string): string[] {
  const s = `  ${w} `;
  const out: string[] = [];
  for (let i = 0; i + 3 <= s.length; i++) out.push(s.slice(i, i + 3));
  return out;
}

/** pg_trgm's words: runs of letters and digits, lower case. */
export const trgmWords = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** The best Jaccard ratio of `q` (a set) to a run of `seq`'s trigrams. */
function extentSimilarity(q: ReadonlySet<string>, seq: string[]): number {
  let best = 0;
  for (let i = 0; i < seq.length; i++) {
    if (!q.has(seq[i]!)) continue; // a best run starts on a shared trigram
    const seen = new Set<string>();
    let shared = 0;
    for (let j = i; j < seq.length; j++) {
      const t = seq[j]!;
      if (!seen.has(t)) {
        seen.add(t);
        if (q.has(t)) shared++;
      }
      if (q.has(t)) best = Math.max(best, shared / (q.size + seen.size - shared));
    }
  }
  return best;
}

/**
 * Per database handle: the index and the typo-words version it was read at
 * (search_typo_version, moved by a trigger only when a product is added or its typo text
 * changes: migration 202612080150). A build reads every product's typo text, about 250 ms of
 * Node CPU on the 34,642 products of the 100,000-SKU catalog; price, stock and visibility
 * writes do not cause one.
 */
interface State { version: string; index: Promise<TypoIndex> }
const states = new WeakMap<object, State>();

/** Gives the event loop back between chunks of a build (a whole build at once held it for about 250 ms). */
const breather = () => new Promise<void>((resolve) => setImmediate(resolve));
const CHUNK = 2000;

async function load(db: Kysely<DB>): Promise<TypoIndex> {
  const { rows } = await sql<{ id: number | string; ascii: string }>`select product_id as id, search_ascii as ascii from product_search`.execute(db);
  const ids = new Map<string, number>();
  const words: string[] = [];
  const products: number[][] = [];
  for (let i = 0; i < rows.length; i++) {
    if (i % CHUNK === CHUNK - 1) await breather();
    const r = rows[i]!;
    const id = Number(r.id);
    for (const w of new Set(trgmWords(r.ascii))) {
      let k = ids.get(w);
      if (k === undefined) {
        ids.set(w, (k = words.length));
        words.push(w);
        products.push([]);
      }
      products[k]!.push(id);
    }
  }
  const byTrigram = new Map<string, number[]>();
  for (let k = 0; k < words.length; k++) {
    if (k % (CHUNK * 4) === CHUNK * 4 - 1) await breather();
    for (const t of new Set(trigramsOfWord(words[k]!))) {
      const list = byTrigram.get(t);
      if (list) list.push(k);
      else byTrigram.set(t, [k]);
    }
  }
  return { words, products, byTrigram };
}

async function indexOf(db: Kysely<DB>): Promise<TypoIndex> {
  const { rows } = await sql<{ v: string }>`select v::text as v from search_typo_version where id = 1`.execute(db);
  const version = rows[0]?.v ?? '0';
  const s = states.get(db);
  if (s && s.version === version) return s.index;
  const index = load(db);
  states.set(db, { version, index });
  index.catch(() => {
    if (states.get(db)?.index === index) states.delete(db);
  });
  return index;
}

/** pg_trgm's word_similarity(term, word) for one word. */
export const wordSimilarity = (term: string, word: string) => extentSimilarity(new Set(trgmWords(term).flatMap(trigramsOfWord)), trigramsOfWord(word.toLowerCase()));

/** Products whose typo text has a word similar to `term`, with the best similarity each. */
function similarProducts(ix: TypoIndex, term: string): Map<number, number> {
  const out = new Map<number, number>();
  const q = new Set(trgmWords(term).flatMap(trigramsOfWord));
  {
    const need = Math.ceil(q.size * WORD_SIMILARITY - 1e-9);
    const hits = new Map<number, number>();
    for (const t of q) for (const k of ix.byTrigram.get(t) ?? []) hits.set(k, (hits.get(k) ?? 0) + 1);
    for (const [k, n] of hits) {
      if (n < need) continue;
      const sim = extentSimilarity(q, trigramsOfWord(ix.words[k]!));
      if (sim < WORD_SIMILARITY) continue;
      for (const id of ix.products[k]!) if (sim > (out.get(id) ?? 0)) out.set(id, sim);
    }
  }
  return out;
}

/**
 * The products that have a word similar to every term, the most similar first (then by id), at
 * most TYPO_CANDIDATES, read with `db`.
 */
export async function typoCandidates(db: Kysely<DB>, terms: readonly string[]): Promise<number[]> {
  if (!terms.length) return [];
  const ix = await indexOf(db);
  let score: Map<number, number> | null = null;
  for (const term of terms) {
    const found = similarProducts(ix, term);
    if (!score) score = found;
    else {
      const next = new Map<number, number>();
      for (const [id, s] of score) {
        const o = found.get(id);
        if (o !== undefined) next.set(id, s + o);
      }
      score = next;
    }
    if (!score.size) return [];
  }
  return [...score!].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, TYPO_CANDIDATES).map(([id]) => id);
}
