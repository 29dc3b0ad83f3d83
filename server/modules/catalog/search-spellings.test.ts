import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import type { Actor } from '../auth/actor';
import { createBrand } from './brands';
import { createCategory } from './categories';
import { createProduct } from './products';
import { headNoun } from './search-text';
import { countedForms, sizeLexemes } from './search-sizes';
import { searchNames } from '../../test/catalog-fixtures';

/**
 * Sizes, counts and product words that one trade writes in several ways (docs/search.md, rules
 * 1 and 2), one test per pattern, on a small invented catalog of four trades: pipe fittings and
 * fasteners, tyres, infant formula and tissue, spirits.
 */
let t: TestApp;
let buyer: Client;

const catalog: [category: string, brand: string, name: string][] = [
  ['阀门', '冠球', '冠球 黄铜球阀 1/2寸 内丝 加厚'],
  ['阀门', '冠球', '冠球 黄铜球阀 3/4寸 内丝 加厚'],
  ['阀门', '冠球', '冠球 黄铜球阀 1寸 内丝 加厚'],
  ['阀门', '冠球', '冠球 球阀手柄 蝶形'],
  ['管件', '冠球', '冠球 不锈钢 内丝弯头 DN20'],
  ['管件', '冠球', '冠球 镀锌 三通 4分'],
  ['电源', '冠球', '冠球 开关电源 12V 5A'],
  ['螺栓', '固邦', '固邦 外六角螺栓 M8×30'],
  ['螺栓', '固邦', '固邦 外六角螺栓 M8×40'],
  ['螺栓', '固邦', '固邦 外六角螺栓 M10×30'],
  ['轮胎', '驰远', '驰远 舒适者 205/55R16 91V'],
  ['轮胎', '驰远', '驰远 舒适者 205/60R16 92V'],
  ['轮胎', '驰远', '驰远 舒适者 215/55R17 94W'],
  ['轮胎', '驰远', '驰远 轮胎充气泵 12V'],
  ['奶粉', '鹤乡', '鹤乡 婴儿配方奶粉 1段 800g'],
  ['奶粉', '鹤乡', '鹤乡 幼儿配方奶粉 3段 800g'],
  ['纸尿裤', '鹤乡', '鹤乡 纸尿裤 L52片'],
  ['纸尿裤', '鹤乡', '鹤乡 纸尿裤 M60片'],
  ['纸巾', '云柔', '云柔 抽纸 三层 120抽'],
  ['纸巾', '云柔', '云柔 抽纸 两层 200抽'],
  ['白酒', '金樽', '金樽 陈酿 52度 500ml'],
  ['白酒', '金樽', '金樽 窖藏1988 53度 500ml'],
  ['酒具', '金樽', '金樽 白酒分酒器 玻璃'],
];

beforeAll(async () => {
  t = await createTestApp();
  const actor: Actor = { userId: t.fx.users.admin, login: 'admin', name: 'admin', role: 'admin', companyId: null, via: 'session', scopes: null };
  const brands = new Map<string, number>();
  const cats = new Map<string, number>();
  for (const [i, [category, brand, name]] of catalog.entries()) {
    if (!brands.has(brand)) brands.set(brand, (await createBrand(t.db, actor, { name: brand })).id);
    if (!cats.has(category)) cats.set(category, (await createCategory(t.db, actor, { name: category, parentId: null })).id);
    await createProduct(t.db, actor, { name, categoryId: cats.get(category)!, brandId: brands.get(brand)!, skus: [{ code: `SP-${i}`, specs: {}, basePrice: 1000 }] });
  }
  buyer = await t.as('buyerA');
}, 120_000);
afterAll(() => t.close());

const names = (text: string) => searchNames(buyer, text);

