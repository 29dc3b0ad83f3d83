/**
 * Sizes that one trade writes in several ways, brought to one canonical lexeme on both sides
 * (documents and queries), so any spelling finds the others:
 * - pipe and thread sizes: 4分 = 1/2寸 = 1/2" = G1/2 = DN15, 6分 = 3/4 = DN20, 1寸 = 8分 = DN25,
 *   1寸2 = 1.2寸 = 1-1/4 = DN32 … → `dn15`, `dn20`, `dn25` (the nominal diameter);
 * - tyre sizes: 205/55R16 = 205/55ZR16 = 205/55-16 = 2055516 → `2055516` (width, ratio, rim);
 * - lengths in one unit: 1.2米 = 1.2m = 120cm = 1200mm → `len1200`.
 * Inches without a fraction are read as a pipe size only up to 6寸 (a 24寸 wiper or a 55寸 TV is
 * not a pipe). Plain normalized text in (normalize() of search-text.ts), lexemes out.
 */

// nominal diameter by inch size (the trade's 分 are eighths of an inch: 4分 = 1/2寸)
const DN_BY_EIGHTHS: Record<number, number> = { 1: 6, 2: 8, 3: 10, 4: 15, 6: 20, 8: 25, 10: 32, 12: 40, 16: 50, 20: 65, 24: 80, 32: 100, 40: 125, 48: 150 };
const FRACTION_EIGHTHS: Record<string, number> = { '1/8': 1, '1/4': 2, '3/8': 3, '1/2': 4, '3/4': 6 };
const DN_VALUES = new Set(Object.values(DN_BY_EIGHTHS));

const dnOf = (eighths: number) => (DN_BY_EIGHTHS[eighths] ? `dn${DN_BY_EIGHTHS[eighths]}` : null);

// 1-1/4, 1 1/4, 1/2 with an optional G (thread) before and 寸/"/英寸 after; not inside a longer
// number (12/16 of an aluminium-plastic pipe, 24/6 staples, 1/2/3 lists).
const FRACTION = /(?<![\d/.])(?:g)?(?:(\d)[-\s])?([13]\/[248])(?![\d/])(?:\s*(?:寸|英寸|"|″|in(?![a-z])))?/gu;
// 4分, 6分 (not 4分钟, not 4分米); 1寸, 1.5寸, 1寸2 (= 1.2寸), 1寸半 (= 1.5寸)
const FEN = /(?<![\d.])(\d)分(?![钟米贝])/gu;
const CUN = /(?<![\d./])(\d(?:\.\d)?)寸([2-9半])?/gu;
const DN = /(?<![a-z])dn\s*(\d{1,3})(?!\d)/gu;
const TYRE = /(?<!\d)(1[2-9]\d|2\d\d|3[0-5]\d)\s*\/\s*([2-9][05])\s*(?:z?r|-)\s*(1[0-9]|2[0-6])(?!\d)/gu;

// a length in metres, centimetres or millimetres (1.2米 = 1.2m = 120cm = 1200mm → len1200); not
// inside a model (ab2m) and not 米 of 米粒/米粉
const LENGTH = /(?<![a-z\d.])(\d{1,5}(?:\.\d{1,3})?)\s*(毫米|厘米|米(?![粒粉饭线])|mm|cm|m)(?![a-z\d])/gu;
const MM_PER: Record<string, number> = { 毫米: 1, mm: 1, 厘米: 10, cm: 10, 米: 1000, m: 1000 };

/** The canonical size lexemes of a text (dn15, 2055516, len1200), empty when it names no such size. */
export function sizeLexemes(s: string): string[] {
  const out = new Set<string>();
  for (const m of s.matchAll(LENGTH)) {
    const mm = Number(m[1]) * MM_PER[m[2]!]!;
    if (mm > 0) out.add(`len${+mm.toFixed(3)}`);
  }
  for (const m of s.matchAll(FRACTION)) {
    const eighths = Number(m[1] ?? 0) * 8 + FRACTION_EIGHTHS[m[2]!]!;
    const dn = dnOf(eighths);
    if (dn) out.add(dn);
  }
  for (const m of s.matchAll(FEN)) {
    const dn = dnOf(Number(m[1]));
    if (dn) out.add(dn);
  }
  for (const m of s.matchAll(CUN)) {
    const inches = m[2] === '半' ? Number(m[1]) + 0.5 : m[2] ? Number(`${m[1]}.${m[2]}`) : Number(m[1]);
    // 1.2寸 is the trade's name of 1-1/4寸 (DN32)
    const eighths = inches === 1.2 ? 10 : Math.round(inches * 8);
    if (inches <= 6) {
      const dn = dnOf(eighths);
      if (dn) out.add(dn);
    }
  }
  for (const m of s.matchAll(DN)) if (DN_VALUES.has(Number(m[1]))) out.add(`dn${Number(m[1])}`);
  for (const m of s.matchAll(TYRE)) out.add(`${m[1]}${m[2]}${m[3]}`);
  return [...out];
}

/** A typed fraction such as 1/2 or 3/4 (matched as itself, not as the numbers 1 and 2). */
export const isFraction = (run: string) => /^\d{1,2}\/\d{1,2}$/.test(run);

/** Dimensions typed with x, × or * between numbers (m8x30, 10*100) as separate words: m8 30. */
export const splitDimensions = (s: string) => s.replace(/(\d)\s*[x×*]\s*(?=\d)/gu, '$1 ');

const NUMERALS = '一二三四五六七八九十';
// counters after which a number is a stage, a grade or a count buyers write either way (一段 = 1段 infant formula, 三层 = 3层 tissue, 五孔 = 5孔 socket)
const COUNTED = '段层号代孔位档挡级匹门开速头';
const HAN_COUNT = new RegExp(`([${NUMERALS}两])([${COUNTED}])`, 'gu');
const DIGIT_COUNT = new RegExp(`(?<![\\d.])(10|[1-9])([${COUNTED}])`, 'gu');

/**
 * A counted number in its other spelling: 1段 → 一段, 三层 → 3. The document holds both, so 一段奶粉
 * finds 1段 and 3层抽纸 finds 三层 (the query's digit is a word of its own, its Chinese a phrase).
 */
export function countedForms(s: string): { han: string[]; digits: string[] } {
  const han = [...s.matchAll(DIGIT_COUNT)].map((m) => NUMERALS[Number(m[1]) - 1]! + m[2]);
  const digits = [...s.matchAll(HAN_COUNT)].map((m) => String(m[1] === '两' ? 2 : NUMERALS.indexOf(m[1]!) + 1));
  return { han, digits };
}
