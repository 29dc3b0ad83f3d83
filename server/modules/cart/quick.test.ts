import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import { parseQty, rowsFromText } from './parse';
import { decodeText, parseDelimited } from '../../lib/sheet-reader';
import { cartWorld, idem, type CartWorld } from './test-world';

/** Quick order (typed, pasted, uploaded), reorder, frequently ordered, drafts and templates. */
let t: TestApp;
let w: CartWorld;
let buyerA: Client, buyerB: Client, ownerA: Client, sales: Client;

beforeAll(async () => {
  t = await createTestApp();
  w = await cartWorld(t, 500);
  [buyerA, buyerB, ownerA, sales] = await Promise.all(['buyerA', 'buyerB', 'ownerA', 'sales'].map((l) => t.as(l)));
  await t.db.updateTable('skus').set({ order_multiple: 6, moq: 6 }).where('id', '=', w.COLA).execute();
});
afterAll(() => t.close());

type Row = { row: number; code: string; status: string; reason: string | null; message: string | null; available: number | null };

describe('parsing pasted and uploaded rows', () => {
  it('reads quantities with full-width digits and Chinese units, refuses the rest', () => {
    expect(parseQty('12')).toEqual({ qty: 12, unit: null });
    expect(parseQty('１２')).toEqual({ qty: 12, unit: null });
    expect(parseQty('2箱')).toEqual({ qty: 2, unit: '箱' });
    expect(parseQty(' 3 瓶 ')).toEqual({ qty: 3, unit: '瓶' });
    expect(parseQty('5.0')).toEqual({ qty: 5, unit: null });
    for (const bad of ['0', '-1', '1.5', '10^12', 'abc', '', '1e3', '１．５']) expect(parseQty(bad), bad).toBeNull();
  });

  it('splits tab, comma and space separated text, skips a header and empty rows', () => {
    expect(rowsFromText('编码\t数量\t单位\nWATER-550\t2\t箱\n\n\nCOLA-330\t12\n')).toEqual([
      { row: 2, code: 'WATER-550', qty: '2', unit: '箱' },
      { row: 5, code: 'COLA-330', qty: '12', unit: '' },
    ]);
    expect(rowsFromText('WATER-550，３箱\nCOLA-330 6').map((r) => [r.code, r.qty])).toEqual([['WATER-550', '3箱'], ['COLA-330', '6']]);
    expect(parseDelimited('"A,1",2\r\n"say ""hi""",3')).toEqual([['A,1', '2'], ['say "hi"', '3']]);
    expect(decodeText(Buffer.from([0xb1, 0xe0, 0xc2, 0xeb]))).toBe('编码'); // GBK from Excel
  });
});

