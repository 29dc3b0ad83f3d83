import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import type { Actor } from '../auth/actor';
import { createBrand } from './brands';
import { createCategory } from './categories';
import { createProduct } from './products';
import { reindexWhere } from './reindex';
import { headNoun } from './search-text';
import { searchNames } from '../../test/catalog-fixtures';

/**
 * Issue #23, the rules found missing by the third held-out set (bench/search-eval/unseen3.ts), each
 * on products invented here of several trades (auto parts, home appliances, electrical, medical,
 * phone and computer accessories, garden, frozen food, kitchenware): initials over any cut of the
 * name, a compound head's short form, the head against trailing attributes and accessories,
 * a typo inside a longer word, a homophone of the head, numbers in 万, lengths in 米 = m, and a
 * length in any unit as one size.
 */
let t: TestApp;
let buyer: Client;

const catalog: [string, string, string][] = [
  // [category, brand, name]
  ['汽车用品/雨刮', '卡仕达', '卡仕达 风翼 无骨雨刮片 24寸'],
  ['汽车用品/雨刮', '卡仕达', '卡仕达 雨刮器 喷水壶 2L'],
  ['汽车用品/滤清器', '博格', '博格 机油滤清器 BG-311'],
  ['汽车用品/滤清器', '博格', '博格 空调滤清器 BG-520'],
  ['家电/厨卫', '万和', '万和 燃气热水器 JSQ24 16升'],
  ['家电/厨卫', '万和', '万和 电热水器 60升'],
  ['家电/环境', '海尔', '海尔 空气净化器 KJ300'],
  ['家电/环境', '海尔', '海尔 空调遥控器 通用'],
  ['电工/保护', '德力西', '德力西 漏电保护器 DZ47LE 32A'],
  ['电工/保护', '德力西', '德力西 断路器 DZ47 32A'],
  ['医疗/体温', '康康', '康康 电子体温计 软头'],
  ['医疗/体温', '康康', '康康 体温计保护套 10个'],
  ['数码/外设', '雷柏', '雷柏 鼠标垫 超大 加厚 锁边'],
  ['数码/外设', '雷柏', '雷柏 无线鼠标 M100 静音'],
  ['母婴/喂养', '世喜', '世喜 奶瓶刷 海绵 360度'],
  ['母婴/喂养', '世喜', '世喜 宽口径 玻璃奶瓶 160ml'],
  ['园艺/植保', '绿野', '绿野 喷雾器背带 加宽'],
  ['园艺/植保', '绿野', '绿野 电动喷雾器 16L 锂电'],
  ['园艺/灌溉', '园丁', '园丁 花园水管 20米'],
  ['园艺/灌溉', '园丁', '园丁 花园水管 10米'],
  ['数码/网络', '酷联', '酷联 六类网线 5米'],
  ['数码/网络', '酷联', '酷联 六类网线 3米'],
  ['数码/充电宝', '酷能', '酷能 充电宝 20000mAh 快充'],
  ['数码/充电宝', '酷能', '酷能 充电宝 10000mAh 超薄'],
  ['冻品/丸料', '海霸王', '海霸王 撒尿肉丸 500g'],
  ['冻品/丸料', '海霸王', '海霸王 鱼丸 500g'],
  ['粮油/食用油', '金龙鱼', '金龙鱼 花生调和油 5L'],
  ['厨具/保鲜', '乐扣', '乐扣 保鲜饭盒 1L'],
  ['冻品/水饺', '湾湾', '湾湾 手工水饺 三鲜 1kg'],
  ['冻品/水饺', '湾湾', '湾湾 水饺打包盒 10套'],
  ['农膜/地膜', '银野', '银野 黑色地膜 0.01mm×120cm'],
  ['农膜/地膜', '银野', '银野 白色地膜 0.9米宽'],
];

beforeAll(async () => {
  t = await createTestApp();
  const actor: Actor = { userId: t.fx.users.admin, login: 'admin', name: 'admin', role: 'admin', companyId: null, via: 'session', scopes: null };
  const cats = new Map<string, number>();
  const brands = new Map<string, number>();
  for (const [i, [category, brand, name]] of catalog.entries()) {
    let parent: number | null = null;
    for (const [k, part] of category.split('/').entries()) {
      const key = category.split('/').slice(0, k + 1).join('/');
      if (!cats.has(key)) cats.set(key, (await createCategory(t.db, actor, { name: part, parentId: parent })).id);
      parent = cats.get(key)!;
    }
    if (!brands.has(brand)) brands.set(brand, (await createBrand(t.db, actor, { name: brand })).id);
    await createProduct(t.db, actor, { name, categoryId: parent, brandId: brands.get(brand)!, skus: [{ code: `CUT-${i}`, specs: { 规格: '标准' }, basePrice: 1000 }] });
  }
  await reindexWhere(t.db, sql`true`);
  buyer = await t.as('buyerA');
}, 180_000);
afterAll(() => t.close());

