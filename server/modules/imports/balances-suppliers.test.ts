import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';
import { multipart, postImport, loadImport } from './testkit';
import { readTable } from '../../lib/sheet-reader';
import { takeSnapshots } from '../reports/snapshots';

/** The opening-balance and supplier templates through HTTP (issue 19), on PGlite and PostgreSQL. */
let t: TestApp;
let admin: Client;
const LEDGER = ['ledger_journals', 'ledger_entries', 'customer_accounts', 'suppliers'];

const file = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'utf8');
const post = (kind: string, lines: string[], dryRun = false) => postImport(admin, kind, file(lines), 'f.csv', dryRun);
const load = async (kind: string, lines: string[]) => (await loadImport(admin, kind, file(lines))) as { created: number; updated: number; unchanged: number };
const account = async (id: number) => (await admin.get(`/api/payments/accounts/${id}`)).json() as { balance: number; receivable: number };

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.as('admin');
});
afterAll(() => t.close());

describe('opening balances and suppliers from templates', () => {
  it('posts opening prepaid balances and receivables as ledger journals; a re-run posts nothing; a change posts the difference', async () => {
    const header = '客户编码,客户名称,预付款余额(元),期初应收(元)';
    const first = await load('balances', [header, 'CA,甲公司,"5,000.00",1200.5', 'cb,乙公司,,88']);
    expect(first).toMatchObject({ created: 2, updated: 0, unchanged: 0 });
    expect(await account(t.fx.companyA)).toMatchObject({ balance: 500_000, receivable: 120_050 });
    expect(await account(t.fx.companyB)).toMatchObject({ balance: 0, receivable: 8_800 });
    const ledger = (await admin.get(`/api/payments/accounts/${t.fx.companyA}/ledger`)).json();
    expect(ledger.items.map((j: { kind: string }) => j.kind)).toEqual(['opening']);

    const before = await counts(t.db, LEDGER);
    expect(await load('balances', [header, 'CA,甲公司,5000,1200.50', 'CB,乙公司,0,88'])).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(await counts(t.db, LEDGER)).toEqual(before);

    expect(await load('balances', [header, 'CA,甲公司,3000,1200.50'])).toMatchObject({ updated: 1 });
    expect(await account(t.fx.companyA)).toMatchObject({ balance: 300_000, receivable: 120_050 });

    const exported = await readTable((await admin.get('/api/imports/balances/export?format=csv')).rawPayload);
    expect(exported.rows.map((r) => r.cells)).toEqual([['CA', '甲公司 Alpha Foods', '3000.00', '1200.50'], ['CB', '乙公司 Beta Mart', '0.00', '88.00']]);
  });

  it('opening receivables show in the receivables aging report, aged from their import day plus the customer\'s credit days', async () => {
    await t.db.updateTable('companies').set({ credit_days: 30 }).where('id', '=', t.fx.companyA).execute();
    await t.db.updateTable('companies').set({ credit_days: 0 }).where('id', '=', t.fx.companyB).execute();
    const aging = async () => {
      const r = await admin.get('/api/reports/analytics/aging');
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as { rows: Record<string, unknown>[]; totals: Record<string, number>; figures: { key: string; value: number }[] };
    };
    const row = (doc: Awaited<ReturnType<typeof aging>>, id: number) => doc.rows.find((r) => r.key === String(id));
    const pick = (r: Record<string, unknown> | undefined) => r && [r.orders, r.total, r.opening, r.notDue, r.d30, r.d60, r.d90, r.d90plus];
    // imported today: A (30 days' credit) and B (none) are not due yet
    let doc = await aging();
    expect(pick(row(doc, t.fx.companyA))).toEqual([0, 120_050, 120_050, 120_050, 0, 0, 0, 0]);
    expect(pick(row(doc, t.fx.companyB))).toEqual([0, 8_800, 8_800, 8_800, 0, 0, 0, 0]);
    expect(doc.totals).toMatchObject({ total: 128_850, opening: 128_850 });
    expect(doc.figures.find((f) => f.key === 'receivable')!.value).toBe(128_850);
    // the dashboard's receivable counts them too
    expect((await admin.get('/api/reports/dashboard?days=30')).json().kpis).toMatchObject({ receivable: 128_850, overdue: 0 });
    // imported 45 days ago → A is 15 days over its 30 days; B 100 days ago → over 90
    const ago = (days: number) => new Date(Date.now() - days * 86_400_000);
    await t.db.updateTable('ledger_journals').set({ created_at: ago(45) }).where('kind', '=', 'opening').where('company_id', '=', t.fx.companyA).execute();
    await t.db.updateTable('ledger_journals').set({ created_at: ago(100) }).where('kind', '=', 'opening').where('company_id', '=', t.fx.companyB).execute();
    doc = await aging();
    expect(pick(row(doc, t.fx.companyA))).toEqual([0, 120_050, 120_050, 0, 120_050, 0, 0, 0]);
    expect(pick(row(doc, t.fx.companyB))).toEqual([0, 8_800, 8_800, 0, 0, 0, 0, 8_800]);
    expect((await admin.get('/api/reports/dashboard?days=30')).json().kpis).toMatchObject({ receivable: 128_850, overdue: 128_850 });
    // and the daily aging snapshot (the aging-over-time report)
    await takeSnapshots(t.db, 'Asia/Shanghai');
    const snap = await t.db.selectFrom('rpt_aging_daily').select(['company_id', 'orders', 'not_due', 'd30', 'd90plus']).orderBy('company_id').execute();
    expect(snap.map((x) => [x.company_id, Number(x.orders), Number(x.not_due), Number(x.d30), Number(x.d90plus)])).toEqual([[t.fx.companyA, 0, 0, 120_050, 0], [t.fx.companyB, 0, 0, 0, 8_800]]);
    // a lower opening receivable imported again lowers it; zero takes the customer off the report
    const header = '客户编码,客户名称,预付款余额(元),期初应收(元)';
    expect(await load('balances', [header, 'CA,甲公司,3000,1000', 'CB,乙公司,0,0'])).toMatchObject({ updated: 2 });
    doc = await aging();
    expect(pick(row(doc, t.fx.companyA))).toEqual([0, 100_000, 100_000, 0, 100_000, 0, 0, 0]);
    expect(row(doc, t.fx.companyB)).toBeUndefined();
    // a buyer sees no supplier report
    expect((await (await t.as('buyerA')).get('/api/reports/analytics/aging')).statusCode).toBe(403);
    // back to what the tests below expect
    expect(await load('balances', [header, 'CA,甲公司,3000,1200.50', 'CB,乙公司,0,88'])).toMatchObject({ updated: 1, created: 1 });
  });

  it('refuses bad balance rows with a reason for each and changes nothing', async () => {
    const before = await counts(t.db, LEDGER);
    const r = await post('balances', ['客户编码,预付款余额(元),期初应收(元)', 'NOPE,1,1', 'CA,-5,0', 'CA,1,0', 'CB,abc,1e99', ',1,1', 'CB,99999999999999,😀']);
    expect(r.statusCode, r.body).toBe(422);
    const problems = r.json().error.details.problems as { row: number; column: string; message: string }[];
    expect(problems.map((p) => `${p.row}:${p.column}`)).toEqual(['2:客户编码', '3:预付款余额(元)', '4:客户编码', '5:预付款余额(元)', '5:期初应收(元)', '6:客户编码', '7:客户编码', '7:预付款余额(元)', '7:期初应收(元)']);
    expect(problems[0]!.message).toContain('请先导入客户');
    expect((await post('balances', ['客户名称,预付款余额(元)', '甲,1'])).statusCode).toBe(400);
    expect(await counts(t.db, LEDGER)).toEqual(before);
  });

  it('imports suppliers with tax number and payment terms; re-run unchanged; bad rows change nothing', async () => {
    const header = '供应商编码,供应商名称,联系人,电话,邮箱,地址,税号,付款条件,备注,启用';
    const rows = [header, 'S001,杭州娃哈哈饮料有限公司,李强,0571-86000000,li@example.com,杭州市上城区清泰街 160 号,91330100ma2xxxxx0x,月结30天,,是', 'S002,上海牛奶公司,,,,,,现结,冷链 🚚,否'];
    expect(await load('suppliers', rows)).toMatchObject({ created: 2 });
    const list = (await admin.get('/api/inventory/suppliers?search=S00')).json();
    expect(list.items.map((s: { code: string; taxNo: string | null; paymentTerms: string | null; active: boolean }) => [s.code, s.taxNo, s.paymentTerms, s.active]))
      .toEqual([['S001', '91330100MA2XXXXX0X', '月结30天', true], ['S002', null, '现结', false]]);
    expect(await load('suppliers', rows)).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(await load('suppliers', [header, 's002,上海牛奶公司,,,,,,月结60天,冷链 🚚,是'])).toMatchObject({ updated: 1 });
    const exported = await readTable((await admin.get('/api/imports/suppliers/export?format=csv')).rawPayload);
    expect(exported.rows[1]!.cells).toEqual(['S002', '上海牛奶公司', '', '', '', '', '', '月结60天', '冷链 🚚', '是']);

    const before = await counts(t.db, LEDGER);
    const bad = await post('suppliers', [header, 'S 9,名称', 'S010,', 'S011,甲,,abc', 'S012,乙,,,not-mail', 'S013,丙,,,,,税号😀', `S014,${'长'.repeat(101)}`, 'S001,重复,,,,,,,,也许', 'S015,丁', 'S015,戊']);
    expect(bad.statusCode, bad.body).toBe(422);
    expect((bad.json().error.details.problems as { row: number }[]).map((p) => p.row)).toEqual([2, 3, 4, 5, 6, 7, 8, 10]);
    expect(await counts(t.db, LEDGER)).toEqual(before);
  });

  it('round trip: export both templates (xlsx and CSV), import them back, nothing changes', async () => {
    for (const kind of ['balances', 'suppliers']) {
      for (const format of ['xlsx', 'csv']) {
        const ex = await admin.get(`/api/imports/${kind}/export?format=${format}`);
        expect(ex.statusCode).toBe(200);
        const before = await counts(t.db, LEDGER);
        const m = multipart(ex.rawPayload, `${kind}.${format}`);
        const r = await admin.request({ method: 'POST', url: `/api/imports/${kind}`, payload: m.payload, headers: m.headers });
        expect([200, 202], r.body).toContain(r.statusCode);
        let j = r.json();
        while (j.status === 'running') {
          await new Promise((res) => setTimeout(res, 50));
          j = (await admin.get(`/api/imports/jobs/${j.id}`)).json();
        }
        expect([kind, format, j.status, j.created, j.updated, j.unchanged > 0]).toEqual([kind, format, 'done', 0, 0, true]);
        expect(await counts(t.db, LEDGER)).toEqual(before);
      }
    }
  });

  it('the supplier screen\'s routes take and check tax number and payment terms', async () => {
    const made = await admin.post('/api/inventory/suppliers', { code: 'S100', name: '测试供应商', taxNo: '91330100abc', paymentTerms: '月结30天' });
    expect(made.statusCode, made.body).toBe(200);
    expect(made.json()).toMatchObject({ taxNo: '91330100ABC', paymentTerms: '月结30天' });
    const before = await counts(t.db, LEDGER);
    for (const body of [{ code: 'S101', name: 'x', taxNo: '税号' }, { code: 'S102', name: 'x', taxNo: 'A'.repeat(21) }, { code: 'S103', name: 'x', paymentTerms: '长'.repeat(51) }, { code: 'S104', name: 'x', taxNo: 12 }]) {
      const r = await admin.post('/api/inventory/suppliers', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect((await admin.patch(`/api/inventory/suppliers/${made.json().id}`, { taxNo: '' })).json().taxNo).toBeNull();
    expect(await counts(t.db, LEDGER)).toEqual(before);
  });
});
