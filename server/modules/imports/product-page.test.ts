import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';
import { changedBy, multipart, postImport, loadImport } from './testkit';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';
import { readTable } from '../../lib/sheet-reader';

/**
 * The product page's import dialog on the imports flow (issue 19): what the old row-at-a-time
 * POST /api/products/import did, now through POST /api/imports/products — grouping by name,
 * every bad row listed with nothing written, the page's export imported back unchanged, and an
 * earlier export (箱规单位 / 箱规数量 columns) still read without losing its case units.
 */
const TABLES = ['products', 'skus', 'sku_units', 'categories', 'brands', 'audit_log'];
let t: TestApp;
let admin: Client;

const upload = (c: Client, data: Buffer, name = 'products.csv', dryRun = false) => postImport(c, 'products', data, name, dryRun);
const load = (data: Buffer, name = 'products.csv') => loadImport(admin, 'products', data, name);
const HEADER = '商品名称,分类,品牌,基本单位,标签,上架,新品,SKU编码,条码,规格,基础价(元),建议零售价(元),重量(克),起订量,订购倍数,辅助单位';
const csv = (...lines: string[]) => Buffer.from([HEADER, ...lines].join('\r\n'), 'utf8');
const stamp = async () => ({
  c: await counts(t.db, TABLES),
  skus: String((await t.db.selectFrom('skus').select((eb) => eb.fn.max('updated_at').as('m')).executeTakeFirst())?.m ?? ''),
  products: String((await t.db.selectFrom('products').select((eb) => eb.fn.max('updated_at').as('m')).executeTakeFirst())?.m ?? ''),
});

beforeAll(async () => {
  t = await createTestApp();
  await seedCatalogFixtures(t.database);
  admin = await t.as('admin');
  const root = (await admin.post('/api/categories', { name: '粮油' })).json();
  await admin.post('/api/categories', { name: '食用油', parentId: root.id });
  await admin.post('/api/brands', { name: '金龙鱼' });
  await admin.put('/api/imports/settings', { createBrands: false });
});
afterAll(() => t.close());

