import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';
import { readTable } from '../../lib/sheet-reader';
import { loadImport, multipart, postImport } from './testkit';

/**
 * The opening-balance template's 期初应收到期日 and its re-import beside receipts finance recorded
 * (issue 19), through HTTP on PGlite and PostgreSQL.
 */
let t: TestApp;
let admin: Client, finance: Client;
const TABLES = ['ledger_journals', 'ledger_entries', 'customer_accounts', 'opening_receivables', 'payments'];
const HEADER = '客户编码,客户名称,预付款余额(元),期初应收(元),期初应收到期日';
const file = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'utf8');
const load = (lines: string[]) => loadImport(admin, 'balances', file(lines)) as Promise<{ created: number; updated: number; unchanged: number }>;
const opening = async (id: number) => (await finance.get(`/api/payments/accounts/${id}/opening`)).json();
const agingRow = async (id: number) => (await finance.get('/api/payments/aging')).json().customers.find((c: { companyId: number }) => c.companyId === id);
const reportRow = async (id: number) => (await admin.get('/api/reports/analytics/aging')).json().rows.find((r: { key: string }) => r.key === String(id));
const localDay = (days: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + days * 86_400_000));

beforeAll(async () => {
  t = await createTestApp();
  [admin, finance] = await Promise.all(['admin', 'finance'].map((l) => t.as(l)));
  await t.db.updateTable('companies').set({ payment_terms: 'credit', credit_limit: 10_000_000, credit_days: 30 }).where('id', '=', t.fx.companyA).execute();
  await t.db.updateTable('companies').set({ credit_days: 10 }).where('id', '=', t.fx.companyB).execute();
});
afterAll(() => t.close());

describe('期初应收到期日 (opening receivable due date)', () => {
  it('a due date in the file is the one every aging and the overdue check use; blank falls back to import day + credit days', async () => {
    expect(await load([HEADER, 'CA,甲公司,0,1200,2026/1/31', 'CB,乙公司,0,88,'])).toMatchObject({ created: 2 });
    expect(await opening(t.fx.companyA)).toMatchObject({ outstanding: 120_000, dueDate: '2026-01-31', importedDueDate: '2026-01-31', overdue: true });
    expect(await opening(t.fx.companyB)).toMatchObject({ outstanding: 8_800, dueDate: localDay(10), importedDueDate: null, overdue: false });
    expect(await agingRow(t.fx.companyA)).toMatchObject({ opening: 120_000, overdue: 120_000, openingDueDate: '2026-01-31' });
    expect(await agingRow(t.fx.companyB)).toMatchObject({ opening: 8_800, overdue: 0, d0_30: 8_800, openingDueDate: localDay(10) });
    expect(await reportRow(t.fx.companyA)).toMatchObject({ opening: 120_000, notDue: 0, oldestDue: '2026-01-31' });
    expect(await reportRow(t.fx.companyB)).toMatchObject({ opening: 8_800, notDue: 8_800 });
    expect((await finance.get(`/api/payments/accounts/${t.fx.companyA}/credit`)).json()).toMatchObject({ overdue: 120_000 });

    // a later due date: not overdue any more; the amounts are unchanged, the row is updated
    const later = localDay(20);
    const before = await counts(t.db, ['ledger_journals', 'ledger_entries']);
    expect(await load([HEADER, `CA,甲公司,0,1200,${later}`])).toMatchObject({ updated: 1 });
    expect(await counts(t.db, ['ledger_journals', 'ledger_entries'])).toEqual(before);
    expect(await agingRow(t.fx.companyA)).toMatchObject({ opening: 120_000, overdue: 0, openingDueDate: later });
    expect((await finance.get(`/api/payments/accounts/${t.fx.companyA}/credit`)).json()).toMatchObject({ overdue: 0 });
    // a file without the column keeps the stored due date
    expect(await load(['客户编码,期初应收(元)', 'CA,1200'])).toMatchObject({ unchanged: 1 });
    expect((await opening(t.fx.companyA)).importedDueDate).toBe(later);
    await load([HEADER, 'CA,甲公司,0,1200,2026-01-31']);
  });

  it('refuses dates that are not days, with a reason per row, and changes nothing', async () => {
    const before = await counts(t.db, TABLES);
    const r = await postImport(admin, 'balances', file([HEADER, 'CA,,0,1200,2027-02-30', 'CB,,0,88,abc', 'CA,,0,1200,1999-01-01', 'CB,,0,88,😀', 'CA,,0,1200,明天']));
    expect(r.statusCode, r.body).toBe(422);
    const problems = r.json().error.details.problems as { row: number; column: string; message: string }[];
    expect(problems.filter((p) => p.column === '期初应收到期日').map((p) => p.row)).toEqual([2, 3, 4, 5, 6]);
    expect(problems[0]!.message).toContain('不是有效日期');
    expect(await counts(t.db, TABLES)).toEqual(before);
  });

  it('round trip: the export writes the due date; imported back (xlsx and CSV) nothing changes', async () => {
    const csv = await readTable((await admin.get('/api/imports/balances/export?format=csv')).rawPayload);
    expect(csv.rows.map((x) => x.cells.slice(0, 5))).toEqual([['CA', '甲公司 Alpha Foods', '0.00', '1200.00', '2026-01-31'], ['CB', '乙公司 Beta Mart', '0.00', '88.00']]); // a blank last cell is no cell
    for (const format of ['xlsx', 'csv']) {
      const ex = await admin.get(`/api/imports/balances/export?format=${format}`);
      const before = await counts(t.db, TABLES);
      const m = multipart(ex.rawPayload, `balances.${format}`);
      const r = await admin.request({ method: 'POST', url: '/api/imports/balances', payload: m.payload, headers: m.headers });
      expect([200, 202], r.body).toContain(r.statusCode);
      expect(await loadJob(r.json().id)).toMatchObject({ status: 'done', created: 0, updated: 0, unchanged: 2 });
      expect(await counts(t.db, TABLES)).toEqual(before);
    }
  });
});

