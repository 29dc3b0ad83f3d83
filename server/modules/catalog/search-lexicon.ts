import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import type { QueryContext } from './search-query';
import { normalize, syllables } from './search-text';
import builtIn from './data/synonyms.json';
import './tables';

type Q = Kysely<DB> | Transaction<DB>;

/**
 * What query understanding knows besides jieba: the catalog's vocabulary (search_vocabulary,
 * filled when documents are written) and the synonym groups (built-in data/synonyms.json plus
 * the supplier's search_synonyms). Held in memory per database handle and brought up to date
 * when the catalog version moves (every catalog write and every synonym change bump it): new
 * vocabulary rows are read incrementally by id, synonyms whole (they are few).
 */
/** The built-in synonym groups, by trade (bundled with the server). */
export const builtInSynonyms: Record<string, string[][]> = builtIn.trades;

/** A synonym word as queries and the table hold it: NFKC, lower case, no inner spaces. */
export const synonymWord = (w: string) => normalize(w).replace(/\s+/g, '');

/** word → every other word of the groups it is in. */
export function synonymMap(groups: readonly (readonly string[])[]): Map<string, string[]> {
  const m = new Map<string, Set<string>>();
  for (const g of groups) {
    const words = [...new Set(g.map(synonymWord).filter(Boolean))];
    for (const w of words) {
      const set = m.get(w) ?? new Set<string>();
      for (const o of words) if (o !== w) set.add(o);
      m.set(w, set);
    }
  }
  return new Map([...m].map(([k, v]) => [k, [...v].slice(0, 12)]));
}

/** A built-in group's stable name: its trade and a hash of its words (a changed group is a new one). */
export const builtInKey = (trade: string, words: readonly string[]) => `${trade}-${createHash('sha256').update(words.join('|')).digest('hex').slice(0, 10)}`;

/** Every built-in group with its key. */
export const builtInGroups: { key: string; trade: string; words: string[] }[] = Object.entries(builtInSynonyms).flatMap(([trade, groups]) =>
  groups.map((words) => ({ key: builtInKey(trade, words), trade, words })));

/**
 * The built-in groups switched off, by their current key → the keys stored for them. A switch
 * is stored under the key of the group as it was then; when a later release changes that group's
 * words (a new key), the switch follows it to the group of the same trade that keeps most of the
 * stored words (at least two, and at least half of them), so a supplier's decision survives an
 * added word.
 */
export async function offSwitches(db: Kysely<DB> | Transaction<DB>): Promise<Map<string, string[]>> {
  const rows = await db.selectFrom('search_synonyms_off').select(['group_key', 'words']).execute();
  const byKey = new Map(builtInGroups.map((g) => [g.key, g]));
  const out = new Map<string, string[]>();
  const put = (key: string, stored: string) => out.set(key, [...(out.get(key) ?? []), stored]);
  for (const r of rows) {
    if (byKey.has(r.group_key)) {
      put(r.group_key, r.group_key);
      continue;
    }
    const trade = r.group_key.slice(0, r.group_key.lastIndexOf('-'));
    const stored = new Set((r.words ?? []).map(synonymWord));
    let best: { key: string; shared: number } | null = null;
    for (const g of builtInGroups) {
      if (g.trade !== trade) continue;
      const shared = g.words.filter((w) => stored.has(synonymWord(w))).length;
      if (shared >= 2 && shared * 2 >= stored.size && (!best || shared > best.shared)) best = { key: g.key, shared };
    }
    if (best) put(best.key, r.group_key);
  }
  return out;
}

const pinyinOf = new Map<string, string>();
/** full pinyin → the Chinese words (two characters or more) of the synonym groups that read so. */
export function synonymPinyin(synonyms: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const w of synonyms.keys()) {
    if (!/^\p{Script=Han}{2,}$/u.test(w)) continue;
    let py = pinyinOf.get(w);
    if (py === undefined) pinyinOf.set(w, (py = syllables(w).join('')));
    if (py) out.set(py, [...(out.get(py) ?? []), w]);
  }
  return out;
}

interface State { version: string; maxId: number; vocabulary: Set<string>; ctx: QueryContext; groupsSig?: string; loading: Promise<QueryContext> | null }
const states = new WeakMap<object, State>();

/** The query context at catalog version `version` (read from the database when it moved). */
export async function queryContext(db: Kysely<DB>, version: string): Promise<QueryContext> {
  let s = states.get(db);
  if (s && s.version === version) return s.ctx;
  if (s?.loading) return s.loading;
  const prev = s;
  const load = (async () => {
    const vocabulary = prev?.vocabulary ?? new Set<string>();
    let maxId = prev?.maxId ?? 0;
    const rows = await db.selectFrom('search_vocabulary').select(['id', 'word']).where('id', '>', maxId).execute();
    for (const r of rows) {
      vocabulary.add(r.word);
      maxId = Math.max(maxId, Number(r.id));
    }
    const own = await db.selectFrom('search_synonyms').select('words').execute();
    const off = await offSwitches(db);
    const builtInOn = builtInGroups.filter((g) => !off.has(g.key)).map((g) => g.words);
    // the groups are rebuilt only when they changed (most version moves are product writes)
    const groupsSig = JSON.stringify([own.map((r) => r.words), [...off.keys()]]);
    const same = prev && prev.groupsSig === groupsSig;
    const synonyms = same ? prev.ctx.synonyms : synonymMap([...builtInOn, ...own.map((r) => r.words)]);
    const ctx: QueryContext = { vocabulary, synonyms, synonymPinyin: same ? prev.ctx.synonymPinyin : synonymPinyin(synonyms) };
    states.set(db, { version, maxId, vocabulary, ctx, groupsSig, loading: null });
    return ctx;
  })();
  s = { version: prev?.version ?? '', maxId: prev?.maxId ?? 0, vocabulary: prev?.vocabulary ?? new Set(), ctx: prev?.ctx ?? { vocabulary: new Set(), synonyms: new Map() }, groupsSig: prev?.groupsSig, loading: load };
  states.set(db, s);
  try {
    return await load;
  } catch (e) {
    if (prev) states.set(db, prev);
    else states.delete(db);
    throw e;
  }
}

/** Adds words to the catalog vocabulary (inside the transaction that writes the documents). */
export async function addVocabulary(db: Q, words: Iterable<string>): Promise<void> {
  const list = [...new Set(words)];
  for (let i = 0; i < list.length; i += 1000) {
    const batch = list.slice(i, i + 1000);
    await sql`insert into search_vocabulary (word, pinyin)
      select w, p from unnest(${sql.val(batch)}::text[], ${sql.val(batch.map((w) => syllables(w).join('')))}::text[]) as v(w, p)
      order by w
      on conflict (word) do nothing`.execute(db);
  }
}
