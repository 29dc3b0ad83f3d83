import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';
import { changedBy, postImport, loadImport } from './testkit';
import { readTable } from '../../lib/sheet-reader';

/** Imports through HTTP (issue 19): templates, dry runs, imports, result files, exports and round trips. */
const TABLES = ['categories', 'brands', 'products', 'skus', 'sku_units', 'companies', 'company_addresses', 'customer_tiers', 'price_lists', 'price_list_items', 'warehouses', 'stock_levels', 'stock_movements'];
let t: TestApp;
let admin: Client;

const post = postImport;
/** Imports a file and waits for the outcome. */
const load = (kind: string, data: Buffer, name = 'f.csv') => loadImport(admin, kind, data, name);
const csv = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'utf8');
const gbk = (s: string) => {
  const dec = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  const out: number[] = [];
  for (const ch of s) {
    if (ch.charCodeAt(0) < 0x80) { out.push(ch.charCodeAt(0)); continue; }
    let code = table.get(ch);
    for (let a = 0x81; a <= 0xfe && !code; a++) for (let b = 0x40; b <= 0xfe && !code; b++) if (dec.decode(Uint8Array.from([a, b])) === ch) code = [a, b];
    if (!code) throw new Error(ch);
    table.set(ch, code);
    out.push(...code);
  }
  return Buffer.from(out);
};
/** A fingerprint of every imported table: row counts and the latest change. */
async function fingerprint() {
  const c = await counts(t.database.db, TABLES);
  const stamps = await Promise.all(['products', 'skus', 'companies', 'company_addresses', 'price_lists', 'stock_levels'].map(async (tb) =>
    String((await t.database.db.selectFrom(tb as 'skus').select((eb) => eb.fn.max('updated_at').as('m')).executeTakeFirst())?.m ?? '')));
  return { c, stamps };
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.as('admin');
});
afterAll(() => t.close());

