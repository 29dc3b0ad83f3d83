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

  it('passes over what closes a name but does not name the thing', () => {
    expect(headNoun('晨光 中性笔 K35 0.5mm 黑色')).toBe('中性笔'); // a colour
    expect(headNoun('九牧 不锈钢角阀 冷热通用')).toBe('角阀'); // a description
    expect(headNoun('海飞丝 去屑洗发露 丝质柔滑型 400ml')).toBe('洗发露'); // …型
    expect(headNoun('卫龙 魔芋爽 香辣味')).toBe('魔芋爽'); // a flavour
    expect(headNoun('摩恩 淋浴花洒套装 恒温')).toBe('花洒'); // a set of the thing
    expect(headNoun('施耐德 配电箱 12回路 暗装')).toBe('配电箱'); // a counted unit
    expect(headNoun('公牛 USB插座 双口')).toBe('插座');
    expect(headNoun('公牛 插座转换器 一转三')).toBe('转换器');
    expect(headNoun('白色')).toBeNull();
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
