import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { normalize, syllables } from './search-text';
import type { ParsedQuery } from './search-query';
import './tables';

/**
 * What a search that found nothing still offers: words of the catalog that sound like what was
 * typed ("did you mean", by pg_trgm similarity of their pinyin) and the categories nearest to
 * the query (sharing its words or characters). The query itself is logged per customer company
 * for the supplier's report of what buyers searched and did not find.
 */
export interface SearchHelp { didYouMean: string[]; categories: { id: number; name: string }[] }

const MAX_QUERY_LOGGED = 100;

export async function zeroResultHelp(db: Kysely<DB>, q: string, parsed: ParsedQuery): Promise<SearchHelp> {
  const typed = normalize(q);
  const py = syllables(typed).join('') || parsed.pinyin;
  const didYouMean = py.length >= 2
    ? (await sql<{ word: string }>`select word from search_vocabulary where pinyin % ${py}
        order by similarity(pinyin, ${py}) desc, length(word), word limit 3`.execute(db)).rows.map((r) => r.word).filter((w) => w !== typed)
    : [];
  // categories: whole words of the query (and the did-you-mean words) in the name first, then shared characters
  const cats = await db.selectFrom('categories').select(['id', 'name']).orderBy('sort').orderBy('id').limit(2000).execute();
  const words = [...parsed.words, ...didYouMean].filter((w) => /\p{Script=Han}/u.test(w));
  const chars = new Set([...typed].filter((c) => /\p{Script=Han}/u.test(c)));
  const scored = cats
    .map((c) => ({ c, s: words.filter((w) => c.name.includes(w) || w.includes(c.name)).length * 10 + [...c.name].filter((x) => chars.has(x)).length }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s || a.c.id - b.c.id)
    .slice(0, 3);
  return { didYouMean, categories: scored.map((x) => ({ id: x.c.id, name: x.c.name })) };
}

/** Counts a buyer's search that found nothing (one row per company and query). */
export async function logMiss(db: Kysely<DB>, companyId: number, q: string): Promise<void> {
  const query = normalize(q).slice(0, MAX_QUERY_LOGGED);
  if (!query) return;
  await sql`insert into search_misses (company_id, query) values (${companyId}, ${query})
    on conflict (company_id, query) do update set times = search_misses.times + 1, last_at = now()`.execute(db);
}

/** The supplier's report: queries that found nothing, most asked first, over all customers or one. */
export async function listMisses(db: Kysely<DB>, opts: { days: number; companyId?: number; limit: number }) {
  const rows = await sql<{ query: string; times: number; companies: number; lastAt: Date }>`
    select query, sum(times)::int as times, count(*)::int as companies, max(last_at) as "lastAt"
    from search_misses where last_at >= now() - make_interval(days => ${opts.days})
      ${opts.companyId != null ? sql`and company_id = ${opts.companyId}` : sql``}
    group by query order by times desc, max(last_at) desc, query limit ${opts.limit}`.execute(db);
  return rows.rows.map((r) => ({ query: r.query, times: Number(r.times), companies: Number(r.companies), lastAt: new Date(r.lastAt).toISOString() }));
}

/** Forgets the misses of queries a new synonym now answers. */
export async function clearMisses(db: Kysely<DB>, queries: string[]): Promise<void> {
  if (queries.length) await db.deleteFrom('search_misses').where('query', 'in', queries).execute();
}
