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
  /** trigram → its number */
  trigramIds: Map<string, number>;
  /** each word's trigrams, by number, in order */
  wordTrigrams: Int32Array[];
  /** trigram number → the words that have it */
  byTrigram: number[][];
  /** scratch space of one query (queries run one at a time: similarProducts is synchronous) */
  hits: Int32Array;
  inQuery: Uint8Array;
  seen: Uint32Array;
  stamp: number;
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

/** The best Jaccard ratio of the query's trigrams (`ix.inQuery`, `qSize` of them) to a run of `seq`'s. */
function extentSimilarity(ix: TypoIndex, qSize: number, seq: Int32Array): number {
  let best = 0;
  for (let i = 0; i < seq.length; i++) {
    if (!ix.inQuery[seq[i]!]) continue; // a best run starts on a shared trigram
    const stamp = ++ix.stamp;
    let seen = 0;
    let shared = 0;
    for (let j = i; j < seq.length; j++) {
      const t = seq[j]!;
      if (ix.seen[t] !== stamp) {
        ix.seen[t] = stamp;
        seen++;
        if (ix.inQuery[t]) shared++;
      }
      if (ix.inQuery[t]) best = Math.max(best, shared / (qSize + seen - shared));
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
  return indexWords(words, products, breather);
}

/** The trigram side of the index; `pause` gives the event loop back now and then. */
async function indexWords(words: string[], products: number[][], pause: () => Promise<void>): Promise<TypoIndex> {
  const trigramIds = new Map<string, number>();
  const byTrigram: number[][] = [];
  const wordTrigrams: Int32Array[] = [];
  for (let k = 0; k < words.length; k++) {
    if (k % (CHUNK * 4) === CHUNK * 4 - 1) await pause();
    const seq = trigramsOfWord(words[k]!).map((t) => {
      let id = trigramIds.get(t);
      if (id === undefined) {
        trigramIds.set(t, (id = byTrigram.length));
        byTrigram.push([]);
      }
      return id;
    });
    wordTrigrams.push(Int32Array.from(seq));
    for (const id of new Set(seq)) byTrigram[id]!.push(k);
  }
  return { words, products, trigramIds, wordTrigrams, byTrigram, hits: new Int32Array(words.length), inQuery: new Uint8Array(byTrigram.length), seen: new Uint32Array(byTrigram.length), stamp: 0 };
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

/** pg_trgm's word_similarity(term, word) for one word, computed as the index computes it. */
export async function wordSimilarity(term: string, word: string): Promise<number> {
  const ix = await indexWords([word.toLowerCase()], [[1]], async () => undefined);
  return similarProducts(ix, term, 0).get(1) ?? 0;
}

/** Products whose typo text has a word similar to `term` (at least `threshold`), with the best similarity each. */
function similarProducts(ix: TypoIndex, term: string, threshold = WORD_SIMILARITY): Map<number, number> {
  const out = new Map<number, number>();
  const q = new Set(trgmWords(term).flatMap(trigramsOfWord));
  const known = [...q].map((t) => ix.trigramIds.get(t)).filter((id): id is number => id !== undefined);
  const need = Math.max(1, Math.ceil(q.size * threshold - 1e-9));
  const touched: number[] = [];
  for (const id of known) {
    ix.inQuery[id] = 1;
    for (const k of ix.byTrigram[id]!) if (ix.hits[k]++ === 0) touched.push(k);
  }
  for (const k of touched) {
    const n = ix.hits[k]!;
    ix.hits[k] = 0;
    if (n < need) continue;
    const sim = extentSimilarity(ix, q.size, ix.wordTrigrams[k]!);
    if (sim < threshold || sim === 0) continue;
    for (const id of ix.products[k]!) if (sim > (out.get(id) ?? 0)) out.set(id, sim);
  }
  for (const id of known) ix.inQuery[id] = 0;
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
