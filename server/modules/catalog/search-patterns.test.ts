import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import type { Actor } from '../auth/actor';
import { createBrand } from './brands';
import { createCategory } from './categories';
import { createProduct } from './products';
import { reindexWhere } from './reindex';
import { catalogs } from '../../../bench/search-eval/catalogs';
import { searchNames } from '../../test/catalog-fixtures';

/**
 * One test per way buyers type (issue #23, rules in docs/search.md), on the invented catalogs
 * of four trades (electrical, hardware, plumbing, household chemicals, grocery) loaded together.
 */
let t: TestApp;
let buyer: Client;

beforeAll(async () => {
  t = await createTestApp();
  const actor: Actor = { userId: t.fx.users.admin, login: 'admin', name: 'admin', role: 'admin', companyId: null, via: 'session', scopes: null };
  const catIds = new Map<string, number>();
  for (const c of catalogs) {
    const brands = new Map<string, number>();
    for (const b of c.brands) {
      const id = (await createBrand(t.db, actor, { name: b.name })).id;
      brands.set(b.name, id);
      if (b.aliases) await sql`update brands set aliases = ${sql.val(b.aliases)}::text[] where id = ${id}`.execute(t.db);
    }
    for (const [category, brand, name, specs, code] of c.products) {
      let parent: number | null = null;
      for (const [i, part] of category.split('/').entries()) {
        const key = category.split('/').slice(0, i + 1).join('/');
        if (!catIds.has(key)) catIds.set(key, (await createCategory(t.db, actor, { name: part, parentId: parent })).id);
        parent = catIds.get(key)!;
      }
      await createProduct(t.db, actor, { name, categoryId: parent, brandId: brands.get(brand)!, skus: specs.split('|').map((s, i) => ({ code: `${code}-${i + 1}`, specs: { 规格: s }, basePrice: 1000 })) });
    }
  }
  await reindexWhere(t.db, sql`true`);
  buyer = await t.as('buyerA');
}, 180_000);
afterAll(() => t.close());

const names = (text: string) => searchNames(buyer, text);

