import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import { pinyin } from 'pinyin-pro';
import { countedForms, sizeLexemes } from './search-sizes';

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
 *   a query's 500毫升 becomes, so either spelling finds both;
 * - model numbers in a compact form without separators (ABC-12X → abc12x, also its tail 12x, and
 *   two neighbouring runs joined: ABC 12X → abc12x), which is what the query side makes of any
 *   spelling (abc12x, ABC_12x, ａｂｃ－１２ｘ);
 * - pinyin and initials of every window of 1–4 syllables of the name and brand as whole lexemes,
 *   so a query that matches one exactly ends on a syllable boundary (qixi = 七喜, not 七星椒);
 * - `_`-marked initials and pinyin that skip whole words of the name (厨邦 薄盐 生抽 → _cbsc), for
 *   buyers who type the brand and the head noun only;
 * - sizes in one canonical form whatever the spelling (search-sizes.ts): pipe sizes as their
 *   nominal diameter (4分, 1/2寸, G1/2, DN15 → dn15), tyre sizes as digits (205/55R16 → 2055516),
 *   lengths in millimetres (1.2米, 120cm → len1200);
 * - counted numbers in their other spelling (1段 → 一段, 三层 → 3: a stage, a ply, a socket's holes);
 * - `h:` the head noun of the name (the last word of its last Chinese run that names a thing:
 *   插座转换器 → 转换器; 中性笔 K35 黑色 → 中性笔), and `hp:` the same in pinyin, so the thing itself
 *   ranks above products that use the word as a modifier; `hi:` the brand's initials with the
 *   head's; `c:` the category names the name does not spell out (the product is that thing).
 *
 * SEARCH_DOC_VERSION names this format: stored documents of another version are rebuilt at start.
 */
export const SEARCH_DOC_VERSION = 7;
export const jieba = Jieba.withDict(dict);
export const HAN = /\p{Script=Han}/u;
export const RUN = /(\p{Script=Han}+)|([a-z0-9][a-z0-9\-_.]*)/gu;
const MAX_FIELD = 200;
const MAX_SUFFIX_SYLLABLES = 10;

/** NFKC (full-width → ASCII), lower case, one space between words. */
export function normalize(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

// Longest first: 毫升 before 升, 毫米/厘米 before 米 (not 米 of 玉米: only after a number). 斤 and 两
// are left alone (not metric: 1 斤 = 500 g).
const UNIT_RE = /(\d+(?:\.\d+)?)\s*(毫升|千克|公斤|毫米|厘米|毫安时|毫安|升|克|米(?!粒|粉|饭|线))/gu;
const LATIN_UNIT: Record<string, string> = { 毫升: 'ml', 升: 'l', 千克: 'kg', 公斤: 'kg', 克: 'g', 毫米: 'mm', 厘米: 'cm', 毫安时: 'mah', 毫安: 'mah', 米: 'm' };
// a number counted in ten-thousands (2万毫安 = 20000mAh, 1.5万 = 15000)
const WAN_RE = /(?<![\d.])(\d{1,4}(?:\.\d{1,3})?)万/gu;
const wanDigits = (s: string) => s.replace(WAN_RE, (_, n: string) => String(Math.round(Number(n) * 10000)));

/** Quantities with Chinese units in their latin form: 500毫升 → 500ml, 1.5升 → 1.5l, 2万毫安 → 20000mah. */
export const latinUnits = (s: string) => wanDigits(s).replace(UNIT_RE, (_, n: string, u: string) => ` ${n}${LATIN_UNIT[u]} `);

/** The latin forms of the quantities with Chinese units (and numbers in 万) in `s` (empty when none). */
const latinQuantities = (s: string) => {
  const w = wanDigits(s);
  return [...(w !== s ? (w.match(/\d+/g) ?? []).filter((n) => n.length >= 5) : []), ...[...w.matchAll(UNIT_RE)].map((m) => `${m[1]}${LATIN_UNIT[m[2]!]}`)].join(' ');
};

type Weight = 'A' | 'B' | 'C' | 'D';
export const quote = (lexeme: string) => `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

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

  /** Puts a lexeme at the current position (skip initials, head nouns). */
  mark(w: string, weight: Weight = 'D') {
    this.put(w, this.pos, weight);
  }

  /** Chinese unigrams + bigrams, latin runs and their parts, jieba words. */
  text(raw: string | null | undefined, weight: Weight) {
    if (!raw) return;
    const s = normalize(raw).slice(0, MAX_FIELD);
    this.runs(s, weight);
    const quantities = latinQuantities(s);
    if (quantities) this.runs(quantities, weight);
    // sizes in their canonical form (1/2寸 → dn15, 205/55R16 → 2055516): what a query's sizes become
    for (const size of sizeLexemes(s)) this.put(size, this.pos, weight);
    // counted numbers in their other spelling (1段 → 一段, 三层 → 3)
    const counted = countedForms(s);
    if (counted.han.length || counted.digits.length) this.runs([...counted.han, ...counted.digits].join(' '), weight);
  }

  private runs(s: string, weight: Weight) {
    let prev: { compact: string; end: number } | null = null;
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
        const parts = run.match(/[a-z]+|[0-9]+(?:\.[0-9]+)?/g) ?? [];
        for (const part of parts) if (part !== run) this.put(part, this.pos, weight);
        const compact = compactCode(run);
        this.put(compact, this.pos, weight);
        // the tails of a model from each part on (DZ47-63 → 4763, 63) and, for two neighbouring
        // runs (ABC 12X), the two joined
        for (let i = 1; i < parts.length; i++) this.put(parts.slice(i).join(''), this.pos, weight);
        const start = m.index ?? 0;
        if (prev && /^[\s\-_/]*$/.test(s.slice(prev.end, start))) this.put(prev.compact + compact, this.pos, weight);
        prev = { compact, end: start + m[2].length };
        this.pos += 3;
        continue;
      }
      prev = null;
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
      // windows ending on a syllable boundary, matched exactly at query time
      for (let n = 1; n <= Math.min(4, part.length); n++) {
        this.put(part.slice(0, n).join(''), this.pos, 'D');
        this.put(part.slice(0, n).map((p) => p[0]).join(''), this.pos, 'D');
      }
    }
    this.pos += 3;
  }

  /**
   * Initials and pinyin that skip whole words: a start word, then any later word to the end
   * (厨邦/薄盐/生抽 → _cbsc, _chubangshengchou). Marked `_` so a match ranks below contiguous ones.
   */
  skipping(words: string[]) {
    const syl = words.map((w) => syllables(w)).filter((x) => x.length);
    for (let i = 0; i < syl.length; i++) {
      for (let j = i + 2; j < syl.length; j++) {
        const picked = [syl[i]!, ...syl.slice(j)].flat().slice(0, MAX_SUFFIX_SYLLABLES);
        this.put(`_${picked.map((p) => p[0]).join('')}`, this.pos, 'D');
        this.put(`_${picked.join('')}`, this.pos, 'D');
      }
    }
  }

  /** A code as one lexeme (prefix-matched at query time). */
  code(raw: string | null | undefined) {
    if (!raw) return;
    this.put(normalize(raw), this.pos, 'D');
    this.put(compactCode(normalize(raw)), this.pos, 'D'); // st-65-167 typed as st65167
    this.pos += 3;
  }

  toString() {
    return [...this.lex].map(([w, ps]) => `${quote(w)}:${ps.join(',')}`).join(' ');
  }
}

/** A model number or code without separators: ABC-12X → abc12x; a decimal point stays (1.5l). */
export function compactCode(run: string): string {
  return run.replace(/[-_/\s]+/g, '').replace(/\.(?!\d)|(?<!\d)\./g, '');
}

/** Words of the Chinese runs of `raw` (jieba with new-word detection), in order. */
export function hanWords(raw: string | null | undefined): string[] {
  if (!raw) return [];
  const out: string[] = [];
  for (const m of normalize(raw).slice(0, MAX_FIELD).matchAll(/\p{Script=Han}+/gu)) out.push(...jieba.cut(m[0], true));
  return out;
}

// Words that describe the thing rather than name it when they close a name: colours, flavours,
// types and styles (…色 …味 …型 …式 …款 …版), materials, features and editions. A run of the name
// that ends in one (丝质柔滑型, 冷热通用, PVC绝缘, 香辣味) is a description, not the thing.
const DESCRIBES = /^(?:\p{Script=Han}*[色味型式款版]|[一二三四五六七八九十两单双多]+[转拖][一二三四五六七八九十两多]+|[一二三四五六七八九十单双多]+[口孔头位开控联层档挡节]|不锈钢|全铜|纯铜|黄铜|铝合金|塑料|实木|陶瓷|加厚|加长|加大|加粗|冷热|通用|恒温|静音|绝缘|防水|防滑|防爆|可擦|可视|触控|多功能|折叠|可折叠|轻便|一次性|大号|中号|小号|特大号|迷你|便携|家用|商用|经典|新款|升级|正品|散装|盒装|袋装|瓶装|罐装|桶装|箱装|包装|独立装|暗装|明装|开孔|[粗细厚薄][条片块丝]|[大小][块粒])$/u;
// A set or a pack of the thing (花洒套装, 刀具礼盒): the thing is the word before it.
const SET_WORDS = new Set(['套装', '礼盒', '组合', '套餐']);

interface NameRun { run: string; counted: boolean }

/** A head noun and the words before it in its run (机油/滤清器: the head 滤清器, before it 机油). */
export interface Head { head: string; before: string[] }

/** The head of the last of `runs` that names a thing (see headNoun), or null. */
function lastThing(runs: NameRun[], firstThing = 0, categories: string[] = []): Head | null {
  const thingOf = (r: number): Head | null => {
    const { run, counted } = runs[r]!;
    // 12回路, 3层: a unit after a number
    if (counted && [...run].length <= 2) return null;
    const words = jieba.cut(run, true);
    while (words.length > 1 && SET_WORDS.has(words.at(-1)!)) words.pop();
    // a one-character last word is a suffix of the thing (热熔/器 → 热熔器)
    let head = words.pop() ?? '';
    while ([...head].length < 2 && words.length) head = words.pop()! + head;
    if (!head || DESCRIBES.test(head)) return null;
    return { head, before: words };
  };
  for (let r = runs.length - 1; r >= 0; r--) {
    const found = thingOf(r);
    if (!found) continue;
    // a two-character word standing alone after a longer run that names a thing is an attribute
    // of it (a flavour, a cut, a finish: 三全 灌汤水饺 三鲜, 罗技 鼠标垫 超大 加厚 锁边, 红星 二锅头 蓝瓶),
    // unless the product's category names it (卫龙 大面筋 辣条 in 辣条: a variety, then the thing)
    const run = runs[r]!.run;
    if ([...run].length === 2 && !categories.some((c) => c.endsWith(run))) {
      for (let e = r - 1; e >= firstThing; e--) {
        if ([...runs[e]!.run].length < 3) continue;
        const earlier = thingOf(e);
        if (earlier) return earlier;
      }
    }
    return found;
  }
  return null;
}

/**
 * The head noun of a product name: the last word of a Chinese run of two or more characters
 * that names a thing (公牛 插座转换器 → 转换器; 洁柔 面子抽纸 3层120抽 → 抽纸). Distributors write
 * brand, series, the thing, then its specs and attributes: so the thing is first looked for
 * among the runs after the name's first one (the brand) and before a spec or model standing on its
 * own (埃美柯 黄铜球阀 1/2寸 内丝 重型 → 球阀, not 内丝; 博世 前刹车片 0986AB1234 朗逸/宝来 → 刹车片);
 * without such a run, the last run of the name (吉列 锋速3 手动剃须刀 → 剃须刀). Either way a description is passed over (晨光 中性笔 K35 黑色 → 中性笔;
 * 九牧 不锈钢角阀 冷热通用 → 角阀; 摩恩 花洒套装 恒温 → 花洒), and so is a counted unit (12回路).
 */
export function headNoun(name: string, categories: string[] = []): string | null {
  return headOf(name, categories)?.head ?? null;
}

/** headNoun with the words before the head in its run; `categories`: the product's category names. */
export function headOf(name: string, categories: string[] = []): Head | null {
  const s = normalize(name).slice(0, MAX_FIELD);
  const runs: NameRun[] = [];
  let hanRuns = 0;
  for (const m of s.matchAll(/(\p{Script=Han}{2,})|[a-z0-9]+/gu)) {
    if (m[1]) {
      // the first Chinese run is the brand or a series, not the thing, when specs follow
      if (hanRuns++ > 0) runs.push({ run: m[1], counted: /\d$/.test(s.slice(0, m.index)) });
    } else if (runs.length && /\d/.test(m[0]) && /(^|\s)$/.test(s.slice(0, m.index))) {
      // a spec or model standing on its own (not a series number glued on: 锋速3 手动剃须刀; not a
      // material or type before the thing: PPR 热水管)
      const head = lastThing(runs, 0, categories);
      if (head) return head;
    }
  }
  // (the name's first run is the brand or a series: never the thing an attribute belongs to)
  return lastThing([...s.matchAll(/(\d)?(\p{Script=Han}{2,})/gu)].map((m) => ({ run: m[2]!, counted: !!m[1] })), 1, categories);
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
  /** the brand's other names: Latin name, old names, common misspellings */
  brandAliases?: string[];
  categoryPath: string[];
  tags: string[];
  skus: { code: string; barcode: string | null; specText: string }[];
}

/** The search document of a product: tsvector literal + the text pg_trgm compares typos against. */
export function buildDocument(p: SearchSource): { tsv: string; ascii: string } {
  const d = new DocBuilder();
  d.text(p.name, 'A');
  d.text(p.brand, 'B');
  for (const a of p.brandAliases ?? []) d.text(a, 'B');
  for (const c of p.categoryPath) d.text(c, 'B');
  d.text(p.subtitle, 'C');
  for (const t of p.tags) d.text(t, 'C');
  const specs = [...new Set(p.skus.map((s) => s.specText).filter(Boolean))].slice(0, 30);
  for (const s of specs) d.text(s, 'C');
  d.pinyin(p.name);
  d.pinyin(p.brand);
  for (const a of p.brandAliases ?? []) d.pinyin(a);
  // the brand is one word however jieba cuts it (世达 → 世/达 would make 'sdbs' skip a syllable)
  const brand = p.brand ? normalize(p.brand) : '';
  const rest = brand ? normalize(p.name).replace(brand, ' ') : p.name;
  d.skipping([...(brand && HAN.test(brand) ? [brand] : []), ...hanWords(rest)].slice(0, 10));
  const headParts = headOf(p.name, p.categoryPath.map(normalize)) ?? headOf(p.categoryPath.at(-1) ?? '');
  const head = headParts?.head;
  const brandSyl = brand && HAN.test(brand) ? syllables(brand) : [];
  if (brandSyl.length) {
    // the brand, then the name from any syllable on, skipping what comes between: initials over
    // every cut of the name, not only jieba's (博世 风翼 无骨雨/刮片 → _bsygp, 雨刮片 cut apart)
    const restSyl = syllables(rest);
    const ini = brandSyl.map((x) => x[0]).join('');
    for (let k = 1; k < Math.min(restSyl.length, MAX_SUFFIX_SYLLABLES + 2); k++) d.mark(`_${ini}${restSyl.slice(k, k + MAX_SUFFIX_SYLLABLES).map((x) => x[0]).join('')}`);
  }
  if (head) {
    // the head and its tails (面子抽纸 → 抽纸, 水管 → 管), one of which a query word may be
    const chars = [...head];
    for (let i = 0; i < chars.length; i++) {
      d.mark(`h:${chars.slice(i).join('')}`);
      // the same in pinyin (jiyou: 机油 above 机油滤清器)
      const py = syllables(chars.slice(i).join('')).join('');
      if (py) d.mark(`hp:${py}`);
    }
    // the head's own initials count as the head (xyj: 电子血压计 above 血压计袖带)
    for (let i = 0; i <= chars.length - 2; i++) d.mark(`hi:${syllables(chars.slice(i).join('')).map((x) => x[0]).join('')}`);
    // a compound head's short form, the first character of its last two words (机油/滤清器 → 机滤,
    // 空气/滤清器 → 空滤): how a trade shortens its own words, found as a head, with the brand's initials
    const prev = headParts!.before.at(-1);
    if (prev && [...prev].length >= 2 && chars.length >= 2 && /^\p{Script=Han}+$/u.test(prev)) {
      const short = [...prev][0]! + chars[0]!;
      d.mark(short);
      d.mark(`h:${short}`);
      const shortIni = syllables(short).map((x) => x[0]).join('');
      if (brandSyl.length) {
        const picked = `${brandSyl.map((x) => x[0]).join('')}${shortIni}`;
        d.mark(`_${picked}`);
        d.mark(`hi:${picked}`);
      }
    }
    // the brand and the head noun, also where the head sits inside a longer word (皇家 室内成猫粮 → _hjml)
    for (let i = 0; brandSyl.length && i <= chars.length - 2; i++) {
      const picked = [...brandSyl, ...syllables(chars.slice(i).join(''))];
      d.mark(`_${picked.map((x) => x[0]).join('')}`);
      d.mark(`_${picked.join('')}`);
      // the same marked as the head's, so the thing ranks above its accessories (bqnp: 贝亲 玻璃奶瓶 above 贝亲 奶瓶刷)
      d.mark(`hi:${picked.map((x) => x[0]).join('')}`);
    }
  }
  // a category the name does not spell out names the thing (白酒 for 茅台 飞天 53度; not for
  // 白酒分酒器, whose name uses the word as a modifier)
  const plainName = normalize(p.name);
  for (const c of p.categoryPath) {
    const cat = normalize(c);
    if ([...cat].length >= 2 && HAN.test(cat) && !plainName.includes(cat)) d.mark(`c:${cat}`);
  }
  for (const s of p.skus.slice(0, 200)) {
    d.code(s.code);
    d.code(s.barcode);
  }
  const words = (raw: string | null) => jieba.cut(normalize(raw ?? ''), false).map((w) => syllables(w).join('')).filter(Boolean);
  // latin words of the name and brand (Coca-Cola, iPhone) take part in typo tolerance too
  const latinWords = (raw: string | null) => normalize(raw ?? '').match(/[a-z][a-z0-9]{2,}/g) ?? [];
  const ascii = [syllables(p.name).join(''), ...words(p.name), syllables(p.brand).join(''), ...latinWords(p.name), ...latinWords(p.brand), ...(p.brandAliases ?? []).flatMap(latinWords), ...p.skus.slice(0, 50).map((s) => normalize(s.code))]
    .filter(Boolean)
    .join(' ');
  return { tsv: d.toString(), ascii };
}

/**
 * The words a product adds to the catalog's vocabulary, which query segmentation cuts glued
 * input by: brand names and aliases, category names, the jieba words of the name, subtitle and specs.
 */
export function vocabularyOf(p: SearchSource): string[] {
  const out = new Set<string>();
  const add = (w: string) => {
    const n = normalize(w);
    if ([...n].length >= 2 && [...n].length <= 12 && HAN.test(n)) out.add(n);
  };
  for (const raw of [p.brand, ...(p.brandAliases ?? []), ...p.categoryPath]) {
    if (!raw) continue;
    for (const m of normalize(raw).matchAll(/\p{Script=Han}+/gu)) add(m[0]);
    for (const w of hanWords(raw)) add(w);
  }
  for (const raw of [p.name, p.subtitle, ...p.skus.slice(0, 30).map((s) => s.specText)]) for (const w of hanWords(raw)) add(w);
  return [...out];
}

