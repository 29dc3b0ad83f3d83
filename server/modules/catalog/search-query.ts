import { compactCode, jieba, latinUnits, normalize, quote, RUN, syllables } from './search-text';
import { isFraction, sizeLexemes, splitDimensions } from './search-sizes';

/**
 * The query side of catalog search: what a buyer typed becomes tsqueries over the documents
 * that search-text.ts builds. Buyers type without spaces, so a Chinese run is cut into words by
 * the catalog's own vocabulary (brands, product words, specs — collected at index time), the
 * synonym keys and jieba's dictionary; each word must then be found somewhere in the product, in
 * any order. Each word also matches its synonyms (applied here, at query time: no reindex).
 *
 * The ranking is a sum of boolean tsquery tests (cheap on the GIN index rows already fetched);
 * the rules and their weights are listed in docs/search.md.
 */
export interface QueryContext {
  /** catalog words (normalized) for cutting glued input */
  vocabulary: ReadonlySet<string>;
  /** word → the other words of its synonym groups */
  synonyms: ReadonlyMap<string, readonly string[]>;
  /** full pinyin → the Chinese synonym words that read so (niaobushi → 尿不湿): a word buyers type in pinyin that only its synonym spells in the catalog */
  synonymPinyin?: ReadonlyMap<string, readonly string[]>;
}

export interface RankTest {
  /** tsquery */
  q: string;
  weight: number;
}

export interface ParsedQuery {
  /** tsquery every result must match (null: nothing searchable in the input). */
  strict: string | null;
  /** Second pass when strict finds nothing: every Chinese character anywhere (words typed glued
   * that no vocabulary knows), null when it would be the same as strict. */
  loose: string | null;
  /** Third pass: one wrong Chinese character, homophones (same pinyin). */
  fuzzy: string | null;
  rank: RankTest[];
  fuzzyRank: RankTest[];
  /** Latin terms compared by pg_trgm word similarity in the fuzzy pass (pinyin typos). */
  latin: string[];
  /** pinyin of the query's Chinese and its latin words: scores typo candidates by pinyin distance */
  pinyin: string;
  /** the words the query was cut into (shown to staff, used for "did you mean") */
  words: string[];
}

/** Bigram phrase of a Chinese run; `w` restricts it to a weight (':A' = in the name). */
export const phrase = (chars: string[], w = '') => (chars.length === 1 ? quote(chars[0]!) + w : chars.slice(0, -1).map((c, i) => quote(c + chars[i + 1]) + w).join(' <-> '));

/**
 * A Chinese run with any one character wrong: 矿全水 → 全水 | 矿 <2> 水 | 矿全. The distance runs from
 * the left part's last lexeme: a single character sits two places before the right part, a
 * phrase's last bigram three (撒尿牛丸 → 撒尿 <3> 丸).
 */
function oneWrongChar(chars: string[]): string[] {
  if (chars.length < 3) return [];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    const left = chars.slice(0, i);
    const right = chars.slice(i + 1);
    if (!left.length) out.push(phrase(right));
    else if (!right.length) out.push(phrase(left));
    else out.push(`(${phrase(left)}) <${left.length === 1 ? 2 : 3}> (${phrase(right)})`);
  }
  return out;
}

const MAX_WORD = 12;

/**
 * Cuts a Chinese run into words: the fewest pieces, each a catalog word, a synonym key or a
 * jieba dictionary word (single characters cost more than words; catalog words win ties).
 * 洁柔抽纸 → 洁柔 / 抽纸, 厨邦生抽 → 厨邦 / 生抽.
 */
export function segment(run: string, ctx: QueryContext): string[] {
  const chars = [...run];
  const n = chars.length;
  const dictWords = new Set(jieba.cutAll(run).filter((w) => [...w].length >= 2));
  const cost = new Array<number>(n + 1).fill(Infinity);
  const from = new Array<number>(n + 1).fill(0);
  cost[0] = 0;
  for (let i = 0; i < n; i++) {
    if (cost[i] === Infinity) continue;
    for (let j = i + 1; j <= Math.min(n, i + MAX_WORD); j++) {
      const w = chars.slice(i, j).join('');
      let c: number;
      if (j === i + 1) c = 1.6;
      else if (ctx.vocabulary.has(w)) c = 0.95;
      else if (ctx.synonyms.has(w)) c = 0.97;
      else if (dictWords.has(w)) c = 1;
      else continue;
      if (cost[i]! + c < cost[j]!) {
        cost[j] = cost[i]! + c;
        from[j] = i;
      }
    }
  }
  const out: string[] = [];
  for (let j = n; j > 0; j = from[j]!) out.unshift(chars.slice(from[j], j).join(''));
  return out;
}

