import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';
import { loadImport } from './testkit';
import { keepStored } from './keep-stored';
import type { Template } from './types';

/**
 * A column the file lacks keeps what is stored (issue 19): a supplier updating one field with a
 * short file (customers' credit limits, a price, a prepaid balance) changes nothing else, on
 * PGlite and PostgreSQL. New records still take the defaults.
 */
let t: TestApp;
let admin: Client;
const file = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'utf8');
const load = (kind: string, lines: string[]) => loadImport(admin, kind, file(lines));
const account = async (id: number) => (await admin.get(`/api/payments/accounts/${id}`)).json() as { balance: number; receivable: number };

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.as('admin');
});
afterAll(() => t.close());

describe('columns missing from a file keep the stored values', () => {
  it('customers: a file of codes, names and credit limits changes the limits only; a new customer gets the defaults', async () => {
    await load('customers', [
      '客户编码,客户名称,联系人,联系电话,城市,客户等级,结算方式,账期天数,信用额度(元),备注,收货人,收货电话,收货省份,收货城市,收货地址',
      'K100,宁波港城超市,李强,13900000001,宁波市,金牌,账期,45,50000,老客户 🙂,李强,13900000001,浙江省,宁波市,中山路 8 号',
    ]);
    const of = () => t.db.selectFrom('companies').select(['name', 'payment_terms', 'credit_days', 'credit_limit', 'tier_id', 'notes', 'city']).where('code', '=', 'K100').executeTakeFirstOrThrow();
    const before = await of();
    const rows = await counts(t.db, ['company_contacts', 'company_addresses', 'customer_tiers']);
    expect(await load('customers', ['客户编码,客户名称,信用额度(元)', 'k100,宁波港城超市,80000', 'K101,新客户,1000'])).toMatchObject({ created: 1, updated: 1 });
    expect(await of()).toEqual({ ...before, credit_limit: 8_000_000 });
    expect(before).toMatchObject({ payment_terms: 'credit', credit_days: 45, notes: '老客户 🙂', city: '宁波市' });
    expect(await counts(t.db, ['company_contacts', 'company_addresses', 'customer_tiers'])).toEqual(rows);
    const fresh = await t.db.selectFrom('companies').select(['payment_terms', 'credit_limit', 'tier_id']).where('code', '=', 'K101').executeTakeFirstOrThrow();
    expect(fresh).toEqual({ payment_terms: 'prepay', credit_limit: 100_000, tier_id: null });
  });

  it('opening balances: a file of prepaid balances leaves the opening receivables as they are', async () => {
    await load('balances', ['客户编码,预付款余额(元),期初应收(元)', 'CA,500,120']);
    expect(await account(t.fx.companyA)).toMatchObject({ balance: 50_000, receivable: 12_000 });
    await load('balances', ['客户编码,预付款余额(元)', 'CA,650']);
    expect(await account(t.fx.companyA)).toMatchObject({ balance: 65_000, receivable: 12_000 });
  });

  it('products: a file of SKU codes, names and prices changes the prices only', async () => {
    await load('products', [
      '商品名称,分类,品牌,基本单位,SKU编码,规格,基础价(元),起订量,辅助单位',
      '海天 金标生抽,调味品/酱油,海天,瓶,HT-SC-500,500ml,8.50,2,箱=12',
    ]);
    const of = () => t.db.selectFrom('skus').innerJoin('products', 'products.id', 'skus.product_id')
      .select(['products.name', 'products.category_id', 'products.brand_id', 'products.base_unit', 'skus.spec_text', 'skus.base_price', 'skus.moq'])
      .where('skus.code', '=', 'HT-SC-500').executeTakeFirstOrThrow();
    const before = await of();
    const units = await counts(t.db, ['sku_units', 'categories', 'brands', 'products', 'skus']);
    expect(await load('products', ['商品名称,SKU编码,基础价(元)', '海天 金标生抽,HT-SC-500,9.20'])).toMatchObject({ updated: 0, unchanged: 1, parts: { skus: { updated: 1 } } });
    expect(await of()).toEqual({ ...before, base_price: 920 });
    expect(before).toMatchObject({ spec_text: expect.stringContaining('500ml'), moq: 2, base_unit: '瓶' });
    expect(before.category_id).not.toBeNull();
    expect(await counts(t.db, ['sku_units', 'categories', 'brands', 'products', 'skus'])).toEqual(units);
  });

  it('reads only the records the file names (by their keys, lower case), not the whole export', async () => {
    const asked: (Record<string, string[]> | undefined)[] = [];
    const stub = {
      kind: 'stub', zh: '测试', en: 'Stub', chunk: 1, keys: ['code'],
      columns: [{ key: 'code', zh: '编码', en: 'Code' }, { key: 'price', zh: '价格', en: 'Price' }, { key: 'note', zh: '备注', en: 'Note' }],
      exportRows: async (_db: unknown, only?: Record<string, string[]>) => {
        asked.push(only);
        return [['A1', '1.00', '甲 🙂'], ['b2', '2.00', '乙']];
      },
    } as unknown as Template;
    const grid = [{ cells: ['a1', '9.00', ''] }, { cells: [' B2 ', '8.00', ''] }, { cells: ['NEW', '7.00', ''] }];
    await keepStored(t.db, stub, new Set(['code', 'price']), grid);
    expect(asked).toEqual([{ code: ['a1', 'b2', 'new'] }]);
    expect(grid.map((g) => g.cells)).toEqual([['a1', '9.00', '甲 🙂'], [' B2 ', '8.00', '乙'], ['NEW', '7.00', '']]);
  });
});
