import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import type { Actor } from '../auth/actor';
import { createCategory } from './categories';
import { createProduct } from './products';
import { builtInGroups, builtInSynonyms, synonymMap, synonymWord } from './search-lexicon';
import { TRADE_NAMES } from './synonyms';
import data from './data/synonyms.json';
import { searchNames } from '../../test/catalog-fixtures';

/**
 * The built-in synonym dictionary (data/synonyms.json) as data: every trade the issue names has a
 * real starting set, words are ones a phrase search can use without pulling in half a catalog,
 * and a word sits in two groups only where the file says why (a word in two groups finds the
 * words of both). Then a few groups through the real search on both databases.
 */
const ISSUE_TRADES = ['grocery', 'drinks', 'household_chemicals', 'personal_care', 'hardware', 'electrical', 'plumbing', 'stationery'];
const overlaps: Record<string, string> = data.overlaps;
const trades = Object.entries(builtInSynonyms);

describe('the built-in dictionary', () => {
  it('has at least 30 groups for each trade of the issue and a Chinese name for every trade', () => {
    for (const trade of ISSUE_TRADES) expect(builtInSynonyms[trade]?.length ?? 0, trade).toBeGreaterThanOrEqual(30);
    expect(Object.keys(TRADE_NAMES).sort()).toEqual(Object.keys(builtInSynonyms).sort());
    for (const [zh, en] of Object.values(TRADE_NAMES)) {
      expect(zh).toMatch(/^\p{Script=Han}+$/u);
      expect(en).toMatch(/^[A-Z][a-z ]+$/);
    }
  });

  it('holds words as queries hold them, two to twenty distinct per group, none a search would spread too wide', () => {
    for (const [trade, groups] of trades) {
      for (const g of groups) {
        const where = `${trade}: ${g.join('|')}`;
        expect(g.length, where).toBeGreaterThanOrEqual(2);
        expect(g.length, where).toBeLessThanOrEqual(20);
        expect(new Set(g).size, where).toBe(g.length);
        for (const w of g) {
          expect(synonymWord(w), where).toBe(w); // normalized: lower case, NFKC, no spaces
          expect([...w].length, where).toBeLessThanOrEqual(30);
          expect(w, `${where}: a single character matches everything that contains it`).not.toMatch(/^\p{Script=Han}$/u);
          expect(w, `${where}: a short number prefix-matches every size and model`).not.toMatch(/^\d{1,2}$/);
          expect(w, `${where}: a fraction is searched as two separate numbers`).not.toMatch(/\//);
          expect(w, where).toMatch(/^[\p{Script=Han}a-z0-9.]+$/u);
        }
      }
    }
  });

  it('puts a word in two groups only where the file says why (no unintended merging)', () => {
    const seen = new Map<string, string[]>();
    for (const [trade, groups] of trades) groups.forEach((g, i) => g.forEach((w) => seen.set(w, [...(seen.get(w) ?? []), `${trade}#${i}`])));
    const shared = [...seen].filter(([, at]) => at.length > 1).map(([w]) => w).sort();
    expect(shared).toEqual(Object.keys(overlaps).sort());
  });

  it('has no group twice or inside another, and every word keeps all its partners (the map keeps 12)', () => {
    const all = trades.flatMap(([trade, groups]) => groups.map((g) => ({ name: `${trade}: ${g.join('|')}`, set: new Set(g) })));
    const inside = all.flatMap((a) => all.filter((b) => b !== a && [...a.set].every((w) => b.set.has(w))).map((b) => `${a.name} inside ${b.name}`));
    expect(inside).toEqual([]);
    for (const [w, others] of synonymMap(trades.flatMap(([, g]) => g))) expect(others.length, w).toBeLessThan(12);
    expect(new Set(builtInGroups.map((g) => g.key)).size).toBe(builtInGroups.length);
  });
});

let t: TestApp;
let buyer: Client;

// invented products of the newer trades, each spelled one way; the queries use another word
const PRODUCTS: [string, string][] = [
  ['文具', '晨光 修正带 5m×6mm'],
  ['文具', '得力 长尾夹 32mm 12只'],
  ['汽车用品', '博世 无骨雨刮器 24寸'],
  ['汽车用品', '壳牌 喜力 全合成机油 5W-40 4L'],
  ['厨房电器', '美的 智能电饭煲 4L'],
  ['涂料', '立邦 乳胶漆 白色 5L'],
  ['母婴', '飞鹤 婴幼儿配方奶粉 3段 700g'],
  ['五金', '东成 手电钻 10mm'],
  ['照明', '神火 强光手电筒 充电款'],
  ['水暖', '潜水艇 角阀 4分 冷热'],
  ['电工', '正泰 小型断路器 1P 20A'],
];

beforeAll(async () => {
  t = await createTestApp();
  const actor: Actor = { userId: t.fx.users.admin, login: 'admin', name: 'admin', role: 'admin', companyId: null, via: 'session', scopes: null };
  const categories = new Map<string, number>();
  for (const [i, [category, name]] of PRODUCTS.entries()) {
    if (!categories.has(category)) categories.set(category, (await createCategory(t.db, actor, { name: category, parentId: null })).id);
    await createProduct(t.db, actor, { name, categoryId: categories.get(category)!, brandId: null, skus: [{ code: `SYN-${i + 1}`, specs: {}, basePrice: 1000 }] });
  }
  buyer = await t.as('buyerA');
}, 180_000);
afterAll(() => t.close());

const names = (text: string) => searchNames(buyer, text);

describe('built-in groups in search', () => {
  it('finds a product by another word of its group', async () => {
    const cases: [string, string][] = [
      ['涂改带', '晨光 修正带 5m×6mm'], ['大力夹', '得力 长尾夹 32mm 12只'], ['燕尾夹', '得力 长尾夹 32mm 12只'],
      ['雨刷', '博世 无骨雨刮器 24寸'], ['润滑油', '壳牌 喜力 全合成机油 5W-40 4L'], ['发动机油', '壳牌 喜力 全合成机油 5W-40 4L'],
      ['电饭锅', '美的 智能电饭煲 4L'], ['墙面漆', '立邦 乳胶漆 白色 5L'], ['dn15', '潜水艇 角阀 4分 冷热'],
      // a word-level group composes: 宝宝 = 婴幼儿, 奶粉 as typed
      ['宝宝奶粉', '飞鹤 婴幼儿配方奶粉 3段 700g'],
    ];
    for (const [q, want] of cases) expect((await names(q))[0], q).toBe(want);
  });

  it('does not pull in products that only share a fragment with a group word', async () => {
    expect(await names('手电筒')).toEqual(['神火 强光手电筒 充电款']); // not 手电钻
    expect(await names('4分')).not.toContain('正泰 小型断路器 1P 20A'); // 1/2 would match any 1… and 2… numbers
  });

  it('lists every trade with its Chinese name in the console', async () => {
    const admin = await t.as('admin');
    const list = (await admin.get('/api/search/synonyms')).json() as { builtIn: { trade: string; tradeName: string; tradeNameEn: string; groups: unknown[] }[] };
    expect(list.builtIn.map((x) => x.trade).sort()).toEqual(Object.keys(builtInSynonyms).sort());
    for (const x of list.builtIn) expect([x.tradeName, x.tradeNameEn]).toEqual(TRADE_NAMES[x.trade]);
    expect(list.builtIn.reduce((n, x) => n + x.groups.length, 0)).toBe(builtInGroups.length);
  });
});