const or = (xs: string[]) => (xs.length === 1 ? xs[0]! : `(${xs.map((x) => `(${x})`).join(' | ')})`);
const andAll = (xs: string[]) => xs.map((x) => `(${x})`).join(' & ');
const isLatin = (t: string) => /^[a-z0-9][a-z0-9\-_./]*$/.test(t);

/** A synonym as a tsquery: Chinese words as bigram phrases, latin words by their compact prefix. */
function synonymQuery(word: string): string | null {
  const parts: string[] = [];
  for (const m of word.matchAll(RUN)) {
    if (m[1]) parts.push(`(${phrase([...m[1]])})`);
    else if (m[2]) {
      const c = compactCode(m[2]);
      if (c) parts.push(`${quote(c)}:*`);
    }
  }
  return parts.length ? andAll(parts) : null;
}

/** The suffixes of a word that may be a product's head noun (`h:` lexemes). */
const headTests = (word: string) => {
  const chars = [...word];
  const out: string[] = [];
  for (let i = 0; i === 0 || i <= chars.length - 2; i++) out.push(quote(`h:${chars.slice(i).join('')}`));
  return out;
};

/** Turns what a buyer typed into tsqueries. Terms (split at spaces, or cut from glued input) must all match. */
export function parseQuery(input: string, ctx: QueryContext): ParsedQuery {
  const terms = normalize(splitDimensions(latinUnits(normalize(input)))).split(' ').filter(Boolean).slice(0, 8);
  const strict: string[] = [];
  const loose: string[] = [];
  const fuzzy: string[] = [];
  const rank: RankTest[] = [];
  const heads: string[] = [];
  const latin: string[] = [];
  const pinyinParts: string[] = [];
  // the head noun read aloud: a homophone typo of the thing (血压机, 罗继鼠标) still names it (typo pass)
  const spokenHeads: string[] = [];
  const words: string[] = [];
  let looseDiffers = false;
  const synonymsOf = (w: string) => ctx.synonyms.get(w) ?? [];

  for (let ti = 0; ti < terms.length; ti++) {
    const term = terms[ti]!.slice(0, 60);
    // two latin terms in a row, one with digits, may be one model typed with a space (abc 12x = ABC-12X)
    const next = terms[ti + 1];
    if (isLatin(term) && next && isLatin(next) && /\d/.test(term + next)) {
      const a = compactCode(term);
      const b = compactCode(next);
      if (a && b) {
        const joined = `${quote(a + b)}:*`;
        strict.push(`((${quote(a)}:* & ${quote(b)}:*) | ${joined})`);
        loose.push(strict.at(-1)!);
        fuzzy.push(strict.at(-1)!);
        rank.push({ q: `${quote(a + b)} | (${quote(a)} & ${quote(b)})`, weight: 8 }, { q: `(${quote(a)}:*AD & ${quote(b)}:*AD) | ${quote(a + b)}:*AD`, weight: 2 });
        words.push(term, next);
        ti++;
        continue;
      }
    }
    const sParts: string[] = [];
    const lParts: string[] = [];
    const fParts: string[] = [];
    for (const m of term.matchAll(RUN)) {
      if (m[1]) {
        const chars = [...m[1]];
        const segs = segment(m[1], ctx);
        words.push(...segs);
        for (const seg of segs) {
          const alts = [seg, ...synonymsOf(seg)];
          const altQueries = alts.map((a) => synonymQuery(a)).filter((x): x is string => !!x);
          sParts.push(or(altQueries));
          const inName = alts.flatMap((a) => (/^\p{Script=Han}+$/u.test(a) ? [phrase([...a], ':A')] : []));
          if (inName.length) rank.push({ q: or(inName), weight: 2 });
          if (alts.length > 1) rank.push({ q: phrase([...seg], ':A'), weight: 1 });
          const segHeads = alts.filter((a) => /^\p{Script=Han}+$/u.test(a)).flatMap(headTests);
          heads.push(...segHeads);
          // the category names the thing, for a product whose name does not (a head match already says it)
          const cats = alts.filter((a) => /^\p{Script=Han}{2,}$/u.test(a)).map((a) => quote(`c:${a}`));
          if (cats.length) rank.push({ q: `(${cats.join(' | ')}) & !(${segHeads.join(' | ')})`, weight: 4 });
        }
        if (segs.length > 1) {
          rank.push({ q: phrase(chars), weight: 3 });
          looseDiffers = true;
        }
        if (segs.some((x) => [...x].length > 1)) looseDiffers = true;
        lParts.push(chars.map((c) => quote(c)).join(' & '));
        const py = syllables(m[1]).join('');
        if (py) pinyinParts.push(py);
        for (const w of [m[1], ...segs]) {
          const wpy = syllables(w).join('');
          if (wpy && [...w].length >= 2) spokenHeads.push(quote(`hp:${wpy}`));
        }
        // homophones word by word (九木角阀 → jiumu… & jiaofa…), so a wrong character need not sit next to the rest
        const byWord = segs.length > 1 ? [andAll(segs.map((seg) => or([phrase([...seg]), ...(syllables(seg).length ? [`${quote(syllables(seg).join(''))}:*`] : [])])))] : [];
        const alts = [phrase(chars), ...oneWrongChar(chars), ...(py.length >= 2 ? [`${quote(py)}:*`, `${quote(`_${py}`)}:*`] : []), ...byWord];
        fParts.push(or(alts));
      } else if (m[2]) {
        const raw = m[2].replace(/[-_.]+$/, '');
        // a fraction (1/2) is itself, not the numbers 1 and 2 run together
        const run = isFraction(raw) ? raw : compactCode(raw);
        if (!run) continue;
        words.push(run);
        const spoken = /^[a-z]{4,}$/.test(run) ? (ctx.synonymPinyin?.get(run) ?? []) : [];
        const alts = [`${quote(run)}:*`, `${quote(`_${run}`)}:*`, ...[...synonymsOf(run), ...spoken, ...spoken.flatMap(synonymsOf)].map((a) => synonymQuery(a)).filter((x): x is string => !!x)];
        sParts.push(or(alts));
        // initials glued to a number (gj1573 = 国窖1573): tried when nothing matched as typed
        const mixed = /^([a-z]{2,})(\d{2,})$/.exec(run);
        if (mixed) looseDiffers = true;
        lParts.push(or(mixed ? [...alts, `${quote(mixed[1]!)}:* & ${quote(mixed[2]!)}:*`] : alts));
        fParts.push(`${quote(run)}:*`);
        // a single letter typed as a word is a size or grade (纸尿裤 m), not a pinyin initial
        rank.push({ q: run.length === 1 ? `${quote(run)}:ABC` : quote(run), weight: 8 }, { q: `${quote(run)}:*`, weight: 3 }, { q: `${quote(run)}:*AD`, weight: 2 });
        if (run.length >= 3 && /[a-z]/.test(run)) latin.push(run);
        if (/^[a-z]+$/.test(run)) {
          pinyinParts.push(run);
          heads.push(quote(`hp:${run}`), quote(`hi:${run}`));
          // initials that are the brand's and the head's (or the head's own) name the thing: above
          // an accessory whose contiguous initials the same letters begin (ljsb: 罗技 无线鼠标 above 罗技 鼠标垫)
          if (run.length >= 3) rank.push({ q: quote(`hi:${run}`), weight: 8 });
        }
      }
    }
    if (!sParts.length) continue;
    // a whole term that is a synonym key across runs, and a size however it is written (4分 =
    // 1/2寸 = dn15, 2055516 = 205/55R16: search-sizes.ts), which must then decide the rank
    const sizes = sizeLexemes(term).map(quote);
    if (sizes.length) rank.push({ q: or(sizes), weight: 8 });
    const termAlts = [...synonymsOf(term).map((a) => synonymQuery(a)).filter((x): x is string => !!x), ...sizes];
    const s = andAll(sParts);
    strict.push(termAlts.length && (sParts.length > 1 || sizes.length) ? or([s, ...termAlts]) : s);
    loose.push(termAlts.length && (lParts.length > 1 || sizes.length) ? or([andAll(lParts), ...termAlts]) : andAll(lParts));
    fuzzy.push(andAll(fParts));
  }
  if (!strict.length) return { strict: null, loose: null, fuzzy: null, rank: [], fuzzyRank: [], latin: [], pinyin: '', words: [] };
  if (heads.length) rank.push({ q: [...new Set(heads)].join(' | '), weight: 6 });
  const pinyin = pinyinParts.join('');
  const fuzzyRank: RankTest[] = pinyinParts.flatMap((py) => [{ q: quote(py), weight: 6 }, { q: `${quote(py)}:*`, weight: 3 }]);
  if (spokenHeads.length) fuzzyRank.push({ q: [...new Set(spokenHeads)].join(' | '), weight: 6 });
  return {
    strict: andAll(strict),
    loose: looseDiffers ? andAll(loose) : null,
    fuzzy: andAll(fuzzy),
    rank,
    fuzzyRank,
    latin,
    pinyin,
    words,
  };
}
