import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';
import { seedCatalogFixtures, type CatalogFixtures } from '../../test/catalog-fixtures';
import { customerPriceSql } from './price-sql';
import { resolvePrices } from './resolve';

let t: TestApp;
let cat: CatalogFixtures;
let admin: Client, sales: Client, sales2: Client, ownerA: Client, buyerA: Client, buyerB: Client, warehouse: Client;
let gold: number, retail: number;
let WATER: number, COLA: number, JUICE: number;
const state = () => counts(t.db, ['price_lists', 'price_list_items', 'price_list_moq', 'product_visibility', 'audit_log']);

async function xlsx(rows: (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('s');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
function upload(c: Client, url: string, data: Buffer, name = 'prices.xlsx') {
  const boundary = '----ordo' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${name}"\r\ncontent-type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return c.request({ method: 'POST', url, payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
}

beforeAll(async () => {
  t = await createTestApp();
  cat = await seedCatalogFixtures(t.database);
  ({ 'WATER-550': WATER, 'COLA-330': COLA, 'JUICE-1L': JUICE } = cat.skus);
  [admin, sales, sales2, ownerA, buyerA, buyerB, warehouse] = await Promise.all(['admin', 'sales', 'sales2', 'ownerA', 'buyerA', 'buyerB', 'warehouse'].map((l) => t.as(l)));
  gold = (await admin.post('/api/tiers', { name: '一级经销商', discountBp: 1000 })).json().id;
  retail = (await admin.post('/api/tiers', { name: '零售终端', discountBp: 0 })).json().id;
  await admin.patch(`/api/customers/${t.fx.companyA}`, { tierId: gold, salesRepId: t.fx.users.sales, province: '上海市', city: '上海市' });
  await admin.patch(`/api/customers/${t.fx.companyB}`, { tierId: retail, salesRepId: t.fx.users.sales2, province: '浙江省', city: '杭州市' });
});
afterAll(() => t.close());

describe('price lists and the editor', () => {
  let tierList: number;
  let custList: number;
  it('creates tier and customer lists; bad targets are refused', async () => {
    const r = await admin.post('/api/price-lists', { name: '一级经销商 2026', kind: 'tier', tierId: gold, validFrom: '2026-01-01T00:00:00+08:00' });
    expect(r.statusCode).toBe(200);
    tierList = r.json().id;
    expect(r.json()).toMatchObject({ kind: 'tier', tierName: '一级经销商', items: 0 });
    custList = (await admin.post('/api/price-lists', { name: '甲公司合同价', kind: 'customer', companyId: t.fx.companyA })).json().id;
    const before = await state();
    for (const body of [
      { name: 'x', kind: 'tier' },
      { name: 'x', kind: 'customer', tierId: gold },
      { name: 'x', kind: 'tier', tierId: gold, companyId: t.fx.companyA },
      { name: 'x', kind: 'tier', tierId: 99999 },
      { name: 'x', kind: 'customer', companyId: 99999 },
      { name: 'x', kind: 'tier', tierId: gold, validFrom: '2026-02-01', validTo: '2026-01-01' },
      { name: 'x', kind: 'tier', tierId: gold, validFrom: 'not a date' },
      { name: '', kind: 'tier', tierId: gold },
    ]) {
      const res = await admin.post('/api/price-lists', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await sales.post('/api/price-lists', { name: 'x', kind: 'tier', tierId: gold })).statusCode).toBe(403);
    expect(await state()).toEqual(before);
  });

  it('sets breaks and reports them with computed unit prices', async () => {
    const r = await admin.put(`/api/price-lists/${tierList}/items`, {
      items: [
        { skuId: WATER, minQty: 1, fixedPrice: 180 },
        { skuId: WATER, minQty: 24, fixedPrice: 170 },
        { skuId: COLA, minQty: 1, discountBp: 1500 },
      ],
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ skus: 2, rows: 3 });
    const items = (await admin.get(`/api/price-lists/${tierList}/items`)).json();
    expect(items.items.map((i: { skuCode: string; minQty: number; unitPrice: number }) => [i.skuCode, i.minQty, i.unitPrice])).toEqual([
      ['COLA-330', 1, 213], // 250 × 85% = 212.5 → 213
      ['WATER-550', 1, 180],
      ['WATER-550', 24, 170],
    ]);
    expect((await admin.get(`/api/price-lists/${tierList}/items?q=cola`)).json().total).toBe(1);
    // replacing WATER's breaks keeps COLA
    await admin.put(`/api/price-lists/${tierList}/items`, { items: [{ skuId: WATER, minQty: 1, fixedPrice: 175 }] });
    expect((await admin.get(`/api/price-lists/${tierList}`)).json()).toMatchObject({ items: 2, skus: 2 });
  });

  const bad: [string, unknown[], string][] = [
    ['quantity break 0', [{ skuId: 1, minQty: 0, fixedPrice: 1 }], 'VALIDATION'],
    ['negative price', [{ skuId: 1, minQty: 1, fixedPrice: -1 }], 'VALIDATION'],
    ['fractional fen', [{ skuId: 1, minQty: 1, fixedPrice: 1.5 }], 'VALIDATION'],
    ['negative discount', [{ skuId: 1, minQty: 1, discountBp: -100 }], 'VALIDATION'],
    ['discount over 100%', [{ skuId: 1, minQty: 1, discountBp: 10_001 }], 'VALIDATION'],
    ['both price and discount', [{ skuId: 1, minQty: 1, fixedPrice: 1, discountBp: 1 }], 'VALIDATION'],
    ['neither', [{ skuId: 1, minQty: 1 }], 'VALIDATION'],
    ['unknown SKU', [{ skuId: 999_999, minQty: 1, fixedPrice: 100 }], 'PRICE_ROWS_INVALID'],
    ['duplicate break (contradiction)', [{ skuId: -1, minQty: 10, fixedPrice: 100 }, { skuId: -1, minQty: 10, fixedPrice: 90 }], 'PRICE_ROWS_INVALID'],
    ['price rises with quantity', [{ skuId: -1, minQty: 1, fixedPrice: 100 }, { skuId: -1, minQty: 10, fixedPrice: 120 }], 'PRICE_ROWS_INVALID'],
    ['discount shrinks with quantity', [{ skuId: -1, minQty: 1, discountBp: 1000 }, { skuId: -1, minQty: 10, discountBp: 500 }], 'PRICE_ROWS_INVALID'],
    ['mixed fixed and discount', [{ skuId: -1, minQty: 1, fixedPrice: 100 }, { skuId: -1, minQty: 10, discountBp: 500 }], 'PRICE_ROWS_INVALID'],
  ];
  it.each(bad)('rejects %s and changes nothing', async (_n, rows, code) => {
    const items = rows.map((r) => ({ ...(r as object), skuId: (r as { skuId: number }).skuId === -1 ? JUICE : (r as { skuId: number }).skuId }));
    const before = await state();
    const res = await admin.put(`/api/price-lists/${tierList}/items`, { items });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe(code);
    if (code === 'PRICE_ROWS_INVALID') expect(res.json().error.details[0]).toMatchObject({ row: expect.any(Number), message: expect.any(String) });
    expect(await state()).toEqual(before);
  });

  it('bulk percentage replaces the selected SKUs\' breaks', async () => {
    const r = await admin.post(`/api/price-lists/${custList}/bulk-percent`, { skuIds: [WATER, COLA], discountBp: 2000 });
    expect(r.statusCode).toBe(200);
    const items = (await admin.get(`/api/price-lists/${custList}/items`)).json().items;
    expect(items.map((i: { discountBp: number; unitPrice: number }) => [i.discountBp, i.unitPrice])).toEqual([[2000, 200], [2000, 160]]);
    expect((await admin.post(`/api/price-lists/${custList}/bulk-percent`, { skuIds: [WATER], discountBp: 12_000 })).statusCode).toBe(400);
    expect((await admin.post(`/api/price-lists/${custList}/bulk-percent`, { skuIds: [], discountBp: 100 })).statusCode).toBe(400);
    await admin.post(`/api/price-lists/${custList}/items/delete`, { skuIds: [WATER, COLA] });
    expect((await admin.get(`/api/price-lists/${custList}`)).json().items).toBe(0);
  });

  it('MOQ overrides: validated, applied by the resolver', async () => {
    expect((await admin.put(`/api/price-lists/${tierList}/moq`, { items: [{ skuId: WATER, moq: 10, orderMultiple: 24 }] })).statusCode).toBe(400);
    expect((await admin.put(`/api/price-lists/${tierList}/moq`, { items: [{ skuId: 999_999, moq: 24, orderMultiple: 24 }] })).statusCode).toBe(400);
    const r = await admin.put(`/api/price-lists/${tierList}/moq`, { items: [{ skuId: WATER, moq: 24, orderMultiple: 24 }] });
    expect(r.json()).toEqual([{ skuId: WATER, skuCode: 'WATER-550', productName: '天然矿泉水 550ml', moq: 24, orderMultiple: 24 }]);
    const p = (await buyerA.post('/api/my/prices', { items: [{ skuId: WATER, qty: 24 }] })).json();
    expect(p[0]).toMatchObject({ moq: 24, orderMultiple: 24 });
    await admin.put(`/api/price-lists/${tierList}/moq`, { items: [] });
  });

  it('isolation: customers cannot read lists; reps see tier lists and own customers\' lists only', async () => {
    expect((await ownerA.get('/api/price-lists')).statusCode).toBe(403);
    expect((await ownerA.get(`/api/price-lists/${custList}/items`)).statusCode).toBe(403);
    expect((await warehouse.get('/api/price-lists')).statusCode).toBe(403);
    const bList = (await admin.post('/api/price-lists', { name: '乙公司专价', kind: 'customer', companyId: t.fx.companyB })).json().id;
    const seen = (await sales.get('/api/price-lists')).json().items.map((l: { id: number }) => l.id);
    expect(seen).toEqual(expect.arrayContaining([tierList, custList]));
    expect(seen).not.toContain(bList);
    expect((await sales.get(`/api/price-lists/${bList}`)).statusCode).toBe(404);
    expect((await sales.get(`/api/price-lists/${bList}/items`)).statusCode).toBe(404);
    expect((await sales.get(`/api/price-lists/${bList}/export.xlsx`)).statusCode).toBe(404);
    expect((await sales2.get(`/api/price-lists/${bList}`)).statusCode).toBe(200);
    expect((await sales.get(`/api/pricing/explain?companyId=${t.fx.companyB}&skuId=${WATER}`)).statusCode).toBe(404);
    await admin.delete(`/api/price-lists/${bList}`);
    expect((await admin.get(`/api/price-lists/${bList}`)).statusCode).toBe(404);
  });

  it('a tier in use by a price list cannot be deleted', async () => {
    const tier = (await admin.post('/api/tiers', { name: '临时等级', discountBp: 100 })).json().id;
    const l = (await admin.post('/api/price-lists', { name: 'tmp', kind: 'tier', tierId: tier })).json().id;
    const r = await admin.delete(`/api/tiers/${tier}`);
    expect(r.statusCode).toBe(409);
    expect(r.json().error.details).toMatchObject({ lists: 1 });
    await admin.delete(`/api/price-lists/${l}`);
    expect((await admin.delete(`/api/tiers/${tier}`)).statusCode).toBe(200);
  });
});

describe('Excel import and export', () => {
  let list: number;
  beforeAll(async () => {
    list = (await admin.post('/api/price-lists', { name: '零售终端 阶梯价', kind: 'tier', tierId: retail })).json().id;
  });
  it('reports every bad row by spreadsheet row number and writes nothing', async () => {
    const file = await xlsx([
      ['SKU编码', '起订数量(≥)', '固定价(元)', '折扣(%)'],
      ['WATER-550', 1, 1.9, null],
      ['NOPE-1', 1, 2, null],
      ['COLA-330', 0, 2, null],
      ['COLA-330', 1, -2, null],
      ['JUICE-1L', 1, null, 120],
      ['JUICE-1L', 2, 7, 5],
      ['WATER-550', 1, 1.8, null],
      ['COLA-330', 1, '2.345', null],
    ]);
    const before = await state();
    const r = await upload(admin, `/api/price-lists/${list}/import`, file);
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('PRICE_ROWS_INVALID');
    const rows = r.json().error.details.map((d: { row: number }) => d.row);
    expect([...new Set(rows)]).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(r.json().error.details.find((d: { row: number }) => d.row === 3).message).toMatch(/^SKU 编码“NOPE-1”不存在 \/ unknown SKU code "NOPE-1"/);
    for (const d of r.json().error.details as { message: string }[]) expect(d.message, 'row errors are Chinese first').toMatch(/^[^a-z]*[\u4e00-\u9fff]/);
    expect(await state()).toEqual(before);
  });

  it('dry-runs, imports, and exports what it imported', async () => {
    const file = await xlsx([
      ['SKU code', 'Min qty', 'Fixed price', 'Discount %'],
      ['water-550', 1, 1.9, null],
      ['WATER-550', 24, '1.75', null],
      ['COLA-330', null, null, '12.5'],
    ]);
    const dry = await upload(admin, `/api/price-lists/${list}/import?dryRun=1`, file);
    expect(dry.json()).toMatchObject({ dryRun: true, rows: 3, skus: 2 });
    expect((await admin.get(`/api/price-lists/${list}`)).json().items).toBe(0);
    const r = await upload(admin, `/api/price-lists/${list}/import`, file);
    expect(r.json()).toMatchObject({ dryRun: false, rows: 3, skus: 2 });
    const exp = await admin.get(`/api/price-lists/${list}/export.xlsx`);
    expect(exp.statusCode).toBe(200);
    expect(exp.headers['content-disposition']).toMatch(/filename\*=UTF-8''/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exp.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const got = [];
    for (let i = 2; i <= ws.rowCount; i++) got.push([ws.getRow(i).getCell(1).value, ws.getRow(i).getCell(5).value, ws.getRow(i).getCell(6).value, ws.getRow(i).getCell(7).value, ws.getRow(i).getCell(8).value]);
    expect(got).toEqual([
      ['COLA-330', 1, null, 12.5, 2.19], // 250 × 87.5% = 218.75 → 219
      ['WATER-550', 1, 1.9, null, 1.9],
      ['WATER-550', 24, 1.75, null, 1.75],
    ]);
    // round trip: importing the export again changes nothing
    expect((await upload(admin, `/api/price-lists/${list}/import`, Buffer.from(exp.rawPayload))).json()).toMatchObject({ rows: 3, skus: 2 });
  });

  it('refuses files that are not spreadsheets or lack headers', async () => {
    expect((await upload(admin, `/api/price-lists/${list}/import`, Buffer.from([0, 1, 2, 3, 0xff]))).json().error.code).toBe('IMPORT_NOT_XLSX');
    expect((await upload(admin, `/api/price-lists/${list}/import`, await xlsx([['a', 'b'], [1, 2]]))).json().error.code).toBe('IMPORT_NO_HEADER');
    expect((await upload(admin, `/api/price-lists/${list}/import`, await xlsx([['SKU编码', '固定价(元)']]))).json().error.code).toBe('IMPORT_EMPTY');
    expect((await admin.post(`/api/price-lists/${list}/import`, { a: 1 })).statusCode).toBe(415);
    expect((await upload(sales, `/api/price-lists/${list}/import`, await xlsx([['SKU编码', '固定价(元)'], ['WATER-550', 1]]))).statusCode).toBe(403);
  });
});

describe('explain and portal prices', () => {
  it('explains the rule, the next break and the candidates', async () => {
    const r = await sales.get(`/api/pricing/explain?companyId=${t.fx.companyA}&skuId=${WATER}&qty=5`);
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.company).toMatchObject({ id: t.fx.companyA, tierName: '一级经销商' });
    expect(body.resolved).toMatchObject({ unitPrice: 175, rule: { kind: 'tier_price_list', minQty: 1 } });
    expect(body.candidates[0]).toMatchObject({ kind: 'tier', chosen: true, applies: true });
    const base = (await admin.get(`/api/pricing/explain?skuId=${JUICE}`)).json();
    expect(base.resolved.rule.kind).toBe('base_price');
    expect((await admin.get('/api/pricing/explain?skuId=999999')).statusCode).toBe(404);
    expect((await admin.get(`/api/pricing/explain?skuId=${WATER}&qty=0`)).statusCode).toBe(400);
    expect((await admin.get(`/api/pricing/explain?skuId=${WATER}&qty=1.5`)).statusCode).toBe(400);
    expect((await admin.get(`/api/pricing/explain?skuId=${WATER}&at=yesterday`)).statusCode).toBe(400);
    expect((await ownerA.get(`/api/pricing/explain?skuId=${WATER}`)).statusCode).toBe(403);
  });

  it('two customers of different tiers see different prices; a tier price change shows at once', async () => {
    const a = (await buyerA.get(`/api/my/prices/${COLA}`)).json();
    const b = (await buyerB.get(`/api/my/prices/${COLA}`)).json();
    expect(a.unitPrice).toBe(213);
    expect(b.unitPrice).toBe(219);
    expect(a.retailPrice).toBe(500);
    expect(a.rule).toEqual({ kind: 'tier_price_list', minQty: 1, detail: '' }); // no internal list names
    const tierList = (await admin.get(`/api/price-lists?tierId=${gold}`)).json().items[0].id;
    await admin.put(`/api/price-lists/${tierList}/items`, { items: [{ skuId: COLA, minQty: 1, fixedPrice: 199 }, { skuId: COLA, minQty: 10, fixedPrice: 189 }] });
    const after = (await buyerA.get(`/api/my/prices/${COLA}?qty=3`)).json();
    expect(after).toMatchObject({ unitPrice: 199, nextBreak: { minQty: 10, unitPrice: 189 }, breaks: [{ minQty: 1, unitPrice: 199 }, { minQty: 10, unitPrice: 189 }] });
    const ev = await t.db.selectFrom('outbox').select('topic').where('topic', '=', 'pricing.changed').execute();
    expect(ev.length).toBeGreaterThan(0);
  });

  it('portal prices never include hidden products; staff cannot call the portal endpoint', async () => {
    const pid = cat.productIds['JUICE-1L'];
    // JUICE-1L is off the shelf in the fixtures: its price is nobody's business until it is back (issue 22)
    expect((await buyerA.post('/api/my/prices', { items: [{ skuId: WATER, qty: 1 }, { skuId: JUICE, qty: 1 }] })).json().map((p: { skuId: number }) => p.skuId)).toEqual([WATER]);
    await t.db.updateTable('products').set({ on_shelf: true }).where('id', '=', pid).execute();
    const before = await state();
    expect((await admin.put(`/api/products/${pid}/visibility`, { tierIds: [99999] })).statusCode).toBe(400);
    expect((await admin.put(`/api/products/999999/visibility`, { tierIds: [] })).statusCode).toBe(404);
    expect((await sales.put(`/api/products/${pid}/visibility`, { tierIds: [gold] })).statusCode).toBe(403);
    expect(await state()).toEqual(before);
    const v = await admin.put(`/api/products/${pid}/visibility`, { tierIds: [gold], regions: [{ province: '江苏省' }] });
    expect(v.json()).toMatchObject({ restricted: true, tierIds: [gold], regions: [{ province: '江苏省', city: null }], companyIds: [] });
    const items = [{ skuId: WATER, qty: 1 }, { skuId: JUICE, qty: 1 }];
    expect((await buyerA.post('/api/my/prices', { items })).json().map((p: { skuId: number }) => p.skuId)).toEqual([WATER, JUICE]);
    expect((await buyerB.post('/api/my/prices', { items })).json().map((p: { skuId: number }) => p.skuId)).toEqual([WATER]);
    expect((await buyerB.get(`/api/my/prices/${JUICE}`)).statusCode).toBe(404);
    expect((await buyerB.get(`/api/my/prices/999999`)).statusCode).toBe(404);
    expect((await admin.post('/api/my/prices', { items })).statusCode).toBe(403);
    expect((await buyerA.post('/api/my/prices', { items: [] })).statusCode).toBe(400);
    expect((await buyerA.post('/api/my/prices', { items: [{ skuId: WATER, qty: -1 }] })).statusCode).toBe(400);
    // named customer B gets it too
    await admin.put(`/api/products/${pid}/visibility`, { tierIds: [gold], companyIds: [t.fx.companyB] });
    expect((await buyerB.get(`/api/my/prices/${JUICE}`)).statusCode).toBe(200);
    await admin.put(`/api/products/${pid}/visibility`, {});
    expect((await admin.get(`/api/products/${pid}/visibility`)).json().restricted).toBe(false);
    await t.db.updateTable('products').set({ on_shelf: false }).where('id', '=', pid).execute();
  });
});

describe('SQL price expression agrees with resolvePrices', () => {
  it('on random lists, dates and discounts', async () => {
    let seed = 42;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const skuIds = [WATER, COLA, JUICE];
    for (let round = 0; round < 6; round++) {
      await t.db.deleteFrom('price_lists').execute();
      await t.db.updateTable('customer_tiers').set({ discount_bp: rnd(3000) }).where('id', '=', gold).execute();
      for (let l = 0; l < 4; l++) {
        const kind = rnd(2) ? 'tier' : 'customer';
        const from = rnd(3) ? new Date(Date.now() - (1 + rnd(100)) * 86_400_000) : null;
        const pl = await t.db.insertInto('price_lists').values({
          name: `r${l}`, kind, tier_id: kind === 'tier' ? gold : null, company_id: kind === 'customer' ? t.fx.companyA : null,
          valid_from: from, valid_to: rnd(4) ? null : new Date(Date.now() + (rnd(2) ? 1 : -0.5) * 86_400_000), active: rnd(5) > 0, notes: null,
        }).returning('id').executeTakeFirstOrThrow();
        for (const sku of skuIds) {
          if (rnd(3) === 0) continue;
          const fixed = rnd(2) === 0;
          await t.db.insertInto('price_list_items').values({ price_list_id: pl.id, sku_id: sku, min_qty: 1, fixed_price: fixed ? 100 + rnd(500) : null, discount_bp: fixed ? null : rnd(10_001) }).execute();
        }
      }
      const m = await resolvePrices(t.db, t.fx.companyA, skuIds.map((skuId) => ({ skuId, qty: 1 })));
      const rows = await t.db.selectFrom('skus as s').select(['s.id']).select(customerPriceSql(t.fx.companyA, 's').as('price')).where('s.id', 'in', skuIds).execute();
      for (const r of rows) expect(Number(r.price), `round ${round} sku ${r.id}`).toBe(m.get(r.id)!.unitPrice);
    }
  });
});