describe('quick order', () => {
  it('20 pasted rows with 2 bad ones: 18 added, the 2 named with their reason', async () => {
    const good = Array.from({ length: 18 }, (_, i) => (i % 2 ? `water-550\t${i + 1}` : `COLA-330\t6`));
    const text = ['SKU编码\t数量', ...good.slice(0, 9), 'NOPE-1\t3', ...good.slice(9), 'WATER-550\t1.5'].join('\n');
    const r = await buyerA.post('/api/cart/quick', { text });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body.added).toBe(18);
    expect(body.rejected).toBe(2);
    const bad = (body.rows as Row[]).filter((x) => x.status === 'rejected');
    expect(bad.map((x) => [x.row, x.reason])).toEqual([[11, 'ROW_UNKNOWN_CODE'], [21, 'ROW_BAD_QTY']]);
    expect(bad[0]!.message).toContain('NOPE-1');
    expect(body.cart.lines).toHaveLength(2);
    expect(body.cart.totals.qty).toBe(9 * 6 + [2, 4, 6, 8, 10, 12, 14, 16, 18].reduce((a, b) => a + b, 0));
    await buyerA.delete('/api/cart');
  });

  it('refuses hidden and off-shelf codes as unknown; names unknown unit, below MOQ, not a multiple and short of stock (a level, no number, under the default setting)', async () => {
    const r = await buyerA.post('/api/cart/quick', {
      rows: [
        { code: 'GIFT-BOX', qty: 1 },
        { code: 'JUICE-1L', qty: 1 },
        { code: 'WATER-550', qty: '1', unit: '吨' },
        { code: 'COLA-330', qty: '3' },
        { code: 'WATER-550', qty: '３０箱' },
        { code: '', qty: '1' },
        { code: 'WATER-550', qty: '2箱' },
      ],
    });
    const rows = r.json().rows as Row[];
    // hidden and off-shelf codes answer like unknown ones, without an id (issue 22)
    expect(rows.map((x) => x.reason)).toEqual(['ROW_UNKNOWN_CODE', 'ROW_UNKNOWN_CODE', 'ROW_UNKNOWN_UNIT', 'ROW_BELOW_MOQ', 'ROW_SHORT', 'ROW_NO_CODE', 'ROW_SHORT']);
    expect(r.json().rows.slice(0, 2).map((x: { skuId: number | null; name: string | null; stockLevel: string | null }) => [x.skuId, x.name, x.stockLevel])).toEqual([[null, null, null], [null, null, null]]);
    // the two water rows together need 32 箱 = 768 瓶 of 500
    expect(rows[4]).toMatchObject({ available: null, stockLevel: 'plenty' });
    expect(rows[4]!.message).toContain('库存不足');
    expect(rows[4]!.message).not.toContain('500');
    expect(r.json().added).toBe(0);
    const m = await buyerA.post('/api/cart/quick', { rows: [{ code: 'COLA-330', qty: '8' }] });
    expect((m.json().rows as Row[])[0]!.reason).toBe('ROW_NOT_MULTIPLE');
    expect((await buyerA.get('/api/cart')).json().lines).toEqual([]);
  });

  it('refuses oversized input with a 400 and writes nothing', async () => {
    const before = await w.state();
    const big = Array.from({ length: 10_000 }, (_, i) => `WATER-550\t${i + 1}`).join('\n');
    let r = await buyerA.post('/api/cart/quick', { text: big });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('TOO_MANY_ROWS');
    r = await buyerA.post('/api/cart/quick', { rows: Array.from({ length: 1001 }, () => ({ code: 'WATER-550', qty: 1 })) });
    expect(r.statusCode).toBe(400);
    r = await buyerA.post('/api/cart/quick', { rows: [{ code: 'WATER-550', qty: 1 }], text: 'x' });
    expect(r.statusCode).toBe(400);
    r = await buyerA.post('/api/cart/quick', {});
    expect(r.statusCode).toBe(400);
    expect(await w.state()).toEqual(before);
  });

  it('uploads an .xlsx with a header, formulas, empty rows, merged cells, full-width digits and Chinese units', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('订单');
    ws.addRow(['商品编码', '商品名称', '数量', '单位']);
    ws.addRow(['WATER-550', '矿泉水', { formula: '1+1', result: 2 }, '箱']);
    ws.addRow([]);
    ws.addRow(['COLA-330', '可乐', '１２', '']);
    ws.addRow(['COLA-330', '可乐', '1箱', '']);
    ws.addRow(['NOPE', '合并', 5, '']);
    ws.addRow(['', '', 3, '']);
    ws.mergeCells('A6:A7');
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await upload(buyerA, buf, 'order.xlsx');
    expect(r.statusCode, r.body).toBe(200);
    const rows = r.json().rows as Row[];
    expect(rows.map((x) => [x.row, x.code, x.status, x.reason])).toEqual([
      [2, 'WATER-550', 'added', null],
      [4, 'COLA-330', 'added', null],
      [5, 'COLA-330', 'added', null],
      [6, 'NOPE', 'rejected', 'ROW_UNKNOWN_CODE'],
      [7, '', 'rejected', 'ROW_NO_CODE'],
    ]);
    expect(r.json().cart.totals.qty).toBe(48 + 12 + 24);
    await buyerA.delete('/api/cart');
  });

  it('uploads a GBK .csv; refuses a file that is neither', async () => {
    const gbk = Buffer.concat([Buffer.from([0xb1, 0xe0, 0xc2, 0xeb]), Buffer.from(',qty\r\nWATER-550,5\r\n')]);
    const r = await upload(buyerA, gbk, 'order.csv');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().added).toBe(1);
    const bad = await upload(buyerA, Buffer.from([0, 1, 2, 3, 4]), 'x.xlsx');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('SHEET_UNREADABLE');
    await buyerA.delete('/api/cart');
  });

  it('uploads an .xls (Excel 97-2003) file through the same reader', async () => {
    const X = await import('@e965/xlsx');
    const ws = X.utils.aoa_to_sheet([['编码', '数量', '单位'], ['WATER-550', 2, '箱'], ['ＣＯＬＡ－３３０', '６', '']]);
    const wb = X.utils.book_new();
    X.utils.book_append_sheet(wb, ws, '订单');
    const xls = Buffer.from(X.write(wb, { type: 'buffer', bookType: 'biff8' }) as Uint8Array);
    const r = await upload(buyerA, xls, 'order.xls');
    expect(r.statusCode, r.body).toBe(200);
    expect((r.json().rows as Row[]).map((x) => [x.row, x.code, x.status])).toEqual([[2, 'WATER-550', 'added'], [3, 'COLA-330', 'added']]);
    await buyerA.delete('/api/cart');
  });

  it('autocompletes by code prefix or name, never showing hidden or off-shelf SKUs', async () => {
    const codes = async (c: Client, q: string) => ((await c.get(`/api/cart/skus?q=${encodeURIComponent(q)}`)).json() as { code: string }[]).map((x) => x.code);
    expect(await codes(buyerA, 'wat')).toEqual(['WATER-550']);
    expect(await codes(buyerA, '可乐')).toEqual(['COLA-330']);
    expect(await codes(buyerA, 'GIFT')).toEqual([]);
    expect(await codes(buyerB, 'GIFT')).toEqual(['GIFT-BOX']);
    expect(await codes(buyerA, 'JUICE')).toEqual([]);
    expect(await codes(buyerA, '%')).toEqual([]);
    const item = (await buyerA.get('/api/cart/skus?q=WATER')).json()[0];
    expect(item).toMatchObject({ unitPrice: 200, available: null, stockLevel: 'plenty', units: [{ unit: '瓶', factor: 1 }, { unit: '箱', factor: 24 }] });
  });
});