describe('how buyers type', () => {
  it('glued brand + word, with a word between them in the name (matching)', async () => {
    expect((await names('洁柔抽纸'))[0]).toBe('洁柔 面子抽纸 3层120抽×6包');
    expect((await names('抽纸洁柔'))[0]).toBe('洁柔 面子抽纸 3层120抽×6包');
    expect((await names('九牧角阀'))[0]).toBe('九牧 不锈钢角阀 冷热通用');
    expect((await names('博世角磨机'))[0]).toBe('博世 角磨机 GWS 700');
  });

  it('never empty when the characters are there, even in words no vocabulary knows', async () => {
    expect((await names('洁柔面抽')).length).toBeGreaterThan(0);
  });

  it('initials of the brand and the head noun, below contiguous initials (rule 3)', async () => {
    expect((await names('cbsc'))[0]).toBe('厨邦 薄盐生抽 500ml');
    expect((await names('jmjf'))[0]).toBe('九牧 不锈钢角阀 冷热通用');
    expect((await names('ztdlq'))[0]).toMatch(/^正泰 小型断路器/);
    // gncz: contiguous in 公牛 插座转换器 and 公牛 USB插座, only by skipping 五孔 in 公牛 五孔插座
    const r = await names('gncz');
    expect(r.indexOf('公牛 五孔插座 10A')).toBeGreaterThan(r.indexOf('公牛 插座转换器 一转三'));
    expect(r.indexOf('公牛 插座转换器 一转三')).toBeGreaterThanOrEqual(0);
  });

  it('the typed word in the name over synonyms and category-only matches (rule 4)', async () => {
    const r = await names('马桶');
    expect(r[0]).toBe('箭牌 连体马桶 AB1116');
    expect(r).toContain('恒洁 坐便器 H0126D');
  });

  it('trade synonyms and short forms', async () => {
    expect((await names('空开')).some((n) => n.includes('断路器') || n.includes('空气开关'))).toBe(true);
    expect((await names('改锥'))[0]).toMatch(/螺丝刀/);
    expect((await names('泡面'))[0]).toBe('康师傅 红烧牛肉方便面 5连包');
  });

  it('a model typed three ways finds it, above its series siblings (rule 1)', async () => {
    for (const typed of ['cjx21210', 'CJX2-1210', 'cjx2 1210', 'ＣＪＸ２－１２１０']) expect((await names(typed))[0], typed).toBe('德力西 交流接触器 CJX2-1210');
  });

  it('a size in the query decides the order (rule 1)', async () => {
    expect((await names('插座 16a'))[0]).toBe('公牛 三孔插座 16A');
    expect((await names('花生油 1.8l'))[0]).toBe('鲁花 5S压榨一级花生油 1.8L');
    expect((await names('筒灯7w'))[0]).toBe('雷士 LED筒灯 7W 开孔90mm');
  });

  it('the thing itself above products that use the word as a modifier (rule 2)', async () => {
    const sockets = await names('插座');
    expect(sockets.indexOf('公牛 插座转换器 一转三')).toBeGreaterThan(sockets.indexOf('公牛 五孔插座 10A'));
    expect(sockets[0]).not.toBe('公牛 插座转换器 一转三');
    expect((await names('冲击钻'))[0]).toBe('博世 冲击钻 GSB 550');
  });

  it('exact brand pinyin above prefix coincidences (rule 1)', async () => {
    const r = await names('qixi');
    expect(r[0]).toBe('七喜 柠檬味汽水 330ml×24');
  });

  it('homophone typos ranked by pinyin distance, not name length (rule 5)', async () => {
    const r = await names('口香汤');
    expect(r[0]).toMatch(/口香糖/);
    expect(r.indexOf('清嘴 含片 口香片')).toBeGreaterThan(0);
  });

  it('Latin brand names and aliases', async () => {
    expect((await names('delixi')).every((n) => n.startsWith('德力西'))).toBe(true);
    expect((await names('chnt 断路器'))[0]).toMatch(/^正泰/);
    expect((await names('jomoo'))[0]).toMatch(/^九牧/);
  });

  // Last: it adds products of its own. Names that close with a colour, a description or a
  // counted unit, and a head noun inside a longer word, as suppliers of other trades write them.
  it('the head noun behind a trailing description, in pinyin, and inside a longer word (rule 2)', async () => {
    const actor: Actor = { userId: t.fx.users.admin, login: 'admin', name: 'admin', role: 'admin', companyId: null, via: 'session', scopes: null };
    const brand = (await createBrand(t.db, actor, { name: '真彩' })).id;
    const petBrand = (await createBrand(t.db, actor, { name: '伟嘉' })).id;
    for (const name of ['真彩 中性笔替芯', '真彩 中性笔 0.5mm 红色', '真彩 润滑油滤芯 通用型', '真彩 润滑油 4L 经典款']) {
      await createProduct(t.db, actor, { name, categoryId: null, brandId: brand, skus: [{ code: `ZC-${name.length}-${name.charCodeAt(4)}`, specs: {}, basePrice: 1000 }] });
    }
    await createProduct(t.db, actor, { name: '伟嘉 室内成猫粮 海洋鱼味 1.3kg', categoryId: null, brandId: petBrand, skus: [{ code: 'WJ-13', specs: {}, basePrice: 1000 }] });
    await reindexWhere(t.db, sql`true`);
    expect((await names('真彩中性笔'))[0]).toBe('真彩 中性笔 0.5mm 红色');
    expect((await names('runhuayou'))[0]).toBe('真彩 润滑油 4L 经典款');
    expect((await names('wjml'))[0]).toBe('伟嘉 室内成猫粮 海洋鱼味 1.3kg');
  });
});
