import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import { pinyin } from 'pinyin-pro';

/**
 * The text side of catalog search: how a product becomes a tsvector and a query a tsquery.
 * Both are built here, in one place, so index and query always agree. Lexemes are written as
 * quoted literals and cast (`::tsvector`, `::tsquery`) — no text-search configuration is
 * involved, so PGlite and PostgreSQL behave the same.
 *
 * Document lexemes (weights: A name, B brand/category, C subtitle/tags/specs, D pinyin/codes):
 * - every Chinese character and every pair of neighbouring characters, with positions, so any
 *   Chinese substring is found by a phrase of bigrams (矿泉水 → 矿泉 <-> 泉水);
 * - jieba search-mode words of three or more characters (ranking: whole words score higher);
 * - latin/digit runs (330ml, coca) and their letter/digit parts (330, ml);
 * - pinyin of the name and brand as suffixes of the syllable string (kuangquanshui…) and the
 *   same for initials (kqs…), so pinyin typed from any word start matches by prefix;
 * - SKU codes and barcodes, lower-cased, matched by prefix;
 * - quantities with Chinese units also in their latin form (500毫升 → 500ml), which is also what
 *   a query's 500毫升 becomes, so either spelling finds both.
 *
 * SEARCH_DOC_VERSION names this format: stored documents of another version are rebuilt at start.
 */
export const SEARCH_DOC_VERSION = 2;
const jieba = Jieba.withDict(dict);
const HAN = /\p{Script=Han}/u;
const RUN = /(\p{Script=Han}+)|([a-z0-9][a-z0-9\-_.]*)/gu;
const MAX_FIELD = 200;
const MAX_SUFFIX_SYLLABLES = 10;

