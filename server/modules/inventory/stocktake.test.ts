import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';

let t: TestApp;
let WATER: number;
let COLA: number;
let HZ: number;
const tables = ['stocktakes', 'stocktake_lines', 'stock_movements', 'stock_levels'];

beforeAll(async () => {
  t = await createTestApp();
  ({ 'WATER-550': WATER, 'COLA-330': COLA } = (await seedCatalogFixtures(t.database)).skus);
  const admin = await t.as('admin');
  HZ = (await admin.post('/api/inventory/warehouses', { code: 'HZ', name: '杭州总仓' })).json().id;
  await admin.post('/api/inventory/adjustments', { warehouseId: HZ, reason: '期初', lines: [{ skuId: WATER, qty: 100 }, { skuId: COLA, qty: 50 }] });
});
afterAll(() => t.close());

async function xlsx(rows: (string | number | null)[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('盘点');
  rows.forEach((r) => ws.addRow(r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
function multipart(buf: Buffer) {
  const boundary = '----ordo' + Math.random().toString(16).slice(2);
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="count.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`;
  return { payload: Buffer.concat([Buffer.from(head), buf, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('stocktake', () => {
  it('count sheet → counts entered and imported → difference report → posted as ledger rows', async () => {
    const wh = await t.as('warehouse');
    const st = (await wh.post('/api/inventory/stocktakes', { warehouseId: HZ, note: '月末盘点 🧾' })).json();
    expect(st).toMatchObject({ number: expect.stringMatching(/^PD/), status: 'counting', summary: { lines: 3, counted: 0 } });
    expect(st.lines.map((l: { skuCode: string; snapshotQty: number }) => [l.skuCode, l.snapshotQty])).toEqual([['COLA-330', 50], ['JUICE-1L', 0], ['WATER-550', 100]]);

    const entered = await wh.put(`/api/inventory/stocktakes/${st.id}/counts`, { lines: [{ skuId: WATER, countedQty: 97 }] });
    expect(entered.json().lines.find((l: { skuId: number }) => l.skuId === WATER)).toMatchObject({ countedQty: 97, difference: -3 });

    // the exported sheet, filled in and imported back
    const sheet = await wh.get(`/api/inventory/stocktakes/${st.id}/sheet.xlsx`);
    expect(sheet.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(sheet.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0].getRow(1).values).toEqual([undefined, 'SKU编码', '商品名称', '规格', '账面数量', '实盘数量']);
    const imp = await wh.request({ method: 'POST', url: `/api/inventory/stocktakes/${st.id}/import`, ...multipart(await xlsx([['SKU编码', '实盘数量'], ['cola-330', 52], ['JUICE-1L', null]])) });
    expect(imp.json()).toEqual({ rows: 2, updated: 1 });

    const report = (await wh.get(`/api/inventory/stocktakes/${st.id}?differences=true`)).json();
    expect(report.summary).toEqual({ lines: 3, counted: 2, withDifference: 2, gain: 2, loss: -3 });
    expect(report.lines.map((l: { skuCode: string; difference: number }) => [l.skuCode, l.difference])).toEqual([['COLA-330', 2], ['WATER-550', -3]]);

    const posted = await wh.post(`/api/inventory/stocktakes/${st.id}/post`);
    expect(posted.statusCode).toBe(200);
    expect(posted.json()).toMatchObject({ status: 'posted', postedBy: '测试 warehouse' });
    const mv = (await wh.get(`/api/inventory/movements?documentType=stocktake&documentId=${st.id}`)).json();
    expect(mv.items.map((m: { skuId: number; qty: number; type: string }) => [m.skuId, m.qty, m.type]).sort()).toEqual([[COLA, 2, 'stocktake'], [WATER, -3, 'stocktake']].sort());
    expect(mv.items.map((m: { documentNo: string }) => m.documentNo)).toEqual([st.number, st.number]);
    const card = (await wh.get(`/api/inventory/skus/${WATER}`)).json();
    expect(card.totals.onHand).toBe(97);
    // posted sheets are closed
    expect((await wh.put(`/api/inventory/stocktakes/${st.id}/counts`, { lines: [{ skuId: WATER, countedQty: 1 }] })).json().error.code).toBe('STOCKTAKE_NOT_OPEN');
    expect((await wh.post(`/api/inventory/stocktakes/${st.id}/post`)).statusCode).toBe(409);
    expect((await wh.get('/api/inventory/stocktakes')).json().items[0]).toMatchObject({ id: st.id, status: 'posted', lines: 3, counted: 2 });
  });

  it('refuses bad counts and bad files with row errors, writing nothing', async () => {
    const wh = await t.as('warehouse');
    const st = (await wh.post('/api/inventory/stocktakes', { warehouseId: HZ })).json();
    const before = await counts(t.db, tables);
    for (const countedQty of [-1, 1.5, '3', 1e12]) expect((await wh.put(`/api/inventory/stocktakes/${st.id}/counts`, { lines: [{ skuId: WATER, countedQty }] })).statusCode).toBe(400);
    expect((await wh.put(`/api/inventory/stocktakes/${st.id}/counts`, { lines: [{ skuId: 999999, countedQty: 1 }] })).json().error.code).toBe('STOCKTAKE_NOT_ON_SHEET');
    const bad = await wh.request({ method: 'POST', url: `/api/inventory/stocktakes/${st.id}/import`, ...multipart(await xlsx([['SKU编码', '实盘数量'], ['WATER-550', 5], ['NOPE-1', 3], ['COLA-330', -2], ['JUICE-1L', '十']])) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'STOCKTAKE_IMPORT_INVALID', details: [{ row: 3 }, { row: 4 }, { row: 5 }] });
    expect((await wh.request({ method: 'POST', url: `/api/inventory/stocktakes/${st.id}/import`, ...multipart(Buffer.from('not a workbook')) })).json().error.code).toBe('STOCKTAKE_IMPORT_HEADER'); // read as a one-line CSV
    expect((await wh.request({ method: 'POST', url: `/api/inventory/stocktakes/${st.id}/import`, ...multipart(Buffer.from([0, 1, 2, 3, 0xff])) })).json().error.code).toBe('IMPORT_NOT_XLSX');
    expect((await wh.request({ method: 'POST', url: `/api/inventory/stocktakes/${st.id}/import`, ...multipart(await xlsx([['code', 'qty'], ['WATER-550', 1]])) })).json().error.code).toBe('STOCKTAKE_IMPORT_HEADER');
    expect((await wh.post(`/api/inventory/stocktakes/${st.id}/post`)).json().error.code).toBe('STOCKTAKE_NOTHING_COUNTED');
    expect(await counts(t.db, tables)).toEqual(before);
    expect((await wh.post(`/api/inventory/stocktakes/${st.id}/cancel`)).json().status).toBe('cancelled');
  });

  it('an inactive warehouse cannot be counted or posted; unknown ids are 404; sales cannot write', async () => {
    const admin = await t.as('admin');
    const nj = (await admin.post('/api/inventory/warehouses', { code: 'NJ', name: '南京仓' })).json();
    const open = (await admin.post('/api/inventory/stocktakes', { warehouseId: nj.id })).json();
    await admin.put(`/api/inventory/stocktakes/${open.id}/counts`, { lines: [{ skuId: WATER, countedQty: 3 }] });
    await admin.patch(`/api/inventory/warehouses/${nj.id}`, { active: false });
    const before = await counts(t.db, tables);
    expect((await admin.post('/api/inventory/stocktakes', { warehouseId: nj.id })).json().error).toMatchObject({ code: 'WAREHOUSE_INACTIVE', message: '仓库 南京仓 已停用' });
    expect((await admin.post(`/api/inventory/stocktakes/${open.id}/post`)).json().error.code).toBe('WAREHOUSE_INACTIVE');
    expect(await counts(t.db, tables)).toEqual(before);
    expect((await admin.get('/api/inventory/stocktakes/999999')).statusCode).toBe(404);
    expect((await admin.post('/api/inventory/stocktakes', { warehouseId: 999999 })).statusCode).toBe(404);
    expect((await (await t.as('sales')).post('/api/inventory/stocktakes', { warehouseId: HZ })).statusCode).toBe(403);
    expect((await (await t.as('sales')).get(`/api/inventory/stocktakes/${open.id}`)).statusCode).toBe(200);
    expect((await (await t.as('buyerA')).get(`/api/inventory/stocktakes/${open.id}`)).statusCode).toBe(403);
  });

  it('posts hundreds of differences in one transaction, and the database keeps working afterwards', async () => {
    const p = await t.db.insertInto('products').values({ name: '散装糖果', subtitle: null, category_id: null, brand_id: null }).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('skus').values(Array.from({ length: 400 }, (_, i) => ({ product_id: p.id, code: `BULK-${i}`, barcode: null, base_price: 100, retail_price: null, weight_grams: null }))).execute();
    const wh = await t.as('warehouse');
    const st = (await wh.post('/api/inventory/stocktakes', { warehouseId: HZ })).json();
    const lines = st.lines.filter((l: { skuCode: string }) => l.skuCode.startsWith('BULK-')).map((l: { skuId: number }) => ({ skuId: l.skuId, countedQty: 5 }));
    expect(lines).toHaveLength(400);
    await wh.put(`/api/inventory/stocktakes/${st.id}/counts`, { lines });
    const posted = await wh.post(`/api/inventory/stocktakes/${st.id}/post`);
    expect(posted.statusCode).toBe(200);
    expect(posted.json().summary).toMatchObject({ withDifference: 400, gain: 2000 });
    expect((await wh.post('/api/inventory/adjustments', { warehouseId: HZ, reason: '复核', lines: [{ skuId: lines[0].skuId, qty: -1 }] })).statusCode).toBe(200);
  });
});
