import { LINES, sizesOf } from '../server/modules/catalog/seed-data';
import { hanWords, syllables } from '../server/modules/catalog/search-text';

/**
 * Never-seen queries for the cold-at-rate phase of bench/catalog-search.ts: each query string is
 * distinct, so none can be answered from the per-catalog-version cache. They are made from the
 * generated catalog's own words the way buyers type (fixed shares, fixed order: a seeded shuffle):
 * single words, brand + word glued, word + word glued, full pinyin, initials, a word with a size,
 * SKU code prefixes with and without the dash, and a few typos (one character wrong). Each gets one
 * of the warm mix's variants (facets on half; price sort, price filter, sales sort, relevance).
 */
export function coldQueries(codes: string[], count: number): string[] {
  let seed = 23;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const names = LINES.flatMap((l) => l.names.map((n) => ({ brand: l.brand, words: hanWords(n.replace(l.brand, ' ')).filter((w) => [...w].length >= 2), sizes: sizesOf(l).map(([s]) => s) })));
  const words = [...new Set(names.flatMap((n) => n.words))];
  const initials = (s: string) => syllables(s).map((x) => x[0]).join('');
  const makers: (() => string | null)[] = [
    () => pick(words), // 矿泉水
    () => pick(words) + pick(words), // 牛奶饼干
    () => { const n = pick(names); return n.words.length ? n.brand + pick(n.words) : null; }, // 康师傅红烧牛肉面
    () => { const n = pick(names); return n.words.length ? `${n.brand} ${pick(n.words)}` : null; },
    () => syllables(pick(words)).join(''), // kuangquanshui
    () => { const n = pick(names); return n.words.length ? syllables(n.brand + pick(n.words)).join('') : null; },
    () => initials(pick(words)), // kqs
    () => { const n = pick(names); return n.words.length ? initials(n.brand) + initials(n.words.at(-1)!) : null; }, // ksf + nrm
    () => { const n = pick(names); return n.words.length ? `${pick(n.words)} ${pick(n.sizes).split('×')[0]!.toLowerCase()}` : null; }, // 牛奶 250ml
    () => pick(codes).slice(0, 4 + Math.floor(rand() * 5)), // P00012
    () => pick(codes).replace('-', '').toLowerCase(), // p0001231
    () => { const w = [...pick(words.filter((x) => [...x].length >= 3))]; w[1] = '的'; return w.join(''); }, // typo
  ];
  const shares = [14, 8, 12, 6, 10, 6, 10, 6, 8, 8, 6, 6];
  const out = new Set<string>();
  for (let guard = 0; out.size < count && guard < count * 200; guard++) {
    let r = rand() * 100;
    let i = 0;
    while (r >= shares[i]!) r -= shares[i++]!;
    const q = makers[i]!();
    if (q) out.add(q);
  }
  return [...out];
}