describe('imports', () => {
  it('serves each template with its header and a 说明 sheet; buyers cannot', async () => {
    const list = (await admin.get('/api/imports/templates')).json();
    expect(list.map((x: { kind: string }) => x.kind)).toEqual(['categories', 'brands', 'products', 'customers', 'prices', 'stock', 'balances', 'suppliers']);
    const r = await admin.get('/api/imports/products/template');
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['商品和SKU', '说明']);
    expect((await readTable(r.rawPayload)).header).toContain('商品编码');
    const buyer = await t.as('buyerA');
    expect((await buyer.get('/api/imports/templates')).statusCode).toBe(403);
    expect((await post(buyer, 'categories', csv(['分类路径', '饮料']))).statusCode).toBe(403);
    expect((await admin.get('/api/imports/nope/template')).statusCode).toBe(400);
  });

  it('imports categories from a GBK CSV, creating parents as needed; a re-run changes nothing', async () => {
    const file = gbk(['分类路径,排序', '饮料/饮用水,1', '饮料/碳酸饮料,2', '零食/坚果,3', '粮油'].join('\r\n'));
    const dry = await post(admin, 'categories', file, 'cats.csv', true);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ status: 'checked', total: 4, problemCount: 0 });
    expect((await counts(t.database.db, ['categories'])).categories).toBe(0);
    const j = await load('categories', file);
    expect(j).toMatchObject({ total: 4, created: 4, updated: 0, unchanged: 0 });
    const paths = (await admin.get('/api/categories')).json().map((c: { path: string[] }) => c.path.join('/'));
    expect(paths.sort()).toEqual(['粮油', '零食', '零食/坚果', '饮料', '饮料/碳酸饮料', '饮料/饮用水'].sort());
    const before = await fingerprint();
    expect(await load('categories', file)).toMatchObject({ created: 0, updated: 0, unchanged: 4 });
    expect(await fingerprint()).toEqual(before);
  });

  it('imports products grouped by product code, SKUs with their own selling units, brands created by the setting', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('商品和SKU');
    ws.addRow(['商品编码', '商品名称', '分类', '品牌', '基本单位', 'SKU编码', '规格', '基础价(元)', '辅助单位', '条码']);
    ws.addRow(['NF-WATER', '农夫山泉 饮用天然水', '饮料/饮用水', '农夫山泉', '瓶', 'NF-550', '550ml', '2', '箱=24', '6921168509256']);
    ws.addRow(['', '', '', '', '瓶', 'NF-1500', '1.5L', { formula: '2*2.25', result: 4.5 }, '箱=12|提=6', '']);
    ws.mergeCells('A2:A3');
    ws.mergeCells('B2:B3');
    ws.mergeCells('C2:C3');
    ws.mergeCells('D2:D3');
    ws.addRow(['ＫＫ－ＣＯＬＡ', '可口可乐 330ml', '饮料/碳酸饮料', '可口可乐', '罐', 'KO-330', '330ml', '２．５', '箱=24', '']);
    ws.addRow(['KK-COLA', '可口可乐 330ml', '饮料/碳酸饮料', '可口可乐', '罐', 'KO-330-6', '330ml×6', '14.5', '', '']);
    ws.addRow(['', '散装花生', '零食/坚果', '', '斤', 'PEANUT-1', '', '12.8', '', '']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    // with the setting off, unknown brands are problems and nothing is written
    await admin.put('/api/imports/settings', { createBrands: false });
    const refused = await post(admin, 'products', file, 'p.xlsx');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.details.problems.map((p: { row: number; column: string }) => [p.row, p.column])).toEqual([[2, '品牌'], [3, '品牌'], [4, '品牌'], [5, '品牌']]);
    expect((await counts(t.database.db, ['products', 'brands'])).products).toBe(0);
    await admin.put('/api/imports/settings', { createBrands: true });
    const j = await load('products', file, 'p.xlsx');
    // 3 products (counted once each, however many rows) with 5 SKUs
    expect(j).toMatchObject({ total: 5, created: 3, updated: 0, unchanged: 0, parts: { skus: { created: 5, updated: 0, unchanged: 0 } } });
    const list = (await admin.get('/api/products?pageSize=50')).json();
    expect(list.total).toBe(3);
    const nf = (await t.database.db.selectFrom('products').select('id').where('code', '=', 'NF-WATER').executeTakeFirstOrThrow()).id;
    const p = (await admin.get(`/api/products/${nf}`)).json();
    expect(p.skus.map((s: { code: string; basePrice: number; units: unknown[] }) => [s.code, s.basePrice, s.units])).toEqual([
      ['NF-550', 200, [{ unit: '瓶', factor: 1 }, { unit: '箱', factor: 24 }]],
      ['NF-1500', 450, [{ unit: '瓶', factor: 1 }, { unit: '提', factor: 6 }, { unit: '箱', factor: 12 }]],
    ]);
    expect(p).toMatchObject({ categoryPath: ['饮料', '饮用水'], brandName: '农夫山泉' });
    const result = await admin.get(`/api/imports/jobs/${j.id}/result?format=csv`);
    const rows = (await readTable(result.rawPayload)).rows.map((r) => [r.cells[0], r.cells.at(-1) === '新增' ? '新增' : r.cells.at(-2)]);
    expect(rows).toEqual([['2', '新增'], ['3', '新增'], ['4', '新增'], ['5', '新增'], ['6', '新增']]);
    // each row says what it did: the product on its first row, then the SKU
    expect((await readTable(result.rawPayload)).rows.slice(0, 2).map((r) => r.cells.at(-1))).toEqual(['商品 NF-WATER 农夫山泉 饮用天然水：新增；SKU NF-550：新增', '商品 NF-WATER 农夫山泉 饮用天然水 的 SKU NF-1500：新增']);
  });

  it('imports customers with tiers, terms and a default address; prices by tier; opening stock per warehouse', async () => {
    await load('customers', csv([
      '客户编码,客户名称,联系人,联系电话,省份,城市,客户等级,结算方式,账期天数,信用额度(元),收货人,收货电话,收货省份,收货城市,收货地址',
      'C1001,杭州西湖便利店,王丽,13800000001,浙江省,杭州市,金牌,账期,30,"50,000",王丽,13800000001,浙江省,杭州市,文三路100号',
      'C1002,宁波海曙超市,李强,13800000002,浙江省,宁波市,,预付款,,,,,,,',
    ]));
    const c = await t.database.db.selectFrom('companies').selectAll().where('code', '=', 'C1001').executeTakeFirstOrThrow();
    expect(c).toMatchObject({ payment_terms: 'credit', credit_days: 30, credit_limit: 5_000_000 });
    expect((await counts(t.database.db, ['company_addresses', 'customer_tiers']))).toEqual({ company_addresses: 1, customer_tiers: 1 });
    await load('prices', csv([
      '价目表名称,客户等级,客户编码,SKU编码,起订数量,固定价(元),折扣(%)',
      '金牌价,金牌,,NF-550,1,1.80,',
      '金牌价,,,NF-550,48,1.60,',
      '金牌价,,,KO-330,,,10',
      'C1002专享,,C1002,PEANUT-1,1,11.00,',
    ]));
    expect((await counts(t.database.db, ['price_lists', 'price_list_items']))).toEqual({ price_lists: 2, price_list_items: 4 });
    await load('stock', csv(['仓库编码,仓库名称,SKU编码,库存数量,安全库存', 'HZ,杭州总仓,NF-550,240,24', 'HZ,,NF-1500,120,', 'NB,宁波仓,NF-550,48,']));
    const levels = await t.database.db.selectFrom('stock_levels').select(['on_hand']).orderBy('on_hand').execute();
    expect(levels.map((l) => l.on_hand)).toEqual([48, 120, 240]);
    // setting stock again to other numbers writes the differences to the ledger
    const j = await load('stock', csv(['仓库编码,SKU编码,库存数量', 'HZ,NF-550,200', 'NB,NF-550,48']));
    expect(j).toMatchObject({ updated: 1, unchanged: 1 });
    const moves = await t.database.db.selectFrom('stock_movements').select(['qty', 'type']).orderBy('id').execute();
    expect(moves.map((m) => m.qty)).toEqual([240, 120, 48, -40]);
  });

  it('round trip: export every template (xlsx and CSV), import it back, nothing changes', async () => {
    for (const kind of ['categories', 'brands', 'products', 'customers', 'prices', 'stock']) {
      for (const format of ['xlsx', 'csv']) {
        const ex = await admin.get(`/api/imports/${kind}/export?format=${format}`);
        expect(ex.statusCode, kind).toBe(200);
        const before = await fingerprint();
        const j = await load(kind, ex.rawPayload, `${kind}.${format}`);
        expect([kind, format, changedBy(j), j.unchanged > 0]).toEqual([kind, format, 0, true]);
        expect(await fingerprint(), `${kind} ${format}`).toEqual(before);
      }
    }
  });

  it('reads an .xls (Excel 97-2003) product file', async () => {
    const X = await import('@e965/xlsx');
    const ws = X.utils.aoa_to_sheet([['商品编码', '商品名称', 'SKU编码', '基础价(元)', '基本单位'], ['OIL', '金龙鱼 花生油', 'JLY-5L', 139.9, '桶'], ['OIL', '金龙鱼 花生油', 'JLY-18', 59.9, '桶']]);
    const wb = X.utils.book_new();
    X.utils.book_append_sheet(wb, ws, 'Sheet1');
    const j = await load('products', Buffer.from(X.write(wb, { type: 'buffer', bookType: 'biff8' }) as Uint8Array), 'oil.xls');
    expect(j).toMatchObject({ created: 1, parts: { skus: { created: 2 } } });
    const skus = await t.database.db.selectFrom('skus').select(['code', 'base_price']).where('code', 'like', 'JLY%').orderBy('code').execute();
    expect(skus).toEqual([{ code: 'JLY-18', base_price: 5990 }, { code: 'JLY-5L', base_price: 13990 }]);
  });

  it('a file with 10,000 bad rows reports every one and changes nothing', async () => {
    const lines = ['商品编码,商品名称,SKU编码,基础价(元)'];
    for (let i = 0; i < 10_000; i++) lines.push(i % 2 ? `P${i},商品${i},BAD CODE ${i},1` : `P${i},商品${i},OK-${i},-5`);
    const before = await fingerprint();
    const r = await post(admin, 'products', csv(lines), 'bad.csv');
    expect(r.statusCode).toBe(422);
    expect(r.json().error.code).toBe('IMPORT_ROWS_INVALID');
    const id = r.json().error.details.id;
    expect(r.json().error.details.problemCount).toBe(10_000);
    expect(await fingerprint()).toEqual(before);
    const file = await admin.get(`/api/imports/jobs/${id}/result?format=csv`);
    const rows = (await readTable(file.rawPayload)).rows;
    expect(rows).toHaveLength(10_000);
    expect(rows.every((x) => x.cells.includes('错误'))).toBe(true);
    expect(rows[0]!.cells.at(-1)).toContain('基础价');
    expect(rows[1]!.cells.at(-1)).toContain('SKU编码');
  });

  it('bad uploads: no file, no header, empty file, wrong kind of body; nothing written', async () => {
    const before = await fingerprint();
    expect((await post(admin, 'products', Buffer.alloc(0))).json().error.code).toBe('IMPORT_FILE_REQUIRED');
    expect((await post(admin, 'products', csv(['名称,价格', 'a,1']))).json().error).toMatchObject({ code: 'IMPORT_MISSING_COLUMNS' });
    expect((await post(admin, 'customers', csv(['客户编码,客户名称']))).json().error.code).toBe('IMPORT_EMPTY_FILE');
    expect((await post(admin, 'products', Buffer.from([0, 1, 2, 3, 0xff]))).json().error.code).toBe('SHEET_UNREADABLE');
    expect((await admin.post('/api/imports/products', { file: 'x' })).statusCode).toBe(415);
    const emoji = await post(admin, 'customers', csv(['客户编码,客户名称,联系电话,信用额度(元)', 'C😀,店😀,abc,-1', `${'C'.repeat(40)},${'名'.repeat(200)},,1e99`]));
    expect(emoji.statusCode).toBe(422);
    expect(emoji.json().error.details.problems.length).toBeGreaterThanOrEqual(5);
    expect(await fingerprint()).toEqual(before);
    expect((await admin.get('/api/imports/jobs/999999')).statusCode).toBe(404);
  });
});
