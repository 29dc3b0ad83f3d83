import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';
import { seedCatalogFixtures, type CatalogFixtures } from '../../test/catalog-fixtures';
import { resolvePrices, priceBreaks, resolveOne, type SkuPriceData, type CompanyPriceData } from './resolve';
import { visibleSkuIds, visibleProductsFilter, assertOrderable } from './visibility';

let t: TestApp;
let cat: CatalogFixtures;
let tierGold: number;
let tierSilver: number;
let WATER: number;
let COLA: number;
let JUICE: number;

async function list(kind: 'tier' | 'customer', target: number, name: string, opts: { from?: string; to?: string; active?: boolean } = {}) {
  const r = await t.db
    .insertInto('price_lists')
    .values({
      name, kind, tier_id: kind === 'tier' ? target : null, company_id: kind === 'customer' ? target : null,
      valid_from: opts.from ? new Date(opts.from) : null, valid_to: opts.to ? new Date(opts.to) : null, active: opts.active ?? true, notes: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}
async function item(listId: number, skuId: number, minQty: number, p: { fixed?: number; discountBp?: number }) {
  await t.db.insertInto('price_list_items').values({ price_list_id: listId, sku_id: skuId, min_qty: minQty, fixed_price: p.fixed ?? null, discount_bp: p.discountBp ?? null }).execute();
}
const one = async (companyId: number | null, skuId: number, qty: number, at?: Date) => (await resolvePrices(t.db, companyId, [{ skuId, qty }], at)).get(skuId)!;

beforeAll(async () => {
  t = await createTestApp();
  cat = await seedCatalogFixtures(t.database);
  ({ 'WATER-550': WATER, 'COLA-330': COLA, 'JUICE-1L': JUICE } = cat.skus);
  tierGold = (await t.db.insertInto('customer_tiers').values({ name: '一级经销商', discount_bp: 1000, notes: null }).returning('id').executeTakeFirstOrThrow()).id;
  tierSilver = (await t.db.insertInto('customer_tiers').values({ name: '零售终端', discount_bp: 0, notes: null }).returning('id').executeTakeFirstOrThrow()).id;
  await t.db.updateTable('companies').set({ tier_id: tierGold }).where('id', '=', t.fx.companyA).execute();
  await t.db.updateTable('companies').set({ tier_id: tierSilver }).where('id', '=', t.fx.companyB).execute();
});
afterAll(() => t.close());

describe('precedence: customer list > tier list > tier discount > base', () => {
  it('no company (staff) pays base price', async () => {
    const r = await one(null, WATER, 1);
    expect(r).toMatchObject({ unitPrice: 200, basePrice: 200, retailPrice: 400, rule: { kind: 'base_price' }, nextBreak: null, moq: 1, orderMultiple: 1 });
  });

  it('a tier without discount pays base price', async () => {
    expect((await one(t.fx.companyB, WATER, 1)).rule.kind).toBe('base_price');
  });

  it('tier discount applies to every SKU not in a list (10% off 250 = 225)', async () => {
    const r = await one(t.fx.companyA, COLA, 1);
    expect(r).toMatchObject({ unitPrice: 225, rule: { kind: 'tier_discount', name: '一级经销商', discountBp: 1000 } });
  });

  it('tier price list beats tier discount; customer list beats tier list', async () => {
    const tl = await list('tier', tierGold, '一级经销商 2026');
    await item(tl, WATER, 1, { fixed: 170 });
    let r = await one(t.fx.companyA, WATER, 1);
    expect(r).toMatchObject({ unitPrice: 170, rule: { kind: 'tier_price_list', priceListId: tl, minQty: 1, fixedPrice: 170 } });
    const cl = await list('customer', t.fx.companyA, '甲公司专价');
    await item(cl, WATER, 1, { fixed: 180 }); // precedence, not "lowest wins": the customer list wins even if higher
    r = await one(t.fx.companyA, WATER, 1);
    expect(r).toMatchObject({ unitPrice: 180, rule: { kind: 'customer_price_list', priceListId: cl } });
    // company B (other tier, no list) is unaffected
    expect((await one(t.fx.companyB, WATER, 1)).unitPrice).toBe(200);
  });

  it('a higher level that only has a larger break falls through below it, and reports it as next break', async () => {
    const cl = await list('customer', t.fx.companyB, '乙公司大单价');
    await item(cl, COLA, 100, { fixed: 200 });
    const small = await one(t.fx.companyB, COLA, 99);
    expect(small).toMatchObject({ unitPrice: 250, rule: { kind: 'base_price' }, nextBreak: { minQty: 100, unitPrice: 200 } });
    const big = await one(t.fx.companyB, COLA, 100);
    expect(big).toMatchObject({ unitPrice: 200, rule: { kind: 'customer_price_list', minQty: 100 }, nextBreak: null });
  });
});

describe('quantity breaks', () => {
  let tl: number;
  beforeAll(async () => {
    tl = await list('tier', tierSilver, '零售终端阶梯');
    await item(tl, JUICE, 1, { fixed: 780 });
    await item(tl, JUICE, 10, { fixed: 750 });
    await item(tl, JUICE, 48, { discountBp: 1250 }); // 800 × 87.5% = 700
  });
  it.each([
    [1, 780, 1, { minQty: 10, unitPrice: 750 }],
    [9, 780, 1, { minQty: 10, unitPrice: 750 }],
    [10, 750, 10, { minQty: 48, unitPrice: 700 }],
    [47, 750, 10, { minQty: 48, unitPrice: 700 }],
    [48, 700, 48, null],
    [10_000, 700, 48, null],
  ])('qty %i → %i fen (break ≥%i)', async (qty, price, minQty, next) => {
    const r = await one(t.fx.companyB, JUICE, qty);
    expect(r.unitPrice).toBe(price);
    expect(r.rule.minQty).toBe(minQty);
    expect(r.nextBreak).toEqual(next);
  });
  it('lists the break table', async () => {
    const rows = await priceBreaks(t.db, t.fx.companyB, JUICE);
    expect(rows.map((r) => [r.minQty, r.unitPrice])).toEqual([[1, 780], [10, 750], [48, 700]]);
  });
});

describe('validity dates (from inclusive, to exclusive) and inactive lists', () => {
  it('applies only inside [valid_from, valid_to)', async () => {
    const cl = await list('customer', t.fx.companyA, '双十一', { from: '2026-11-11T00:00:00Z', to: '2026-11-12T00:00:00Z' });
    await item(cl, COLA, 1, { fixed: 199 });
    const at = (s: string) => one(t.fx.companyA, COLA, 1, new Date(s));
    expect((await at('2026-11-10T23:59:59.999Z')).unitPrice).toBe(225);
    expect((await at('2026-11-11T00:00:00Z')).unitPrice).toBe(199);
    expect((await at('2026-11-11T23:59:59.999Z')).unitPrice).toBe(199);
    expect((await at('2026-11-12T00:00:00Z')).unitPrice).toBe(225);
  });
  it('ignores an inactive list', async () => {
    const cl = await list('customer', t.fx.companyA, '停用', { active: false });
    await item(cl, JUICE, 1, { fixed: 1 });
    expect((await one(t.fx.companyA, JUICE, 1)).unitPrice).toBe(720); // tier discount 10% of 800
  });
});

describe('overlap rule: latest valid_from wins, then the newer list', () => {
  it('prefers the list that started last, and the newer of two open lists', async () => {
    const a = await list('tier', tierGold, '老价', { from: '2026-01-01T00:00:00Z' });
    const b = await list('tier', tierGold, '新价', { from: '2026-06-01T00:00:00Z' });
    const sku = JUICE;
    await item(a, sku, 1, { fixed: 600 });
    await item(b, sku, 1, { fixed: 650 });
    const r = await one(t.fx.companyA, sku, 1, new Date('2026-07-01T00:00:00Z'));
    expect(r).toMatchObject({ unitPrice: 650, rule: { priceListId: b } });
    expect((await one(t.fx.companyA, sku, 1, new Date('2026-03-01T00:00:00Z'))).unitPrice).toBe(600);
  });
});

describe('percentage rounding in fen (half away from zero, once)', () => {
  it.each([
    // base, discount bp, expected
    [199, 1000, 179], // 199 × 0.9 = 179.1 → 179
    [195, 1000, 176], // 175.5 → 176
    [1, 5000, 1], // 0.5 → 1
    [3, 3333, 2], // 2.0001 → 2
    [999, 10000, 0],
    [999, 0, 999],
  ])('base %i with %i bp off → %i', (base, bp, expected) => {
    const sku: SkuPriceData = { skuId: 1, basePrice: base, retailPrice: null, moq: 1, orderMultiple: 1, entries: [{ listId: 1, minQty: 1, fixedPrice: null, discountBp: bp }], moqOverrides: [] };
    const company: CompanyPriceData = { tierName: null, tierDiscountBp: 0, lists: new Map([[1, { id: 1, kind: 'tier', name: 'x', validFrom: null }]]) };
    expect(resolveOne(sku, company, 1).unitPrice).toBe(expected);
    const viaTier: CompanyPriceData = { tierName: 't', tierDiscountBp: bp, lists: new Map() };
    expect(resolveOne({ ...sku, entries: [] }, viaTier, 1).unitPrice).toBe(bp === 0 ? base : expected);
  });
});

describe('MOQ override and batch resolution', () => {
  it('applies the tier list MOQ override and resolves many lines in one call', async () => {
    const tl = await list('tier', tierSilver, '整箱起订');
    await t.db.insertInto('price_list_moq').values({ price_list_id: tl, sku_id: WATER, moq: 24, order_multiple: 24 }).execute();
    const m = await resolvePrices(t.db, t.fx.companyB, [{ skuId: WATER, qty: 24 }, { skuId: COLA, qty: 1 }, { skuId: 999_999, qty: 1 }]);
    expect(m.get(WATER)).toMatchObject({ moq: 24, orderMultiple: 24 });
    expect(m.get(COLA)).toMatchObject({ moq: 1, orderMultiple: 1 });
    expect(m.has(999_999)).toBe(false);
    expect((await one(t.fx.companyA, WATER, 24)).moq).toBe(1);
    expect((await resolvePrices(t.db, t.fx.companyA, [])).size).toBe(0);
  });
});

describe('visibility', () => {
  it('restricts products to tiers, regions and named customers; staff see all', async () => {
    await t.db.updateTable('companies').set({ province: '浙江省', city: '杭州市' }).where('id', '=', t.fx.companyB).execute();
    const pWater = cat.productIds['WATER-550'];
    const pCola = cat.productIds['COLA-330'];
    const pJuice = cat.productIds['JUICE-1L'];
    const all = [WATER, COLA, JUICE];
    await t.db.insertInto('product_visibility').values({ product_id: pWater, tier_id: tierGold, province: null, city: null, company_id: null }).execute();
    await t.db.insertInto('product_visibility').values({ product_id: pCola, tier_id: null, province: '浙江省', city: '宁波市', company_id: null }).execute();
    expect(await visibleSkuIds(t.db, t.fx.companyA, all)).toEqual(new Set([WATER, JUICE]));
    expect(await visibleSkuIds(t.db, t.fx.companyB, all)).toEqual(new Set([JUICE]));
    await t.db.insertInto('product_visibility').values({ product_id: pCola, tier_id: null, province: null, city: null, company_id: t.fx.companyB }).execute();
    expect(await visibleSkuIds(t.db, t.fx.companyB, all)).toEqual(new Set([JUICE, COLA]));
    await t.db.insertInto('product_visibility').values({ product_id: pJuice, tier_id: null, province: '浙江省', city: null, company_id: null }).execute();
    expect(await visibleSkuIds(t.db, t.fx.companyA, all)).toEqual(new Set([WATER]));
    expect(await visibleSkuIds(t.db, null, all)).toEqual(new Set(all));
    const rows = await t.db.selectFrom('products').select('id').where(visibleProductsFilter(t.fx.companyA)).orderBy('id').execute();
    expect(rows.map((r) => r.id)).toEqual([pWater]);
    await expect(assertOrderable(t.db, t.fx.companyA, [WATER, COLA])).rejects.toMatchObject({ code: 'SKU_NOT_AVAILABLE', status: 422 });
    await expect(assertOrderable(t.db, t.fx.companyA, [WATER])).resolves.toBeUndefined();
    await t.db.deleteFrom('product_visibility').execute();
  });
});