/** NFKC (full-width → ASCII), lower case, one space between words. */
export function normalize(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

// Longest first: 毫升 before 升. 斤 and 两 are left alone (not metric: 1 斤 = 500 g).
const UNIT_RE = /(\d+(?:\.\d+)?)\s*(毫升|千克|公斤|毫米|厘米|升|克)/gu;
const LATIN_UNIT: Record<string, string> = { 毫升: 'ml', 升: 'l', 千克: 'kg', 公斤: 'kg', 克: 'g', 毫米: 'mm', 厘米: 'cm' };

/** Quantities with Chinese units in their latin form: 500毫升 → 500ml, 1.5升 → 1.5l. */
export const latinUnits = (s: string) => s.replace(UNIT_RE, (_, n: string, u: string) => ` ${n}${LATIN_UNIT[u]} `);

/** The latin forms of the quantities with Chinese units in `s` (empty when none). */
const latinQuantities = (s: string) => [...s.matchAll(UNIT_RE)].map((m) => `${m[1]}${LATIN_UNIT[m[2]!]}`).join(' ');

type Weight = 'A' | 'B' | 'C' | 'D';
const quote = (lexeme: string) => `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/** Collects lexemes with positions and weights and prints them as a tsvector literal. */
class DocBuilder {
  private pos = 1;
  private lex = new Map<string, string[]>();

  private put(w: string, pos: number, weight: Weight) {
    if (!w || w.length > 200) return;
    const list = this.lex.get(w) ?? [];
    if (list.length < 50) list.push(`${Math.min(pos, 16383)}${weight}`);
    this.lex.set(w, list);
  }

  /** Chinese unigrams + bigrams, latin runs and their parts, jieba words. */
  text(raw: string | null | undefined, weight: Weight) {
    if (!raw) return;
    const s = normalize(raw).slice(0, MAX_FIELD);
    this.runs(s, weight);
    const quantities = latinQuantities(s);
    if (quantities) this.runs(quantities, weight);
  }

  private runs(s: string, weight: Weight) {
    for (const m of s.matchAll(RUN)) {
      if (m[1]) {
        const chars = [...m[1]];
        chars.forEach((c, i) => {
          this.put(c, this.pos + i, weight);
          if (i + 1 < chars.length) this.put(c + chars[i + 1], this.pos + i, weight);
        });
        for (const word of jieba.cutForSearch(m[1], true)) if ([...word].length >= 3) this.put(word, this.pos, weight);
        this.pos += chars.length + 2;
      } else if (m[2]) {
        const run = m[2].replace(/[-_.]+$/, '');
        this.put(run, this.pos, weight);
        for (const part of run.match(/[a-z]+|[0-9]+/g) ?? []) if (part !== run) this.put(part, this.pos, weight);
        this.pos += 3;
      }
    }
  }

  /** Pinyin and initials suffixes of the Chinese characters of `raw`. */
  pinyin(raw: string | null | undefined) {
    const syl = syllables(raw);
    if (!syl.length) return;
    for (let i = 0; i < syl.length; i++) {
      const part = syl.slice(i, i + MAX_SUFFIX_SYLLABLES);
      this.put(part.join(''), this.pos, 'D');
      this.put(part.map((p) => p[0]).join(''), this.pos, 'D');
    }
    this.pos += 3;
  }

  /** A code as one lexeme (prefix-matched at query time). */
  code(raw: string | null | undefined) {
    if (!raw) return;
    this.put(normalize(raw), this.pos, 'D');
    this.pos += 3;
  }

  toString() {
    return [...this.lex].map(([w, ps]) => `${quote(w)}:${ps.join(',')}`).join(' ');
  }
}

/** Toneless pinyin syllables of the Chinese characters in `raw` (other characters dropped). */
export function syllables(raw: string | null | undefined): string[] {
  if (!raw) return [];
  const han = [...normalize(raw).slice(0, MAX_FIELD)].filter((c) => HAN.test(c)).join('');
  if (!han) return [];
  return pinyin(han, { toneType: 'none', type: 'array', v: true }).map((p) => p.replace(/[^a-z]/g, '')).filter(Boolean);
}

export interface SearchSource {
  name: string;
  subtitle: string | null;
  brand: string | null;
  categoryPath: string[];
  tags: string[];
  skus: { code: string; barcode: string | null; specText: string }[];
}

/** The search document of a product: tsvector literal + the text pg_trgm compares typos against. */
export function buildDocument(p: SearchSource): { tsv: string; ascii: string } {
  const d = new DocBuilder();
  d.text(p.name, 'A');
  d.text(p.brand, 'B');
  for (const c of p.categoryPath) d.text(c, 'B');
  d.text(p.subtitle, 'C');
  for (const t of p.tags) d.text(t, 'C');
  const specs = [...new Set(p.skus.map((s) => s.specText).filter(Boolean))].slice(0, 30);
  for (const s of specs) d.text(s, 'C');
  d.pinyin(p.name);
  d.pinyin(p.brand);
  for (const s of p.skus.slice(0, 200)) {
    d.code(s.code);
    d.code(s.barcode);
  }
  const words = (raw: string | null) => jieba.cut(normalize(raw ?? ''), false).map((w) => syllables(w).join('')).filter(Boolean);
  // latin words of the name and brand (Coca-Cola, iPhone) take part in typo tolerance too
  const latinWords = (raw: string | null) => normalize(raw ?? '').match(/[a-z][a-z0-9]{2,}/g) ?? [];
  const ascii = [syllables(p.name).join(''), ...words(p.name), syllables(p.brand).join(''), ...latinWords(p.name), ...latinWords(p.brand), ...p.skus.slice(0, 50).map((s) => normalize(s.code))]
    .filter(Boolean)
    .join(' ');
  return { tsv: d.toString(), ascii };
}

export interface ParsedQuery {
  /** tsquery every result must match (null: nothing searchable in the input). */
  strict: string | null;
  /** Wider tsquery for a second pass when the strict one finds nothing: one wrong Chinese character, homophones. */
  fuzzy: string | null;
  /** jieba words (3+ characters) of the query: a product containing the whole word ranks higher. */
  words: string | null;
  /** Each term restricted to the product name: every term found in the name ranks above brand/category matches. */
  inName: string[];
  /** Latin terms compared by pg_trgm word similarity in the second pass (pinyin typos). */
  latin: string[];
}

/** Bigram phrase of a Chinese run; `w` restricts it to a weight (':A' = in the name). */
const phrase = (chars: string[], w = '') => (chars.length === 1 ? quote(chars[0]!) + w : chars.slice(0, -1).map((c, i) => quote(c + chars[i + 1]) + w).join(' <-> '));

/** A Chinese run with any one character wrong: 矿全水 → 全水 | 矿 <2> 水 | 矿全. */
function oneWrongChar(chars: string[]): string[] {
  if (chars.length < 3) return [];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    const left = chars.slice(0, i);
    const right = chars.slice(i + 1);
    if (!left.length) out.push(phrase(right));
    else if (!right.length) out.push(phrase(left));
    else out.push(`(${phrase(left)}) <2> (${phrase(right)})`);
  }
  return out;
}

/** Turns what a buyer typed into tsqueries. Terms (split at spaces) must all match. */
export function parseQuery(input: string): ParsedQuery {
  const terms = normalize(latinUnits(normalize(input))).split(' ').filter(Boolean).slice(0, 8);
  const strict: string[] = [];
  const inName: string[] = [];
  const fuzzy: string[] = [];
  const rankWords: string[] = [];
  const latin: string[] = [];
  for (const term of terms) {
    const sParts: string[] = [];
    const nParts: string[] = [];
    const fParts: string[] = [];
    for (const m of term.slice(0, 60).matchAll(RUN)) {
      if (m[1]) {
        const chars = [...m[1]];
        sParts.push(`(${phrase(chars)})`);
        nParts.push(`(${phrase(chars, ':A')})`);
        const py = syllables(m[1]).join('');
        const alts = [phrase(chars), ...oneWrongChar(chars), ...(py.length >= 2 ? [`${quote(py)}:*`] : [])];
        fParts.push(`(${alts.map((a) => `(${a})`).join(' | ')})`);
        for (const w of jieba.cut(m[1], false)) if ([...w].length >= 3) rankWords.push(quote(w));
      } else if (m[2]) {
        const run = m[2].replace(/[-_.]+$/, '');
        if (!run) continue;
        sParts.push(`${quote(run)}:*`);
        nParts.push(`${quote(run)}:*AD`); // name text, or name/brand pinyin and codes
        fParts.push(`${quote(run)}:*`);
        if (run.length >= 3 && /[a-z]/.test(run)) latin.push(run);
      }
    }
    if (sParts.length) {
      strict.push(sParts.join(' & '));
      inName.push(nParts.join(' & '));
      fuzzy.push(fParts.join(' & '));
    }
  }
  if (!strict.length) return { strict: null, fuzzy: null, words: null, inName: [], latin: [] };
  const s = strict.map((x) => `(${x})`).join(' & ');
  return {
    strict: s,
    fuzzy: fuzzy.map((x) => `(${x})`).join(' & '),
    words: rankWords.length ? rankWords.join(' | ') : null,
    inName,
    latin,
  };
}