async function loadJob(id: number) {
  for (;;) {
    const j = (await admin.get(`/api/imports/jobs/${id}`)).json();
    if (j.status !== 'running') return j;
    await new Promise((res) => setTimeout(res, 50));
  }
}

describe('re-importing an opening receivable that finance has received against', () => {
  it('keeps the receipts: the file sets the amount brought over; below what was received is a row error', async () => {
    const paid = await finance.post(`/api/payments/accounts/${t.fx.companyA}/opening/receipts`, { amount: 50_000 });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(await opening(t.fx.companyA)).toMatchObject({ original: 120_000, received: 50_000, outstanding: 70_000 });
    // the same file again: nothing changes, the receipt stays
    const before = await counts(t.db, TABLES);
    expect(await load([HEADER, 'CA,甲公司,0,1200,2026-01-31'])).toMatchObject({ unchanged: 1 });
    expect(await counts(t.db, TABLES)).toEqual(before);
    expect(await opening(t.fx.companyA)).toMatchObject({ outstanding: 70_000 });
    // less than received: refused with the figure, nothing changes
    const r = await postImport(admin, 'balances', file([HEADER, 'CA,甲公司,0,400,2026-01-31']));
    expect(r.statusCode, r.body).toBe(422);
    const p = r.json().error.details.problems[0];
    expect(p).toMatchObject({ row: 2, column: '期初应收(元)' });
    expect(p.message).toContain('已收款 500.00 元');
    expect(await counts(t.db, TABLES)).toEqual(before);
    // exactly what was received: nothing open; more: the difference is open again
    expect(await load([HEADER, 'CA,甲公司,0,500,2026-01-31'])).toMatchObject({ updated: 1 });
    expect(await opening(t.fx.companyA)).toMatchObject({ original: 50_000, received: 50_000, outstanding: 0 });
    expect(await agingRow(t.fx.companyA)).toBeUndefined();
    expect(await load([HEADER, 'CA,甲公司,0,800,2026-01-31'])).toMatchObject({ updated: 1 });
    expect(await opening(t.fx.companyA)).toMatchObject({ original: 80_000, received: 50_000, outstanding: 30_000 });
    expect(await agingRow(t.fx.companyA)).toMatchObject({ opening: 30_000, overdue: 30_000 });
    expect((await finance.get(`/api/payments/accounts/${t.fx.companyA}`)).json()).toMatchObject({ receivable: 30_000 });
    // the export still writes the amount brought over
    const csv = await readTable((await admin.get('/api/imports/balances/export?format=csv')).rawPayload);
    expect(csv.rows[0]!.cells.slice(0, 5)).toEqual(['CA', '甲公司 Alpha Foods', '0.00', '800.00', '2026-01-31']);
  });
});