describe('the product page import, on the imports flow', () => {
  it('checks, then creates products from CSV grouping rows by product name; they are searchable', async () => {
    const file = csv(
      '金龙鱼 花生油,粮油/食用油,金龙鱼,桶,"热销,压榨",是,否,JLY-PN-5L,6922222222222,5L×4,139.90,169,4600,1,1,箱=4',
      '金龙鱼 花生油,粮油/食用油,金龙鱼,桶,,是,否,JLY-PN-18,,1.8L×6,59.9,,1700,2,2,箱=6',
      '"金龙鱼 调和油, 黄金比例",粮油 / 食用油,金龙鱼,桶,,是,是,JLY-TH-5L,,规格:5L×4; 口味:原香,69.90,,,,,',
    );
    const before = await stamp();
    const dry = await upload(admin, file, 'p.csv', true);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ status: 'checked', total: 3, problemCount: 0 });
    expect((await stamp()).c.products).toBe(before.c.products);
    expect(await load(file)).toMatchObject({ total: 3, created: 2, parts: { skus: { created: 3 } } });
    const hit = (await admin.get(`/api/products?q=${encodeURIComponent('hsy')}`)).json().items[0];
    expect(hit.name).toBe('金龙鱼 花生油');
    const p = (await admin.get(`/api/products/${hit.id}`)).json();
    expect(p.categoryPath).toEqual(['粮油', '食用油']);
    expect(p.tags).toEqual(['热销', '压榨']);
    expect(p.skus.map((s: { code: string; basePrice: number; moq: number }) => [s.code, s.basePrice, s.moq])).toEqual([['JLY-PN-5L', 13990, 1], ['JLY-PN-18', 5990, 2]]);
    expect(p.skus[0].units).toEqual([{ unit: '桶', factor: 1 }, { unit: '箱', factor: 4 }]);
    const blend = (await admin.get(`/api/products?q=${encodeURIComponent('调和油')}`)).json().items[0];
    expect((await admin.get(`/api/products/${blend.id}`)).json().skus[0].specs).toEqual({ 规格: '5L×4', 口味: '原香' });
  });

  it('lists every bad row with row, column and reason (422), and writes nothing', async () => {
    const before = await stamp();
    const res = await upload(admin, csv(
      '金龙鱼 玉米油,粮油/食用油,金龙鱼,桶,,是,否,JLY-YM-5L,,5L×4,79.90,,,,,',
      '金龙鱼 玉米油,粮油/食用油,金龙鱼,桶,,是,否,JLY-YM-18,,1.8L×6,-5,,,,,',
      '鲁花 花生油,粮油/食用油,鲁花,桶,,是,否,LH-1,,5L,99,,,,,',
      '某油,粮油/调料,金龙鱼,桶,,maybe,否,JLY-YM-5L,12ab,5L,9.999,,,0,,箱=1',
    ));
    expect(res.statusCode).toBe(422);
    const body = res.json().error;
    expect(body.code).toBe('IMPORT_ROWS_INVALID');
    expect(body.message).toMatch(/未导入任何数据/);
    const at = (row: number) => body.details.problems.filter((d: { row: number }) => d.row === row).map((d: { column: string }) => d.column);
    expect(at(2)).toEqual([]);
    expect(at(3)).toEqual(['基础价(元)']);
    expect(at(4)).toEqual(['品牌']);
    expect(at(5).sort()).toEqual(['SKU编码', '上架', '基础价(元)', '条码', '辅助单位', '起订量'].sort());
    expect(body.details.problems.find((d: { row: number; column: string }) => d.row === 5 && d.column === 'SKU编码').message).toMatch(/第 2 行重复/);
    expect(await stamp()).toEqual(before);
  });

  it('the page\'s export (xlsx and CSV, filtered too) is the template: imported back it changes nothing; an edited price updates that SKU', async () => {
    const tpl = (await admin.get('/api/imports/templates')).json().find((x: { kind: string }) => x.kind === 'products');
    for (const format of ['xlsx', 'csv']) {
      const ex = await admin.get(`/api/products/export?format=${format}`);
      expect(ex.statusCode).toBe(200);
      expect((await readTable(ex.rawPayload)).header).toEqual(tpl.columns.map((c: { zh: string }) => c.zh));
      const before = await stamp();
      const j = await load(ex.rawPayload, `p.${format}`);
      expect([changedBy(j), j.unchanged > 0]).toEqual([0, true]);
      expect(await stamp()).toEqual(before);
    }
    const cat = (await admin.get('/api/categories')).json().find((c: { name: string }) => c.name === '食用油');
    const some = await readTable((await admin.get(`/api/products/export?format=csv&categoryId=${cat.id}`)).rawPayload);
    expect(some.rows.map((r) => r.cells[9]).sort()).toEqual(['JLY-PN-18', 'JLY-PN-5L', 'JLY-TH-5L']);

    const x = await admin.get('/api/products/export?format=xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const head = ws.getRow(1).values as string[];
    ws.eachRow((r, n) => {
      if (n > 1 && r.getCell(head.indexOf('SKU编码')).value === 'WATER-550') r.getCell(head.indexOf('基础价(元)')).value = '2.30';
    });
    const j = await load(Buffer.from(await wb.xlsx.writeBuffer()), 'p.xlsx');
    expect(j).toMatchObject({ created: 0, updated: 0, parts: { skus: { created: 0, updated: 1 } } });
    const sku = await t.db.selectFrom('skus').select(['base_price', 'active']).where('code', '=', 'WATER-550').executeTakeFirstOrThrow();
    expect(sku).toEqual({ base_price: 230, active: true });
  });

  it('a file in the earlier export layout (箱规单位 / 箱规数量) keeps its case units', async () => {
    const old = Buffer.from([
      '商品名称,副标题,分类,品牌,品牌别名,基本单位,标签,上架,新品,SKU编码,条码,规格,基础价(元),建议零售价(元),重量(克),起订量,订购倍数,箱规单位,箱规数量',
      '金龙鱼 花生油,,粮油/食用油,金龙鱼,,桶,"热销,压榨",是,否,JLY-PN-5L,6922222222222,5L×4,139.90,169,4600,1,1,箱,4',
      '金龙鱼 花生油,,粮油/食用油,金龙鱼,,桶,"热销,压榨",是,否,JLY-PN-18,,1.8L×6,59.9,,1700,2,2,箱,6',
    ].join('\r\n'), 'utf8');
    const before = await stamp();
    const j = await load(old, 'old.csv');
    expect(j).toMatchObject({ created: 0, updated: 0, unchanged: 1, parts: { skus: { created: 0, updated: 0, unchanged: 2 } } });
    expect(await stamp()).toEqual(before);
    const bad = await upload(admin, Buffer.from(['商品名称,SKU编码,基础价(元),箱规单位,箱规数量', '水,W-OLD,1,箱,'].join('\r\n'), 'utf8'));
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.details.problems).toEqual([expect.objectContaining({ row: 2, column: '箱规数量' })]);
    expect(await stamp()).toEqual(before);
  });

  it('SKUs of one product: each its own selling units; the base unit is the product\'s — blank rows take it, a second one is refused', async () => {
    const head = '商品编码,商品名称,基本单位,SKU编码,规格,基础价(元),辅助单位';
    const j = await load(Buffer.from([head, 'YL-MILK,伊利 纯牛奶,盒,YL-250,250ml,3,提=12|箱=24', 'YL-MILK,伊利 纯牛奶,,YL-1L,1L,12,箱=6', 'YL-MILK,伊利 纯牛奶,,YL-200,200ml,2.5,'].join('\r\n'), 'utf8'));
    expect(j).toMatchObject({ created: 1, parts: { skus: { created: 3 } } });
    const id = (await t.db.selectFrom('products').select('id').where('code', '=', 'YL-MILK').executeTakeFirstOrThrow()).id;
    const p = (await admin.get(`/api/products/${id}`)).json();
    expect(p.baseUnit).toBe('盒');
    expect(p.skus.map((s: { code: string; units: unknown[] }) => [s.code, s.units])).toEqual([
      ['YL-250', [{ unit: '盒', factor: 1 }, { unit: '提', factor: 12 }, { unit: '箱', factor: 24 }]],
      ['YL-1L', [{ unit: '盒', factor: 1 }, { unit: '箱', factor: 6 }]],
      ['YL-200', [{ unit: '盒', factor: 1 }]],
    ]);
    const before = await stamp();
    const two = await upload(admin, Buffer.from([head, 'YL-MILK,伊利 纯牛奶,盒,YL-250,250ml,3,提=12|箱=24', 'YL-MILK,伊利 纯牛奶,箱,YL-BOX,250ml×24,66,'].join('\r\n'), 'utf8'));
    expect(two.statusCode).toBe(422);
    expect(two.json().error.details.problems).toEqual([expect.objectContaining({ row: 3, column: '基本单位', message: expect.stringMatching(/第 2 行为“盒”.*辅助单位/) })]);
    const same = await upload(admin, Buffer.from([head, 'YL-MILK,伊利 纯牛奶,,YL-1L,1L,12,盒=6'].join('\r\n'), 'utf8'));
    expect(same.json().error.details.problems).toEqual([expect.objectContaining({ row: 2, column: '辅助单位', message: expect.stringContaining('“盒”') })]);
    expect(await stamp()).toEqual(before);
    // a file without the column keeps each stored product's unit (瓶, 罐), never 件
    const noUnit = await load(Buffer.from(['商品名称,SKU编码,规格,基础价(元),辅助单位', '天然矿泉水 550ml,WATER-550,,2.30,箱=24', '可口可乐 330ml,COLA-330,,2.50,箱=24'].join('\r\n'), 'utf8'));
    expect(noUnit.problemCount).toBe(0);
    const units = await t.db.selectFrom('products').select(['name', 'base_unit']).where('name', 'in', ['天然矿泉水 550ml', '可口可乐 330ml']).orderBy('name').execute();
    expect(units).toEqual([{ name: '可口可乐 330ml', base_unit: '罐' }, { name: '天然矿泉水 550ml', base_unit: '瓶' }]);
  });

  it('refuses files that are not spreadsheets, without the needed header, or empty; staff other than admin cannot import; the old endpoint is gone', async () => {
    const before = await stamp();
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(300, 0)]);
    expect((await upload(admin, exe, 'products.xlsx')).json().error.code).toBe('SHEET_UNREADABLE');
    const zip = await upload(admin, Buffer.from('PK\x03\x04broken zip'), 'products.xlsx');
    expect(zip.statusCode).toBe(400);
    expect((await upload(admin, Buffer.from('名称,价格\r\n水,2'), 'x.csv')).json().error.code).toBe('IMPORT_MISSING_COLUMNS');
    expect((await upload(admin, csv(), 'x.csv')).json().error.code).toBe('IMPORT_EMPTY_FILE');
    expect((await admin.post('/api/imports/products', { file: 'x' })).statusCode).toBe(415);
    const sales = await t.as('sales');
    expect((await upload(sales, csv('水,,,,,,,W-1,,,1,,,,,'))).statusCode).toBe(403);
    expect((await (await t.as('buyerA')).get('/api/products/export')).statusCode).toBe(403);
    const m = multipart(csv('水,,,,,,,W-1,,,1,,,,,'), 'p.csv');
    expect((await admin.request({ method: 'POST', url: '/api/products/import', payload: m.payload, headers: m.headers })).statusCode).toBe(404);
    expect(await stamp()).toEqual(before);
  });
});
