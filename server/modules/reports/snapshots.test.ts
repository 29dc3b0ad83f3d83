import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { counts, createTestApp, type TestApp } from '../../test/harness';
import { seedCatalogFixtures, type CatalogFixtures } from '../../test/catalog-fixtures';
import { localToday, addDays } from './common';
import { takeSnapshots } from './snapshots';

// Daily stock and receivables snapshots (issue 17): stock-out days, stock value and aging over time.
const TZ = 'Asia/Shanghai';
let t: TestApp;
let cat: CatalogFixtures;
let wh: number;
const today = localToday(TZ);
const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
const day2 = localToday(TZ, twoDaysAgo);

beforeAll(async () => {
  t = await createTestApp();
  cat = await seedCatalogFixtures(t.database);
  wh = Number((await sql<{ id: number }>`insert into warehouses (code, name) values ('WH-S', '快照仓') returning id`.execute(t.db)).rows[0].id);
  await t.db.updateTable('companies').set({ sales_rep_id: t.fx.users.sales }).where('id', '=', t.fx.companyA).execute();
  // two days ago: water fully reserved (out of stock), cola 5 on hand
  await sql`insert into stock_levels (sku_id, warehouse_id, on_hand, reserved) values (${cat.skus['WATER-550']}, ${wh}, 10, 10), (${cat.skus['COLA-330']}, ${wh}, 5, 0)`.execute(t.db);
  // receivables: A owes 1000 fen, 30 days over due on day2 (32 today), B owes 500 not yet due
  await sql`insert into rpt_open_orders (order_id, company_id, day, due_day, outstanding) values
    (900001, ${t.fx.companyA}, ${addDays(day2, -70)}::date, ${addDays(day2, -30)}::date, 1000),
    (900002, ${t.fx.companyB}, ${day2}::date, ${addDays(today, 30)}::date, 500)`.execute(t.db);
  await takeSnapshots(t.db, TZ, twoDaysAgo);
  // today: water back in stock, cola sold out; taken twice (the second run replaces the first)
  await sql`update stock_levels set reserved = 0 where sku_id = ${cat.skus['WATER-550']}`.execute(t.db);
  await sql`update stock_levels set on_hand = 0 where sku_id = ${cat.skus['COLA-330']}`.execute(t.db);
  await takeSnapshots(t.db, TZ);
  await takeSnapshots(t.db, TZ);
});
afterAll(() => t.close());

const get = async (login: string, path: string) => (await t.as(login)).get(`/api/reports/analytics/${path}`);

describe('daily snapshots', () => {
  it('keeps one snapshot per day: a second run the same day replaces it', async () => {
    const { rows } = await sql<{ day: string; n: number }>`select to_char(day, 'YYYY-MM-DD') as day, count(*) as n from rpt_stock_daily group by 1 order by 1`.execute(t.db);
    expect(rows.map((r) => [r.day, Number(r.n)])).toEqual([[day2, 2], [today, 2]]);
  });

  it('stock-out days: a SKU counts a day when nothing was available', async () => {
    const res = await get('warehouse', `stockouts?from=${addDays(today, -6)}&to=${today}`);
    expect(res.statusCode, res.body).toBe(200);
    const doc = res.json();
    const bySku = Object.fromEntries(doc.rows.map((r: { key: string; outDays: number; days: number; lastOut: string; onHand: number }) => [r.key, [r.outDays, r.days, r.lastOut, r.onHand]]));
    expect(bySku).toEqual({ [cat.skus['WATER-550']]: [1, 2, day2, 10], [cat.skus['COLA-330']]: [1, 2, today, 0] });
    expect(doc.figures.find((f: { key: string }) => f.key === 'snapshotDays').value).toBe(2);
    // one day only: today water was available
    const one = (await get('admin', `stockouts?from=${today}&to=${today}`)).json();
    expect(one.rows.map((r: { key: string }) => r.key)).toEqual([String(cat.skus['COLA-330'])]);
  });

  it('stock value over time: on hand × unit cost (base price without purchases) per day', async () => {
    const doc = (await get('admin', `stockvalue?from=${addDays(today, -6)}&to=${today}&warehouseId=${wh}`)).json();
    expect(doc.rows.map((r: { label: string; value: number; onHand: number; outCount: number }) => [r.label, r.value, r.onHand, r.outCount])).toEqual([
      [day2, 10 * 200 + 5 * 250, 15, 1],
      [today, 10 * 200, 10, 1],
    ]);
    const other = (await get('admin', `stockvalue?from=${addDays(today, -6)}&to=${today}&warehouseId=${wh + 999}`)).json();
    expect(other.rows).toEqual([]);
  });

  it('aging over time: buckets per day, a rep sees only their customers', async () => {
    const admin = (await get('admin', `agingtrend?from=${addDays(today, -6)}&to=${today}`)).json();
    const first = admin.rows.find((r: { label: string }) => r.label === day2);
    expect([first.total, first.notDue, first.d30, first.d60, first.overdue, first.orders]).toEqual([1500, 500, 1000, 0, 1000, 2]);
    // two days later the same debt has moved to the 31-60 bucket
    const last = admin.rows.find((r: { label: string }) => r.label === today);
    expect([last.total, last.d30, last.d60]).toEqual([1500, 0, 1000]);
    const rep = (await get('sales', `agingtrend?from=${addDays(today, -6)}&to=${today}`)).json();
    expect(rep.rows.map((r: { total: number; notDue: number }) => [r.total, r.notDue])).toEqual([[1000, 0], [1000, 0]]);
    const otherRep = (await get('sales2', `agingtrend?from=${addDays(today, -6)}&to=${today}`)).json();
    expect(otherRep.rows).toEqual([]);
    // a rep naming another rep's customer gets nothing of it
    const sneaky = (await get('sales', `agingtrend?from=${addDays(today, -6)}&to=${today}&companyId=${t.fx.companyB}`)).json();
    expect(sneaky.rows).toEqual([]);
  });

  it('who may read them: customers never, warehouse staff the stock ones only', async () => {
    for (const r of ['stockouts', 'stockvalue', 'agingtrend']) expect((await get('buyerA', `${r}?to=${today}`)).statusCode, r).toBe(403);
    expect((await get('warehouse', `agingtrend?to=${today}`)).statusCode).toBe(403);
    expect((await get('finance', `agingtrend?to=${today}`)).statusCode).toBe(200);
  });

  it.each([
    ['from after to', `stockouts?from=${today}&to=${addDays(today, -1)}`],
    ['not a date', 'stockvalue?from=2026-02-30&to=2026-03-01'],
    ['negative warehouse', 'stockvalue?warehouseId=-1'],
    ['huge SKU id', 'stockouts?skuId=99999999999999999999'],
    ['SKU id with letters', 'stockouts?skuId=12abc'],
    ['company id zero', 'agingtrend?companyId=0'],
    ['Chinese and emoji in a date', 'agingtrend?from=%E4%BB%8A%E5%A4%A9%F0%9F%98%80'],
    ['oversized region', `agingtrend?region=${'区'.repeat(41)}`],
    ['range over 10 years', 'stockvalue?from=2000-01-01&to=2026-01-01'],
    ['unknown report', 'stockhistory?to=2026-01-01'],
  ])('%s → 400 with a message, nothing written', async (_n, path) => {
    const tables = ['rpt_stock_daily', 'rpt_aging_daily', 'rpt_saved_views'];
    const before = await counts(t.db, tables);
    const res = await get('admin', path);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await counts(t.db, tables)).toEqual(before);
  });
});
