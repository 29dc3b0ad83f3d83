import { describe, expect, it } from 'vitest';
import { parseQuery, segment, type QueryContext } from './search-query';
import { buildDocument, compactCode, headNoun } from './search-text';
import { synonymMap } from './search-lexicon';

const ctx = (words: string[], groups: string[][] = []): QueryContext => ({ vocabulary: new Set(words), synonyms: synonymMap(groups) });

describe('query understanding', () => {
  it('cuts glued input by the catalog vocabulary and the dictionary', () => {
    expect(segment('洁柔抽纸', ctx(['洁柔', '面子', '抽纸']))).toEqual(['洁柔', '抽纸']);
    expect(segment('厨邦生抽', ctx(['厨邦', '薄盐', '生抽']))).toEqual(['厨邦', '生抽']);
    expect(segment('德力西空开', ctx(['德力西'], [['空开', '空气开关']]))).toEqual(['德力西', '空开']);
    // an unknown brand still comes out in pieces the product can match
    expect(segment('某某牌插座', ctx([])).join('')).toBe('某某牌插座');
  });

  it('compacts model numbers the same way on both sides', () => {
    for (const typed of ['ABC-12X', 'abc12x', 'abc_12x', 'ａｂｃ－１２ｘ'.normalize('NFKC').toLowerCase()]) expect(compactCode(typed.toLowerCase())).toBe('abc12x');
    expect(compactCode('1.5l')).toBe('1.5l');
    const doc = buildDocument({ name: '正泰 ABC 12X 开关', subtitle: null, brand: '正泰', categoryPath: [], tags: [], skus: [] }).tsv;
    expect(doc).toContain("'abc12x'");
  });

  it('finds the head noun of a name', () => {
    expect(headNoun('公牛 插座转换器')).toBe('转换器');
    expect(headNoun('公牛 五孔插座 10A')).toBe('插座');
  });

  it('adds synonyms to a word and ranks the typed word above them', () => {
    const p = parseQuery('泡面', ctx([], [['方便面', '泡面']]));
    expect(p.strict).toContain("'方便' <-> '便面'");
    expect(p.strict).toContain("'泡面'");
  });

  it('a query without anything searchable parses to nothing', () => {
    expect(parseQuery('!!! ~~', ctx([])).strict).toBeNull();
  });
});
