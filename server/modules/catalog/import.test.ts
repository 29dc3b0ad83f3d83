import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';
import { parseDelimited } from '../../lib/sheet-reader';

const TABLES = ['products', 'skus', 'sku_units', 'audit_log'];
let t: TestApp;
let admin: Client;

function multipart(data: Buffer, name: string) {
  const boundary = '----ordo' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${name}"\r\ncontent-type: application/octet-stream\r\n\r\n`),
    data, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const upload = (c: Client, data: Buffer, name = 'products.csv', dryRun = false) => {
  const m = multipart(data, name);
  return c.request({ method: 'POST', url: `/api/products/import${dryRun ? '?dryRun=1' : ''}`, payload: m.payload, headers: m.headers });
};
const HEADER = '商品名称,分类,品牌,基本单位,标签,上架,新品,SKU编码,条码,规格,基础价(元),建议零售价(元),重量(克),起订量,订购倍数,箱规单位,箱规数量';
const csv = (...lines: string[]) => Buffer.from([HEADER, ...lines].join('\r\n'), 'utf8');

beforeAll(async () => {
  t = await createTestApp();
  await seedCatalogFixtures(t.database);
  admin = await t.as('admin');
  const root = (await admin.post('/api/categories', { name: '粮油' })).json();
  await admin.post('/api/categories', { name: '食用油', parentId: root.id });
  await admin.post('/api/brands', { name: '金龙鱼' });
});
afterAll(() => t.close());

describe('product import', () => {
  it('creates products from CSV, grouping rows by product name, and they are searchable', async () => {
    const file = csv(
      '金龙鱼 花生油,粮油/食用油,金龙鱼,桶,"热销,压榨",是,否,JLY-PN-5L,6922222222222,5L×4,139.90,169,4600,1,1,箱,4',
      '金龙鱼 花生油,粮油/食用油,金龙鱼,桶,,是,否,JLY-PN-18,,1.8L×6,59.9,,1700,2,2,箱,6',
      '"金龙鱼 调和油, 黄金比例",粮油 / 食用油,金龙鱼,桶,,是,是,JLY-TH-5L,,规格:5L×4; 口味:原香,69.90,,,,,,',
    );
    const dry = await upload(admin, file, 'p.csv', true);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, rows: 3, products: 2, created: 2, updated: 0, skus: 3 });
    expect((await admin.get('/api/products?q=花生油')).json().total).toBe(0);
    const res = await upload(admin, file);
    expect(res.json()).toMatchObject({ dryRun: false, created: 2, skus: 3 });
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

  it('reports every bad row with row, column and reason, and writes nothing', async () => {
    const before = await counts(t.db, TABLES);
    const res = await upload(admin, csv(
      '金龙鱼 玉米油,粮油/食用油,金龙鱼,桶,,是,否,JLY-YM-5L,,5L×4,79.90,,,,,,',
      '金龙鱼 玉米油,粮油/食用油,金龙鱼,桶,,是,否,JLY-YM-18,,1.8L×6,-5,,,,,,',
      '鲁花 花生油,粮油/食用油,鲁花,桶,,是,否,LH-1,,5L,99,,,,,,',
      '某油,粮油/调料,金龙鱼,桶,,maybe,否,JLY-YM-5L,12ab,5L,9.999,,,0,,箱,',
    ));
    expect(res.statusCode).toBe(422);
    const body = res.json().error;
    expect(body.code).toBe('IMPORT_ROWS_INVALID');
    expect(body.message).toMatch(/未导入任何数据/);
    const at = (row: number) => body.details.filter((d: { row: number }) => d.row === row).map((d: { column: string }) => d.column);
    expect(at(2)).toEqual([]);
    expect(at(3)).toEqual(['基础价(元)']);
    expect(at(4)).toEqual(['品牌']);
    expect(at(5).sort()).toEqual(['SKU编码', '上架', '分类', '基础价(元)', '条码', '箱规数量', '起订量'].sort());
    expect(body.details.find((d: { row: number; column: string }) => d.row === 5 && d.column === 'SKU编码').reason).toMatch(/第 2 行重复/);
    expect(await counts(t.db, TABLES)).toEqual(before);
  });

  it('round-trips the export (xlsx and CSV) and updates existing SKUs by code', async () => {
    const x = await admin.get('/api/products/export?format=xlsx');
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-disposition']).toContain('.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('商品名称');
    const codeCol = (ws.getRow(1).values as string[]).indexOf('SKU编码');
    const priceCol = (ws.getRow(1).values as string[]).indexOf('基础价(元)');
    ws.eachRow((r, n) => {
      if (n > 1 && r.getCell(codeCol).value === 'WATER-550') r.getCell(priceCol).value = '2.30';
    });
    const edited = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await upload(admin, edited, 'p.xlsx');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 0 });
    const sku = await t.db.selectFrom('skus').select(['base_price', 'active']).where('code', '=', 'WATER-550').executeTakeFirstOrThrow();
    expect(sku.base_price).toBe(230);
    const c = await admin.get('/api/products/export?format=csv');
    expect(c.headers['content-type']).toContain('text/csv');
    const rows = parseDelimited(c.body.replace(/^\uFEFF/, ''));
    expect(rows[0]![0]).toBe('商品名称');
    expect(rows.length).toBe(1 + Number((await t.db.selectFrom('skus').select((eb) => eb.fn.countAll<number>().as('n')).where('active', '=', true).executeTakeFirstOrThrow()).n));
    const again = await upload(admin, Buffer.from(c.body), 'p.csv', true);
    expect(again.json()).toMatchObject({ created: 0, updated: again.json().products });
  });

  it('refuses files that are not spreadsheets, without the needed header, or empty; staff other than admin cannot import', async () => {
    const before = await counts(t.db, TABLES);
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(300, 0)]);
    expect((await upload(admin, exe, 'products.xlsx')).json().error.code).toBe('IMPORT_BAD_FILE');
    expect((await upload(admin, Buffer.from('PK\x03\x04broken zip'), 'products.xlsx')).json().error.code).toBe('IMPORT_BAD_FILE');
    expect((await upload(admin, Buffer.from('名称,价格\r\n水,2'), 'x.csv')).json().error.code).toBe('IMPORT_NO_HEADER');
    expect((await upload(admin, csv(), 'x.csv')).json().error.code).toBe('IMPORT_EMPTY');
    expect((await admin.post('/api/products/import', { file: 'x' })).statusCode).toBe(415);
    const sales = await t.as('sales');
    expect((await upload(sales, csv('水,,,,,,,W-1,,,1,,,,,,'))).statusCode).toBe(403);
    expect((await (await t.as('buyerA')).get('/api/products/export')).statusCode).toBe(403);
    expect(await counts(t.db, TABLES)).toEqual(before);
  });
});