const names = (text: string) => searchNames(buyer, text);

describe('initials and words over any cut of the name', () => {
  it('the brand and initials from any syllable on, also where the segmenter cut a word apart (无骨雨/刮片)', async () => {
    expect((await names('ksdygp'))[0]).toBe('卡仕达 风翼 无骨雨刮片 24寸');
    expect((await names('hejhq'))[0]).toBe('海尔 空气净化器 KJ300'); // the brand, then the thing past 空气
    expect((await names('lyddpwq'))[0]).toBe('绿野 电动喷雾器 16L 锂电');
  });

  it("a compound head's short form, the first characters of its two words (机油/滤清器 → 机滤, 燃气/热水器 → 燃热, 漏电/保护器 → 漏保)", async () => {
    expect((await names('博格机滤'))[0]).toBe('博格 机油滤清器 BG-311');
    expect((await names('bgjl'))[0]).toBe('博格 机油滤清器 BG-311');
    expect((await names('万和燃热'))[0]).toBe('万和 燃气热水器 JSQ24 16升');
    expect((await names('whrr'))[0]).toBe('万和 燃气热水器 JSQ24 16升');
    expect((await names('dlxlb'))[0]).toBe('德力西 漏电保护器 DZ47LE 32A');
    expect(await names('海尔空净')).toContain('海尔 空气净化器 KJ300');
  });
});

describe('the head noun', () => {
  it('a two-character word after the thing is an attribute, unless the category names it; packing and cuts describe', () => {
    expect(headNoun('雷柏 鼠标垫 超大 加厚 锁边')).toBe('鼠标垫');
    expect(headNoun('湾湾 手工水饺 三鲜 1kg')).toBe('水饺');
    expect(headNoun('德农 玉米种子 郑单958 5kg')).toBe('玉米种子');
    expect(headNoun('卫龙 大面筋 辣条 106g', ['休闲零食', '辣条'])).toBe('辣条');
    expect(headNoun('可孚 医用口罩 独立包装 50只')).toBe('口罩');
    expect(headNoun('麦香 冷冻薯条 细条 7mm 2kg')).toBe('薯条');
  });

  it("the brand's and the head's initials above an accessory whose contiguous initials begin the same (medical, electronics, baby)", async () => {
    expect((await names('lbsb'))[0]).toBe('雷柏 无线鼠标 M100 静音');
    expect((await names('sxnp'))[0]).toBe('世喜 宽口径 玻璃奶瓶 160ml');
    expect((await names('lypwq'))[0]).toBe('绿野 电动喷雾器 16L 锂电');
  });

  it("the head's own initials name the thing (twj: 电子体温计 above 体温计保护套)", async () => {
    expect((await names('twj'))[0]).toBe('康康 电子体温计 软头');
    expect((await names('pwq'))[0]).toBe('绿野 电动喷雾器 16L 锂电');
    expect((await names('sj'))).toContain('湾湾 手工水饺 三鲜 1kg');
  });
});

describe('typos', () => {
  it('one wrong character after two or more right ones (撒尿牛丸 → 撒尿肉丸, 花生调合油, 保鲜反盒)', async () => {
    expect((await names('撒尿牛丸'))[0]).toBe('海霸王 撒尿肉丸 500g');
    expect((await names('花生调合油'))[0]).toBe('金龙鱼 花生调和油 5L');
    expect((await names('保鲜反盒'))[0]).toBe('乐扣 保鲜饭盒 1L');
  });

  it('a homophone of the head noun still names the thing (体温记 → 电子体温计 above its cover, 喷雾气)', async () => {
    expect((await names('体温记'))[0]).toBe('康康 电子体温计 软头');
    expect((await names('喷雾气'))[0]).toBe('绿野 电动喷雾器 16L 锂电');
  });
});

describe('numbers and units', () => {
  it('a number in 万 and 毫安 (2万毫安 = 20000mAh), a length in 米 or m', async () => {
    expect(await names('充电宝2万毫安')).toEqual(['酷能 充电宝 20000mAh 快充']);
    expect((await names('网线 5m'))[0]).toBe('酷联 六类网线 5米');
    expect((await names('水管 20m'))[0]).toBe('园丁 花园水管 20米');
    expect((await names('热水器 16l'))[0]).toBe('万和 燃气热水器 JSQ24 16升');
  });
});

describe('lengths', () => {
  it('a length in any of m, cm, mm or 米 is one size (1.2米 = 120cm), which decides the rank', async () => {
    expect((await names('地膜 1.2米'))[0]).toBe('银野 黑色地膜 0.01mm×120cm');
    expect((await names('地膜 90cm'))[0]).toBe('银野 白色地膜 0.9米宽');
    expect((await names('水管 2000cm'))[0]).toBe('园丁 花园水管 20米');
    expect((await names('ab2m'))).toEqual([]);
  });
});