describe('reorder and frequently ordered', () => {
  let orderId: number;
  it('reorders a past order at today\'s prices, skipping and naming what cannot be ordered now', async () => {
    await buyerA.post('/api/cart/quick', { rows: [{ code: 'WATER-550', qty: '1箱' }, { code: 'COLA-330', qty: '6' }] });
    orderId = (await buyerA.post('/api/cart/submit', { addressId: w.addrA }, idem())).json().order.id;
    await t.db.updateTable('skus').set({ base_price: 210 }).where('id', '=', w.WATER).execute();
    await t.db.updateTable('skus').set({ active: false }).where('id', '=', w.COLA).execute();
    const r = await buyerA.post(`/api/cart/reorder/${orderId}`);
    expect(r.statusCode, r.body).toBe(200);
    expect((r.json().rows as Row[]).map((x) => [x.code, x.status, x.reason])).toEqual([['WATER-550', 'added', null], ['COLA-330', 'rejected', 'ROW_OFF_SHELF']]);
    expect(r.json().cart.lines[0]).toMatchObject({ unit: '箱', qty: 24, unitPrice: 210 });
    await t.db.updateTable('skus').set({ active: true, base_price: 250 }).where('id', '=', w.COLA).execute();
    await t.db.updateTable('skus').set({ base_price: 200 }).where('id', '=', w.WATER).execute();
    await buyerA.delete('/api/cart');
  });

  it('another company\'s order is 404; the customer\'s rep may reorder it on behalf', async () => {
    const before = await w.state();
    expect((await buyerB.post(`/api/cart/reorder/${orderId}`)).statusCode).toBe(404);
    expect((await sales.post(`/api/cart/reorder/${orderId}?customerId=${t.fx.companyB}`)).statusCode).toBe(404);
    expect(await w.state()).toEqual(before);
    expect((await sales.post(`/api/cart/reorder/${orderId}?customerId=${t.fx.companyA}`)).json().added).toBe(2);
  });

  it('lists the customer\'s frequently ordered SKUs with the last unit and quantity', async () => {
    const list = (await ownerA.get('/api/cart/frequent')).json();
    expect(list.map((x: { code: string }) => x.code).sort()).toEqual(['COLA-330', 'WATER-550']);
    expect(list.find((x: { code: string }) => x.code === 'WATER-550')).toMatchObject({ times: 1, lastUnit: '箱', lastUnitQty: 1, unitPrice: 200 });
    expect((await buyerB.get('/api/cart/frequent')).json()).toEqual([]);
  });
});

