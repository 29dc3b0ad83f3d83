import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestApp, type TestApp } from '../../test/harness';
import { seedCatalogFixtures, type CatalogFixtures } from '../../test/catalog-fixtures';
import type { OrderStatus } from '../orders/status';
import { rebuildRollups } from './rollup';

let t: TestApp;
let cat: CatalogFixtures;
let n = 0;

/** Inserts an order as history (reports only read orders), submitted at `at`. */
async function order(companyId: number, at: string, status: OrderStatus, lines: [string, number, number][]) {
  const total = lines.reduce((s, [, qty, price]) => s + qty * price, 0);
  const o = await t.db
    .insertInto('orders')
    .values({
      number: `SO-T-${++n}`, company_id: companyId, placed_by_user_id: t.fx.users.admin, buyer_user_id: null, status,
      subtotal: total, total, address: JSON.stringify({}), submitted_at: new Date(at), payment_method: null,
      wished_delivery_date: null, invoice: null, customer_po: null, note: null, approved_at: null, shipped_at: null,
      delivered_at: null, completed_at: null, cancelled_at: null, cancel_reason: null, reject_reason: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  let no = 0;
  for (const [code, qty, price] of lines) {
    await t.db.insertInto('order_lines').values({
      order_id: o.id, line_no: ++no, sku_id: cat.skus[code], sku_code: code, name: code, unit: '瓶', unit_factor: 1, qty,
      unit_price: price, base_price: price, price_rule: null, line_total: qty * price,
    }).execute();
  }
}

beforeAll(async () => {
  t = await createTestApp();
  cat = await seedCatalogFixtures(t.database);
  await t.db.updateTable('companies').set({ sales_rep_id: t.fx.users.sales }).where('id', '=', t.fx.companyA).execute();
  const now = Date.now();
  const iso = (daysAgo: number) => new Date(now - daysAgo * 86_400_000).toISOString();
  await order(t.fx.companyA, iso(0), 'pending_review', [['WATER-550', 24, 200]]);            // 4800
  await order(t.fx.companyA, iso(2), 'completed', [['COLA-330', 10, 250], ['WATER-550', 5, 200]]); // 3500
  await order(t.fx.companyB, iso(3), 'picking', [['COLA-330', 100, 250]]);                   // 25000
  await order(t.fx.companyB, iso(1), 'cancelled', [['WATER-550', 999, 200]]);                // not counted
  await order(t.fx.companyB, iso(40), 'completed', [['WATER-550', 1, 200]]);                 // outside 30 days
  // rows written straight into orders (no events): the rollups are rebuilt, as after an import
  await rebuildRollups(t.db, 'Asia/Shanghai');
});
afterAll(() => t.close());

describe('dashboard', () => {
  it('admin sees key figures, every day of the period, status counts and top lists; cancelled orders do not count', async () => {
    const admin = await t.as('admin');
    const res = await admin.get('/api/reports/dashboard?days=30');
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.kpis.ordersPeriod).toBe(3);
    expect(d.kpis.salesPeriod).toBe(4800 + 3500 + 25000);
    expect(d.kpis.activeCustomers).toBe(2);
    expect(d.kpis.toReview).toBe(1);
    expect(d.kpis.toShip).toBe(1);
    expect(d.salesByDay).toHaveLength(30);
    expect(d.salesByDay.reduce((s: number, r: { amount: number }) => s + r.amount, 0)).toBe(33300);
    expect(d.topSkus[0]).toMatchObject({ code: 'COLA-330', qty: 110, amount: 27500 });
    expect(d.topCustomers[0]).toMatchObject({ companyId: t.fx.companyB, amount: 25000 });
    expect(d.statusCounts.find((s: { status: string }) => s.status === 'cancelled').count).toBe(1);
  });

  it('a sales rep sees only the orders of their own customers', async () => {
    const sales = await t.as('sales');
    const d = (await sales.get('/api/reports/dashboard')).json();
    expect(d.kpis.ordersPeriod).toBe(2);
    expect(d.topCustomers.map((c: { companyId: number }) => c.companyId)).toEqual([t.fx.companyA]);
    const other = await t.as('sales2');
    expect((await other.get('/api/reports/dashboard')).json().kpis.ordersPeriod).toBe(0);
  });

  it('customers and warehouse staff may not read reports', async () => {
    expect((await (await t.as('buyerA')).get('/api/reports/dashboard')).statusCode).toBe(403);
    expect((await (await t.as('warehouse')).get('/api/reports/sales?from=2026-01-01&to=2026-12-31')).statusCode).toBe(403);
  });

  it.each(['days=0', 'days=-5', 'days=1.5', 'days=100000', 'days=abc'])('bad %s → 400', async (q) => {
    const res = await (await t.as('admin')).get(`/api/reports/dashboard?${q}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION');
  });
});

describe('sales report', () => {
  const range = () => {
    const to = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const from = new Date(Date.now() - 35 * 86_400_000).toISOString().slice(0, 10);
    return { from, to };
  };

  it('groups by customer, SKU and month with amounts in fen', async () => {
    const admin = await t.as('admin');
    const { from, to } = range();
    const byCustomer = (await admin.get(`/api/reports/sales?from=${from}&to=${to}&groupBy=customer`)).json();
    // a customer's quantity spans products: one total per base unit (29 瓶 of water and 10 罐 of cola are not "39")
    expect(byCustomer).toEqual([
      { key: 'CB', label: '乙公司 Beta Mart', orders: 1, qty: 100, amount: 25000, units: [{ unit: '罐', qty: 100 }] },
      { key: 'CA', label: '甲公司 Alpha Foods', orders: 2, qty: 39, amount: 8300, units: [{ unit: '瓶', qty: 29 }, { unit: '罐', qty: 10 }] },
    ]);
    const bySku = (await admin.get(`/api/reports/sales?from=${from}&to=${to}&groupBy=sku`)).json();
    expect(bySku.map((r: { key: string; qty: number; units: unknown }) => [r.key, r.qty, r.units])).toEqual([['COLA-330', 110, [{ unit: '罐', qty: 110 }]], ['WATER-550', 29, [{ unit: '瓶', qty: 29 }]]]);
    const monthRes = await admin.get(`/api/reports/sales?from=${from}&to=${to}&groupBy=month`);
    expect(monthRes.statusCode, monthRes.body).toBe(200);
    const byMonth = monthRes.json();
    expect(byMonth.reduce((s: number, r: { amount: number }) => s + r.amount, 0)).toBe(33300);
  });

  it('exports the same rows as an Excel workbook, amounts in yuan', async () => {
    const admin = await t.as('admin');
    const { from, to } = range();
    const res = await admin.get(`/api/reports/sales.xlsx?from=${from}&to=${to}&groupBy=customer`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(2).getCell(1).value).toBe('CB');
    expect(ws.getRow(2).getCell(5).value).toBe(250);
    // quantities say their base units: per customer one total per unit, per SKU a number with a unit column
    expect(ws.getRow(1).getCell(4).value).toBe('数量（按基本单位） Qty by base unit');
    expect(ws.getRow(2).getCell(4).value).toBe('100 罐');
    expect(ws.getRow(3).getCell(4).value).toBe('29 瓶 + 10 罐');
    const sku = new ExcelJS.Workbook();
    await sku.xlsx.load((await admin.get(`/api/reports/sales.xlsx?from=${from}&to=${to}&groupBy=sku`)).rawPayload as unknown as ArrayBuffer);
    const s = sku.worksheets[0]!;
    expect([s.getRow(1).getCell(4).value, s.getRow(1).getCell(5).value]).toEqual(['数量（基本单位） Qty (base units)', '单位 Unit']);
    expect([s.getRow(2).getCell(1).value, s.getRow(2).getCell(4).value, s.getRow(2).getCell(5).value, s.getRow(2).getCell(6).value]).toEqual(['COLA-330', 110, '罐', 275]);
  });

  it.each([
    ['from after to', 'from=2026-12-01&to=2026-11-01'],
    ['not a date', 'from=2026-13-45&to=2026-12-01'],
    ['missing to', 'from=2026-01-01'],
    ['unknown grouping', 'from=2026-01-01&to=2026-02-01&groupBy=planet'],
    ['SQL in a date', "from=2026-01-01'--&to=2026-02-01"],
  ])('%s → 400', async (_n, q) => {
    const res = await (await t.as('admin')).get(`/api/reports/sales?${q}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION');
  });
});