describe('sizes and counts written another way', () => {
  it('reads pipe sizes as one size: 4分 = 1/2寸 = G1/2 = DN15, 6分 = 3/4 = DN20', async () => {
    expect(sizeLexemes('1/2寸')).toEqual(['dn15']);
    expect(sizeLexemes('g3/4')).toEqual(['dn20']);
    expect(sizeLexemes('1-1/4"')).toEqual(['dn32']);
    expect(sizeLexemes('1寸半')).toEqual(['dn40']);
    // not a pipe: a 24-inch wiper, 6 minutes, staples 24/6, aluminium-plastic pipe 12/16
    for (const s of ['24寸', '6分钟', '24/6', '12/16']) expect(sizeLexemes(s), s).toEqual([]);
    for (const q of ['球阀 4分', '球阀 1/2', '球阀 dn15', '球阀 1/2寸', '球阀 g1/2']) expect((await names(q))[0], q).toBe('冠球 黄铜球阀 1/2寸 内丝 加厚');
    expect((await names('球阀 6分'))[0]).toBe('冠球 黄铜球阀 3/4寸 内丝 加厚');
    expect((await names('球阀 dn25'))[0]).toBe('冠球 黄铜球阀 1寸 内丝 加厚');
    expect((await names('弯头 6分'))[0]).toBe('冠球 不锈钢 内丝弯头 DN20');
    expect((await names('弯头 3/4'))[0]).toBe('冠球 不锈钢 内丝弯头 DN20');
    expect((await names('三通 dn15'))[0]).toBe('冠球 镀锌 三通 4分');
  });

  it('reads a fraction as itself, not as the numbers 1 and 2 (12V is not 1/2)', async () => {
    expect(await names('1/2')).not.toContain('冠球 开关电源 12V 5A');
    expect((await names('1/2'))[0]).toBe('冠球 黄铜球阀 1/2寸 内丝 加厚');
  });

  it('reads a tyre size typed as digits, with spaces or slashes, as the size', async () => {
    expect(sizeLexemes('205/55r16 91v')).toEqual(['2055516']);
    for (const q of ['2055516', '205 55 16', '205/55/16', '205/55r16', '轮胎 2055516']) {
      const r = await names(q);
      expect(r[0], q).toBe('驰远 舒适者 205/55R16 91V');
    }
    expect((await names('2155517'))[0]).toBe('驰远 舒适者 215/55R17 94W');
  });

  it('reads dimensions typed with x, * or × as the two numbers, the exact pair first', async () => {
    for (const q of ['m8x30', 'M8*30', 'm8×30', '螺栓 m8 30']) expect((await names(q))[0], q).toBe('固邦 外六角螺栓 M8×30');
    expect((await names('螺栓 m10x30'))[0]).toBe('固邦 外六角螺栓 M10×30');
  });

  it('reads a counted number in digits or Chinese: 一段 = 1段, 3层 = 三层', async () => {
    expect(countedForms('1段 三层')).toEqual({ han: ['一段'], digits: ['3'] });
    expect((await names('一段奶粉'))[0]).toBe('鹤乡 婴儿配方奶粉 1段 800g');
    expect((await names('三段奶粉'))[0]).toBe('鹤乡 幼儿配方奶粉 3段 800g');
    expect((await names('3层抽纸'))[0]).toBe('云柔 抽纸 三层 120抽');
  });

  it('a single letter typed as a word is a size, not a pinyin initial', async () => {
    expect((await names('纸尿裤 m'))[0]).toBe('鹤乡 纸尿裤 M60片');
    expect((await names('纸尿裤 l'))[0]).toBe('鹤乡 纸尿裤 L52片');
  });
});

describe('what the product is', () => {
  it('the thing comes before its specs: attributes after a size do not name it', async () => {
    expect(headNoun('冠球 黄铜球阀 1/2寸 内丝 加厚')).toBe('球阀');
    expect(headNoun('博世 前刹车片 0986AB1234 朗逸/宝来')).toBe('刹车片');
    expect(headNoun('好孩子 婴儿推车 轻便折叠 D639')).toBe('推车');
    expect(headNoun('吉列 锋速3 手动剃须刀')).toBe('剃须刀'); // a series number glued on is not a spec
    const r = await names('球阀');
    expect(r.indexOf('冠球 球阀手柄 蝶形')).toBeGreaterThan(r.indexOf('冠球 黄铜球阀 1寸 内丝 加厚'));
    expect(r[0]).not.toBe('冠球 球阀手柄 蝶形');
  });

  it('a category the name does not spell out names the thing, above a product using the word as a modifier', async () => {
    const spirits = await names('白酒');
    expect(spirits.indexOf('金樽 白酒分酒器 玻璃')).toBe(2);
    const tyres = await names('轮胎');
    expect(tyres.at(-1)).toBe('驰远 轮胎充气泵 12V');
  });

  it('pinyin typed for a word only its synonym spells in the catalog (niaobushi = 尿不湿 = 纸尿裤)', async () => {
    const r = await names('niaobushi');
    expect(r).toContain('鹤乡 纸尿裤 M60片');
    expect(r).toContain('鹤乡 纸尿裤 L52片');
  });

  it('initials glued to a number: the series initials and its number (jc1988)', async () => {
    expect((await names('jc1988'))[0]).toBe('金樽 窖藏1988 53度 500ml');
  });
});