describe('drafts (暂存) and templates', () => {
  it('puts the cart aside as a draft and resumes it later', async () => {
    await buyerA.post('/api/cart/lines', { skuId: w.WATER, unit: '箱', qty: 2 });
    const d = await buyerA.post('/api/cart/drafts', { name: '周一补货 🍜' });
    expect(d.statusCode, d.body).toBe(200);
    expect((await buyerA.get('/api/cart')).json().lines).toEqual([]);
    const list = (await buyerA.get('/api/cart/drafts')).json();
    expect(list).toMatchObject([{ id: d.json().id, name: '周一补货 🍜', lines: 1, qty: 48 }]);
    expect((await buyerA.get(`/api/cart/drafts/${d.json().id}`)).json()).toMatchObject({ totals: { total: 9600 } });
    // another buyer's draft is 404, also for the same company's admin
    const before = await w.state();
    for (const c of [buyerB, ownerA]) {
      expect((await c.get(`/api/cart/drafts/${d.json().id}`)).statusCode).toBe(404);
      expect((await c.post(`/api/cart/drafts/${d.json().id}/resume`)).statusCode).toBe(404);
      expect((await c.delete(`/api/cart/drafts/${d.json().id}`)).statusCode).toBe(404);
    }
    expect(await w.state()).toEqual(before);
    expect((await buyerA.post('/api/cart/drafts', { name: '空的' })).json().error.code).toBe('CART_EMPTY');
    expect((await buyerA.post('/api/cart/drafts', { name: '' })).statusCode).toBe(400);
    const resumed = await buyerA.post(`/api/cart/drafts/${d.json().id}/resume`);
    expect(resumed.json().lines).toMatchObject([{ unit: '箱', qty: 48 }]);
    expect((await buyerA.get('/api/cart/drafts')).json()).toEqual([]);
  });

  it('keeps a named template and orders from it again', async () => {
    const tp = await buyerA.post('/api/cart/templates', { name: '常规周单' });
    expect(tp.statusCode).toBe(200);
    expect((await buyerA.get('/api/cart')).json().lines).toHaveLength(1); // a template copies, the cart stays
    await buyerA.delete('/api/cart');
    expect((await buyerA.patch(`/api/cart/templates/${tp.json().id}`, { name: '常规周单 v2' })).statusCode).toBe(200);
    const r = await buyerA.post(`/api/cart/templates/${tp.json().id}/to-cart`);
    expect(r.json()).toMatchObject({ added: 1, cart: { lines: [{ qty: 48 }] } });
    await buyerA.post(`/api/cart/templates/${tp.json().id}/to-cart`);
    expect((await buyerA.get('/api/cart')).json().lines).toMatchObject([{ unitQty: 4 }]);
    expect((await buyerA.get('/api/cart/templates')).json()).toMatchObject([{ name: '常规周单 v2', lines: 1 }]);
    expect((await buyerB.post(`/api/cart/templates/${tp.json().id}/to-cart`)).statusCode).toBe(404);
    expect((await buyerA.delete(`/api/cart/templates/${tp.json().id}`)).statusCode).toBe(200);
    expect((await buyerA.get('/api/cart/templates')).json()).toEqual([]);
  });
});

async function upload(c: Client, buf: Buffer, filename: string) {
  const boundary = '----ordo' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    buf,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return c.request({ method: 'POST', url: '/api/cart/import', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
}

describe('quick order input PostgreSQL text cannot hold', () => {
  it('a NUL pasted into a code or unit is dropped, not a server error', async () => {
    const r = await buyerA.post('/api/cart/quick', { rows: [{ code: 'WATER-550\u0000', qty: '1', unit: '箱\u0000' }, { code: '\u0000', qty: '1' }] });
    expect(r.statusCode, r.body).toBe(200);
    expect((r.json().rows as Row[]).map((x) => [x.status, x.reason])).toEqual([['added', null], ['rejected', 'ROW_NO_CODE']]);
    await buyerA.delete('/api/cart');
  });
});
